// The audit log's Schedule and its one workflow (not a case: no case ID, no search attributes).
// Pure: safe inside the workflow sandbox.

/** The one Schedule that sequences new events into the audit log and signs checkpoints. */
export const AUDIT_CHECKPOINT_SCHEDULE_ID = 'audit-checkpoints';

/** Workflow ID of each run (the Schedule appends the scheduled time); case workflow IDs are `<process>:<id>`, this has no ':'. */
export const AUDIT_CHECKPOINT_WORKFLOW_ID = 'audit-checkpoint';

/** The workflow's type: its export name in workflows/index.ts. */
export const AUDIT_CHECKPOINT_WORKFLOW_TYPE = 'auditCheckpoint';

/** What one run did. */
export interface AuditCheckpointRun {
  /** Events appended to the log by this run. */
  appended: number;
  /** The log's size afterwards. */
  size: number;
  /** The checkpoint signed, or null when the newest one still stands (no growth, heartbeat not due). */
  checkpoint: { treeSize: number; rootHash: string; time: string } | null;
}
