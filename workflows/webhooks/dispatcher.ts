// The webhook dispatcher: its own long-running workflow, never a case's. It passes over the outbox
// (case events write it, in their own transaction), sends what is due through an activity, and
// sleeps until the next delivery is due or the poll interval ends. A case workflow never waits for
// a receiver: a slow or dead one delays nothing but its own deliveries.
import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { WebhookDispatchPass } from './contract';

const { dispatchWebhooks } = proxyActivities<Activities>({
  // A pass is bounded by WEBHOOK_ATTEMPT_TIMEOUT (at most a minute) and heartbeats; a worker that
  // dies mid-pass is noticed by the heartbeat, and its claimed deliveries are taken again once their lease lapses.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  // The database away: keep trying, never give up (the outbox waits).
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Passes per run before continuing as new (keeps the history short). */
const PASSES_PER_RUN = 500;
/** The shortest wait when the outbox was not drained by a full batch. */
const MIN_WAIT_MS = 50;

export function nextWait(pass: WebhookDispatchPass): number {
  if (pass.claimed >= pass.batch) return 0;
  const due = pass.nextDueInMs ?? pass.pollIntervalMs;
  return Math.min(Math.max(due, MIN_WAIT_MS), pass.pollIntervalMs);
}

export async function webhookDispatcher(): Promise<void> {
  for (let i = 0; i < PASSES_PER_RUN && !workflowInfo().continueAsNewSuggested; i++) {
    const wait = nextWait(await dispatchWebhooks());
    if (wait > 0) await sleep(wait);
  }
  await continueAsNew<typeof webhookDispatcher>();
}
