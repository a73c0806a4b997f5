// A case's state stays small however long the case runs: closed deadlines and resolved violations
// leave it once there are more than KEPT of them (their rows stay in case_deadlines and
// case_violations, and their events in the chain), so copying and hashing a step's state costs the
// same at the 5,000th event as at the 10th. Deterministic.
import type { CaseState } from './contract';

/** Closed deadlines and resolved violations kept in the state (the most recent). */
export const KEPT = 20;
/** Cases that named this one kept in the state (the most recent; case_links has them all). */
export const LINKED_FROM_KEPT = 100;

export function prune(state: CaseState): void {
  const needed = new Set(state.violations.filter((v) => v.status === 'open').map((v) => v.deadlineId));
  const closed = state.deadlines.filter((d) => d.status !== 'open' && d.status !== 'suspended' && !needed.has(d.id));
  if (closed.length > KEPT) {
    const gone = new Set(closed.slice(0, closed.length - KEPT).map((d) => d.id));
    state.deadlines = state.deadlines.filter((d) => !gone.has(d.id));
  }
  if ((state.linkedFrom?.length ?? 0) > LINKED_FROM_KEPT) state.linkedFrom = state.linkedFrom!.slice(-LINKED_FROM_KEPT);
  const resolved = state.violations.filter((v) => v.status !== 'open');
  if (resolved.length > KEPT) {
    const gone = new Set(resolved.slice(0, resolved.length - KEPT).map((v) => v.id));
    state.violations = state.violations.filter((v) => !gone.has(v.id));
  }
}

/** The deadlines and violations a step added or changed (what the recorder projects into their tables). */
export function changedRecords(before: Pick<CaseState, 'deadlines' | 'violations'>, after: Pick<CaseState, 'deadlines' | 'violations'>) {
  const diff = <T extends { id: number }>(was: readonly T[], now: readonly T[]): T[] => {
    const old = new Map(was.map((x) => [x.id, JSON.stringify(x)]));
    return now.filter((x) => old.get(x.id) !== JSON.stringify(x));
  };
  return { deadlines: diff(before.deadlines, after.deadlines), violations: diff(before.violations, after.violations) };
}
