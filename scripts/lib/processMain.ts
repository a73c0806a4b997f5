// The main of every long-running entry point (npm start, npm run api, npm run worker): load the
// configuration, start, print a banner, and on SIGINT/SIGTERM stop in order and exit 0.
import { ConfigError, loadConfig, type Config } from '../../config';
import { createLogger, type Logger } from '../../logger';

export function runUntilSignalled<T extends { stop(): Promise<void> }>(
  start: (config: Config, log: Logger) => Promise<T>,
  banner: (started: T, config: Config) => Array<string | undefined>,
): void {
  const main = async (): Promise<void> => {
    const config = loadConfig();
    const log = createLogger(config.logLevel);
    const started = await start(config, log);
    process.stdout.write(['', ...banner(started, config), 'Press Ctrl-C to stop.', ''].filter((l) => l !== undefined).join('\n') + '\n');

    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      started.stop().then(
        () => {
          process.stdout.write('Stopped cleanly.\n');
          process.exit(0);
        },
        (err) => {
          log.error({ err }, 'stop failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  };
  main().catch((err) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `failed to start: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
