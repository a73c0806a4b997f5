// The webhook API's contract as zod schemas: request bodies and queries (what the routes validate
// with), the answers, and the payload we send (for the OpenAPI document's paths and `webhooks`).
import { z } from 'zod';
import type { ProcessRegistry } from '../cases/registry';
import { MAX_CURSOR_LENGTH } from '../cursor';
import { text } from '../text';
import { wholeNumber } from '../validation';

/** A target URL: https (http only to networks an operator allow-listed, outside production); checked again by the SSRF guard. */
export const WebhookUrl = text({ max: 2048 }).describe('https URL the events are POSTed to');
const Description = text({ max: 500, prose: true });

/** The event types of the registered processes (each chain's `type`s, from their declarations), as `<process>.<type>`. */
export function webhookEventTypes(processes: ProcessRegistry): { eventTypes: string[]; wildcards: string[] } {
  return {
    eventTypes: processes.all.flatMap((p) => p.eventTypes.map((t) => `${p.declaration.process}.${t}`)),
    wildcards: processes.names().map((p) => `${p}.*`),
  };
}

/** The bodies that name event types: an event type, or `<process>.*` for all of a process's events. */
export function webhookBodies(processes: ProcessRegistry) {
  const { eventTypes, wildcards } = webhookEventTypes(processes);
  const filters = new Set([...eventTypes, ...wildcards]);
  const EventTypeFilter = text({ max: 100 })
    .refine((t) => filters.has(t), { message: `expected an event type such as share-request.deadline_missed, or share-request.* (see GET /webhooks/event-types)` })
    .describe('`<process>.<event>` (e.g. `share-request.deadline_missed`) or `<process>.*`');
  return {
    RegisterWebhookBody: z
      .object({
        url: WebhookUrl,
        eventTypes: z.array(EventTypeFilter).min(1).max(50),
        description: Description.optional(),
      })
      .strict(),
    UpdateWebhookBody: z
      .object({
        url: WebhookUrl.optional(),
        eventTypes: z.array(EventTypeFilter).min(1).max(50).optional(),
        /** null clears it. */
        description: Description.nullable().optional(),
        enabled: z.boolean().optional(),
      })
      .strict()
      .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' }),
  };
}

export const EmptyBody = z.object({}).strict();

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;

export const DeliveryListQuery = z
  .object({
    status: z.enum(DELIVERY_STATUSES).optional(),
    limit: wholeNumber('limit', { min: 1, max: 100 }).default(20),
    cursor: text({ max: MAX_CURSOR_LENGTH }).optional(),
  })
  .strict();

/** A string in an answer or a payload: described with the same primitive as inputs (no other string schema lives in api/). */
const str = (max = 2048) => text({ max });
const Instant = str(40).describe('ISO 8601 in Asia/Shanghai with milliseconds, e.g. 2026-10-16T09:30:00.000+08:00');

export const WebhookView = z.object({
  id: str(),
  departmentId: str(),
  url: str(),
  eventTypes: z.array(str()),
  description: str().nullable(),
  enabled: z.boolean(),
  /** Until then the secret before the last rotation still signs too. */
  previousSecretValidUntil: Instant.nullable(),
  createdAt: Instant,
  createdBy: str(),
  updatedAt: Instant,
  updatedBy: str(),
});

/** The answer to a registration or a rotation: the only time the secret is shown. */
export const WebhookWithSecret = WebhookView.extend({
  secret: str().describe('`whsec_` + base64: verify signatures with it (Standard Webhooks); shown this once'),
});

export const WebhookList = z.object({ webhooks: z.array(WebhookView) });

export const DeliveryAttemptView = z.object({
  attempt: z.number().int(),
  at: Instant,
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  outcome: z.enum(['delivered', 'failed']),
  errorClass: z.enum(['http_status', 'redirect', 'timeout', 'connection', 'dns', 'address_refused', 'tls']).nullable(),
  manual: z.boolean(),
});

export const DeliveryView = z.object({
  id: str().describe('the `webhook-id` header: the same on every attempt and redelivery'),
  webhookId: str(),
  eventType: str(),
  caseId: str(),
  seq: z.number().int(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: Instant.nullable(),
  lastAttemptAt: Instant.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastErrorClass: str().nullable(),
  deliveredAt: Instant.nullable(),
  createdAt: Instant,
});

export const DeliveryDetail = DeliveryView.extend({ attemptLog: z.array(DeliveryAttemptView) });
export const DeliveryList = z.object({ deliveries: z.array(DeliveryView), nextCursor: str().nullable() });
export const EventTypeList = z.object({ eventTypes: z.array(str()), wildcards: z.array(str()) });

/**
 * What a receiver gets (the Standard Webhooks envelope: type, timestamp, data): a thin event that
 * names the case and what happened to it, never the case's content — the receiver reads that through
 * the API with its own credentials, as far as the department may.
 */
export const WebhookEventPayload = z
  .object({
    type: str().describe('`<process>.<event>`'),
    timestamp: Instant.describe('when the event happened'),
    data: z.object({
      eventId: str().describe('`<caseId>:<seq>`'),
      caseId: str(),
      process: str(40).describe("the case's process (e.g. share-request)"),
      event: str(),
      seq: z.number().int(),
      stage: str().nullable().describe('the stage the event left the case in'),
      occurredAt: Instant,
      eventHash: str().describe("the event's hash in the case's chain (the case's GET lists it)"),
      departmentId: str().describe('the receiving department'),
      relation: str(100).describe("the receiving department's relation to the case: a party's role (e.g. requester), or `<role>-authority` for the authority at that party's level"),
    }),
  })
  .strict();

export type WebhookEventPayload = z.infer<typeof WebhookEventPayload>;

/** The headers every delivery carries (Standard Webhooks). */
export const WebhookDeliveryHeaders = z.object({
  'webhook-id': str(),
  'webhook-timestamp': str().describe('Unix seconds of the attempt'),
  'webhook-signature': str().describe('`v1,<base64 HMAC-SHA256>`, space-separated; two during a rotation'),
});
