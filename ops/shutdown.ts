// Graceful shutdown for every entry point (`npm start`, `npm run api`, `npm run worker`): the parts
// a process starts are stopped in reverse — HTTP and metrics listeners first (requests in flight
// answered), then the worker's drain (it still needs Temporal and the database), the connections,
// the database — once, on SIGINT or SIGTERM, each step logged.
import type { Server } from 'node:http';
import type { Logger } from '../logger';

/**
 * Stops accepting connections, closes idle keep-alive sockets at once and busy ones once their
 * response is sent; after `graceMs` whatever is left is cut.
 */
export async function closeHttpServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(cut);
  }
}

export interface ShutdownSequence {
  /** Adds a step; steps run in the reverse order of adding (last started, first stopped). */
  add(what: string, stop: () => Promise<unknown>): void;
  /** Runs every step once; a failing step is logged and the next still runs. Later calls share the first. */
  run(): Promise<void>;
}

export function shutdownSequence(log: Logger): ShutdownSequence {
  const steps: Array<{ what: string; stop: () => Promise<unknown> }> = [];
  let running: Promise<void> | undefined;
  return {
    add(what, stop) {
      if (running) throw new Error(`cannot add "${what}": the shutdown has begun`);
      steps.push({ what, stop });
    },
    run: () =>
      (running ??= (async () => {
        for (const { what, stop } of [...steps].reverse()) {
          await stop().then(
            () => log.info(`stopped: ${what}`),
            (err) => log.error({ err }, `error while stopping ${what}`),
          );
        }
      })()),
  };
}

/**
 * Stops the process cleanly on SIGINT (Ctrl-C) or SIGTERM (a process manager): `stop()` once, then
 * `said` on stdout and exit 0 (1 if stopping threw). A second signal while stopping is ignored; the
 * stop itself is bounded by the steps' own grace periods.
 */
export function stopOnSignals({ log, stop, said = 'Stopped cleanly.' }: { log: Logger; stop: () => Promise<void>; said?: string }): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    stop().then(
      () => {
        process.stdout.write(`${said}\n`);
        process.exit(0);
      },
      (err) => {
        log.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
