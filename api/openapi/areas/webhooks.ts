// /webhooks (api/webhooks/routes.ts): a department's outbound webhooks, managed by its administrator
// (department_admin), and the payload every delivery carries (the document's `webhooks` section).
import { z } from 'zod';
import {
  DeliveryDetail,
  DeliveryList,
  DeliveryListQuery,
  DeliveryView,
  EmptyBody,
  EventTypeList,
  WebhookDeliveryHeaders,
  WebhookEventPayload,
  WebhookList,
  WebhookView,
  WebhookWithSecret,
  webhookBodies,
} from '../../webhooks/contract';
import { named, type ApiArea } from '../kit';

const Webhook = named('Webhook', WebhookView);
const WebhookCreated = named('WebhookWithSecret', WebhookWithSecret);
const Delivery = named('WebhookDelivery', DeliveryView);
const webhookId = z.object({ webhookId: z.string() });
const deliveryIds = z.object({ webhookId: z.string(), deliveryId: z.string() });

export const webhookArea: ApiArea = {
  when: (features) => features.webhooks,
  register(doc, features) {
    const { RegisterWebhookBody, UpdateWebhookBody } = webhookBodies(features.processes);
    doc.tag('webhooks', "A department's outbound webhooks (Standard Webhooks signatures), managed by its administrator");
    const op = { tag: 'webhooks' } as const;
    doc.operation({ ...op, method: 'get', path: '/webhooks/event-types', operationId: 'listWebhookEventTypes', summary: 'The event types a webhook may subscribe to', responses: { 200: { description: 'Event types and per-process wildcards', schema: EventTypeList } } });
    doc.operation({ ...op, method: 'post', path: '/webhooks', operationId: 'registerWebhook', summary: 'Register a webhook; its signing secret is shown this once', body: RegisterWebhookBody, errors: [403, 409], responses: { 201: { description: 'The webhook with its secret', schema: WebhookCreated } } });
    doc.operation({ ...op, method: 'get', path: '/webhooks', operationId: 'listWebhooks', summary: "The department's webhooks", responses: { 200: { description: 'Newest first', schema: WebhookList } } });
    doc.operation({ ...op, method: 'get', path: '/webhooks/{webhookId}', operationId: 'getWebhook', summary: 'One webhook (never its secret)', params: webhookId, errors: [404], responses: { 200: { description: 'The webhook', schema: Webhook } } });
    doc.operation({ ...op, method: 'patch', path: '/webhooks/{webhookId}', operationId: 'updateWebhook', summary: 'Change the URL, event types or description; disable or enable', params: webhookId, body: UpdateWebhookBody, errors: [403, 404], responses: { 200: { description: 'The webhook', schema: Webhook } } });
    doc.operation({ ...op, method: 'delete', path: '/webhooks/{webhookId}', operationId: 'deleteWebhook', summary: 'Delete; pending deliveries are cancelled', params: webhookId, errors: [403, 404], responses: { 204: { description: 'Deleted' } } });
    doc.operation({ ...op, method: 'post', path: '/webhooks/{webhookId}/secret-rotation', operationId: 'rotateWebhookSecret', summary: 'A new secret, shown this once; the old one keeps signing beside it for WEBHOOK_SECRET_GRACE', params: webhookId, body: EmptyBody, errors: [403, 404], responses: { 200: { description: 'The webhook with its new secret', schema: WebhookCreated } } });
    doc.operation({ ...op, method: 'get', path: '/webhooks/{webhookId}/deliveries', operationId: 'listWebhookDeliveries', summary: 'The delivery log, newest first', params: webhookId, query: DeliveryListQuery, errors: [404], responses: { 200: { description: 'A page of deliveries', schema: DeliveryList } } });
    doc.operation({ ...op, method: 'get', path: '/webhooks/{webhookId}/deliveries/{deliveryId}', operationId: 'getWebhookDelivery', summary: 'One delivery with every attempt', params: deliveryIds, errors: [404], responses: { 200: { description: 'The delivery', schema: DeliveryDetail } } });
    doc.operation({ ...op, method: 'post', path: '/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', operationId: 'redeliverWebhookDelivery', summary: 'Send again (same webhook-id), on a fresh retry schedule', params: deliveryIds, body: EmptyBody, errors: [403, 404, 409], responses: { 202: { description: 'Queued', schema: Delivery } } });
    doc.webhook({
      method: 'post',
      path: 'caseEvent',
      summary: 'A case event that concerns the department (Standard Webhooks: verify webhook-signature with the secret)',
      request: { headers: WebhookDeliveryHeaders, body: { content: { 'application/json': { schema: named('WebhookEventPayload', WebhookEventPayload) } } } },
      responses: { 200: { description: 'Any 2xx acknowledges the delivery; anything else, or no answer within WEBHOOK_ATTEMPT_TIMEOUT, is retried' } },
    });
  },
};
