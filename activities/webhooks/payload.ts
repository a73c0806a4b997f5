// The body of a delivery, built from its outbox row: the same bytes on every attempt (only the
// timestamp header and the signature over it change).
import type { WebhookDeliveryRow } from '../../db/schema';
import type { WebhookEventPayload } from '../../api/webhooks/contract';
import { shanghaiIso } from '../../workflows/case/time';

export function payloadOf(d: WebhookDeliveryRow): WebhookEventPayload {
  const occurredAt = shanghaiIso(d.occurredAt);
  return {
    type: `${d.process}.${d.eventType}`,
    timestamp: occurredAt,
    data: {
      eventId: `${d.caseId}:${d.seq}`,
      caseId: d.caseId,
      process: d.process,
      event: d.eventType,
      seq: d.seq,
      stage: d.stage,
      occurredAt,
      eventHash: d.eventHash,
      departmentId: d.departmentId,
      relation: d.relation,
    },
  };
}

export const bodyOf = (d: WebhookDeliveryRow): string => JSON.stringify(payloadOf(d));
