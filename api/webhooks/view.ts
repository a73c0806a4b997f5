// What the webhook API answers (api/webhooks/contract.ts describes it): never a secret, sealed or not.
import type { WebhookDeliveryAttemptRow, WebhookDeliveryRow, WebhookSubscriptionRow } from '../../db/schema';
import { shanghaiIso } from '../../workflows/case/time';
import type { DeliveryAttemptView, DeliveryView, WebhookView } from './contract';
import type { z } from 'zod';

const iso = (d: Date | null): string | null => (d ? shanghaiIso(d) : null);

export function webhookView(w: WebhookSubscriptionRow): z.infer<typeof WebhookView> {
  return {
    id: w.id,
    departmentId: w.departmentId,
    url: w.url,
    eventTypes: w.eventTypes,
    description: w.description,
    enabled: w.enabled,
    previousSecretValidUntil: w.previousSecretUntil && w.previousSecretUntil > new Date() ? shanghaiIso(w.previousSecretUntil) : null,
    createdAt: shanghaiIso(w.createdAt),
    createdBy: w.createdBy,
    updatedAt: shanghaiIso(w.updatedAt),
    updatedBy: w.updatedBy,
  };
}

export function deliveryView(d: WebhookDeliveryRow): z.infer<typeof DeliveryView> {
  return {
    id: d.id,
    webhookId: d.subscriptionId,
    eventType: `${d.process}.${d.eventType}`,
    caseId: d.caseId,
    seq: d.seq,
    status: d.status as z.infer<typeof DeliveryView>['status'],
    attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt),
    lastAttemptAt: iso(d.lastAttemptAt),
    lastStatusCode: d.lastStatusCode,
    lastErrorClass: d.lastErrorClass,
    deliveredAt: iso(d.deliveredAt),
    createdAt: shanghaiIso(d.createdAt),
  };
}

export function attemptView(a: WebhookDeliveryAttemptRow): z.infer<typeof DeliveryAttemptView> {
  return {
    attempt: a.attempt,
    at: shanghaiIso(a.startedAt),
    durationMs: a.durationMs,
    statusCode: a.statusCode,
    outcome: a.outcome as 'delivered' | 'failed',
    errorClass: a.errorClass as z.infer<typeof DeliveryAttemptView>['errorClass'],
    manual: a.manual,
  };
}
