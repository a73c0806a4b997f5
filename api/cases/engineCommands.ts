// The API half of the engine's commands (workflows/case/commands.ts), which every process takes:
// their bodies, who may take them by default (from the process's roles), and the assignment's note,
// which is for the assigning department alone — kept in `case_notes`, only its hash in the chain.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { caseNotes } from '../../db/schema';
import { sha256 } from '../../activities/case/hash';
import { ENGINE_COMMANDS, ENGINE_EVENTS } from '../../workflows/case/commands';
import type { RoleDeclaration } from '../../workflows/case/process';
import { authorityOf, departmentPeople, GOVERNMENT, headOnly, SUPERIOR_AUTHORITY, type Relation, type Rule } from '../../identity/policy';
import { assertMember } from '../members';
import { text } from '../text';
import { identifier } from '../validation';
import { commandApi, commandApiVia, type CommandApi } from './registry';

const prose = (max = 2000) => text({ max, prose: true });

export const RectificationOrderBody = z.object({ workingDays: z.number().int().min(1).max(60), instructions: prose() }).strict();
export const ViolationDecisionBody = z.object({ violationId: z.number().int().min(1), status: z.enum(['excused', 'withdrawn']), reason: prose() }).strict();
/** Reassigning the case's work to a member of the caller's department; the note is the department's own. */
export const AssignmentBody = z.object({ assigneeUserId: identifier, note: prose().optional() }).strict();

/** A note's hash: over a random nonce kept with it, so nobody outside the department can test a guess against the chain. */
export const noteHash = (nonce: string, note: string): string => sha256(`${nonce}\n${note}`);

export const engineCommandApis: Readonly<Record<string, CommandApi>> = {
  'rectification-order': commandApi(ENGINE_COMMANDS['rectification-order'], {
    body: RectificationOrderBody,
    doc: { operationId: 'orderRectification', summary: 'Whoever a missed deadline reached orders rectification, with a new deadline (Art. 39–41)' },
  }),
  'violation-decision': commandApi(ENGINE_COMMANDS['violation-decision'], {
    body: ViolationDecisionBody,
    doc: { operationId: 'decideViolation', summary: 'Excuse or withdraw a violation (Art. 39 (4): "without a proper reason")' },
  }),
  assignment: commandApiVia(ENGINE_COMMANDS.assignment, {
    body: AssignmentBody,
    doc: {
      operationId: 'assign',
      summary: "A head gives the case's work to a member of the same department",
      description: 'The same assignment again records nothing. A note is seen by the assigning department only: the case records its hash.',
    },
    precheck: ({ db, caller }, body) => assertMember(db, caller, body.assigneeUserId),
    async toCommand({ db, caller, caseId }, body) {
      if (body.note === undefined) return { assigneeUserId: body.assigneeUserId };
      const nonce = randomBytes(16).toString('hex');
      const hash = noteHash(nonce, body.note);
      await db.insert(caseNotes).values({ caseId, noteHash: hash, departmentId: caller.organisationId, nonce, note: body.note, createdBy: caller.userId });
      return { assigneeUserId: body.assigneeUserId, noteHash: hash };
    },
    async undo({ db, caseId }, command) {
      // The case refused the assignment: no event names its note.
      if (command.noteHash) await db.delete(caseNotes).where(and(eq(caseNotes.caseId, caseId), eq(caseNotes.noteHash, command.noteHash)));
    },
  }),
};

/**
 * The rules a process has unless it says otherwise: everyone related reads (Art. 29: the parties
 * and the authorities inspect the record; Art. 41: the people's governments); whoever a miss reached
 * — an authority over a party, or a people's government — orders rectification and decides on a
 * violation (the workflow checks it is the very body); a department's head assigns its own work.
 */
export function defaultRules(relations: readonly Relation[], roles: Readonly<Record<string, RoleDeclaration>>): Record<string, Rule> {
  const departmental = relations.filter((r) => r !== GOVERNMENT);
  const supervisors: Rule = {
    ...departmentPeople(...Object.entries(roles).filter(([, r]) => r.standing === 'party').map(([role]) => authorityOf(role)), SUPERIOR_AUTHORITY),
    government_official: [GOVERNMENT],
  };
  return {
    read: { ...departmentPeople(...departmental), government_official: [GOVERNMENT] },
    'rectification-order': supervisors,
    'violation-decision': supervisors,
    assignment: headOnly(...departmental.filter((r) => r !== SUPERIOR_AUTHORITY)),
  };
}

export const engine = { commands: engineCommandApis, events: ENGINE_EVENTS, rules: defaultRules };
