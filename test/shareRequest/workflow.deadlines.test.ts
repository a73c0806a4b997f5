// Statutory deadlines of a share request, in a time-skipping test server started at the receipt
// instant: each escalation fires at the exact Asia/Shanghai instant, not a second earlier.
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { caseEvents, cases, notifications } from '../../db/schema';
import { GdsOverdue, caseStateQuery } from '../../workflows/shared';
import { createHarness, eventually, type Harness, replyUpdate, rectificationOrderUpdate } from '../helpers/shareRequestHarness';

const BEIJING_CONDITIONAL = { catalogueEntryId: '110000-public-security-residence-permits', requester: '110000-market-regulation' };
const FUSHUN_CONDITIONAL = { catalogueEntryId: '210400-public-security-vehicle-registration', requester: '210400-market-regulation' };
const HARBIN_CONDITIONAL = { catalogueEntryId: '230100-public-security-household-registration', requester: '230100-market-regulation' };
const NATIONAL_UNCONDITIONAL = { catalogueEntryId: '100000-ecology-environment-air-quality', requester: '110000-public-security' };
const BEIJING_PROVIDER = '110000-public-security';
const BEIJING_AUTHORITY = '110000-data-sharing-authority';

let h: Harness | undefined;
afterEach(async () => {
  await h?.teardown();
  h = undefined;
});

/** Asserts the reply deadline is not missed one second before `dueAt`, and is missed exactly at it. */
async function expectEscalationAt(harness: Harness, handle: Parameters<Harness['state']>[0], dueAt: string) {
  await harness.sleepUntil(new Date(Date.parse(dueAt) - 1000).toISOString());
  const before = await harness.state(handle);
  expect(before.overdue).toBe(false);
  expect(before.violations).toEqual([]);
  await harness.sleepUntil(new Date(Date.parse(dueAt) + 1000).toISOString());
  const after = await eventually(async () => {
    const s = await harness.state(handle);
    expect(s.overdue).toBe(true);
    return s;
  });
  const missed = after.deadlines.find((d) => d.status === 'missed')!;
  expect(Date.parse(missed.missedAt!)).toBe(Date.parse(dueAt));
  // The timer fires at the deadline: recorded at it or within the same second, never before.
  const lag = Date.parse(missed.escalatedAt!) - Date.parse(dueAt);
  expect(lag).toBeGreaterThanOrEqual(0);
  expect(lag).toBeLessThan(1000);
  return after;
}

describe('reply deadlines (Art. 21) and escalation (Art. 39 (4))', () => {
  it('when a conditional request under national rules is received 2026-09-25, then it is due 2026-10-16T00:00+08:00 and escalates to the authority exactly then', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      const s = await h!.state(handle);
      expect(s.ruleSet).toBe('national');
      expect(s.deadlines[0]).toMatchObject({ kind: 'reply', workingDays: 10, dueAt: '2026-10-16T00:00:00.000+08:00', article: 'Art. 21', provisional: false });

      const after = await expectEscalationAt(h!, handle, '2026-10-16T00:00:00.000+08:00');
      // The violation on record: the article and clause, the party in breach, who orders rectification.
      expect(after.violations).toEqual([
        { id: 1, deadlineId: 1, duty: 'reply', article: 'Art. 39', clause: '(4)', party: BEIJING_PROVIDER, ordersRectification: BEIJING_AUTHORITY, at: '2026-10-16T00:00:00.000+08:00', status: 'open' },
      ]);
      expect(after.deadlines[0]!.escalatedTo).toBe('authority');

      // Recorded in the read model, the history and the authority's notices.
      await eventually(async () => {
        const [row] = await h!.database.db.select().from(cases).where(eq(cases.id, s.id));
        expect(row!.overdue).toBe(true);
        const notices = await h!.database.db.select().from(notifications).where(and(eq(notifications.caseId, s.id), eq(notifications.recipient, BEIJING_AUTHORITY)));
        expect(notices.map((n) => n.kind)).toContain('deadline_missed');
        const events = await h!.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, s.id));
        expect(events.map((e) => e.type)).toContain('deadline_missed');
      });
      // GdsOverdue follows, for supervisors in Temporal UI.
      const described = await handle.describe();
      expect(described.typedSearchAttributes.get(GdsOverdue)).toBe(true);
    });
  });

  it('when a conditional request under Fushun rules is received 2026-09-25, then 5 working days (Fushun Art. 21) make it due 2026-10-10T00:00+08:00', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(FUSHUN_CONDITIONAL);
      const s = await h!.state(handle);
      expect(s.ruleSet).toBe('fushun');
      expect(s.deadlines[0]).toMatchObject({ workingDays: 5, dueAt: '2026-10-10T00:00:00.000+08:00', article: 'Fushun Art. 21' });
      await expectEscalationAt(h!, handle, '2026-10-10T00:00:00.000+08:00');
    });
  });

  it('when a conditional request under Heilongjiang rules is received on the Mid-Autumn holiday 2026-09-25, then 1 working day (HLJ Art. 22) makes it due 2026-09-29T00:00+08:00', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(HARBIN_CONDITIONAL);
      const s = await h!.state(handle);
      expect(s.ruleSet).toBe('heilongjiang');
      expect(s.deadlines[0]).toMatchObject({ workingDays: 1, dueAt: '2026-09-29T00:00:00.000+08:00', article: 'HLJ Art. 22' });
      await expectEscalationAt(h!, handle, '2026-09-29T00:00:00.000+08:00');
    });
  });

  it('when an unconditional request under national rules is received Friday 2026-10-09, then it is due after the make-up Saturday 2026-10-10, at 2026-10-11T00:00+08:00', async () => {
    h = await createHarness('2026-10-09T16:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(NATIONAL_UNCONDITIONAL);
      const s = await h!.state(handle);
      expect(s.deadlines[0]).toMatchObject({ workingDays: 1, dueAt: '2026-10-11T00:00:00.000+08:00', article: 'Art. 21' });
      await expectEscalationAt(h!, handle, '2026-10-11T00:00:00.000+08:00');
    });
  });

  it('when the authority orders rectification and that deadline passes too, then the case escalates to its people\'s government', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      await expectEscalationAt(h!, handle, '2026-10-16T00:00:00.000+08:00');
      // Ordered Friday 2026-10-16 (after the escalation), 3 working days: Oct 19, 20, 21 → due Oct 22 00:00.
      await h!.sleepUntil('2026-10-16T09:00:00.000+08:00');
      const ordered = await handle.executeUpdate(rectificationOrderUpdate, {
        args: [{ actor: { departmentId: BEIJING_AUTHORITY }, workingDays: 3, instructions: '请立即答复共享申请' }],
      });
      const rectification = ordered.deadlines.find((d) => d.kind === 'rectification')!;
      expect(rectification).toMatchObject({ dueAt: '2026-10-22T00:00:00.000+08:00', rectifies: 'reply', article: 'Art. 39' });
      await h!.sleepUntil('2026-10-21T23:59:59.000+08:00');
      expect((await h!.state(handle)).deadlines.find((d) => d.kind === 'rectification')!.status).toBe('open');
      await h!.sleepUntil('2026-10-22T00:00:01.000+08:00');
      const s = await eventually(async () => {
        const st = await h!.state(handle);
        expect(st.deadlines.find((d) => d.kind === 'rectification')!.status).toBe('missed');
        return st;
      });
      expect(s.deadlines.find((d) => d.kind === 'rectification')!.escalatedTo).toBe('government');
      await eventually(async () => {
        const notices = await h!.database.db.select().from(notifications).where(eq(notifications.caseId, s.id));
        expect(notices).toContainEqual(expect.objectContaining({ recipient: 'government:110000', kind: 'escalated_to_government' }));
      });

      // The provider still replies, late: the duty is done, the violations stay on record.
      const replied = await handle.executeUpdate(replyUpdate, { args: [{ actor: { departmentId: BEIJING_PROVIDER }, decision: 'agree' }] });
      expect(replied.stage).toBe('awaiting_delivery');
      expect(replied.overdue).toBe(false);
      expect(replied.violations).toHaveLength(2);
    });
  });

  it('when the provider agrees on 2026-09-25 and does not deliver, then delivery (Art. 22, 20 working days) escalates at 2026-10-30T00:00+08:00', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      const agreed = await handle.executeUpdate(replyUpdate, { args: [{ actor: { departmentId: BEIJING_PROVIDER }, decision: 'agree' }] });
      expect(agreed.deadlines.find((d) => d.kind === 'reply')!.status).toBe('met');
      const delivery = agreed.deadlines.find((d) => d.kind === 'delivery')!;
      expect(delivery).toMatchObject({ workingDays: 20, dueAt: '2026-10-30T00:00:00.000+08:00', article: 'Art. 22' });
      const after = await expectEscalationAt(h!, handle, '2026-10-30T00:00:00.000+08:00');
      expect(after.violations).toEqual([expect.objectContaining({ duty: 'delivery', article: 'Art. 39', clause: '(4)', status: 'open' })]);
      expect(await handle.query(caseStateQuery)).toMatchObject({ stage: 'awaiting_delivery', overdue: true });
    });
  });
});
