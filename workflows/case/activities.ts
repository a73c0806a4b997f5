// The engine's and the processes' steps, as local activities: each is short and idempotent (a
// deadline lookup, one DB transaction keyed by event seq, one outbox row keyed by its id), so a
// command costs one workflow task (bench/README.md). Results are markers in history: replay never
// recomputes a deadline with a newer calendar.
import { proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

export const acts = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Unbounded retries: a database that is down for a while delays the step, it does not lose it.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});
