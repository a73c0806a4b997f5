// Commands every case takes, whatever its process: the rectification order that answers a missed
// deadline (Art. 39–41), the decision that a violation is excused or withdrawn, and the assignment
// of a department's work to one of its people (no statutory step: a no-op when nothing changes,
// and at most ASSIGNMENTS_PER_DAY a day per case).
import type { AssignmentCommand, CaseState, RectificationOrderCommand, Violation, ViolationDecisionCommand } from './contract';
import { ErrorCodes } from './errors';
import { nonEmpty, reject } from './failures';
import { command, type CommandRules } from './process';
import { SYSTEM_EVENTS } from './system';

/** The engine's commands, declared as a process declares its own; every process has them. */
export const ENGINE_COMMANDS = {
  'rectification-order': command<RectificationOrderCommand>('rectification-order', ['rectification_ordered']),
  'violation-decision': command<ViolationDecisionCommand>('violation-decision', ['violation_excused', 'violation_withdrawn']),
  assignment: command<AssignmentCommand>('assignment', ['work_assigned']),
};

/** Events the engine records by itself in every process. */
export const ENGINE_EVENTS = ['deadline_missed', 'deadline_elapsed', ...SYSTEM_EVENTS] as const;

/** Assignments a case takes in 24 hours: enough for real reassignments, not for a storm of events kept three years. */
export const ASSIGNMENTS_PER_DAY = 20;
const DAY_MS = 86_400_000;

const openViolations = (s: CaseState): Violation[] => s.violations.filter((v) => v.status === 'open');
const rectificationRunning = (s: CaseState, v: Violation): boolean =>
  s.deadlines.some((d) => d.status === 'open' && d.kind === 'rectification' && d.rectifies === v.duty);

/** The open violation this actor orders rectification of and that has no rectification running. */
function violationToRectify(s: CaseState, departmentId: string): Violation | undefined {
  return openViolations(s)
    .filter((v) => v.ordersRectification === departmentId && !rectificationRunning(s, v))
    .at(-1);
}

const recentAssignments = (s: CaseState, now: number): string[] => (s.assignmentLog ?? []).filter((at) => now - Date.parse(at) < DAY_MS);

export const engineCommandRules: CommandRules<unknown, string, typeof ENGINE_COMMANDS> = {
  'rectification-order': {
    validate(s, cmd, actor) {
      const open = openViolations(s);
      if (open.length === 0) reject(ErrorCodes.ILLEGAL_TRANSITION, 'rectification is ordered only when a duty is overdue', s.stage);
      if (!open.some((v) => v.ordersRectification === actor.departmentId)) {
        reject(ErrorCodes.WRONG_PARTY, 'only the body a missed deadline was escalated to may order rectification');
      }
      if (!violationToRectify(s, actor.departmentId)) reject(ErrorCodes.ILLEGAL_TRANSITION, 'a rectification deadline is already running', s.stage);
      if (!Number.isInteger(cmd.workingDays) || cmd.workingDays < 1 || cmd.workingDays > 60) {
        reject(ErrorCodes.VALIDATION_FAILED, 'workingDays must be a whole number from 1 to 60');
      }
      if (!nonEmpty(cmd.instructions)) reject(ErrorCodes.VALIDATION_FAILED, 'the order needs instructions');
    },
    async apply(draft, cmd, actor) {
      const v = violationToRectify(draft.state, actor.departmentId)!;
      const missed = draft.state.deadlines.find((d) => d.id === v.deadlineId)!;
      const d = await draft.addDeadline({
        kind: 'rectification',
        dutyBearer: missed.dutyBearer,
        rule: { workingDays: cmd.workingDays, ruleSet: missed.ruleSet, article: missed.breach.article },
        startedAt: draft.now,
        breach: missed.breach,
        ladder: missed.ladder,
        // A missed rectification climbs the ladder (the authority's people's government, Art. 39–41).
        rung: missed.rung + 1,
        rectifies: v.duty,
        rectifiesDeadline: missed.id,
      });
      draft.notify(missed.dutyBearer.departmentId, 'rectification_ordered', `Rectify by ${d.dueAt}: ${cmd.instructions}`);
      return { type: 'rectification_ordered', data: { violationId: v.id, workingDays: cmd.workingDays, instructions: cmd.instructions, dueAt: d.dueAt } };
    },
  },

  /** Art. 39 (4): lateness "without a proper reason" is a violation; the authority decides, with its reason recorded. */
  'violation-decision': {
    validate(s, cmd, actor) {
      const v = s.violations.find((x) => x.id === cmd.violationId);
      if (!v) reject(ErrorCodes.VALIDATION_FAILED, `no violation ${String(cmd.violationId)} on this case`);
      if (v.ordersRectification !== actor.departmentId) reject(ErrorCodes.WRONG_PARTY, 'only the body that orders rectification decides on a violation');
      if (v.status !== 'open') reject(ErrorCodes.ILLEGAL_TRANSITION, `the violation is already ${v.status}`, s.stage);
      if (cmd.status !== 'excused' && cmd.status !== 'withdrawn') reject(ErrorCodes.VALIDATION_FAILED, 'status must be excused or withdrawn');
      if (!nonEmpty(cmd.reason)) reject(ErrorCodes.VALIDATION_FAILED, 'the decision needs its reason');
    },
    apply(draft, cmd, actor) {
      const v = draft.state.violations.find((x) => x.id === cmd.violationId)!;
      draft.resolveViolations((x) => x.id === v.id, cmd.status, cmd.reason, actor.userId ?? actor.departmentId);
      // Nothing is left to rectify: a running rectification of it ends.
      if (!draft.state.violations.some((x) => x.status === 'open' && x.duty === v.duty)) {
        draft.closeDeadlines((d) => d.kind === 'rectification' && d.rectifies === v.duty, 'cancelled');
      }
      return { type: `violation_${cmd.status}`, data: { violationId: v.id, reason: cmd.reason } };
    },
  },

  /** A department's sharing office head gives the case's work inside the department. */
  assignment: {
    validate(s, cmd, actor) {
      if (!s.parties.some((p) => p.departmentId === actor.departmentId)) reject(ErrorCodes.WRONG_PARTY, 'only a department taking part in the case assigns its work');
      if (actor.role !== 'sharing_office_head') reject(ErrorCodes.WRONG_PARTY, "only the department's sharing office head assigns its work");
      if (!nonEmpty(cmd.assigneeUserId)) reject(ErrorCodes.VALIDATION_FAILED, 'the assignment names who takes the work');
      if (cmd.noteHash !== undefined && !/^[0-9a-f]{64}$/.test(cmd.noteHash)) reject(ErrorCodes.VALIDATION_FAILED, 'noteHash is a hex SHA-256');
      if (recentAssignments(s, Date.now()).length >= ASSIGNMENTS_PER_DAY) {
        reject(ErrorCodes.RATE_LIMITED, `a case takes at most ${ASSIGNMENTS_PER_DAY} assignments in 24 hours`, s.stage);
      }
    },
    apply(draft, cmd, actor) {
      const departmentId = actor.departmentId;
      const previous = draft.state.assignments?.[departmentId];
      // Nothing changes: nothing is recorded (a no-op keeps the chain free of noise).
      if (previous === cmd.assigneeUserId && cmd.noteHash === undefined) return null;
      draft.state.assignments = { ...draft.state.assignments, [departmentId]: cmd.assigneeUserId };
      draft.state.assignmentLog = [...recentAssignments(draft.state, Date.parse(draft.now)), draft.now];
      return {
        type: 'work_assigned',
        data: { departmentId, assignee: cmd.assigneeUserId, ...(previous ? { previous } : {}), ...(cmd.noteHash ? { noteHash: cmd.noteHash } : {}) },
      };
    },
  },
};
