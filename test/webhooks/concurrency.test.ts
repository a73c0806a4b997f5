// Each webhook is delivered to on its own: a receiver that holds its deliveries open for the whole
// attempt deadline delays neither another department's webhook nor, past its own bound
// (WEBHOOK_TARGET_CONCURRENCY), takes more of the dispatcher; a department's webhooks together are
// bounded too (WEBHOOK_DEPARTMENT_CONCURRENCY).
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { webhookDeliveries } from '../../db/schema';
import { WebhookEventPayload } from '../../api/webhooks/contract';
import { MAX_WEBHOOKS_IN_FLIGHT, webhooksToStart } from '../../workflows/webhooks/dispatcher';
import { BEIJING, submission } from '../helpers/fixtures';
import { webhookStackForFile } from '../helpers/liveStack';
import { eventually } from '../helpers/shareRequestHarness';
import { testWebhookDeps, type Receiver } from '../helpers/webhooks';

const { requester: REQUESTER, authority: AUTHORITY } = BEIJING;
/** Long enough that a batch waiting for the slow receiver would show. */
const ATTEMPT_TIMEOUT_MS = 10_000;
const deps = testWebhookDeps({ retryScheduleMs: [60_000], attemptTimeoutMs: ATTEMPT_TIMEOUT_MS, pollIntervalMs: 200, targetConcurrency: 2 });

const stack = webhookStackForFile(deps);

async function hook(department: string, r: Receiver): Promise<string> {
  const res = await stack.live.call('POST', '/webhooks', { as: `${department}-admin`, body: { url: r.url, eventTypes: ['share-request.received'] } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function openCase(): Promise<string> {
  const res = await stack.live.call('POST', '/share-requests', { as: REQUESTER, body: submission() });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const caseIds = (r: Receiver) => r.received.map((x) => (JSON.parse(x.body) as WebhookEventPayload).data.caseId);

describe('webhook deliveries, each webhook on its own', () => {
  it('when one department\'s receiver never answers, then another department\'s deliveries go out at once meanwhile; the slow one\'s wait for its own pass, and go out at most its bound at a time', { timeout: 120_000 }, async () => {
    const slow = await stack.receiver(() => 'hang');
    const fast = await stack.receiver(() => 204);
    const slowHook = await hook(REQUESTER, slow);
    await hook(AUTHORITY, fast);

    const first = await openCase();
    await eventually(async () => expect(caseIds(slow)).toContain(first), 15_000);
    await eventually(async () => expect(caseIds(fast)).toContain(first), 15_000);

    // The slow receiver holds the first delivery open; three more cases, one after the other.
    const started = Date.now();
    const later = [await openCase(), await openCase(), await openCase()];
    await eventually(async () => expect(caseIds(fast)).toEqual(expect.arrayContaining(later)), 15_000);
    const fastTook = Date.now() - started;
    // Well before the slow receiver's attempts end (ATTEMPT_TIMEOUT_MS): nothing waited for them.
    expect(fastTook).toBeLessThan(ATTEMPT_TIMEOUT_MS / 2);
    const pending = await stack.live.app.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, slowHook));
    expect(pending.filter((d) => d.attempts > 0)).toEqual([]);

    // The slow webhook's own deliveries wait for its pass; when it ends (its attempt timed out), the
    // next pass sends the three due, but only WEBHOOK_TARGET_CONCURRENCY (2) at once.
    expect(slow.received).toHaveLength(1);
    await eventually(async () => expect(slow.received.length).toBeGreaterThan(1), ATTEMPT_TIMEOUT_MS + 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(slow.received).toHaveLength(3);
  });
});

describe('which webhooks the dispatcher starts', () => {
  const due = (targets: Array<[string, string]>, perDepartment = 2) => ({ targets: targets.map(([webhookId, departmentId]) => ({ webhookId, departmentId })), nextDueInMs: null, pollIntervalMs: 2_000, perDepartment });

  it('when a department already has its bound of webhooks in flight, then its other due webhooks wait and other departments\' start', () => {
    const inFlight = new Map([['wh_a1', 'A'], ['wh_a2', 'A']]);
    expect(webhooksToStart(due([['wh_a3', 'A'], ['wh_b1', 'B'], ['wh_b2', 'B'], ['wh_b3', 'B']]), inFlight)).toEqual(['wh_b1', 'wh_b2']);
    expect(webhooksToStart(due([['wh_a3', 'A']], 3), inFlight)).toEqual(['wh_a3']);
  });

  it('when the dispatcher has its cap of webhooks in flight, then nothing more starts until one ends', () => {
    const inFlight = new Map(Array.from({ length: MAX_WEBHOOKS_IN_FLIGHT - 1 }, (_, i) => [`wh_${i}`, `D${i}`] as [string, string]));
    expect(webhooksToStart(due([['wh_x', 'X'], ['wh_y', 'Y']]), inFlight)).toEqual(['wh_x']);
  });
});
