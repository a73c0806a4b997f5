// A long-lived case stays small (workflows/case/prune.ts): closed deadlines and resolved violations
// beyond the most recent KEPT leave the state, the open ones never do, and ids stay stable — a new
// deadline never takes the id of one that left. Pure: the draft with a clock of fixed answers.
import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../workflows/case/contract';
import { Draft, type Clock } from '../../workflows/case/draft';
import { changedRecords, KEPT, LINKED_FROM_KEPT, prune } from '../../workflows/case/prune';

const clock: Clock = {
  computeDeadline: async () => ({ dueAt: '2027-03-01T00:00:00.000+08:00', dueDate: '2027-02-28', provisional: false }),
  remainingPeriod: async () => ({ workingDays: 3 }),
};
const empty: CaseState = { id: 't-1', process: 'test', stage: 'open', version: 0, overdue: false, jurisdiction: '110000', ruleSet: null, parties: [], openedAt: '2027-01-04T09:00:00.000+08:00', deadlines: [], violations: [], data: {} };
const spec = { kind: 'answer', dutyBearer: { role: 'provider', departmentId: 'd', jurisdictionCode: '110000' }, rule: { workingDays: 3, ruleSet: 'test', article: 'Art. 1' }, startedAt: '2027-01-04T09:00:00.000+08:00', breach: { article: 'Art. 2' }, ladder: [] };

describe('pruning a long-lived case', () => {
  it(`when a case has run 100 deadlines (each met), one still open, and 60 violations (one open), then the state keeps the open ones and the last ${KEPT} of each, and the next ids are 102 and 61`, async () => {
    let state = empty;
    for (let i = 0; i < 100; i++) {
      const d = new Draft(state, '2027-01-04T09:00:00.000+08:00', clock);
      await d.addDeadline(spec);
      d.closeDeadlines(() => true, 'met');
      if (i < 60) d.addViolation({ deadlineId: i + 1, duty: 'answer', article: 'Art. 2', party: 'd', ordersRectification: 'a', at: '2027-01-04T09:00:00.000+08:00', status: i === 3 ? 'open' : 'rectified' });
      prune(d.state);
      state = d.state;
    }
    const d = new Draft(state, '2027-01-04T09:00:00.000+08:00', clock);
    const open = await d.addDeadline(spec);
    prune(d.state);
    expect(open.id).toBe(101);
    // Deadline 4 stays: an open violation names it.
    expect(d.state.deadlines.map((x) => x.id)).toEqual([4, ...Array.from({ length: KEPT }, (_, i) => 81 + i), 101]);
    expect(d.state.violations.map((v) => v.id)).toEqual([4, ...Array.from({ length: KEPT }, (_, i) => 41 + i)]);
    expect(d.addViolation({ deadlineId: 101, duty: 'answer', article: 'Art. 2', party: 'd', ordersRectification: 'a', at: '2027-01-04T09:00:00.000+08:00', status: 'open' })).toBe(61);
    expect(d.state.counters).toEqual({ deadlines: 101, violations: 61 });
  });

  it('when a step changes one deadline and adds a violation, then those two are what the recorder projects', async () => {
    const d = new Draft(empty, '2027-01-04T09:00:00.000+08:00', clock);
    await d.addDeadline(spec);
    await d.addDeadline({ ...spec, kind: 'other' });
    const before = d.state;
    const next = new Draft(before, '2027-01-05T09:00:00.000+08:00', clock);
    next.closeDeadlines((x) => x.id === 2, 'met');
    next.addViolation({ deadlineId: 1, duty: 'answer', article: 'Art. 2', party: 'd', ordersRectification: 'a', at: '2027-01-05T00:00:00.000+08:00', status: 'open' });
    const changes = changedRecords(before, next.state);
    expect([changes.deadlines.map((x) => [x.id, x.status]), changes.violations.map((v) => v.id)]).toEqual([[[2, 'met']], [1]]);
  });

  it(`when ${LINKED_FROM_KEPT + 50} cases have named this one, then the state keeps the latest ${LINKED_FROM_KEPT} (case_links keeps them all)`, () => {
    const state: CaseState = { ...empty, linkedFrom: Array.from({ length: LINKED_FROM_KEPT + 50 }, (_, i) => ({ caseId: `sr-${i}`, process: 'share-request', relation: 'uses' })) };
    prune(state);
    expect(state.linkedFrom!.map((l) => l.caseId)).toEqual(Array.from({ length: LINKED_FROM_KEPT }, (_, i) => `sr-${i + 50}`));
  });
});
