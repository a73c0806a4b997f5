// Data correction deadlines at statutory dates (national Art. 26: 10 working days; HLJ Art. 24: 5;
// Fushun has no period of its own, so the national 10 applies), each asserted as the Asia/Shanghai
// instant; a late result is a violation of the provider (Art. 39 (6)) escalated to its same-level
// authority at the deadline itself. Time-skipping server started at the receipt instant.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { notifications } from '../../db/schema';
import { partyOf } from '../helpers/parties';
import { supervisorOf } from '../../api/cases/supervisor';
import { correctionDeclaration, type CorrectionInput, type CorrectionSource, type CorrectionState } from '../../workflows/correction/contract';
import { actorOf, createHarness, eventually, type CaseHandle, type Harness } from '../helpers/shareRequestHarness';
import { expectRejected } from '../helpers/rejections';

const c = correctionDeclaration.commands;
let h: Harness | undefined;
afterEach(async () => {
  await h?.teardown();
  h = undefined;
});

/** A correction as the API would assemble it: the requester asks the provider about data it was delivered. */
async function file(provider: string, requester: string | undefined, source: CorrectionSource = 'requester'): Promise<CaseHandle> {
  const db = h!.database.db;
  const party = (id: string) => partyOf(db, id);
  const p = await party(provider);
  const input: CorrectionInput = {
    id: `co-${Math.random().toString(16).slice(2, 10)}`,
    source,
    items: ['户籍地址'],
    problem: '地址与实际不符',
    ...(requester ? { shareRequestId: 'sr-delivered', requester: await party(requester) } : {}),
    catalogueEntry: { id: `${provider}-entry`, nameZh: '测试目录' },
    provider: p,
    supervisor: await supervisorOf(db, p.jurisdictionCode),
    receivedAt: (await h!.now()).toISOString(),
  };
  return h!.open('correction', input, actorOf(requester ?? provider, 'staff'));
}

const state = async (handle: CaseHandle) => (await h!.state(handle)) as unknown as CorrectionState;

/** Not overdue a second before the deadline; after it, missed at the deadline itself and escalated within a second. */
async function expectEscalatedAt(handle: CaseHandle, dueAt: string, authority: string) {
  await h!.sleepUntil(new Date(Date.parse(dueAt) - 1000).toISOString());
  expect((await state(handle)).overdue).toBe(false);
  await h!.sleepUntil(new Date(Date.parse(dueAt) + 1000).toISOString());
  const s = await eventually(async () => {
    const now = await state(handle);
    expect(now.overdue).toBe(true);
    return now;
  });
  const d = s.deadlines.find((x) => x.kind === 'correction')!;
  expect(d).toMatchObject({ status: 'missed', missedAt: dueAt, escalatedTo: 'authority' });
  expect(Date.parse(d.escalatedAt!) - Date.parse(dueAt)).toBeGreaterThanOrEqual(0);
  expect(Date.parse(d.escalatedAt!) - Date.parse(dueAt)).toBeLessThan(1000);
  expect(s.violations).toEqual([expect.objectContaining({ duty: 'correction', article: 'Art. 39', clause: '(6)', ordersRectification: authority, at: dueAt, status: 'open' })]);
  await eventually(async () => {
    const told = await h!.database.db.select().from(notifications).where(eq(notifications.recipient, authority));
    expect(told.map((n) => n.kind)).toContain('deadline_missed');
  });
}

describe('the provider verifies, corrects and reports within its period (Art. 26; HLJ Art. 24)', () => {
  it('when a Beijing provider receives a correction on 2026-09-25 (a holiday), then it owes the result by 2026-10-16T00:00:00.000+08:00 (national, 10 working days) and a miss escalates to 北京市政务服务和数据管理局 at that instant', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await file('110000-public-security', '110000-market-regulation');
      const s = await state(handle);
      expect(s).toMatchObject({ stage: 'awaiting_result', ruleSet: 'national', jurisdiction: '110000' });
      expect(s.deadlines).toEqual([expect.objectContaining({ kind: 'correction', workingDays: 10, ruleSet: 'national', article: 'Art. 26', dueAt: '2026-10-16T00:00:00.000+08:00', provisional: false })]);
      expect(s.links).toEqual([{ caseId: 'sr-delivered', process: 'share-request', relation: 'corrects' }]);
      await expectEscalatedAt(handle, '2026-10-16T00:00:00.000+08:00', '110000-data-sharing-authority');
      // Done late: the violation is rectified, the record keeps it, and the requester decides next.
      const after = await handle.executeUpdate(c.result.update, { args: [{ actor: actorOf('110000-public-security', 'staff'), outcome: 'corrected' }] });
      expect(after).toMatchObject({ stage: 'awaiting_acceptance', overdue: false, data: { result: { outcome: 'corrected', late: true } } });
      expect((after as unknown as CorrectionState).violations[0]).toMatchObject({ status: 'rectified' });
    });
  });

  it('when a Harbin provider receives one on 2026-09-25, then Heilongjiang\'s 5 working days apply: due 2026-10-10T00:00:00.000+08:00 (HLJ Art. 24), escalated to 哈尔滨市营商环境建设监督局', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await file('230100-public-security', '230102-market-regulation');
      expect((await state(handle)).deadlines[0]).toMatchObject({ workingDays: 5, ruleSet: 'heilongjiang', article: 'HLJ Art. 24', dueAt: '2026-10-10T00:00:00.000+08:00' });
      expect((await state(handle)).ruleSet).toBe('heilongjiang');
      await expectEscalatedAt(handle, '2026-10-10T00:00:00.000+08:00', '230100-data-sharing-authority');
    });
  });

  it('when a Fushun provider receives one on 2026-09-25, then Fushun having no period of its own, the national 10 apply: due 2026-10-16T00:00:00.000+08:00', async () => {
    h = await createHarness('2026-09-25T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await file('210400-public-security', '210400-market-regulation');
      expect(await state(handle)).toMatchObject({ ruleSet: 'fushun' });
      expect((await state(handle)).deadlines[0]).toMatchObject({ workingDays: 10, ruleSet: 'national', article: 'Art. 26', dueAt: '2026-10-16T00:00:00.000+08:00' });
      await expectEscalatedAt(handle, '2026-10-16T00:00:00.000+08:00', '210400-data-sharing-authority');
    });
  });

  it('when a Heilongjiang provider receives one on 2027-01-05, the last day of HLJ Art. 47, then it owes 5 working days: due 2027-01-13T00:00:00.000+08:00, provisional (2027\'s notice not loaded)', async () => {
    h = await createHarness('2027-01-05T09:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await file('230100-public-security', '230102-market-regulation');
      expect((await state(handle)).deadlines[0]).toMatchObject({ workingDays: 5, ruleSet: 'heilongjiang', dueAt: '2027-01-13T00:00:00.000+08:00', provisional: true });
      await expectEscalatedAt(handle, '2027-01-13T00:00:00.000+08:00', '230100-data-sharing-authority');
    });
  });

  it('when a Heilongjiang provider receives one on 2027-01-06, after HLJ Art. 47\'s two years, then the national 10 apply: due 2027-01-21T00:00:00.000+08:00', async () => {
    h = await createHarness('2027-01-06T09:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await file('230100-public-security', '230102-market-regulation');
      expect((await state(handle)).deadlines[0]).toMatchObject({ workingDays: 10, ruleSet: 'national', article: 'Art. 26', dueAt: '2027-01-21T00:00:00.000+08:00', provisional: true });
      await expectEscalatedAt(handle, '2027-01-21T00:00:00.000+08:00', '230100-data-sharing-authority');
    });
  });
});

describe('after the result (Art. 26)', () => {
  it('when the requester contests the result, then the case stays open as contested and the same-level authority is told; accepting or contesting again is 409', async () => {
    h = await createHarness('2026-11-02T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await file('110000-public-security', '110000-market-regulation');
      const provider = actorOf('110000-public-security', 'staff');
      const requester = actorOf('110000-market-regulation', 'staff');
      await expectRejected(handle.executeUpdate(c.result.update, { args: [{ actor: requester, outcome: 'corrected' }] }), 'WRONG_PARTY');
      await expectRejected(handle.executeUpdate(c.result.update, { args: [{ actor: provider, outcome: 'partly_corrected' }] }), 'VALIDATION_FAILED');
      await expectRejected(handle.executeUpdate(c.accept.update, { args: [{ actor: requester }] }), 'ILLEGAL_TRANSITION');
      await handle.executeUpdate(c.result.update, { args: [{ actor: provider, outcome: 'confirmed_accurate', explanation: '经核实，原数据准确' }] });
      await expectRejected(handle.executeUpdate(c.contest.update, { args: [{ actor: provider, reason: 'x' }] }), 'WRONG_PARTY');
      const contested = await handle.executeUpdate(c.contest.update, { args: [{ actor: requester, reason: '现场核查地址不符' }] });
      expect(contested).toMatchObject({ stage: 'contested', data: { contest: { reason: '现场核查地址不符' } } });
      await expectRejected(handle.executeUpdate(c.accept.update, { args: [{ actor: requester }] }), 'ILLEGAL_TRANSITION');
      const { status } = await handle.describe();
      expect(status.name).toBe('RUNNING');
      await eventually(async () => {
        const told = await h!.database.db.select().from(notifications).where(eq(notifications.recipient, '110000-data-sharing-authority'));
        expect(told.map((n) => n.kind)).toContain('correction_contested');
      });
    });
  });

  it('when a Heilongjiang provider records a person\'s application, then its result ends the case with no accept or contest step', async () => {
    h = await createHarness('2026-11-02T10:00:00.000+08:00');
    await h.worker.runUntil(async () => {
      const handle = await file('230100-public-security', undefined, 'data_subject');
      expect((await state(handle)).parties.map((p) => p.role)).toEqual(['provider', 'authority']);
      const done = await handle.executeUpdate(c.result.update, { args: [{ actor: actorOf('230100-public-security', 'staff'), outcome: 'corrected' }] });
      expect(done).toMatchObject({ stage: 'resolved' });
      await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    });
  });
});
