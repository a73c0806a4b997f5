// A running deadline counted again with a new calendar (Draft.rearmDeadline): moved later as the
// calendar says; moved earlier, never before 24:00 of the first working day after the load (nor later
// than it was) — nobody is in breach retroactively; unchanged, nothing recorded. Pure: a fixed clock.
import { describe, expect, it } from 'vitest';
import type { CaseState, ComputedDeadline } from '../../workflows/case/contract';
import { Draft, type Clock } from '../../workflows/case/draft';

const NOW = '2027-09-17T10:00:00.000+08:00';
const NOT_BEFORE = '2027-09-21T00:00:00.000+08:00';
const clockAnswering = (computed: ComputedDeadline): Clock => ({ computeDeadline: async () => computed, remainingPeriod: async () => ({ workingDays: 0 }) });
const at = (dueAt: string, provisional = false): ComputedDeadline => ({ dueAt, dueDate: new Date(Date.parse(dueAt) - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10), provisional });

function caseDue(dueAt: string, provisional = true): CaseState {
  return {
    id: 't-1', process: 'test', stage: 'open', version: 3, overdue: false, jurisdiction: '110000', ruleSet: 'national', parties: [], openedAt: '2027-09-10T10:00:00.000+08:00', violations: [], data: {},
    deadlines: [{ id: 1, kind: 'reply', dutyBearer: { role: 'provider', departmentId: 'd', jurisdictionCode: '110000' }, startedAt: '2027-09-10T10:00:00.000+08:00', workingDays: 10, dueAt, dueDate: '', provisional, ruleSet: 'national', article: 'Art. 21', breach: { article: 'Art. 39' }, ladder: [], rung: 0, status: 'open' }],
  };
}

async function rearm(was: string, computed: ComputedDeadline) {
  const draft = new Draft(caseDue(was), NOW, clockAnswering(computed));
  const changed = await draft.rearmDeadline(1, 'notice', NOT_BEFORE);
  return { changed, d: draft.state.deadlines[0]! };
}

describe('re-arming a running deadline', () => {
  it('when the new calendar puts it later, then it moves there, the old and new instants on record', async () => {
    const { changed, d } = await rearm('2027-09-24T00:00:00.000+08:00', at('2027-09-28T00:00:00.000+08:00'));
    expect([changed, d.dueAt, d.provisional, d.rearms]).toEqual([true, '2027-09-28T00:00:00.000+08:00', false, [{ at: NOW, from: '2027-09-24T00:00:00.000+08:00', to: '2027-09-28T00:00:00.000+08:00', reason: 'notice' }]]);
  });

  it('when it puts it earlier but after the bound, then it moves there', async () => {
    const { d } = await rearm('2027-09-28T00:00:00.000+08:00', at('2027-09-24T00:00:00.000+08:00'));
    expect(d.dueAt).toBe('2027-09-24T00:00:00.000+08:00');
  });

  it('when it puts it earlier than 24:00 of the first working day after the load, then it falls at that bound', async () => {
    const { d } = await rearm('2027-09-28T00:00:00.000+08:00', at('2027-09-18T00:00:00.000+08:00'));
    expect(d.dueAt).toBe(NOT_BEFORE);
  });

  it('when it was due before the bound anyway and comes earlier still, then it stays where it was (the bound never extends it)', async () => {
    const { d } = await rearm('2027-09-20T00:00:00.000+08:00', at('2027-09-18T00:00:00.000+08:00'));
    expect(d.dueAt).toBe('2027-09-20T00:00:00.000+08:00');
  });

  it('when nothing differs, then nothing changes and nothing is recorded', async () => {
    const draft = new Draft({ ...caseDue('2027-09-24T00:00:00.000+08:00', false) }, NOW, clockAnswering(at('2027-09-24T00:00:00.000+08:00')));
    expect(await draft.rearmDeadline(1, 'notice', NOT_BEFORE)).toBe(false);
    expect(draft.state.deadlines[0]!.rearms).toBeUndefined();
  });
});
