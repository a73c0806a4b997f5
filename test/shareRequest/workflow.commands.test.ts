// Commands on a share request (Art. 14, 15, 20–22): validators reject illegal ones before they
// enter history; the supplement restarts the clock; extensions are capped; unconditional data in
// Heilongjiang is granted without review; not-shared entries are refused at once.
import { afterEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { caseEvents, cases, notifications } from '../../db/schema';
import { stateHash } from '../../activities/case/hash';
import { verifyChain } from '../../audit/chain';
import type { ShareRequestState } from '../../workflows/shareRequest/contract';
import { createHarness, eventually, type Harness, deliveryUpdate, extensionDecisionUpdate, extensionRequestUpdate, receiptConfirmationUpdate, replyUpdate, supplementNoticeUpdate, supplementUpdate, withdrawalUpdate } from '../helpers/shareRequestHarness';
import { expectRejected } from '../helpers/rejections';

const BEIJING_CONDITIONAL = { catalogueEntryId: '110000-public-security-residence-permits', requester: '110000-market-regulation' };
const FUSHUN_CONDITIONAL = { catalogueEntryId: '210400-public-security-vehicle-registration', requester: '210400-market-regulation' };
const HARBIN_UNCONDITIONAL = { catalogueEntryId: '230100-market-regulation-business-registry', requester: '230100-public-security' };
const HARBIN_NOT_SHARED = { catalogueEntryId: '230100-public-security-technical-investigation', requester: '230100-market-regulation' };
const PROVIDER = { departmentId: '110000-public-security' };
const REQUESTER = { departmentId: '110000-market-regulation' };
const AUTHORITY = { departmentId: '110000-data-sharing-authority' };

let h: Harness | undefined;
afterEach(async () => {
  await h?.teardown();
  h = undefined;
});

describe('supplement notice (Art. 21)', () => {
  it('when the provider asks once for every missing item, then the clock stops, a second notice is rejected, and the supplement restarts the full period from its receipt', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      await h!.sleepUntil('2026-09-29T11:00:00.000+08:00');
      const noticed = await handle.executeUpdate(supplementNoticeUpdate, { args: [{ actor: PROVIDER, missingItems: ['使用场景说明', '数据安全承诺书'] }] });
      expect(noticed.stage).toBe('awaiting_supplement');
      expect(noticed.deadlines[0]!.status).toBe('superseded');

      await expectRejected(handle.executeUpdate(supplementNoticeUpdate, { args: [{ actor: PROVIDER, missingItems: ['另一项'] }] }), 'SUPPLEMENT_NOTICE_ALREADY_SENT');
      await expectRejected(handle.executeUpdate(supplementUpdate, { args: [{ actor: PROVIDER, items: ['x'] }] }), 'WRONG_PARTY');

      // Past the original due date: nothing fires while the clock is stopped.
      await h!.sleepUntil('2026-10-20T15:00:00.000+08:00');
      expect((await h!.state(handle)).overdue).toBe(false);
      const supplied = await handle.executeUpdate(supplementUpdate, { args: [{ actor: REQUESTER, items: ['使用场景说明', '数据安全承诺书'] }] });
      // From Tue 2026-10-20: Oct 21, 22, 23, 26–30, Nov 2, 3 → due 2026-11-04T00:00+08:00.
      expect(supplied.stage).toBe('awaiting_reply');
      expect(supplied.deadlines[1]).toMatchObject({ kind: 'reply', status: 'open', workingDays: 10, dueAt: '2026-11-04T00:00:00.000+08:00' });
      await h!.sleepUntil('2026-11-03T23:59:59.000+08:00');
      expect((await h!.state(handle)).overdue).toBe(false);
      await h!.sleepUntil('2026-11-04T00:00:01.000+08:00');
      await eventually(async () => expect((await h!.state(handle)).overdue).toBe(true));
    });
  });

  it('when the notice lists nothing, then it is rejected', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      await expectRejected(handle.executeUpdate(supplementNoticeUpdate, { args: [{ actor: PROVIDER, missingItems: [] }] }), 'VALIDATION_FAILED');
    });
  });
});

describe('extensions (Art. 21)', () => {
  it('when the authority approves 6 working days, then the due date moves on from 2026-10-15 to 2026-10-23 and the requester is told; beyond 10 in all is rejected', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      await expectRejected(handle.executeUpdate(extensionRequestUpdate, { args: [{ actor: REQUESTER, workingDays: 3, reason: '数据量大' }] }), 'WRONG_PARTY');
      await expectRejected(handle.executeUpdate(extensionDecisionUpdate, { args: [{ actor: AUTHORITY, approved: true }] }), 'ILLEGAL_TRANSITION');

      await handle.executeUpdate(extensionRequestUpdate, { args: [{ actor: PROVIDER, workingDays: 6, reason: '需跨部门核验' }] });
      await expectRejected(handle.executeUpdate(extensionRequestUpdate, { args: [{ actor: PROVIDER, workingDays: 1, reason: '再延' }] }), 'EXTENSION_PENDING');
      await expectRejected(handle.executeUpdate(extensionDecisionUpdate, { args: [{ actor: PROVIDER, approved: true }] }), 'WRONG_PARTY');
      const approved = await handle.executeUpdate(extensionDecisionUpdate, { args: [{ actor: AUTHORITY, approved: true, note: '同意' }] });
      // Oct 16, 19, 20, 21, 22, 23 → due 2026-10-24T00:00+08:00.
      expect(approved.deadlines.filter((d) => d.status === 'open')).toEqual([expect.objectContaining({ kind: 'reply', dueAt: '2026-10-24T00:00:00.000+08:00', workingDays: 6 })]);

      await expectRejected(handle.executeUpdate(extensionRequestUpdate, { args: [{ actor: PROVIDER, workingDays: 5, reason: '仍需核验' }] }), 'EXTENSION_CAP_EXCEEDED');
      await handle.executeUpdate(extensionRequestUpdate, { args: [{ actor: PROVIDER, workingDays: 4, reason: '仍需核验' }] });
      const refused = await handle.executeUpdate(extensionDecisionUpdate, { args: [{ actor: AUTHORITY, approved: false }] });
      expect(refused.deadlines.find((d) => d.status === 'open')!.dueAt).toBe('2026-10-24T00:00:00.000+08:00');

      await eventually(async () => {
        const notices = await h!.database.db.select().from(notifications).where(eq(notifications.recipient, REQUESTER.departmentId));
        expect(notices.map((n) => n.kind).sort()).toEqual(['extension_approved', 'extension_refused']);
      });
      // The escalation follows the extended deadline.
      await h!.sleepUntil('2026-10-16T00:00:01.000+08:00');
      expect((await h!.state(handle)).overdue).toBe(false);
      await h!.sleepUntil('2026-10-24T00:00:01.000+08:00');
      await eventually(async () => expect((await h!.state(handle)).overdue).toBe(true));
      await expectRejected(handle.executeUpdate(extensionRequestUpdate, { args: [{ actor: PROVIDER, workingDays: 1, reason: '逾期后' }] }), 'ILLEGAL_TRANSITION');
    });
  });
});

describe('replies (Art. 20, 21) and delivery (Art. 22)', () => {
  it('when the provider agrees, delivers and the requester confirms, then the case completes and its history is hash-chained in PostgreSQL', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      await expectRejected(handle.executeUpdate(deliveryUpdate, { args: [{ actor: PROVIDER, method: 'service_api', reference: 'x' }] }), 'ILLEGAL_TRANSITION');
      await expectRejected(handle.executeUpdate(replyUpdate, { args: [{ actor: REQUESTER, decision: 'agree' }] }), 'WRONG_PARTY');
      await handle.executeUpdate(replyUpdate, { args: [{ actor: PROVIDER, decision: 'agree' }] });
      await expectRejected(handle.executeUpdate(withdrawalUpdate, { args: [{ actor: REQUESTER }] }), 'ILLEGAL_TRANSITION');
      await expectRejected(handle.executeUpdate(receiptConfirmationUpdate, { args: [{ actor: REQUESTER }] }), 'ILLEGAL_TRANSITION');
      await handle.executeUpdate(deliveryUpdate, { args: [{ actor: PROVIDER, method: 'service_api', reference: 'API-2026-0001' }] });
      await expectRejected(handle.executeUpdate(receiptConfirmationUpdate, { args: [{ actor: PROVIDER }] }), 'WRONG_PARTY');
      await handle.executeUpdate(receiptConfirmationUpdate, { args: [{ actor: REQUESTER }] });
      const final = (await handle.result()) as ShareRequestState;
      expect(final.stage).toBe('completed');
      expect(final.data.delivery).toMatchObject({ method: 'service_api', reference: 'API-2026-0001' });

      const [row] = await h!.database.db.select().from(cases).where(eq(cases.id, final.id));
      expect(row).toMatchObject({ stage: 'completed', overdue: false, dueAt: null, version: final.version });
      const events = await h!.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, final.id)).orderBy(asc(caseEvents.seq));
      expect(events.map((e) => e.type)).toEqual(['received', 'reply_agreed', 'delivered', 'receipt_confirmed']);
      // The chain verifies from the rows alone, and its last event covers the workflow's final state.
      expect(verifyChain(final.id, events, { state: row!.state })).toEqual({ events: 4, superseded: 0 });
      expect(events.map((e) => [e.hashFormat, e.revision])).toEqual(Array(4).fill([3, 0]));
      expect(events[3]!.stateHash).toBe(stateHash(final, 3));
    });
  });

  it('when a refusal states no reasons, then it is rejected (Art. 21); with reasons it ends the case', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      await expectRejected(handle.executeUpdate(replyUpdate, { args: [{ actor: PROVIDER, decision: 'refuse' }] }), 'REFUSAL_REASONS_REQUIRED');
      await expectRejected(handle.executeUpdate(replyUpdate, { args: [{ actor: PROVIDER, decision: 'refuse', reasons: '   ' }] }), 'REFUSAL_REASONS_REQUIRED');
      await handle.executeUpdate(replyUpdate, { args: [{ actor: PROVIDER, decision: 'refuse', reasons: '申请用途与数据范围不符' }] });
      expect((await handle.result()).stage).toBe('refused');
    });
  });

  it('when a Fushun provider refuses without a legal basis, then it is rejected (Fushun Art. 21)', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(FUSHUN_CONDITIONAL);
      const fushunProvider = { departmentId: '210400-public-security' };
      await expectRejected(
        handle.executeUpdate(replyUpdate, { args: [{ actor: fushunProvider, decision: 'refuse', reasons: '不符合条件' }] }),
        'REFUSAL_LEGAL_BASIS_REQUIRED',
      );
      const refused = await handle.executeUpdate(replyUpdate, {
        args: [{ actor: fushunProvider, decision: 'refuse', reasons: '不符合条件', legalBasis: '《抚顺市政务数据资源共享开放条例》第二十一条' }],
      });
      expect(refused.stage).toBe('refused');
    });
  });

  it('when the requester withdraws before the reply, then the case ends and no deadline remains open', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      await expectRejected(handle.executeUpdate(withdrawalUpdate, { args: [{ actor: PROVIDER }] }), 'WRONG_PARTY');
      await handle.executeUpdate(withdrawalUpdate, { args: [{ actor: REQUESTER, reason: '业务调整' }] });
      const final = (await handle.result()) as ShareRequestState;
      expect(final.stage).toBe('withdrawn');
      expect(final.deadlines.every((d) => d.status !== 'open')).toBe(true);
    });
  });
});

describe('sharing attributes (Art. 14, 15; HLJ Art. 22)', () => {
  it('when unconditional data is requested from a Harbin provider, then it is granted without review and delivery is due in 20 working days', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(HARBIN_UNCONDITIONAL);
      const s = await h!.state(handle);
      expect(s.stage).toBe('awaiting_delivery');
      expect(s.data.reply).toMatchObject({ decision: 'agree', automatic: true });
      expect(s.deadlines).toEqual([expect.objectContaining({ kind: 'delivery', dueAt: '2026-10-30T00:00:00.000+08:00' })]);
    });
  });

  it('when a not-shared entry is requested, then it is refused at once with the catalogue reason and legal basis', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(HARBIN_NOT_SHARED);
      const final = (await handle.result()) as ShareRequestState;
      expect(final.stage).toBe('refused');
      expect(final.data.reply).toMatchObject({ decision: 'refuse', automatic: true });
      expect(final.data.reply!.reasons).toBeTruthy();
      expect(final.data.reply!.legalBasis).toMatch(/法/);
      expect(final.deadlines).toEqual([]);
    });
  });
});
