// Every workflow the worker runs, one per statutory process (workflow type = process name).
// Workflow code is deterministic: no I/O, no clock, no Node built-ins.
export { shareRequest } from './shareRequest/workflow';
// The audit log's checkpoints (one Schedule, audit-checkpoints), not a statutory process.
export { auditCheckpoint } from './audit/workflow';
// Outbound webhooks: one long-running dispatcher over the outbox, not a statutory process.
export { webhookDispatcher } from './webhooks/dispatcher';
