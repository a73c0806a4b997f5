// Tables of outbound webhooks (issue 9): each department's subscriptions, the outbox of deliveries
// (filled by a trigger on case_events, migration 0008) and every attempt. Re-exported by db/schema.ts.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * A department's webhook: where its events go and which. The signing secrets are stored encrypted
 * (activities/webhooks/secrets.ts), shown once when made, never logged or read back by the API.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    departmentId: text('department_id').notNull(),
    url: text('url').notNull(),
    description: text('description'),
    /** `share-request.received`, or every event of a process: `share-request.*`. */
    eventTypes: text('event_types').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Ciphertext of the current `whsec_…` secret; null once deleted. */
    secret: text('secret'),
    /** The secret before the last rotation, still signing (beside the new one) until `previous_secret_until`. */
    previousSecret: text('previous_secret'),
    previousSecretUntil: timestamp('previous_secret_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: text('updated_by').notNull(),
    /** Deleted webhooks keep their delivery log but are gone for the API. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('webhook_subscriptions_department_idx').on(t.departmentId, t.createdAt)],
);

/**
 * One event for one webhook (the outbox). `id` is the Standard Webhooks `webhook-id`: the same on
 * every attempt and on a manual redelivery, so receivers can drop duplicates.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id').notNull(),
    departmentId: text('department_id').notNull(),
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    revision: integer('revision').notNull(),
    process: text('process').notNull(),
    eventType: text('event_type').notNull(),
    /** The stage the event left the case in. */
    stage: text('stage'),
    /** The department's relation to the case (requester, provider, provider-authority, requester-authority). */
    relation: text('relation').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    eventHash: text('event_hash').notNull(),
    /** pending → delivered | failed (gave up) | cancelled (webhook deleted); a redelivery makes it pending again. */
    status: text('status').notNull(),
    /** Attempts made in the current schedule (a redelivery starts a new one). */
    step: integer('step').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** A dispatcher's claim: another one skips the row until it lapses. */
    leaseId: text('lease_id'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** The next attempt was asked for by hand (redeliver). */
    manual: boolean('manual').notNull().default(false),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastErrorClass: text('last_error_class'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_idx').on(t.subscriptionId, t.caseId, t.seq),
    index('webhook_deliveries_list_idx').on(t.subscriptionId, t.createdAt, t.id),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check('webhook_deliveries_status', sql`${t.status} IN ('pending', 'delivered', 'failed', 'cancelled')`),
  ],
);

/** Every attempt: what the receiver answered or why it could not be reached, never the secret or the body. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    /** delivered | failed */
    outcome: text('outcome').notNull(),
    /** Why it failed: http_status, redirect, timeout, connection, dns, address_refused, tls, webhook_unavailable. */
    errorClass: text('error_class'),
    manual: boolean('manual').notNull().default(false),
  },
  (t) => [uniqueIndex('webhook_delivery_attempts_idx').on(t.deliveryId, t.attempt)],
);

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookDeliveryAttemptRow = typeof webhookDeliveryAttempts.$inferSelect;
