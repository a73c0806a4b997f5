// `npm start`: the whole service with its embedded defaults; Ctrl-C stops everything cleanly.
import { startService } from '../service';
import { runUntilSignalled, warningLines } from './lib/processMain';

runUntilSignalled(startService, (service, config) => [
  'Government data sharing service is running.',
  `  API:          ${service.apiUrl}   (try ${service.apiUrl}/calendar/deadline?from=2026-09-25&workingDays=10)`,
  `  Temporal:     ${service.temporalAddress}`,
  service.metricsUrl ? `  Metrics:      ${service.metricsUrl}` : undefined,
  service.temporalUiUrl ? `  Temporal UI:  ${service.temporalUiUrl}` : undefined,
  config.auth.devIssuerKeyFile ? `  Sign in:      ${service.apiUrl}/dev/sign-in   (or: npm run --silent token -- 110000-market-regulation-head)` : undefined,
  service.calendarWarning ? `  Calendar:     ${service.calendarWarning}` : undefined,
  ...warningLines(config),
]);
