// `npm run worker`: one Temporal worker alone (workflows and activities of every case, and the
// audit-checkpoints Schedule), against TEMPORAL_ADDRESS and DATABASE_URL; run as many as you like:
// Temporal spreads the work over every worker polling the task queue.
import { startWorkerProcess } from '../service';
import { TASK_QUEUE } from '../workflows/shared';
import { runUntilSignalled } from './lib/processMain';

runUntilSignalled(startWorkerProcess, (worker, config) => [
  'Government data sharing worker is running.',
  `  Temporal:    ${worker.temporalAddress} (namespace ${config.temporal.namespace}, task queue ${TASK_QUEUE})`,
  `  Identity:    ${worker.identity}`,
  worker.metricsUrl ? `  Metrics:     ${worker.metricsUrl}` : undefined,
  worker.calendarWarning ? `  Calendar:    ${worker.calendarWarning}` : undefined,
]);
