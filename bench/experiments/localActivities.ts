// Experiment (phase `e2e-local`, not run by default): the product workflow bundled with this module
// in place of '@temporalio/workflow' (a webpack alias in bench/infra.ts), so that every
// proxyActivities() becomes proxyLocalActivities() with the same timeout and retry policy. Nothing in
// the product changes; it shows what local activities would save in server round trips.
import { proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow/lib/index.js';

export * from '@temporalio/workflow/lib/index.js';

export function proxyActivities<A extends object>(options: ActivityOptions) {
  return proxyLocalActivities<A>({ startToCloseTimeout: options.startToCloseTimeout, retry: options.retry });
}
