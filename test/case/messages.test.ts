// Messages between cases on a real Temporal dev server (the courier, activities/case/messages.ts):
// delivered to a running case as the system, to a closed one run again from the database, and to
// one whose history Temporal deleted; refused with a record where the receiver cannot take it; the
// receiver's chain goes on unbroken and verifies. With the test-only process (its `forward` command
// sends its `note` message, which a closed inspection takes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { WorkflowNotFoundError } from '@temporalio/common';
import { caseEvents, cases } from '../../db/schema';
import { runAudit } from '../../audit/verifyChains';
import { caseStateQuery, workflowIdFor } from '../../workflows/shared';
import { INSPECTION_WORKFLOWS_PATH, WITH_INSPECTION } from '../helpers/testProcess/api';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { eventually } from '../helpers/shareRequestHarness';

const INSPECTOR = '110000-market-regulation';
const CATALOGUER = '110000-public-security';

let live: LiveStack;
beforeAll(async () => {
  live = await startLiveStack({ processes: WITH_INSPECTION, workflowsPath: INSPECTION_WORKFLOWS_PATH });
});
afterAll(async () => {
  await live?.teardown();
});

const inspect = async (): Promise<string> => {
  const res = await live.call('POST', '/test-inspections', { as: `${INSPECTOR}-staff`, body: { cataloguerId: CATALOGUER, question: '目录是否已更新？' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};
const answer = async (id: string) => {
  const res = await live.call('POST', `/test-inspections/${id}/answer`, { as: `${CATALOGUER}-staff`, body: { text: '已更新' } });
  expect(res.body.stage).toBe('answered');
};
const forward = (from: string, to: { process: string; caseId: string }, note: string) =>
  live.call('POST', `/test-inspections/${from}/forward`, { as: `${INSPECTOR}-staff`, body: { to, note } });
const events = async (caseId: string) => live.app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq));
const handle = (id: string) => live.client.workflow.getHandle(workflowIdFor('test-inspection', id));

/** The receiver recorded the note as the system's, and its whole chain verifies. */
async function expectNoted(id: string, note: string) {
  const rows = await eventually(async () => {
    const all = await events(id);
    expect(all.at(-1)).toMatchObject({ type: 'note_received', data: { note }, actor: { departmentId: 'system', role: 'system' } });
    return all;
  }, 20_000);
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  const findings: unknown[] = [];
  const summary = await runAudit({ db: live.app.database.db, scope: { cases: eq(cases.id, id) }, report: (f) => void findings.push(f) });
  expect(findings).toEqual([]);
  expect(summary).toBeDefined();
  const [row] = await live.app.database.db.select().from(cases).where(eq(cases.id, id));
  expect(row!.version).toBe(rows.length);
}

describe('a message from one case to another', () => {
  it('when the receiver is running, then it records the note as the system\'s; the sender records that it sent it and nothing was refused', async () => {
    const [a, b] = [await inspect(), await inspect()];
    const sent = await forward(b, { process: 'test-inspection', caseId: a }, '请一并核查');
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await expectNoted(a, '请一并核查');
    expect((await events(b)).map((e) => e.type)).toEqual(['inspection_opened', 'note_forwarded']);
    const view = await live.call('GET', `/test-inspections/${a}`, { as: INSPECTOR });
    expect(view.body.events.at(-1)).toMatchObject({ type: 'note_received', actor: { role: 'system' } });
  });

  it('when the receiver has closed, then it is run again from its recorded state and chain head, takes the note, and closes again', async () => {
    const [a, b] = [await inspect(), await inspect()];
    await answer(a);
    const firstRun = (await handle(a).describe()).runId;
    await eventually(async () => expect((await handle(a).describe()).status.name).toBe('COMPLETED'));
    expect((await forward(b, { process: 'test-inspection', caseId: a }, '结案后补充')).status).toBe(200);
    await expectNoted(a, '结案后补充');
    const again = await eventually(async () => {
      const d = await handle(a).describe();
      expect(d.status.name).toBe('COMPLETED');
      return d;
    });
    expect(again.runId).not.toBe(firstRun);
    expect(await handle(a).query(caseStateQuery)).toMatchObject({ stage: 'answered' });
  });

  it('when the receiver\'s history is gone from Temporal (retention), then it is rebuilt from the database all the same', { timeout: 120_000 }, async () => {
    const [a, b] = [await inspect(), await inspect()];
    await answer(a);
    const { runId } = await eventually(async () => {
      const d = await handle(a).describe();
      expect(d.status.name).toBe('COMPLETED');
      return d;
    });
    await live.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: workflowIdFor('test-inspection', a), runId } });
    await eventually(async () => expect(await handle(a).describe().then(() => 'there', (e: unknown) => (e instanceof WorkflowNotFoundError ? 'gone' : String(e)))).toBe('gone'), 60_000);
    expect((await forward(b, { process: 'test-inspection', caseId: a }, '历史已删除')).status).toBe(200);
    await expectNoted(a, '历史已删除');
  });

  it('when the receiver does not exist, or its process takes no such message, then the sender records the refusal with its code', async () => {
    const b = await inspect();
    expect((await forward(b, { process: 'test-inspection', caseId: 'ti-nonexistent' }, '无此案件')).status).toBe(200);
    expect((await forward(b, { process: 'share-request', caseId: 'sr-whatever' }, '不收此消息')).status).toBe(200);
    expect((await forward(b, { process: 'no-such-process', caseId: 'x-1' }, '无此流程')).status).toBe(200);
    const refused = await eventually(async () => {
      const rows = (await events(b)).filter((e) => e.type === 'message_refused');
      expect(rows).toHaveLength(3);
      return rows;
    }, 20_000);
    expect(refused.map((r) => (r.data as { code: string }).code)).toEqual(['NOT_FOUND', 'ILLEGAL_TRANSITION', 'NOT_FOUND']);
    expect(refused.every((r) => r.actor === null)).toBe(true);
  });
});
