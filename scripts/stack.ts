// `npm run stack [-- --workers N]`: the production topology on this machine (scripts/lib/stack.ts):
// PostgreSQL, the Temporal server on it, Temporal UI if built, the API and N workers (default 2)
// as separate processes. Its state lives in ${DATA_DIR}/stack; Ctrl-C stops everything in order.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { startStack } from './lib/stack';

const { values } = parseArgs({ options: { workers: { type: 'string', default: '2' }, 'postgres-port': { type: 'string', default: '54330' } } });
const workers = Number(values.workers);
const postgresPort = Number(values['postgres-port']);
if (!Number.isInteger(workers) || workers < 1 || workers > 16 || !Number.isInteger(postgresPort) || postgresPort < 0 || postgresPort > 65535) {
  process.stderr.write('usage: npm run stack -- [--workers 1..16] [--postgres-port N]\n');
  process.exit(2);
}

try {
  const config = loadConfig();
  const dir = join(config.dataDir, 'stack');
  const started = Date.now();
  const stack = await startStack({
    dir,
    apiPort: config.port,
    temporalPort: config.temporal.devServer.port,
    uiPort: config.temporal.devServer.uiPort,
    postgresPort,
    workers,
    // The API's and workers' logs at LOG_LEVEL; the Temporal server's and UI's (noisy while they
    // start) only at debug: a failed start prints their last lines anyway.
    log: (source, line) => {
      if (config.logLevel === 'silent') return;
      if ((source === 'temporal' || source === 'ui') && config.logLevel !== 'debug' && config.logLevel !== 'trace') return;
      process.stdout.write(`[${source}] ${line}\n`);
    },
  });
  const tokenHint = stack.config.auth.devIssuerKeyFile
    ? `DATA_DIR=${dir} npm run --silent token -- 110000-market-regulation-head`
    : 'from your identity provider (AUTH_ISSUER)';
  process.stdout.write(
    [
      '',
      `Production stack is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s; state in ${dir}).`,
      `  API:          ${stack.apiUrl}   (npm run api, pid ${stack.api.process.child.pid})`,
      `  Workers:      ${stack.workers.length} (npm run worker), task queue shared`,
      `  Temporal:     ${stack.temporalAddress}   (server on PostgreSQL, namespace ${stack.namespace}, retention ${stack.retentionDays} days)`,
      stack.uiUrl ? `  Temporal UI:  ${stack.uiUrl}   (read-only)` : `  Temporal UI:  none: ${stack.noUiReason}`,
      `  PostgreSQL:   ${stack.databaseUrl}   (and Temporal's databases temporal, temporal_visibility)`,
      `  Token:        ${tokenHint}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping UI, API, workers, Temporal, PostgreSQL\n`);
    stack.stop().then(
      () => {
        process.stdout.write('Stopped cleanly.\n');
        process.exit(0);
      },
      (err) => {
        process.stderr.write(`stop failed: ${err}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (err) {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `the stack failed to start: ${(err as Error)?.stack ?? err}\n`);
  process.exit(1);
}
