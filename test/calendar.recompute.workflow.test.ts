// A calendar change reaching open cases, on the time-skipping server from September 2027 (still
// provisional: no 2027 notice in the database): the made-up notice (helpers/calendarLoads.ts: Sunday
// 12 September worked, Monday 13 to Wednesday 15 off) is previewed and confirmed as the API does,
// and the recomputation workflow it starts re-arms each case it reaches. Asserted as Asia/Shanghai
// instants: a deadline made final, a miss the notice disproves (withdrawn, due again at its new
// instant), a miss it only re-dates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { caseDeadlines, calendarRecomputations, caseViolations, departments, notifications } from '../db/schema';
import { confirmLoad, previewLoad } from '../api/calendar/loads';
import type { Caller } from '../api/caller';
import { structuredHash } from '../db/calendar';
import { type InspectionState } from './helpers/testProcess/contract';
import { CATALOGUER, openInspection } from './helpers/testProcess/open';
import { INSPECTION_WORKFLOWS_PATH, WITH_INSPECTION } from './helpers/testProcess/api';
import { MADE_UP_2027, NATIONAL_AUTHORITY } from './helpers/calendarLoads';
import { createHarness, eventually, type CaseHandle, type Harness } from './helpers/shareRequestHarness';


let h: Harness;
beforeAll(async () => {
  h = await createHarness('2027-09-09T10:00:00+08:00', { processes: WITH_INSPECTION, workflowsPath: INSPECTION_WORKFLOWS_PATH });
}, 120_000);
afterAll(async () => {
  await h?.teardown();
});

const inspect = () => openInspection(h);
const state = async (handle: CaseHandle) => (await h.state(handle)) as unknown as InspectionState;
const answerDeadline = async (handle: CaseHandle) => (await state(handle)).deadlines.find((d) => d.kind === 'answer')!;

/** The national authority's head, as the API would have them. */
async function head(): Promise<Caller> {
  const [department] = await h.database.db.select().from(departments).where(eq(departments.id, NATIONAL_AUTHORITY));
  return { userId: `${NATIONAL_AUTHORITY}-head`, organisationId: NATIONAL_AUTHORITY, roles: ['sharing_office_head'], department: department! } as Caller;
}

describe('the recomputation of open cases after a State Council notice (Art. 39 deadlines counted in working days)', () => {
  it('when the 2027 notice is confirmed on 2027-09-17, then each case it reaches is re-armed: made final, a miss disproved, a miss re-dated — each at its instant', { timeout: 120_000 }, async () => {
    await h.worker.runUntil(async () => {
      // Provisionally 2027 has its statutory days only: 中秋节 is Wednesday 15 September.
      // Thursday 9 September 10:00: 3 working days, provisionally Fri 10, Mon 13, Tue 14 → 2027-09-15T00:00; under the notice Fri 10, Sun 12, Thu 16 → 2027-09-17T00:00.
      const rededated = await inspect();
      expect(await answerDeadline(rededated)).toMatchObject({ dueAt: '2027-09-15T00:00:00.000+08:00', provisional: true });
      // Friday 10 September: provisionally Mon 13, Tue 14, Thu 16 → 2027-09-17T00:00; under the notice Sun 12, Thu 16, Fri 17 → 2027-09-18T00:00.
      await h.sleepUntil('2027-09-10T10:00:00+08:00');
      const disproved = await inspect();
      expect(await answerDeadline(disproved)).toMatchObject({ dueAt: '2027-09-17T00:00:00.000+08:00', provisional: true });
      await h.sleepUntil('2027-09-15T00:00:01+08:00');
      await eventually(async () => expect((await state(rededated)).overdue).toBe(true));
      // Thursday 16 September: Fri 17, Mon 20, Tue 21 → 2027-09-22T00:00 either way; made final.
      await h.sleepUntil('2027-09-16T10:00:00+08:00');
      const running = await inspect();
      expect(await answerDeadline(running)).toMatchObject({ dueAt: '2027-09-22T00:00:00.000+08:00', provisional: true });
      await h.sleepUntil('2027-09-17T00:00:01+08:00');
      await eventually(async () => expect((await state(disproved)).overdue).toBe(true));

      // Friday 17 September 10:00: the notice is loaded.
      await h.sleepUntil('2027-09-17T10:00:00+08:00');
      const caller = await head();
      const preview = await previewLoad(h.database.db, h.calendar, { kind: 'notice', year: 2027, source: MADE_UP_2027.source, text: null, textHash: structuredHash(MADE_UP_2027), authorityDepartmentId: NATIONAL_AUTHORITY, notice: MADE_UP_2027 }, caller);
      const confirmed = await confirmLoad(h.database.db, h.calendar, preview.id, caller, { temporal: h.env.client, taskQueue: h.taskQueue });
      expect(confirmed.status).toBe(202);
      expect(confirmed.body).toMatchObject({ openDeadlines: { examined: 3, affected: 3, cases: 3 }, recomputation: `/calendar/recomputations/${confirmed.body.version}` });

      const done = await eventually(async () => {
        const [row] = await h.database.db.select().from(calendarRecomputations).where(eq(calendarRecomputations.version, confirmed.body.version));
        expect(row!.status).toBe('done');
        return row!;
      }, 30_000);
      // 24:00 of the first working day after the load (Friday 17th itself is a working day: the first after it is Monday 20th).
      expect(done).toMatchObject({ cases: 3, rearmed: 3, unchanged: 0, skipped: 0, notBefore: new Date('2027-09-21T00:00:00.000+08:00') });

      // A miss the notice only re-dates: under it the deadline was 2027-09-17T00:00, still past — the violation stands, at that instant.
      const r = await state(rededated);
      expect(r.deadlines[0]).toMatchObject({ status: 'missed', dueAt: '2027-09-17T00:00:00.000+08:00', missedAt: '2027-09-17T00:00:00.000+08:00', provisional: false });
      expect(r.violations).toEqual([expect.objectContaining({ status: 'open', at: '2027-09-17T00:00:00.000+08:00' })]);
      expect(r.deadlines[0]!.rearms).toEqual([expect.objectContaining({ from: '2027-09-15T00:00:00.000+08:00', to: '2027-09-17T00:00:00.000+08:00', reason: expect.stringContaining('国办发明电〔2026〕99号') })]);

      // A miss the notice disproves (due 2027-09-18T00:00, not yet come): withdrawn with the reason, due again then (a later move needs no bound).
      const d = await state(disproved);
      expect(d.deadlines[0]).toMatchObject({ status: 'open', dueAt: '2027-09-18T00:00:00.000+08:00', provisional: false });
      expect(d.violations).toEqual([expect.objectContaining({ status: 'withdrawn', resolution: expect.objectContaining({ reason: expect.stringContaining('no longer makes it late') }) })]);
      expect(d.overdue).toBe(false);

      // Running, same date: made final.
      expect(await answerDeadline(running)).toMatchObject({ status: 'open', dueAt: '2027-09-22T00:00:00.000+08:00', provisional: false });

      // The tables say the same; the duty-bearer was told of each.
      for (const c of [r, d]) {
        const [row] = await h.database.db.select().from(caseDeadlines).where(and(eq(caseDeadlines.caseId, c.id), eq(caseDeadlines.id, 1)));
        expect(row).toMatchObject({ dueAt: new Date(c.deadlines[0]!.dueAt), provisional: false, status: c.deadlines[0]!.status });
      }
      const [withdrawn] = await h.database.db.select().from(caseViolations).where(eq(caseViolations.caseId, d.id));
      expect(withdrawn!.status).toBe('withdrawn');
      await eventually(async () => {
        const told = await h.database.db.select().from(notifications).where(and(eq(notifications.caseId, d.id), eq(notifications.kind, 'deadline_rearmed')));
        expect(told.map((n) => n.recipient)).toEqual([CATALOGUER]);
      });

      // The disproved deadline is missed again at its new instant, not before.
      await h.sleepUntil('2027-09-17T23:59:59+08:00');
      expect((await state(disproved)).overdue).toBe(false);
      await h.sleepUntil('2027-09-18T00:00:01+08:00');
      await eventually(async () => expect((await state(disproved)).violations.filter((v) => v.status === 'open').map((v) => v.at)).toEqual(['2027-09-18T00:00:00.000+08:00']));

      // Confirmed again: the same answer, nothing re-run.
      const again = await confirmLoad(h.database.db, h.calendar, preview.id, caller, { temporal: h.env.client, taskQueue: h.taskQueue });
      expect([again.status, again.body]).toEqual([200, confirmed.body]);
    });
  });
});
