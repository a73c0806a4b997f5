// Reading a case's deadlines. Pure.
import type { CaseDeadline, CaseState } from './contract';

/** The earliest open deadline: the one the case waits on. */
export function nextDeadline(state: Pick<CaseState, 'deadlines'>): CaseDeadline | undefined {
  let next: CaseDeadline | undefined;
  for (const d of state.deadlines) if (d.status === 'open' && (!next || Date.parse(d.dueAt) < Date.parse(next.dueAt))) next = d;
  return next;
}

/** The open deadline of a kind, if any. */
export function openDeadline(state: Pick<CaseState, 'deadlines'>, kind: string): CaseDeadline | undefined {
  return state.deadlines.find((d) => d.status === 'open' && d.kind === kind);
}
