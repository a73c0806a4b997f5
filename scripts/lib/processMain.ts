// The main of every long-running entry point (npm start, npm run api, npm run worker): load the
// configuration, start, print a banner, and on SIGINT/SIGTERM stop in order and exit 0.
import { ConfigError, loadConfig, type Config } from '../../config';
import { createLogger, prettyLogs, type Logger } from '../../logger';
import { stopOnSignals } from '../../ops/shutdown';

/** The banner's lines for config.warnings (an API's unsafe settings). */
export const warningLines = (config: Config): string[] => config.warnings.map((w) => `  WARNING:      ${w}`);

export function runUntilSignalled<T extends { stop(): Promise<void> }>(
  start: (config: Config, log: Logger) => Promise<T>,
  banner: (started: T, config: Config) => Array<string | undefined>,
): void {
  const main = async (): Promise<void> => {
    const config = loadConfig();
    const log = createLogger(config.logLevel, { pretty: prettyLogs(config.logFormat) });
    const started = await start(config, log);
    process.stdout.write(['', ...banner(started, config), 'Press Ctrl-C to stop.', ''].filter((l) => l !== undefined).join('\n') + '\n');

    stopOnSignals({ log, stop: () => started.stop() });
  };
  main().catch((err) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `failed to start: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
