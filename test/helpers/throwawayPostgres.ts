// A PostgreSQL server of a test's own (scripts/local-postgres.sh on a free port and data dir), for
// tests that stop and start PostgreSQL: never the shared server of DATABASE_URL.
import { rmSync } from 'node:fs';
import { freePort } from '../../scripts/lib/temporalBinaries';
import { startLocalPostgres } from '../../scripts/lib/postgres';

export interface ThrowawayPostgres {
  /** postgres://…/<db> of a database on it. */
  url: string;
  /** A fast shutdown (-m fast: sessions are terminated, as by an operator or an orchestrator). */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const port = await freePort();
  const dataDir = `/tmp/gds-pg-throwaway-${port}`;
  const server = await startLocalPostgres({ port, dataDir, database: 'gds_outage' });
  let running = true;
  return {
    url: server.url,
    async stop() {
      await server.stop();
      running = false;
    },
    async start() {
      await server.pgCtl('-l', `${dataDir}/server.log`, '-w', '-t', '60', '-o', server.serverOptions, 'start');
      running = true;
    },
    async destroy() {
      if (running) await server.pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
