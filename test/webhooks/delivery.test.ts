// Webhooks delivered for real: a Temporal dev server, the worker with the dispatcher workflow, the
// API over PostgreSQL, share requests driven through the API, and a local receiver (loopback,
// allow-listed as an operator would an intranet receiver) that verifies signatures with the
// official `standardwebhooks` library. Short schedules: retries after 300 ms, 300 ms, then give up.
import { describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { caseEvents, webhookDeliveries, webhookSubscriptions } from '../../db/schema';
import { WebhookEventPayload } from '../../api/webhooks/contract';
import { workflowIdFor, WEBHOOK_DISPATCHER_WORKFLOW_ID } from '../../workflows/shared';
import { BEIJING, submission } from '../helpers/fixtures';
import { webhookStackForFile } from '../helpers/liveStack';
import { eventually } from '../helpers/shareRequestHarness';
import { testWebhookDeps, type Receiver, type Received } from '../helpers/webhooks';

const { requester: REQUESTER, provider: PROVIDER, authority: AUTHORITY } = BEIJING;
const deps = testWebhookDeps({ retryScheduleMs: [300, 300], attemptTimeoutMs: 1_000, pollIntervalMs: 100 });

const stack = webhookStackForFile(deps);
const receiver = stack.receiver;

/** A webhook of a department (its administrator registers it) to a receiver. */
async function webhook(department: string, url: string, eventTypes = ['share-request.*']): Promise<{ id: string; secret: string }> {
  const res = await stack.live.call('POST', '/webhooks', { as: `${department}-admin`, body: { url, eventTypes } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function openCase(): Promise<string> {
  const res = await stack.live.call('POST', '/share-requests', { as: REQUESTER, body: submission() });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const ofCase = (r: Receiver, caseId: string, type?: string): Received[] =>
  r.received.filter((x) => {
    const p = JSON.parse(x.body) as WebhookEventPayload;
    return p.data.caseId === caseId && (!type || p.type === type);
  });

const deliveriesOf = (webhookId: string) => stack.live.app.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, webhookId)).orderBy(asc(webhookDeliveries.seq));

const verify = (secret: string, r: Received) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as WebhookEventPayload;

describe('a webhook delivered', () => {
  it('when a case event happens, then each concerned department gets a thin event, signed so that the standardwebhooks library verifies it, and the delivery log says delivered', async () => {
    const toRequester = await receiver();
    const toAuthority = await receiver();
    const requesterHook = await webhook(REQUESTER, toRequester.url, ['share-request.received', 'share-request.reply_agreed']);
    const authorityHook = await webhook(AUTHORITY, toAuthority.url);

    const id = await openCase();
    const [got] = await eventually(async () => {
      const xs = ofCase(toRequester, id, 'share-request.received');
      expect(xs).toHaveLength(1);
      return xs;
    }, 30_000);
    const payload = verify(requesterHook.secret, got!);
    expect(WebhookEventPayload.parse(payload)).toEqual(payload);
    const [event] = await stack.live.app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.seq)).limit(1);
    expect(payload).toMatchObject({
      type: 'share-request.received',
      data: { caseId: id, process: 'share-request', event: 'received', seq: 1, stage: 'awaiting_reply', eventHash: event!.hash, departmentId: REQUESTER, relation: 'requester' },
    });
    // Thin: nothing of the submission (its scenario, scope, legal basis) travels.
    expect(got!.body).not.toContain(submission().usageScenario);
    expect(got!.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Math.abs(Number(got!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    // A tampered body does not verify.
    expect(() => new Webhook(requesterHook.secret).verify(got!.body.replace('received', 'withdrawn'), got!.headers as Record<string, string>)).toThrow();

    // The provider's same-level authority (Art. 21, 39) is concerned too, with its relation.
    await eventually(async () => expect(ofCase(toAuthority, id)).toHaveLength(1), 30_000);
    expect(verify(authorityHook.secret, ofCase(toAuthority, id)[0]!).data).toMatchObject({ relation: 'provider-authority', departmentId: AUTHORITY });

    // The requester asked for received and reply_agreed only: a supplement notice does not reach it.
    expect((await stack.live.call('POST', `/share-requests/${id}/supplement-notice`, { as: PROVIDER, body: { missingItems: ['用途说明'] } })).status).toBe(200);
    await eventually(async () => expect(ofCase(toAuthority, id)).toHaveLength(2), 30_000);
    expect(ofCase(toRequester, id)).toHaveLength(1);

    const log = await stack.live.call('GET', `/webhooks/${requesterHook.id}/deliveries`, { as: `${REQUESTER}-admin` });
    expect(log.body.deliveries).toEqual([expect.objectContaining({ id: got!.headers['webhook-id'], status: 'delivered', attempts: 1, lastStatusCode: 204, caseId: id })]);
    const detail = await stack.live.call('GET', `/webhooks/${requesterHook.id}/deliveries/${got!.headers['webhook-id']}`, { as: `${REQUESTER}-staff` });
    expect(detail.body.attemptLog).toEqual([expect.objectContaining({ attempt: 1, statusCode: 204, outcome: 'delivered', errorClass: null, manual: false })]);
  });

  it('when the receiver answers 500 and then 200, then the same message is retried on the schedule and delivered, both attempts logged', async () => {
    const r = await receiver((n) => (n === 0 ? 500 : 200));
    const hook = await webhook(REQUESTER, r.url, ['share-request.received']);
    const id = await openCase();
    await eventually(async () => expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 }), 30_000);
    const [first, second] = ofCase(r, id);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.body).toBe(first!.body);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(250);
    verify(hook.secret, second!);
    const detail = await stack.live.call('GET', `/webhooks/${hook.id}/deliveries/${first!.headers['webhook-id']}`, { as: `${REQUESTER}-admin` });
    expect(detail.body.attemptLog.map((a: { statusCode: number; outcome: string; errorClass: string | null }) => [a.statusCode, a.outcome, a.errorClass])).toEqual([
      [500, 'failed', 'http_status'],
      [200, 'delivered', null],
    ]);
  });

  it('when the receiver keeps failing, then the delivery gives up after the schedule; redelivered by hand, it goes out again with the same id and is delivered', async () => {
    const r = await receiver(() => 503);
    const hook = await webhook(REQUESTER, r.url, ['share-request.received']);
    const id = await openCase();
    await eventually(async () => expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null }), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(ofCase(r, id)).toHaveLength(3);
    const [d] = await deliveriesOf(hook.id);

    r.answerWith(() => 200);
    expect((await stack.live.call('POST', `/webhooks/${hook.id}/deliveries/${d!.id}/redeliver`, { as: `${REQUESTER}-staff` })).status).toBe(403);
    const res = await stack.live.call('POST', `/webhooks/${hook.id}/deliveries/${d!.id}/redeliver`, { as: `${REQUESTER}-admin` });
    expect(res.status).toBe(202);
    await eventually(async () => expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 4 }), 30_000);
    expect(ofCase(r, id).map((x) => x.headers['webhook-id'])).toEqual(Array(4).fill(d!.id));
    const detail = await stack.live.call('GET', `/webhooks/${hook.id}/deliveries/${d!.id}`, { as: `${REQUESTER}-admin` });
    expect(detail.body.attemptLog.map((a: { statusCode: number; manual: boolean }) => [a.statusCode, a.manual])).toEqual([
      [503, false],
      [503, false],
      [503, false],
      [200, true],
    ]);
  });

  it('when the secret was rotated, then during the grace period each delivery carries both signatures (either secret verifies), and after it only the new one', async () => {
    const r = await receiver();
    const hook = await webhook(REQUESTER, r.url, ['share-request.received']);
    const rotated = await stack.live.call('POST', `/webhooks/${hook.id}/secret-rotation`, { as: `${REQUESTER}-admin` });
    const during = await openCase();
    await eventually(async () => expect(ofCase(r, during)).toHaveLength(1), 30_000);
    const signed = ofCase(r, during)[0]!;
    expect(String(signed.headers['webhook-signature']).split(' ')).toHaveLength(2);
    verify(hook.secret, signed);
    verify(rotated.body.secret, signed);

    // The grace period over (as if a day had passed): only the new secret signs.
    await stack.live.app.database.db.update(webhookSubscriptions).set({ previousSecretUntil: new Date(Date.now() - 1_000) }).where(eq(webhookSubscriptions.id, hook.id));
    const after = await openCase();
    await eventually(async () => expect(ofCase(r, after)).toHaveLength(1), 30_000);
    const later = ofCase(r, after)[0]!;
    expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
    verify(rotated.body.secret, later);
    expect(() => verify(hook.secret, later)).toThrow();
  });

  it('when the receiver hangs, then case commands still answer at once: no case workflow waits for a delivery', async () => {
    const r = await receiver(() => 'hang');
    await webhook(REQUESTER, r.url, ['share-request.*']);
    const id = await openCase();
    // The receiver holds the first delivery open (it never answers)...
    await eventually(async () => expect(ofCase(r, id).length).toBeGreaterThan(0), 30_000);
    // ... while the parties carry on.
    const reply = await stack.live.call('POST', `/share-requests/${id}/reply`, { as: PROVIDER, body: { decision: 'agree' } });
    expect(reply.status).toBe(200);
    const delivery = await stack.live.call('POST', `/share-requests/${id}/delivery`, { as: PROVIDER, body: { method: 'service_api', reference: 'SVC-1' } });
    expect(delivery.status).toBe(200);
    // The case workflow's history holds no webhook activity: dispatching is the dispatcher's own workflow.
    const history = await stack.live.client.workflow.getHandle(workflowIdFor('share-request', id)).fetchHistory();
    const activities = (history.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes?.activityType?.name ? [e.activityTaskScheduledEventAttributes.activityType.name] : []));
    expect(activities).not.toContain('dispatchWebhooks');
    const dispatcher = await stack.live.client.workflow.getHandle(WEBHOOK_DISPATCHER_WORKFLOW_ID).describe();
    expect(dispatcher.status.name).toBe('RUNNING');
  });

  it('when a webhook is disabled or deleted, then the events meanwhile create no delivery; every event of a case creates one per webhook that asks for it, in its own transaction', async () => {
    const r = await receiver();
    const all = await webhook(REQUESTER, r.url, ['share-request.*']);
    const off = await webhook(REQUESTER, r.url, ['share-request.*']);
    const gone = await webhook(REQUESTER, r.url, ['share-request.*']);
    expect((await stack.live.call('PATCH', `/webhooks/${off.id}`, { as: `${REQUESTER}-admin`, body: { enabled: false } })).status).toBe(200);
    expect((await stack.live.call('DELETE', `/webhooks/${gone.id}`, { as: `${REQUESTER}-admin` })).status).toBe(204);
    const id = await openCase();
    expect((await stack.live.call('POST', `/share-requests/${id}/withdrawal`, { as: REQUESTER, body: { reason: '需求变更' } })).status).toBe(200);
    const events = await stack.live.app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.seq));
    expect((await deliveriesOf(all.id)).filter((d) => d.caseId === id).map((d) => [d.seq, d.eventType, d.eventHash])).toEqual(events.map((e) => [e.seq, e.type, e.hash]));
    expect((await deliveriesOf(off.id)).filter((d) => d.caseId === id)).toEqual([]);
    expect((await deliveriesOf(gone.id)).filter((d) => d.caseId === id)).toEqual([]);
    // Deliveries due together go out together, in no promised order: receivers order by `seq`.
    await eventually(async () => expect(ofCase(r, id).map((x) => (JSON.parse(x.body) as WebhookEventPayload).type).sort()).toEqual(['share-request.received', 'share-request.withdrawn']), 20_000);
  });
});
