// Commands every case takes, whatever its process: the rectification order that answers a missed
// deadline (Art. 39–41), and the decision that a violation is excused or withdrawn.
import type { CaseState, RectificationOrderCommand, Violation, ViolationDecisionCommand } from './contract';
import { rectificationOrderUpdate, violationDecisionUpdate } from './contract';
import { ErrorCodes } from './errors';
import { nonEmpty, reject } from './failures';
import type { CommandSpec } from './process';
import { assignment } from './assignment';

const openViolations = (s: CaseState): Violation[] => s.violations.filter((v) => v.status === 'open');
const rectificationRunning = (s: CaseState, v: Violation): boolean =>
  s.deadlines.some((d) => d.status === 'open' && d.kind === 'rectification' && d.rectifies === v.duty);

/** The open violation this actor orders rectification of and that has no rectification running. */
function violationToRectify(s: CaseState, departmentId: string): Violation | undefined {
  return openViolations(s)
    .filter((v) => v.ordersRectification === departmentId && !rectificationRunning(s, v))
    .at(-1);
}

export const rectificationOrder: CommandSpec<unknown, string, RectificationOrderCommand> = {
  update: rectificationOrderUpdate,
  validate(s, cmd) {
    const open = openViolations(s);
    if (open.length === 0) reject(ErrorCodes.ILLEGAL_TRANSITION, 'rectification is ordered only when a duty is overdue', s.stage);
    if (!open.some((v) => v.ordersRectification === cmd.actor?.departmentId)) {
      reject(ErrorCodes.WRONG_PARTY, 'only the body a missed deadline was escalated to may order rectification');
    }
    if (!violationToRectify(s, cmd.actor.departmentId)) reject(ErrorCodes.ILLEGAL_TRANSITION, 'a rectification deadline is already running', s.stage);
    if (!Number.isInteger(cmd.workingDays) || cmd.workingDays < 1 || cmd.workingDays > 60) {
      reject(ErrorCodes.VALIDATION_FAILED, 'workingDays must be a whole number from 1 to 60');
    }
    if (!nonEmpty(cmd.instructions)) reject(ErrorCodes.VALIDATION_FAILED, 'the order needs instructions');
  },
  async apply(draft, cmd) {
    const v = violationToRectify(draft.state, cmd.actor.departmentId)!;
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
};

/** Art. 39 (4): lateness "without a proper reason" is a violation; the authority decides, with its reason recorded. */
export const violationDecision: CommandSpec<unknown, string, ViolationDecisionCommand> = {
  update: violationDecisionUpdate,
  validate(s, cmd) {
    const v = s.violations.find((x) => x.id === cmd.violationId);
    if (!v) reject(ErrorCodes.VALIDATION_FAILED, `no violation ${String(cmd.violationId)} on this case`);
    if (v.ordersRectification !== cmd.actor?.departmentId) reject(ErrorCodes.WRONG_PARTY, 'only the body that orders rectification decides on a violation');
    if (v.status !== 'open') reject(ErrorCodes.ILLEGAL_TRANSITION, `the violation is already ${v.status}`, s.stage);
    if (cmd.status !== 'excused' && cmd.status !== 'withdrawn') reject(ErrorCodes.VALIDATION_FAILED, 'status must be excused or withdrawn');
    if (!nonEmpty(cmd.reason)) reject(ErrorCodes.VALIDATION_FAILED, 'the decision needs its reason');
  },
  apply(draft, cmd) {
    const v = draft.state.violations.find((x) => x.id === cmd.violationId)!;
    draft.resolveViolations((x) => x.id === v.id, cmd.status, cmd.reason, cmd.actor.userId ?? cmd.actor.staffId ?? cmd.actor.departmentId);
    // Nothing is left to rectify: a running rectification of it ends.
    if (!draft.state.violations.some((x) => x.status === 'open' && x.duty === v.duty)) {
      draft.closeDeadlines((d) => d.kind === 'rectification' && d.rectifies === v.duty, 'cancelled');
    }
    return { type: `violation_${cmd.status}`, data: { violationId: v.id, reason: cmd.reason } };
  },
};

export const engineCommands = [rectificationOrder, violationDecision, assignment] as const;
