// The one Temporal Schedule that takes the audit log's checkpoints (Art. 35), created at start by
// the process that runs the worker; idempotent, so every start (and every worker process) may call it.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { AUDIT_CHECKPOINT_SCHEDULE_ID, AUDIT_CHECKPOINT_WORKFLOW_ID, AUDIT_CHECKPOINT_WORKFLOW_TYPE, TASK_QUEUE } from '../workflows/shared';

export interface CheckpointScheduleOptions {
  intervalMs: number;
  taskQueue?: string;
  scheduleId?: string;
}

/** Creates the Schedule, or sets its interval and action if it exists with others: 'created', 'updated' or 'unchanged'. */
export async function ensureCheckpointSchedule(client: Client, { intervalMs, taskQueue = TASK_QUEUE, scheduleId = AUDIT_CHECKPOINT_SCHEDULE_ID }: CheckpointScheduleOptions): Promise<'created' | 'updated' | 'unchanged'> {
  const spec = { intervals: [{ every: intervalMs }] };
  const action = { type: 'startWorkflow' as const, workflowType: AUDIT_CHECKPOINT_WORKFLOW_TYPE, workflowId: AUDIT_CHECKPOINT_WORKFLOW_ID, taskQueue, args: [] as [] };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      // One run at a time; after downtime one catch-up run, not one per missed tick.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      memo: { purpose: 'sequences new case events into the audit log and signs a checkpoint (Art. 35)' },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(scheduleId);
  const current = await handle.describe();
  const sameInterval = current.spec.intervals?.length === 1 && current.spec.intervals[0]!.every === intervalMs && !current.spec.calendars?.length;
  const sameAction = current.action.type === 'startWorkflow' && current.action.workflowType === action.workflowType && current.action.taskQueue === taskQueue;
  if (sameInterval && sameAction) return 'unchanged';
  await handle.update((prev) => ({ ...prev, spec, action }));
  return 'updated';
}
