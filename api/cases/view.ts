// What every case shows, whatever its process: stage, deadlines, violations, parties. Every instant
// in API output is ISO 8601 in +08:00 with milliseconds.
import type { CaseDeadline, CaseState } from '../../workflows/shared';
import { nextDeadline } from '../../workflows/case/deadlines';
import { shanghaiIso } from '../../workflows/case/time';
import type { RegisteredProcess } from './registry';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A copy of `value` with every ISO instant written as `…ss.SSS+08:00`. */
export function withShanghaiInstants<T>(value: T): T {
  if (typeof value === 'string') return (INSTANT.test(value) ? shanghaiIso(value) : value) as T;
  if (Array.isArray(value)) return value.map(withShanghaiInstants) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withShanghaiInstants(v)])) as T;
  }
  return value;
}

function deadlineView(d: CaseDeadline) {
  const { ladder: _ladder, ...rest } = d;
  return rest;
}

export function caseCoreView(state: CaseState) {
  const due = nextDeadline(state);
  return {
    id: state.id,
    process: state.process,
    stage: state.stage,
    overdue: state.overdue,
    ruleSet: state.ruleSet,
    jurisdiction: state.jurisdiction,
    dueAt: due?.dueAt ?? null,
    provisional: due?.provisional ?? false,
    openedAt: state.openedAt,
    parties: state.parties,
    links: state.links ?? [],
    deadlines: state.deadlines.map(deadlineView),
    violations: state.violations,
    version: state.version,
    ...(state.fastClock ? { fastClock: true } : {}),
  };
}

/** A case as its process shows it: the engine's part and the process's own fields. */
export function caseView(p: Pick<RegisteredProcess, 'view'>, state: CaseState) {
  return withShanghaiInstants({ ...caseCoreView(state), ...p.view(state) });
}
