// `npm run api`: the HTTP API alone, against an existing Temporal cluster (TEMPORAL_ADDRESS) and
// PostgreSQL (DATABASE_URL); run as many as you like behind a load balancer. It applies pending
// migrations under an advisory lock (db/client.ts) unless the database's owner already has.
import { startApiProcess } from '../service';
import { runUntilSignalled, warningLines } from './lib/processMain';

runUntilSignalled(startApiProcess, (api, config) => [
  'Government data sharing API is running.',
  `  API:       ${api.apiUrl}`,
  `  Temporal:  ${api.temporalAddress}`,
  api.metricsUrl ? `  Metrics:   ${api.metricsUrl}` : undefined,
  api.calendarWarning ? `  Calendar:  ${api.calendarWarning}` : undefined,
  ...warningLines(config),
]);
