// The case engine's API (api/cases), through the share request, against a real Temporal dev server,
// a real worker and real PostgreSQL: idempotency decided in PostgreSQL (after the workflow closed
// and even after it was deleted), idempotent commands, racing commands, and visibility.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { WorkflowNotFoundError } from '@temporalio/client';
import { caseCommands, caseEvents, caseSubmissions } from '../../db/schema';
import { temporalCliPath } from '../../scripts/lib/temporalBinaries';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { eventually } from '../helpers/shareRequestHarness';
import { verifyChain } from '../../audit/chain';
import { BEIJING, submission } from '../helpers/fixtures';

const { requester: REQUESTER, provider: PROVIDER } = BEIJING;
const OUTSIDER = '210400-natural-resources';

let live: LiveStack;
beforeAll(async () => {
  live = await startLiveStack();
});
afterAll(async () => {
  await live?.teardown();
});

const submit = (headers: Record<string, string> = {}, body: unknown = submission()) => live.call('POST', '/share-requests', { as: REQUESTER, body, headers });
const post = (id: string, command: string, as: string, body: unknown, headers: Record<string, string> = {}) =>
  live.call('POST', `/share-requests/${id}/${command}`, { as, body, headers });
const agree = () => ({ decision: 'agree' });
const eventTypes = async (id: string) => (await live.app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, id))).map((e) => e.type);

async function completedCase(key: string) {
  const created = await submit({ 'Idempotency-Key': key });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await post(id, 'reply', PROVIDER, agree())).status).toBe(200);
  expect((await post(id, 'delivery', PROVIDER, { method: 'service_api', reference: 'SVC-1' })).status).toBe(200);
  expect((await post(id, 'receipt-confirmation', REQUESTER, {})).status).toBe(200);
  await live.client.workflow.getHandle(`share-request:${id}`).result();
  return created;
}

describe('idempotent opening, decided in PostgreSQL', () => {
  it('when a byte-identical submission is re-sent for a case that has finished, then 200 replays it (key order does not matter)', async () => {
    const key = `finished-${Date.now()}`;
    const created = await completedCase(key);
    const reordered = Object.fromEntries(Object.entries(submission()).reverse());
    const again = await submit({ 'Idempotency-Key': key }, reordered);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toMatchObject({ id: created.body.id, stage: 'completed' });
  });

  it('when the closed workflow was deleted from Temporal (`temporal workflow delete`) and the submission is re-sent, then 200 from the record and no new workflow', async () => {
    const key = `deleted-${Date.now()}`;
    const created = await completedCase(key);
    const workflowId = `share-request:${created.body.id}`;
    execFileSync(temporalCliPath(), ['workflow', 'delete', '--workflow-id', workflowId, '--address', live.temporal.address, '--yes'], { stdio: 'pipe' });
    await eventually(async () => {
      await expect(live.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }, 75_000); // deletion is asynchronous: about 30 s on the dev server
    const again = await submit({ 'Idempotency-Key': key });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: created.body.id, stage: 'completed' });
    await expect(live.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  }, 120_000);

  it('when an opening is refused, then its key is given back and nothing stays written', async () => {
    const key = `refused-${Date.now()}`;
    const res = await submit({ 'Idempotency-Key': key }, submission({ catalogueEntryId: 'no-such-entry' }));
    expect(res.status).toBe(400);
    const rows = await live.app.database.db.select({ n: count() }).from(caseSubmissions).where(eq(caseSubmissions.idempotencyKey, key));
    expect(rows[0]!.n).toBe(0);
  });
});

describe('idempotent commands', () => {
  it('when a command is retried with its Idempotency-Key, then the first outcome is replayed; with another body, 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const { body: created } = await submit();
    const first = await post(created.id, 'supplement-notice', PROVIDER, { missingItems: ['用途说明'] }, { 'Idempotency-Key': 'notice-1' });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBe('false');
    const again = await post(created.id, 'supplement-notice', PROVIDER, { missingItems: ['用途说明'] }, { 'Idempotency-Key': 'notice-1' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await post(created.id, 'supplement-notice', PROVIDER, { missingItems: ['另一项'] }, { 'Idempotency-Key': 'notice-1' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await eventTypes(created.id)).toEqual(['received', 'supplement_notice_sent']);
  });

  it('when a rejected command is retried with its key, then the same rejection is replayed', async () => {
    const { body: created } = await submit();
    const first = await post(created.id, 'delivery', PROVIDER, { method: 'service_api', reference: 'x' }, { 'Idempotency-Key': 'early-delivery' });
    expect(first.status).toBe(409);
    const again = await post(created.id, 'delivery', PROVIDER, { method: 'service_api', reference: 'x' }, { 'Idempotency-Key': 'early-delivery' });
    expect(again.status).toBe(409);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('when 20 identical commands with one key arrive at once, then one is applied and 19 are replays of it', async () => {
    const { body: created } = await submit();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(created.id, 'reply', PROVIDER, agree(), { 'Idempotency-Key': 'reply-once' })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'false')).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.stage))).toEqual(new Set(['awaiting_delivery']));
    expect((await eventTypes(created.id)).filter((t) => t === 'reply_agreed')).toHaveLength(1);
    const [stored] = await live.app.database.db.select().from(caseCommands).where(and(eq(caseCommands.caseId, created.id), eq(caseCommands.idempotencyKey, 'reply-once')));
    expect(stored).toMatchObject({ responseStatus: 200, command: 'reply' });
  });
});

describe('the same request many times at once', () => {
  it('when 20 identical submissions with one key arrive at once, then one case: one answer is 201, the other 19 are 200 replays of it', async () => {
    const key = { 'Idempotency-Key': `storm-${Date.now()}` };
    const answers = await Promise.all(Array.from({ length: 20 }, () => submit(key)));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'false')).toHaveLength(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const [claims] = await live.app.database.db.select({ n: count() }).from(caseSubmissions).where(eq(caseSubmissions.idempotencyKey, key['Idempotency-Key']));
    expect(claims!.n).toBe(1);
  });

  /** 20 identical commands at once (no key): one 200, 19 × 409 with the stage it left the case in, never a 500; recorded once. */
  async function race(id: string, command: string, as: string, body: unknown, event: string, stage: string, round: number) {
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(id, command, as, body)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses, `round ${round}: ${JSON.stringify(answers.filter((a) => a.status >= 500).map((a) => a.body))}`).toEqual([200, ...Array(19).fill(409)]);
    for (const a of answers.filter((x) => x.status === 409)) expect([a.body.code, a.body.stage]).toEqual(['ILLEGAL_TRANSITION', stage]);
    // Recorded once in the chain (a workflow task the server refused while updates kept arriving may
    // have written superseded attempts of the same step: they stay on record, apart).
    const { events, supersededEvents } = (await live.call('GET', `/share-requests/${id}`, { as: REQUESTER })).body;
    expect(events.filter((e: { type: string }) => e.type === event)).toHaveLength(1);
    expect(verifyChain(id, [...events, ...supersededEvents]).broken).toBeUndefined();
  }

  it('when 20 identical replies race on a case, in 20 rounds, then none answers 500: one 200 and 19 × 409 with the stage, every round', async () => {
    for (let round = 0; round < 20; round++) {
      const { body: created } = await submit();
      await race(created.id, 'reply', PROVIDER, agree(), 'reply_agreed', 'awaiting_delivery', round);
    }
  }, 240_000);

  it('when 20 identical last steps race, so that the case closes under the others, then one 200 and 19 × 409 with the stage completed', async () => {
    const { body: created } = await submit();
    await post(created.id, 'reply', PROVIDER, agree());
    await post(created.id, 'delivery', PROVIDER, { method: 'service_api', reference: 'SVC-LAST' });
    await race(created.id, 'receipt-confirmation', REQUESTER, {}, 'receipt_confirmed', 'completed', 0);
  });

  it('when two departments use the same Idempotency-Key on one case, then each is its own command: neither blocks the other', async () => {
    const { body: created } = await submit();
    const key = { 'Idempotency-Key': 'shared-key' };
    expect((await post(created.id, 'reply', PROVIDER, agree(), key)).status).toBe(200);
    expect((await post(created.id, 'delivery', PROVIDER, { method: 'service_api', reference: 'SVC-K' }, { 'Idempotency-Key': 'provider-2' })).status).toBe(200);
    const confirmed = await post(created.id, 'receipt-confirmation', REQUESTER, {}, key);
    expect([confirmed.status, confirmed.headers.get('idempotent-replayed'), confirmed.body.stage]).toEqual([200, 'false', 'completed']);
    const rows = await live.app.database.db.select().from(caseCommands).where(and(eq(caseCommands.caseId, created.id), eq(caseCommands.idempotencyKey, 'shared-key')));
    expect(rows.map((r) => [r.departmentId, r.command]).sort()).toEqual([[REQUESTER, 'receipt-confirmation'], [PROVIDER, 'reply']]);
  });
});

describe('racing commands and visibility', () => {
  it('when a reply and a withdrawal race, then one wins and the loser gets 409 with the current stage, never 404', async () => {
    const { body: created } = await submit();
    const [reply, withdrawal] = await Promise.all([post(created.id, 'reply', PROVIDER, agree()), post(created.id, 'withdrawal', REQUESTER, {})]);
    const statuses = [reply.status, withdrawal.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = reply.status === 409 ? reply : withdrawal;
    const winner = reply.status === 200 ? reply : withdrawal;
    expect(loser.body.code).toBe('ILLEGAL_TRANSITION');
    expect(loser.body.stage).toEqual(winner.body.stage);
  });

  it('when two receipt confirmations race on the last step, then the loser gets 409 with the stage, not 404', async () => {
    const { body: created } = await submit();
    await post(created.id, 'reply', PROVIDER, agree());
    await post(created.id, 'delivery', PROVIDER, { method: 'service_api', reference: 'SVC-2' });
    const answers = await Promise.all([post(created.id, 'receipt-confirmation', REQUESTER, {}), post(created.id, 'receipt-confirmation', REQUESTER, {})]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.stage).toEqual('completed');
    // After the workflow has closed, a command still answers 409 with the stage.
    const late = await post(created.id, 'receipt-confirmation', REQUESTER, {});
    expect(late.status).toBe(409);
    expect(late.body.stage).toEqual('completed');
  });

  it('when a department that may not see a case sends a command to a finished one, then 404 and no stage leaks; a party with the wrong role gets 403 naming no third party', async () => {
    const created = await completedCase(`vis-${Date.now()}`);
    const outsider = await post(created.body.id, 'reply', OUTSIDER, { decision: 'agree' });
    expect(outsider.status).toBe(404);
    expect(JSON.stringify(outsider.body)).not.toContain('completed');
    const { body: open } = await submit();
    const wrongRole = await post(open.id, 'delivery', REQUESTER, { method: 'service_api', reference: 'x' });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.detail).not.toMatch(/110000-/);
  });
});
