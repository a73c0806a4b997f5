// A PostgreSQL server of a test's own (scripts/local-postgres.sh on a free port and data dir), for
// tests that stop and start PostgreSQL: never the shared server of DATABASE_URL.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { freePort } from '../../scripts/lib/temporalBinaries';
import { postgresTool } from '../../scripts/lib/postgresTools';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../scripts/local-postgres.sh', import.meta.url));

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
  const { stdout } = await run('bash', [script], { env: { ...process.env, PGPORT: String(port), PGDATA_DIR: dataDir, DB_NAME: 'gds_outage' } });
  const url = /DATABASE_URL=(\S+)/.exec(stdout)?.[1];
  if (!url) throw new Error(`local-postgres.sh printed no DATABASE_URL: ${stdout}`);

  // pg_ctl as local-postgres.sh runs it: as the postgres user when we are root, with its options.
  const pgCtl = (...args: string[]) => {
    const cmd = [postgresTool('pg_ctl'), '-D', dataDir, ...args];
    return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', ...cmd]) : run(cmd[0]!, cmd.slice(1));
  };
  const options = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  let running = true;
  return {
    url,
    async stop() {
      await pgCtl('-m', 'fast', '-w', 'stop');
      running = false;
    },
    async start() {
      await pgCtl('-l', `${dataDir}/server.log`, '-w', '-t', '60', '-o', options, 'start');
      running = true;
    },
    async destroy() {
      if (running) await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
