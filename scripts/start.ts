// `npm start`: the whole service with its embedded defaults; Ctrl-C stops everything cleanly.
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { startService } from '../service';
import { stopOnSignals } from '../ops/shutdown';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const service = await startService(config, log);
  const lines = [
    '',
    'Government data sharing service is running.',
    `  API:          ${service.apiUrl}   (try ${service.apiUrl}/calendar/deadline?from=2026-09-25&workingDays=10)`,
    `  Temporal:     ${service.temporalAddress}`,
    service.metricsUrl ? `  Metrics:      ${service.metricsUrl}` : undefined,
    service.temporalUiUrl ? `  Temporal UI:  ${service.temporalUiUrl}` : undefined,
    config.auth.devIssuerKeyFile ? `  Sign in:      ${service.apiUrl}/dev/sign-in   (or: npm run --silent token -- 110000-market-regulation-head)` : undefined,
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.filter((l) => l !== undefined).join('\n') + '\n');

  stopOnSignals({ log, stop: service.stop });
}

main().catch((err) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
