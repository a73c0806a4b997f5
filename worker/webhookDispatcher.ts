// The webhook dispatcher workflow, started at start by the process that runs the worker; idempotent
// (an already running dispatcher is kept), so every start and every worker process may call it.
import type { Client } from '@temporalio/client';
import { TASK_QUEUE, WEBHOOK_DISPATCHER_WORKFLOW_ID, WEBHOOK_DISPATCHER_WORKFLOW_TYPE } from '../workflows/shared';

export async function ensureWebhookDispatcher(client: Client, { taskQueue = TASK_QUEUE, workflowId = WEBHOOK_DISPATCHER_WORKFLOW_ID }: { taskQueue?: string; workflowId?: string } = {}): Promise<void> {
  await client.workflow.start(WEBHOOK_DISPATCHER_WORKFLOW_TYPE, { workflowId, taskQueue, args: [], workflowIdConflictPolicy: 'USE_EXISTING' });
}
