// The webhook dispatcher's workflow (not a case: no case ID, no search attributes). Pure: safe
// inside the workflow sandbox.

/** The one dispatcher, started idempotently by every process that runs a worker. */
export const WEBHOOK_DISPATCHER_WORKFLOW_ID = 'webhook-dispatcher';

/** Its type: the export name in workflows/index.ts. */
export const WEBHOOK_DISPATCHER_WORKFLOW_TYPE = 'webhookDispatcher';

/** What one pass over the outbox did, and when to look again. */
export interface WebhookDispatchPass {
  /** Deliveries claimed and attempted by this pass. */
  claimed: number;
  delivered: number;
  failed: number;
  /** The batch size: a full batch means more may be due now. */
  batch: number;
  /** Milliseconds until the next pending delivery is due (null: none pending). */
  nextDueInMs: number | null;
  /** WEBHOOK_POLL_INTERVAL: the longest wait between passes (new events are found by looking). */
  pollIntervalMs: number;
}

/** A webhook with deliveries due now, none of them claimed. */
export interface WebhookDueTarget {
  webhookId: string;
  departmentId: string;
}

/** The webhooks the dispatcher may start delivering to, and when to look again. */
export interface WebhookDueTargets {
  /** Oldest due first, none of those the dispatcher said are busy. */
  targets: WebhookDueTarget[];
  /** Milliseconds until a delivery of a webhook not busy falls due later (null: none): what is due now is in `targets`. */
  nextDueInMs: number | null;
  pollIntervalMs: number;
  /** WEBHOOK_DEPARTMENT_CONCURRENCY: a department's webhooks delivered to at once. */
  perDepartment: number;
}
