// The engine's clocks with the test-only process (helpers/testProcess/): a period nobody breaches
// that elapses, climbs a rung and at last moves the case to another stage; a clock paused and resumed
// across National Day with the exact new instant; a calendar re-arm that moves a running deadline and
// withdraws a miss it disproves; batched input applied once per item and not once per item's step.
// Each instant is asserted as Asia/Shanghai's; the tables are checked against the workflow's state.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { caseDeadlines, caseEvents, caseViolations } from '../../db/schema';
import { Client } from '@temporalio/client';
import { asActor, principalHeaderInterceptor } from '../../identity/temporalHeaders';
import { batchSignal } from '../../workflows/case/batch';
import { SYSTEM_ACTOR, SYSTEM_COMMANDS } from '../../workflows/case/system';
import { inspectionDeclaration, type InspectionInput, type InspectionState } from '../helpers/testProcess/contract';
import { INSPECTION_WORKFLOWS_PATH, WITH_INSPECTION } from '../helpers/testProcess/api';
import { CATALOGUER, INSPECTOR, openInspection } from '../helpers/testProcess/open';
import { actorOf, createHarness, eventually, type CaseHandle, type Harness } from '../helpers/shareRequestHarness';
import { expectRejected } from '../helpers/rejections';

const c = inspectionDeclaration.commands;

let h: Harness | undefined;
afterEach(async () => {
  await h?.teardown();
  h = undefined;
});

const inspect = (o: Partial<InspectionInput> = {}) => openInspection(h!, o);
const state = async (handle: CaseHandle) => (await h!.state(handle)) as unknown as InspectionState;
const rows = (caseId: string) => h!.database.db.select().from(caseDeadlines).where(eq(caseDeadlines.caseId, caseId)).orderBy(caseDeadlines.id);
const events = async (caseId: string) => (await h!.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.seq)).map((e) => e.type);

/** Every deadline in the state is in case_deadlines as the state has it. */
async function expectTablesAgree(handle: CaseHandle) {
  const s = await state(handle);
  await eventually(async () => {
    const table = await rows(s.id);
    for (const d of s.deadlines) {
      expect(table.find((r) => r.id === d.id), `deadline ${d.id}`).toMatchObject({ kind: d.kind, status: d.status, dueAt: new Date(d.dueAt), record: d });
    }
    const violations = await h!.database.db.select().from(caseViolations).where(eq(caseViolations.caseId, s.id));
    for (const v of s.violations) expect(violations.find((r) => r.id === v.id)).toMatchObject({ status: v.status, record: v });
  });
}

describe('a period nobody breaches (onMiss: elapse)', () => {
  it('when the observation period of 2 working days from Monday 2026-12-07 elapses at 2026-12-10T00:00+08:00, then it climbs to a second one due 2026-12-12T00:00+08:00, a third due 2026-12-16T00:00+08:00, and then the case lapses — none of them a violation', async () => {
    h = await createHarness('2026-12-07T10:00:00+08:00', { processes: WITH_INSPECTION, workflowsPath: INSPECTION_WORKFLOWS_PATH });
    await h.worker.runUntil(async () => {
      const handle = await inspect({ observationDays: 2 });
      const first = (await state(handle)).deadlines.find((d) => d.kind === 'observation')!;
      expect([first.dueAt, first.onMiss]).toEqual(['2026-12-10T00:00:00.000+08:00', 'elapse']);

      await h!.sleepUntil('2026-12-09T23:59:59+08:00');
      expect((await state(handle)).data.observationRung).toBe(1);
      await h!.sleepUntil('2026-12-10T00:00:01+08:00');
      const climbed = await eventually(async () => {
        const s = await state(handle);
        expect(s.data.observationRung).toBe(2);
        return s;
      });
      // Counted on from the elapsed period's last day (the 9th): Thursday and Friday.
      expect(climbed.deadlines.filter((d) => d.kind === 'observation').map((d) => [d.status, d.missedAt ?? null, d.dueAt])).toEqual([
        ['elapsed', '2026-12-10T00:00:00.000+08:00', '2026-12-10T00:00:00.000+08:00'],
        ['open', null, '2026-12-12T00:00:00.000+08:00'],
      ]);
      expect([climbed.overdue, climbed.violations]).toEqual([false, []]);

      await h!.sleepUntil('2026-12-16T00:00:01+08:00');
      const lapsed = await eventually(async () => {
        const s = await state(handle);
        expect(s.stage).toBe('lapsed');
        return s;
      });
      // The answer (3 working days, due 2026-12-11T00:00+08:00) was a duty: its miss is a violation. The observation's never were.
      expect(lapsed.violations.map((v) => [v.duty, v.at])).toEqual([['answer', '2026-12-11T00:00:00.000+08:00']]);
      expect(lapsed.deadlines.filter((d) => d.kind === 'observation').map((d) => [d.status, d.dueAt])).toEqual([
        ['elapsed', '2026-12-10T00:00:00.000+08:00'],
        ['elapsed', '2026-12-12T00:00:00.000+08:00'],
        ['elapsed', '2026-12-16T00:00:00.000+08:00'],
      ]);
      expect(await events(lapsed.id)).toEqual(['inspection_opened', 'observation_climbed', 'deadline_missed', 'observation_climbed', 'observation_lapsed']);
      await expectTablesAgree(handle);
    });
  });
});

describe('a clock paused and resumed (Draft.suspendDeadline / resumeDeadline)', () => {
  it('when the inspector pauses the answer (3 working days from Monday 2026-09-28, due 2026-10-09T00:00+08:00) on the 29th and resumes it on 2026-10-09 after National Day, then the 2 days left run from the 9th: Saturday the 10th (a make-up working day) and Monday the 12th — due 2026-10-13T00:00+08:00', async () => {
    h = await createHarness('2026-09-28T10:00:00+08:00', { processes: WITH_INSPECTION, workflowsPath: INSPECTION_WORKFLOWS_PATH });
    await h.worker.runUntil(async () => {
      const handle = await inspect();
      expect((await state(handle)).deadlines[0]!.dueAt).toBe('2026-10-09T00:00:00.000+08:00');
      await expectRejected(handle.executeUpdate(c.resume.update, { args: [{ actor: actorOf(INSPECTOR, 'staff'), reason: '未暂停' }] }), 'ILLEGAL_TRANSITION');
      await expectRejected(handle.executeUpdate(c.pause.update, { args: [{ actor: actorOf(CATALOGUER, 'staff'), reason: '不是检查方' }] }), 'WRONG_PARTY');

      await h!.sleepUntil('2026-09-29T15:00:00+08:00');
      const paused = await handle.executeUpdate(c.pause.update, { args: [{ actor: actorOf(INSPECTOR, 'staff'), reason: '等待协调' }] });
      expect(paused.deadlines[0]).toMatchObject({ status: 'suspended', suspension: { at: expect.stringMatching(/^2026-09-29T15:00:00\.\d{3}\+08:00$/), reason: '等待协调', by: INSPECTOR, remaining: { workingDays: 2 } } });
      await expectTablesAgree(handle);

      // Paused, its old instant passes without a miss.
      await h!.sleepUntil('2026-10-09T10:00:00+08:00');
      expect((await state(handle)).overdue).toBe(false);
      const resumed = (await handle.executeUpdate(c.resume.update, { args: [{ actor: actorOf(INSPECTOR, 'staff'), reason: '协调完毕' }] })) as unknown as InspectionState;
      expect(resumed.deadlines[0]).toMatchObject({ status: 'open', dueAt: '2026-10-13T00:00:00.000+08:00', dueDate: '2026-10-12' });
      expect(resumed.deadlines[0]!.suspension).toBeUndefined();
      expect(resumed.deadlines[0]!.rearms).toEqual([{ at: expect.stringMatching(/^2026-10-09T10:00:00\.\d{3}\+08:00$/), from: '2026-10-09T00:00:00.000+08:00', to: '2026-10-13T00:00:00.000+08:00', reason: '协调完毕' }]);
      await expectTablesAgree(handle);

      // And it is missed at its new instant, not a second before.
      await h!.sleepUntil('2026-10-12T23:59:59+08:00');
      expect((await state(handle)).overdue).toBe(false);
      await h!.sleepUntil('2026-10-13T00:00:01+08:00');
      const missed = await eventually(async () => {
        const s = await state(handle);
        expect(s.overdue).toBe(true);
        return s;
      });
      expect(missed.violations).toEqual([expect.objectContaining({ id: 1, deadlineId: 1, duty: 'answer', at: '2026-10-13T00:00:00.000+08:00' })]);
      await expectTablesAgree(handle);
      expect(await events(missed.id)).toEqual(['inspection_opened', 'answer_paused', 'answer_resumed', 'deadline_missed']);
    });
  });

  it('when a clock is paused on its last day and resumed later, then it has the rest of the resumption day: due at 24:00 of it', async () => {
    h = await createHarness('2026-09-28T10:00:00+08:00', { processes: WITH_INSPECTION, workflowsPath: INSPECTION_WORKFLOWS_PATH });
    await h.worker.runUntil(async () => {
      const handle = await inspect();
      await h!.sleepUntil('2026-10-08T09:00:00+08:00');
      const paused = await handle.executeUpdate(c.pause.update, { args: [{ actor: actorOf(INSPECTOR, 'staff'), reason: '最后一天暂停' }] });
      expect(paused.deadlines[0]!.suspension!.remaining).toEqual({ workingDays: 0 });
      await h!.sleepUntil('2026-10-14T09:00:00+08:00');
      const resumed = await handle.executeUpdate(c.resume.update, { args: [{ actor: actorOf(INSPECTOR, 'staff'), reason: '恢复' }] });
      expect(resumed.deadlines[0]).toMatchObject({ status: 'open', dueAt: '2026-10-15T00:00:00.000+08:00', dueDate: '2026-10-14' });
    });
  });
});

describe('the system\'s re-arm (a new calendar)', () => {
  it('when anyone but the system sends it, then FORBIDDEN; when the calendar moved nothing, then nothing is recorded', async () => {
    h = await createHarness('2026-09-28T10:00:00+08:00', { processes: WITH_INSPECTION, workflowsPath: INSPECTION_WORKFLOWS_PATH });
    await h.worker.runUntil(async () => {
      const handle = await inspect();
      const rearm = { reason: '国务院办公厅通知', notBefore: '2026-09-29T00:00:00.000+08:00' };
      await expectRejected(handle.executeUpdate(SYSTEM_COMMANDS.rearm.update, { args: [{ actor: actorOf(INSPECTOR, 'sharing_office_head'), ...rearm }] }), 'FORBIDDEN');
      const raw = h!.env.client.workflow.getHandle(handle.workflowId);
      const principal = (x: typeof raw) => new Client({ connection: h!.env.client.connection, interceptors: { workflow: [principalHeaderInterceptor] } }).workflow.getHandle(x.workflowId);
      const before = (await state(handle)).version;
      const after = await asActor(SYSTEM_ACTOR, () => principal(raw).executeUpdate(SYSTEM_COMMANDS.rearm.update, { args: [rearm] }));
      expect([after.version, (await state(handle)).version]).toEqual([before, before]);
    });
  });
});

describe('batched input (signal)', () => {
  it('when 30 usage records arrive in three signals, 10 of them sent twice, and the same signal again later, then 20 are applied, each once, in far fewer events than items', async () => {
    h = await createHarness('2026-09-28T10:00:00+08:00', { processes: WITH_INSPECTION, workflowsPath: INSPECTION_WORKFLOWS_PATH });
    await h.worker.runUntil(async () => {
      const handle = await inspect();
      const raw = h!.env.client.workflow.getHandle(handle.workflowId);
      const items = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ id: `call-${from + i}`, kind: 'usage', data: { at: from + i } }));
      await Promise.all([raw.signal(batchSignal, items(0, 10)), raw.signal(batchSignal, items(5, 15)), raw.signal(batchSignal, items(10, 20))]);
      const s = await eventually(async () => {
        const now = await state(handle);
        expect(now.data.usage).toBe(20);
        return now;
      });
      await raw.signal(batchSignal, items(0, 20));
      // Malformed items (no id) are dropped; the case does not fail.
      await raw.signal(batchSignal, [{ kind: 'usage' } as never, null as never]);
      await raw.signal(batchSignal, items(20, 21));
      await eventually(async () => expect((await state(handle)).data.usage).toBe(21));
      const recorded = (await events(s.id)).filter((t) => t === 'usage_recorded');
      expect(recorded.length).toBeGreaterThanOrEqual(2);
      expect(recorded.length).toBeLessThanOrEqual(4);
    });
  });
});

