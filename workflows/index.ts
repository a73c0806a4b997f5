// Every workflow the worker runs: one per statutory process (its declaration's workflowType), one line
// each. Workflow code is deterministic: no I/O, no clock, no Node built-ins.
export { shareRequest } from './shareRequest/workflow';
export { correction } from './correction/workflow';
// The audit log's checkpoints (one Schedule, audit-checkpoints), not a statutory process.
export { auditCheckpoint } from './audit/workflow';
// The recomputation of open cases after a calendar change: one per calendar version, not a statutory process.
export { calendarRecomputation } from './calendar/recompute';
// Outbound webhooks: one long-running dispatcher over the outbox, not a statutory process.
export { webhookDispatcher } from './webhooks/dispatcher';
