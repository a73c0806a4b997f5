// Temporal goes away under a running API: every call that needs it answers 503 TEMPORAL_UNAVAILABLE
// with Retry-After within the call deadline (never a hang, never a 500), reads from PostgreSQL keep
// working, readiness names Temporal, and when a server comes back on the same port and SQLite file
// the same API process, client and worker carry on by themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, type LiveStack } from './helpers/liveStack';
import { eventually } from './helpers/shareRequestHarness';
import { BEIJING, submission } from './helpers/fixtures';

const CALL_TIMEOUT_MS = 2_000;
const OUTAGE_MS = 30_000;
const { requester: REQUESTER, provider: PROVIDER } = BEIJING;

let live: LiveStack;
beforeAll(async () => {
  live = await startLiveStack({ temporalCallTimeoutMs: CALL_TIMEOUT_MS });
});
afterAll(async () => {
  await live?.teardown();
});

/** A request and how long it took to answer. */
async function timed(method: string, path: string, opts: { as?: string; body?: unknown } = {}) {
  const started = Date.now();
  const res = await live.call(method, path, opts);
  return { ...res, ms: Date.now() - started };
}

const reply = (id: string) =>
  timed('POST', `/share-requests/${id}/reply`, { as: PROVIDER, body: { decision: 'agree' } });

describe('when the Temporal server goes down and comes back', () => {
  it('then calls into Temporal answer 503 within the deadline, reads still work, and everything works again within seconds of the restart', { timeout: 150_000 }, async () => {
    const before = await timed('POST', '/share-requests', { as: REQUESTER, body: submission() });
    expect(before.status).toBe(201);
    const id: string = before.body.id;
    expect((await live.call('GET', '/health/ready')).status).toBe(200);

    await live.temporal.stop();

    for (const res of [
      await timed('POST', '/share-requests', { as: REQUESTER, body: submission() }),
      await reply(id),
    ]) {
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('TEMPORAL_UNAVAILABLE');
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      // The deadline, plus what the machine needs to answer (two shared cores).
      expect(res.ms).toBeLessThan(CALL_TIMEOUT_MS + 1_000);
    }

    // The read model is PostgreSQL's: a case can still be read while Temporal is away.
    const read = await timed('GET', `/share-requests/${id}`, { as: REQUESTER });
    expect(read.status).toBe(200);
    expect(read.body.stage).toBe('awaiting_reply');

    const ready = await timed('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(ready.body).toMatchObject({ status: 'unavailable', down: ['temporal'], checks: { database: { status: 'up' }, temporal: { status: 'down' } } });
    expect(ready.ms).toBeLessThan(CALL_TIMEOUT_MS + 1_000);
    expect((await live.call('GET', '/health/live')).status).toBe(200);

    // A longer outage, probed as a load balancer would: every probe answers in time, and grpc-js's
    // reconnect backoff (1 s × 1.6ⁿ, up to 120 s by default) grows past 10 s meanwhile.
    const downUntil = Date.now() + OUTAGE_MS;
    while (Date.now() < downUntil) {
      const probe = await timed('GET', '/health/ready');
      expect(probe.status).toBe(503);
      expect(probe.ms).toBeLessThan(CALL_TIMEOUT_MS + 1_000);
      await new Promise((r) => setTimeout(r, 1_000));
    }

    await live.temporal.restart();
    const restartedAt = Date.now();

    // No restart of the API, its client or the worker: they reconnect by themselves. The API's
    // channel within seconds (its backoff is capped; grpc-js's default could take minutes).
    await eventually(async () => expect((await live.call('GET', '/health/ready')).status).toBe(200), 30_000);
    expect(Date.now() - restartedAt).toBeLessThan(5_000);
    // The worker's polls back off too (a few seconds here). Until it is back a submission may answer
    // 503; with an Idempotency-Key it is safe to send again, and the case is one case.
    const headers = { 'Idempotency-Key': `after-outage-${Date.now()}` };
    const resubmitted = await eventually(async () => {
      const res = await live.call('POST', '/share-requests', { as: REQUESTER, body: submission(), headers });
      expect([200, 201]).toContain(res.status);
      return res;
    }, 30_000);
    expect(resubmitted.body.stage).toBe('awaiting_reply');

    const replied = await reply(id);
    expect(replied.status).toBe(200);
    expect(replied.body.stage).toBe('awaiting_delivery');
  });
});
