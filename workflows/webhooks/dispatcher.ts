// The webhook dispatcher: its own long-running workflow, never a case's. It passes over the outbox
// (case events write it, in their own transaction), sends what is due through activities, and
// sleeps until the next delivery is due or the poll interval ends. A case workflow never waits for
// a receiver; and each webhook gets passes of its own, so a slow or dead receiver delays nothing
// but its own deliveries — not another webhook's, nor another department's.
import { condition, continueAsNew, patched, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { WebhookDispatchPass, WebhookDueTargets } from './contract';

const { dispatchWebhooks } = proxyActivities<Activities>({
  // A pass is bounded by WEBHOOK_ATTEMPT_TIMEOUT (at most a minute) and heartbeats; a worker that
  // dies mid-pass is noticed by the heartbeat, and its claimed deliveries are taken again once their lease lapses.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  // The database away: keep trying, never give up (the outbox waits).
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const { dueWebhookTargets } = proxyActivities<Activities>({
  // One query; no heartbeat.
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Runs started before per-webhook passes replay on the batch loop until they continue as new. */
export const PER_WEBHOOK_PATCH = 'webhook-per-target-passes';
/** Passes per run before continuing as new (keeps the history short). */
const PASSES_PER_RUN = 500;
/** The shortest wait when the outbox was not drained by a full batch. */
const MIN_WAIT_MS = 50;
/** Webhooks delivered to at once, at most: the worker's activity slots are shared with the cases. */
export const MAX_WEBHOOKS_IN_FLIGHT = 32;

export function nextWait(pass: WebhookDispatchPass): number {
  if (pass.claimed >= pass.batch) return 0;
  const due = pass.nextDueInMs ?? pass.pollIntervalMs;
  return Math.min(Math.max(due, MIN_WAIT_MS), pass.pollIntervalMs);
}

/**
 * Which due webhooks to start now: not past the cap of webhooks in flight, nor past a department's
 * bound (`inFlight`: webhook → its department, the passes running).
 */
export function webhooksToStart(due: WebhookDueTargets, inFlight: ReadonlyMap<string, string>): string[] {
  const perDepartment = new Map<string, number>();
  for (const department of inFlight.values()) perDepartment.set(department, (perDepartment.get(department) ?? 0) + 1);
  const start: string[] = [];
  for (const { webhookId, departmentId } of due.targets) {
    if (inFlight.size + start.length >= MAX_WEBHOOKS_IN_FLIGHT) break;
    const n = perDepartment.get(departmentId) ?? 0;
    if (inFlight.has(webhookId) || n >= due.perDepartment) continue;
    perDepartment.set(departmentId, n + 1);
    start.push(webhookId);
  }
  return start;
}

export async function webhookDispatcher(): Promise<void> {
  if (patched(PER_WEBHOOK_PATCH)) await perWebhookPasses();
  else await batchPasses();
  await continueAsNew<typeof webhookDispatcher>();
}

/** Each webhook with deliveries due gets a pass of its own; the dispatcher never waits for one to look again. */
async function perWebhookPasses(): Promise<void> {
  const inFlight = new Map<string, string>();
  let finished = 0;
  for (let i = 0; i < PASSES_PER_RUN && !workflowInfo().continueAsNewSuggested; i++) {
    const due = await dueWebhookTargets({ busy: [...inFlight.keys()], limit: MAX_WEBHOOKS_IN_FLIGHT - inFlight.size });
    const departments = new Map(due.targets.map((t) => [t.webhookId, t.departmentId]));
    for (const webhookId of webhooksToStart(due, inFlight)) {
      inFlight.set(webhookId, departments.get(webhookId)!);
      const done = () => {
        inFlight.delete(webhookId);
        finished++;
      };
      // Retried until it succeeds (the outbox waits); a cancelled one frees its slot too.
      void dispatchWebhooks({ webhookId }).then(done, done);
    }
    // Look again when a pass ends (its webhook may have more due, or free a department's slot), when
    // the next delivery is due, or at the poll interval (new events are found by looking).
    const seen = finished;
    const wait = Math.min(Math.max(due.nextDueInMs ?? due.pollIntervalMs, MIN_WAIT_MS), due.pollIntervalMs);
    await condition(() => finished !== seen, wait);
  }
  await condition(() => inFlight.size === 0);
}

/** One pass over every webhook at a time: the loop of runs started before per-webhook passes. */
async function batchPasses(): Promise<void> {
  for (let i = 0; i < PASSES_PER_RUN && !workflowInfo().continueAsNewSuggested; i++) {
    const wait = nextWait(await dispatchWebhooks());
    if (wait > 0) await sleep(wait);
  }
}
