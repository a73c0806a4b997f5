// The webhook dispatcher's activities (workflows/webhooks/dispatcher.ts): which webhooks have
// deliveries due, and a pass over one webhook's (or, for dispatchers started before per-webhook
// passes, every webhook's): claim what is due, send it at once (each with its own deadline), record
// every attempt, and schedule the next try by WEBHOOK_RETRY_SCHEDULE or give up. Claims are leases (FOR UPDATE SKIP LOCKED), so two
// passes at once — two workers, a retried activity — never send the same delivery together; one that
// dies leaves its claims to lapse. Times are the database's clock, as the outbox's are.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { webhookDeliveries, webhookDeliveryAttempts, webhookSubscriptions, type WebhookDeliveryRow, type WebhookSubscriptionRow } from '../../db/schema';
import type { WebhookDispatchPass, WebhookDueTargets } from '../../workflows/shared';
import { bodyOf } from './payload';
import type { SecretKey } from './secrets';
import { sendWebhook, type AttemptResult } from './send';
import type { WebhookDeps } from './settings';

const DEFAULT_BATCH = 20;
const DEFAULT_TARGET_CONCURRENCY = 4;
const DEFAULT_DEPARTMENT_CONCURRENCY = 4;
const HEARTBEAT_MS = 5_000;

type Rows<T> = { rows: T[] };

/** The secrets that sign now: the current one, and the one before a rotation while its grace lasts. */
export function signingSecrets(key: SecretKey, s: WebhookSubscriptionRow, now: Date): string[] {
  const out = [key.open(s.secret!, s.id)];
  if (s.previousSecret && s.previousSecretUntil && s.previousSecretUntil > now) out.push(key.open(s.previousSecret, s.id));
  return out;
}

export function createWebhookActivities({ db, webhooks: configured }: { db: Database; webhooks?: WebhookDeps }) {
  /** Claims up to `batch` due deliveries of enabled webhooks (of one, if `webhookId`) for `leaseMs`. */
  async function claim(lease: string, leaseMs: number, batch: number, webhookId?: string): Promise<Array<{ d: WebhookDeliveryRow; s: WebhookSubscriptionRow }>> {
    const claimed = (await db.execute(sql`
      UPDATE ${webhookDeliveries} SET lease_id = ${lease}, lease_until = clock_timestamp() + ${leaseMs} * interval '1 millisecond'
      WHERE id IN (
        SELECT d.id FROM ${webhookDeliveries} d JOIN ${webhookSubscriptions} s ON s.id = d.subscription_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= clock_timestamp() AND (d.lease_until IS NULL OR d.lease_until < clock_timestamp())
          AND s.enabled AND s.deleted_at IS NULL ${webhookId === undefined ? sql`` : sql`AND d.subscription_id = ${webhookId}`}
        ORDER BY d.next_attempt_at LIMIT ${batch}
        FOR UPDATE OF d SKIP LOCKED)
      RETURNING id`)) as unknown as Rows<{ id: string }>;
    if (claimed.rows.length === 0) return [];
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .where(inArray(webhookDeliveries.id, claimed.rows.map((r) => r.id)));
    return rows.map((r) => ({ d: r.webhook_deliveries, s: r.webhook_subscriptions }));
  }

  /** Logs the attempt, then — if the claim still holds (no redelivery reset it meanwhile) — its outcome. */
  async function record(d: WebhookDeliveryRow, lease: string, startedAt: Date, r: AttemptResult, schedule: readonly number[]): Promise<void> {
    await db.transaction(async (tx) => {
      const [counted] = await tx
        .update(webhookDeliveries)
        .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: startedAt, lastStatusCode: r.statusCode ?? null, lastErrorClass: r.errorClass ?? null })
        .where(eq(webhookDeliveries.id, d.id))
        .returning({ attempts: webhookDeliveries.attempts });
      await tx.insert(webhookDeliveryAttempts).values({
        deliveryId: d.id,
        attempt: counted!.attempts,
        startedAt,
        durationMs: r.durationMs,
        statusCode: r.statusCode ?? null,
        outcome: r.ok ? 'delivered' : 'failed',
        errorClass: r.errorClass ?? null,
        manual: d.manual,
      });
      const step = d.step + 1;
      const waitMs = schedule[step - 1];
      const outcome = r.ok
        ? { status: 'delivered', deliveredAt: sql`clock_timestamp()`, nextAttemptAt: null }
        : waitMs === undefined
          ? { status: 'failed', nextAttemptAt: null }
          : { status: 'pending', nextAttemptAt: sql`clock_timestamp() + ${waitMs} * interval '1 millisecond'` };
      await tx
        .update(webhookDeliveries)
        .set({ ...outcome, step, leaseId: null, leaseUntil: null, manual: false })
        .where(and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.leaseId, lease)));
    });
  }

  /** Milliseconds until the next pending delivery (`where`: of the webhooks it leaves) is due, or its claim lapses. */
  async function nextDueInMs(where = sql``): Promise<number | null> {
    const res = (await db.execute(sql`
      SELECT (EXTRACT(EPOCH FROM (min(GREATEST(d.next_attempt_at, coalesce(d.lease_until, d.next_attempt_at))) - clock_timestamp())) * 1000)::float8 AS ms
      FROM ${webhookDeliveries} d JOIN ${webhookSubscriptions} s ON s.id = d.subscription_id
      WHERE d.status = 'pending' AND s.enabled AND s.deleted_at IS NULL ${where}`)) as unknown as Rows<{ ms: number | string | null }>;
    const ms = res.rows[0]?.ms;
    return ms === null || ms === undefined ? null : Math.max(0, Math.ceil(Number(ms)));
  }

  function settings(): WebhookDeps {
    // A worker started without the webhook settings: another worker (or this one, restarted) takes the pass.
    if (!configured) throw ApplicationFailure.retryable('this worker has no webhook settings (WEBHOOK_*)', 'WEBHOOKS_NOT_CONFIGURED');
    return configured;
  }

  return {
    /** Webhooks with deliveries due and none claimed, oldest first, except those already being delivered to. */
    async dueWebhookTargets({ busy, limit }: { busy: string[]; limit: number }): Promise<WebhookDueTargets> {
      const { pollIntervalMs, departmentConcurrency } = settings();
      const notBusy = busy.length === 0 ? sql`` : sql`AND d.subscription_id NOT IN (${sql.join(busy.map((id) => sql`${id}`), sql`, `)})`;
      const due = (await db.execute(sql`
        SELECT d.subscription_id AS "webhookId", s.department_id AS "departmentId"
        FROM ${webhookDeliveries} d JOIN ${webhookSubscriptions} s ON s.id = d.subscription_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= clock_timestamp() AND (d.lease_until IS NULL OR d.lease_until < clock_timestamp())
          AND s.enabled AND s.deleted_at IS NULL ${notBusy}
        GROUP BY d.subscription_id, s.department_id
        ORDER BY min(d.next_attempt_at) LIMIT ${Math.max(0, limit)}`)) as unknown as Rows<{ webhookId: string; departmentId: string }>;
      return {
        targets: due.rows.map((r) => ({ webhookId: r.webhookId, departmentId: r.departmentId })),
        // Only what falls due later: what is due now is in `targets`, started or waiting for a pass to end.
        nextDueInMs: await nextDueInMs(sql`${notBusy} AND GREATEST(d.next_attempt_at, coalesce(d.lease_until, d.next_attempt_at)) > clock_timestamp()`),
        pollIntervalMs,
        perDepartment: departmentConcurrency ?? DEFAULT_DEPARTMENT_CONCURRENCY,
      };
    },

    /** One pass: over one webhook's due deliveries (`webhookId`), or over every webhook's (dispatchers started before per-webhook passes). */
    async dispatchWebhooks(scope: { webhookId?: string } = {}): Promise<WebhookDispatchPass> {
      const webhooks = settings();
      const batch = scope.webhookId === undefined ? (webhooks.batch ?? DEFAULT_BATCH) : (webhooks.targetConcurrency ?? DEFAULT_TARGET_CONCURRENCY);
      const context = Context.current();
      const beat = setInterval(() => context.heartbeat(), HEARTBEAT_MS);
      try {
        const lease = randomUUID();
        // Long enough for every attempt of the pass; a pass that dies leaves its claims to lapse.
        const claimed = await claim(lease, webhooks.attemptTimeoutMs * 2 + 30_000, batch, scope.webhookId);
        const results = await Promise.all(
          claimed.map(async ({ d, s }) => {
            const startedAt = new Date();
            try {
              const secrets = signingSecrets(webhooks.secretKey, s, startedAt);
              const result = await sendWebhook({ url: s.url, id: d.id, body: bodyOf(d), secrets, policy: webhooks.policy, timeoutMs: webhooks.attemptTimeoutMs, ca: webhooks.ca });
              await record(d, lease, startedAt, result, webhooks.retryScheduleMs);
              if (!result.ok) log.info('webhook attempt failed', { deliveryId: d.id, webhookId: s.id, statusCode: result.statusCode, errorClass: result.errorClass });
              return result.ok;
            } catch (err) {
              // Not the receiver's doing (a secret that does not open, the database): the claim lapses and the next pass tries again.
              log.error('webhook delivery not attempted', { deliveryId: d.id, webhookId: s.id, error: err instanceof Error ? err.name : 'error' });
              return false;
            }
          }),
        );
        const delivered = results.filter(Boolean).length;
        return { claimed: claimed.length, delivered, failed: claimed.length - delivered, batch, nextDueInMs: await nextDueInMs(), pollIntervalMs: webhooks.pollIntervalMs };
      } finally {
        clearInterval(beat);
      }
    },
  };
}
