// Temporal goes away under a running API: every call that needs it answers 503 TEMPORAL_UNAVAILABLE
// with Retry-After within the call deadline (never a hang, never a 500), reads from PostgreSQL keep
// working, readiness names Temporal, and when a server comes back on the same port and SQLite file
// the same API process, client and worker carry on by themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, type LiveStack } from './helpers/liveStack';
import { eventually } from './helpers/shareRequestHarness';
import { approval, BEIJING, submission } from './helpers/fixtures';

const CALL_TIMEOUT_MS = 2_000;
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
  timed('POST', `/share-requests/${id}/reply`, { as: PROVIDER, body: { decision: 'agree', approval: approval(PROVIDER) } });

describe('when the Temporal server goes down and comes back', () => {
  it('then calls into Temporal answer 503 within the deadline, reads still work, and everything works again after the restart', { timeout: 120_000 }, async () => {
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
      expect(res.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
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

    await live.temporal.restart();

    // No restart of the API, its client or the worker: they reconnect by themselves.
    await eventually(async () => expect((await live.call('GET', '/health/ready')).status).toBe(200), 20_000);
    const replied = await reply(id);
    expect(replied.status).toBe(200);
    expect(replied.body.stage).toBe('awaiting_delivery');
    const after = await timed('POST', '/share-requests', { as: REQUESTER, body: submission() });
    expect(after.status).toBe(201);
    expect(after.body.stage).toBe('awaiting_reply');
  });
});
