// Worker bootstrap: one worker on TASK_QUEUE with the workflows bundle and the activity factory.
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUE } from '../workflows/shared';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Bundled with the workflows: the principal header becomes each command's actor. */
export const WORKFLOW_INTERCEPTOR_MODULES = [fileURLToPath(new URL('../workflows/case/principal.ts', import.meta.url))];

export interface WorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  /**
   * Workflows kept in memory between tasks. Open cases wait on server-side timers and need no cache
   * slot; the SDK's default (sized from the heap limit, ~2,300 here) let RSS reach 1.3 GB with
   * 10,000 open cases (bench/README.md).
   */
  maxCachedWorkflows?: number;
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES },
    activities: createActivities(opts),
    maxCachedWorkflows: opts.maxCachedWorkflows,
  });
}
