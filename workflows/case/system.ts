// Commands the engine takes from the system, never from a caller: another case telling this one
// that it names it (a link, recorded in both chains), and a new calendar re-arming the case's clocks.
// The sender is the system principal (messages.ts); no API route leads here.
import type { Actor, CaseLink } from './contract';
import { ErrorCodes } from './errors';
import { nonEmpty, reject } from './failures';
import { command, type CommandRules } from './process';

/** The role of the system principal: another case's message, a calendar change. */
export const SYSTEM_ROLE = 'system';
export const isSystem = (actor: Actor): boolean => actor.role === SYSTEM_ROLE;
/** The principal the engine's messages carry (no token ever has this role: identity/principal.ts ROLES). */
export const SYSTEM_ACTOR: Actor = { departmentId: SYSTEM_ROLE, role: SYSTEM_ROLE };

/** A case that names this one (its `links`), told by that case once it recorded the link. */
export type LinkedMessage = CaseLink;

/** A new calendar: every running clock is counted again, never earlier than `notBefore`. */
export interface RearmMessage {
  reason: string;
  /** 24:00 of the first working day after the change: nobody is in breach retroactively. */
  notBefore: string;
}

/** The system's messages a closed case is run again to take (activities/case/messages.ts): a link is on record in both chains. */
export const SYSTEM_CLOSED_CASE_TAKES: readonly string[] = ['linked'];

export const SYSTEM_COMMANDS = {
  linked: command<LinkedMessage>('linked', ['case_linked']),
  rearm: command<RearmMessage>('rearm', ['deadlines_rearmed']),
};

/** Events the engine records for the system's messages and its own deliveries. */
export const SYSTEM_EVENTS = ['case_linked', 'deadlines_rearmed', 'message_refused'] as const;

export function onlySystem(actor: Actor): void {
  if (!isSystem(actor)) reject(ErrorCodes.FORBIDDEN, 'only the system sends this');
}

export const systemCommandRules: CommandRules<unknown, string, typeof SYSTEM_COMMANDS> = {
  linked: {
    validate(_s, cmd, actor) {
      onlySystem(actor);
      if (!nonEmpty(cmd.caseId) || !nonEmpty(cmd.process) || !nonEmpty(cmd.relation)) reject(ErrorCodes.VALIDATION_FAILED, 'a link names the case, its process and the relation');
    },
    apply(draft, cmd) {
      const known = (draft.state.linkedFrom ?? []).some((l) => l.caseId === cmd.caseId && l.relation === cmd.relation);
      if (known) return null;
      const link = { caseId: cmd.caseId, process: cmd.process, relation: cmd.relation };
      draft.state.linkedFrom = [...(draft.state.linkedFrom ?? []), link];
      return { type: 'case_linked', data: { ...link } };
    },
  },
  rearm: {
    validate(_s, cmd, actor) {
      onlySystem(actor);
      if (!nonEmpty(cmd.reason) || Number.isNaN(Date.parse(cmd.notBefore))) reject(ErrorCodes.VALIDATION_FAILED, 'a re-arm states its reason and the earliest due instant');
    },
    async apply(draft, cmd) {
      const moved: Array<{ deadlineId: number; kind: string; from: string; to: string }> = [];
      const withdrawn: number[] = [];
      for (const d of [...draft.state.deadlines]) {
        const before = d.dueAt;
        if (d.status === 'open' && (await draft.rearmDeadline(d.id, cmd.reason, cmd.notBefore))) moved.push({ deadlineId: d.id, kind: d.kind, from: before, to: d.dueAt });
        // A miss the new calendar places later: re-dated while still past; otherwise disproved, its
        // violation withdrawn with the record and the clock running again to the new instant.
        const recounted = d.status === 'missed' ? await draft.recountMiss(d.id, cmd.reason) : undefined;
        if (recounted === 'disproved') withdrawn.push(...draft.state.violations.filter((v) => v.deadlineId === d.id && v.status === 'withdrawn').map((v) => v.id));
        if (recounted) moved.push({ deadlineId: d.id, kind: d.kind, from: before, to: d.dueAt });
      }
      if (moved.length === 0) return null;
      for (const m of moved) {
        const d = draft.deadline(m.deadlineId)!;
        draft.notify(d.dutyBearer.departmentId, 'deadline_rearmed', `${d.kind} now due ${m.to} (was ${m.from}): ${cmd.reason}`);
      }
      return { type: 'deadlines_rearmed', data: { reason: cmd.reason, moved, ...(withdrawn.length ? { violationsWithdrawn: withdrawn } : {}) } };
    },
  },
};
