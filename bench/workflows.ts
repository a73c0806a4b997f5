// Bench-only workflows, bundled into the bench worker on its own task queue (never in
// workflows/index.ts). The no-op lifecycle takes the same messages the API sends to a share request
// (start, then the updates started, reply, delivery, receiptConfirmation) and does nothing else:
// no activities, no timers, no search attributes. Its throughput is the Temporal server's ceiling.
import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const NOOP_TASK_QUEUE = 'gds-bench-noop';

/** The updates of one unconditional national lifecycle, in the order the API sends them. */
export const NOOP_STEPS = ['started', 'reply', 'delivery', 'receiptConfirmation'] as const;
export const noopUpdates = NOOP_STEPS.map((name) => defineUpdate<number, []>(name));

export async function noopLifecycle(): Promise<number> {
  let seen = 0;
  let finished = false;
  noopUpdates.forEach((update, i) =>
    setHandler(update, () => {
      seen += 1;
      if (i === NOOP_STEPS.length - 1) finished = true;
      return seen;
    }),
  );
  await condition(() => finished);
  await condition(allHandlersFinished);
  return seen;
}
