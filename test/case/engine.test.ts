// The case engine, through the share request (its first process), on the time-skipping server with
// the real activities and real PostgreSQL: a command is committed only once its event is recorded;
// continue-as-new carries the chain, the version and recent outcomes; violations are the engine's
// records with a status; a reply closes a pending extension request.
import { afterEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { WorkflowFailedError } from '@temporalio/client';
import { caseEvents, cases } from '../../db/schema';
import { verifyChain } from '../../audit/chain';
import { createHarness, eventually, type Harness, extensionDecisionUpdate, extensionRequestUpdate, rectificationOrderUpdate, replyUpdate, supplementNoticeUpdate, violationDecisionUpdate } from '../helpers/shareRequestHarness';
import { expectRejected } from '../helpers/rejections';

const BEIJING_CONDITIONAL = { catalogueEntryId: '110000-public-security-residence-permits', requester: '110000-market-regulation' };
const PROVIDER = { departmentId: '110000-public-security' };
const AUTHORITY = { departmentId: '110000-data-sharing-authority' };

let h: Harness | undefined;
afterEach(async () => {
  await h?.teardown();
  h = undefined;
});

async function events(caseId: string) {
  return h!.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq));
}

/** The stored chain verifies from the rows alone, and covers the stored state. */
async function expectChainIntact(caseId: string) {
  const [row] = await h!.database.db.select().from(cases).where(eq(cases.id, caseId));
  expect(verifyChain(caseId, await events(caseId), { state: row!.state }).broken).toBeUndefined();
}

describe('commit after record', () => {
  it('when the database refuses a command\'s data (a NUL in the reasons), then the command fails DATA_REJECTED and neither the workflow nor the read model changes', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      const before = await h!.state(handle);
      const failure = await expectRejected(
        handle.executeUpdate(replyUpdate, { args: [{ actor: PROVIDER, decision: 'refuse', reasons: 'no\u0000' }] }),
        'DATA_REJECTED',
      );
      expect(failure.details).toEqual([{ stage: 'awaiting_reply' }]);
      const after = await h!.state(handle);
      expect(after).toEqual(before);
      const [row] = await h!.database.db.select().from(cases).where(eq(cases.id, before.id));
      expect(row).toMatchObject({ stage: 'awaiting_reply', version: before.version });
      // The case is not wedged: a proper reply goes through and its deadline machinery still runs.
      const replied = await handle.executeUpdate(replyUpdate, { args: [{ actor: PROVIDER, decision: 'agree' }] });
      expect(replied).toMatchObject({ stage: 'awaiting_delivery', version: before.version + 1 });
      await expectChainIntact(before.id);
    });
  });
});

describe('a case whose opening the database refuses', () => {
  it('when the submission carries a NUL (past the API\'s own checks), then the opening fails DATA_REJECTED, the workflow ends, and nothing is in the read model', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit({ ...BEIJING_CONDITIONAL, usageScenario: 'bad\u0000' });
      const failed = await handle.result().then(() => undefined, (e: unknown) => e);
      expect(failed).toBeInstanceOf(WorkflowFailedError);
      expect((failed as WorkflowFailedError).cause).toMatchObject({ type: 'DATA_REJECTED' });
      const { status } = await handle.describe();
      expect(status.name).toBe('FAILED');
      expect(await h!.database.db.select().from(cases).where(eq(cases.id, handle.workflowId.split(':')[1]!))).toEqual([]);
      expect(await events(handle.workflowId.split(':')[1]!)).toEqual([]);
    });
  });
});

describe('continue-as-new', () => {
  it('when the history passes the threshold mid-case, then the case continues as new: the next event is the next sequence number, the chain is unbroken, and a command retried from before replays instead of applying twice', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit({ ...BEIJING_CONDITIONAL, historyThreshold: 20 });
      const firstRun = (await handle.describe()).runId;
      const updateId = 'extension-request-1';
      const requested = await handle.executeUpdate(extensionRequestUpdate, { args: [{ actor: PROVIDER, workingDays: 3, reason: '需跨部门核验' }], updateId });
      await handle.executeUpdate(extensionDecisionUpdate, { args: [{ actor: AUTHORITY, approved: false }] });
      await eventually(async () => expect((await handle.describe()).runId).not.toBe(firstRun), 20_000);

      // The same update ID again, now in the new run: replayed, not a second request (which would be EXTENSION_PENDING or a new one).
      const replayed = await handle.executeUpdate(extensionRequestUpdate, { args: [{ actor: PROVIDER, workingDays: 3, reason: '需跨部门核验' }], updateId });
      expect(replayed.data.extensions).toHaveLength(1);
      expect(replayed.version).toBe(requested.version + 1);

      const noticed = await handle.executeUpdate(supplementNoticeUpdate, { args: [{ actor: PROVIDER, missingItems: ['用途说明'] }] });
      expect(noticed.version).toBe(requested.version + 2);
      const stored = await events(noticed.id);
      expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(stored.map((e) => e.type)).toEqual(['received', 'extension_requested', 'extension_refused', 'supplement_notice_sent']);
      await expectChainIntact(noticed.id);
    });
  });
});

describe('violations (Art. 39 (4)) are the engine\'s records', () => {
  it('when the authority excuses a missed reply for a proper reason, then the violation is excused with its reason, the case is no longer overdue, and only the authority may decide', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      await h!.sleepUntil('2026-10-16T00:00:01.000+08:00');
      const missed = await eventually(async () => {
        const s = await h!.state(handle);
        expect(s.violations).toHaveLength(1);
        return s;
      });
      expect(missed.violations[0]).toMatchObject({ status: 'open', party: PROVIDER.departmentId, ordersRectification: AUTHORITY.departmentId });
      await expectRejected(handle.executeUpdate(violationDecisionUpdate, { args: [{ actor: PROVIDER, violationId: 1, status: 'excused', reason: '系统故障' }] }), 'WRONG_PARTY');
      await expectRejected(handle.executeUpdate(violationDecisionUpdate, { args: [{ actor: AUTHORITY, violationId: 9, status: 'excused', reason: 'x' }] }), 'VALIDATION_FAILED');
      const excused = await handle.executeUpdate(violationDecisionUpdate, { args: [{ actor: AUTHORITY, violationId: 1, status: 'excused', reason: '全市政务网络中断（正当理由）' }] });
      expect(excused.violations[0]).toMatchObject({ status: 'excused', resolution: { reason: '全市政务网络中断（正当理由）' } });
      expect(excused.overdue).toBe(false);
      await expectRejected(handle.executeUpdate(violationDecisionUpdate, { args: [{ actor: AUTHORITY, violationId: 1, status: 'withdrawn', reason: 'x' }] }), 'ILLEGAL_TRANSITION');
      // Nothing left to rectify.
      await expectRejected(handle.executeUpdate(rectificationOrderUpdate, { args: [{ actor: AUTHORITY, workingDays: 3, instructions: '整改' }] }), 'ILLEGAL_TRANSITION');
    });
  });

  it('when the provider replies late, then the violation stays on record as rectified', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      await h!.sleepUntil('2026-10-16T00:00:01.000+08:00');
      await eventually(async () => expect((await h!.state(handle)).overdue).toBe(true));
      const replied = await handle.executeUpdate(replyUpdate, { args: [{ actor: PROVIDER, decision: 'agree' }] });
      expect(replied.violations).toEqual([expect.objectContaining({ duty: 'reply', status: 'rectified' })]);
      expect(replied.overdue).toBe(false);
    });
  });
});

describe('extensions end with the wait (Art. 21)', () => {
  it('when the provider replies while an extension request is pending, then the request is closed and a decision on it afterwards is 409', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await h!.submit(BEIJING_CONDITIONAL);
      await handle.executeUpdate(extensionRequestUpdate, { args: [{ actor: PROVIDER, workingDays: 3, reason: '需跨部门核验' }] });
      const replied = await handle.executeUpdate(replyUpdate, { args: [{ actor: PROVIDER, decision: 'agree' }] });
      expect(replied.data.extensions[0]).toMatchObject({ closed: { by: 'reply' } });
      const failure = await expectRejected(handle.executeUpdate(extensionDecisionUpdate, { args: [{ actor: AUTHORITY, approved: true }] }), 'ILLEGAL_TRANSITION');
      expect(failure.details).toEqual([{ stage: 'awaiting_delivery' }]);
    });
  });
});
