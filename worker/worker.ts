// Worker bootstrap: one worker on TASK_QUEUE with the workflows bundle and the activity factory.
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker, type NativeConnection, type Logger as SdkLogger } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { ProcessApi } from '../api/cases/registry';
import { PROCESS_APIS } from '../processes';
import { ConfigError } from '../config';
import { TASK_QUEUE } from '../workflows/shared';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Bundled with the workflows: the principal header becomes each command's actor. */
export const WORKFLOW_INTERCEPTOR_MODULES = [fileURLToPath(new URL('../workflows/case/principal.ts', import.meta.url))];

/**
 * The workflows bundled exactly as a worker bundles them at start (interceptors included: with a
 * prebuilt bundle the SDK ignores `interceptors.workflowModules`), for `npm run build:bundle`,
 * the tests and the benchmark.
 */
export async function bundleWorkflows(logger?: SdkLogger, workflowsPath = WORKFLOWS_PATH): Promise<string> {
  return (await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger })).code;
}

/** Every bundle from bundleWorkflowCode ends with its inline base64 source map; the SDK needs it. */
function hasInlineSourceMap(code: string): boolean {
  const at = code.lastIndexOf('//# sourceMappingURL=data:application/json');
  return at > 0 && code.indexOf(';base64,', at) > 0;
}

/**
 * Checks WORKFLOW_BUNDLE_PATH before the SDK reads it, so a wrong path stops the worker with a
 * message naming the variable and the fix, not an ENOENT or "Can't extract inlined source map".
 */
export async function checkWorkflowBundle(path: string): Promise<void> {
  const bad = (why: string) => new ConfigError(`invalid configuration: WORKFLOW_BUNDLE_PATH ${path}: ${why}; build it with npm run build:bundle, or unset the variable to bundle at start`);
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw bad(err.code === 'ENOENT' ? 'no such file' : `cannot be read (${err.code ?? err.message})`);
  });
  if (!info.isFile()) throw bad('not a file');
  const code = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw bad(`cannot be read (${err.code ?? err.message})`);
  });
  if (!hasInlineSourceMap(code)) throw bad('not a workflow bundle (no inline source map)');
}

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
  /** WORKFLOW_BUNDLE_PATH: load this prebuilt bundle instead of bundling the source at start. */
  workflowBundlePath?: string;
  /** Whose activities it runs besides the engine's (default: every registered process). */
  processes?: readonly ProcessApi[];
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  if (opts.workflowBundlePath) await checkWorkflowBundle(opts.workflowBundlePath);
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    ...(opts.workflowBundlePath
      ? { workflowBundle: { codePath: opts.workflowBundlePath } }
      : { workflowsPath: WORKFLOWS_PATH, interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } }),
    activities: createActivities(opts, opts.processes ?? PROCESS_APIS),
    maxCachedWorkflows: opts.maxCachedWorkflows,
  });
}
