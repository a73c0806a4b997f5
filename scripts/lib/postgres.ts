// A local PostgreSQL server of our own, through scripts/local-postgres.sh (which installs Debian's
// package if needed and runs the server as the postgres user when we are root), and pg_ctl run the
// same way to stop and start it again: the stack's server (persistent) and tests' throwaway ones.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../local-postgres.sh', import.meta.url));

export function pgBin(): string {
  const version = readdirSync('/usr/lib/postgresql').sort().pop();
  if (!version) throw new Error('no PostgreSQL under /usr/lib/postgresql (scripts/local-postgres.sh installs it)');
  return `/usr/lib/postgresql/${version}/bin`;
}

export interface LocalPostgresOptions {
  port: number;
  dataDir: string;
  /** A database created on it (if missing); the returned url points at it. */
  database: string;
  /** Keep the data dir across starts (else it is wiped and initialised afresh), fsync on. */
  persistent?: boolean;
}

export interface LocalPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  /** pg_ctl against its data dir, as local-postgres.sh runs it. */
  pgCtl(...args: string[]): Promise<unknown>;
  /** The options it was started with (for pg_ctl start). */
  serverOptions: string;
  /** A fast shutdown (-m fast: sessions are terminated, as by an operator or an orchestrator). */
  stop(): Promise<void>;
}

export async function startLocalPostgres(o: LocalPostgresOptions): Promise<LocalPostgres> {
  // As root, local-postgres.sh runs the server as the postgres user, which must reach the data dir.
  const parent = dirname(o.dataDir);
  if (process.getuid?.() === 0 && (await run('runuser', ['-u', 'postgres', '--', 'test', '-x', parent]).then(() => false, () => true))) {
    throw new Error(`PostgreSQL runs as the postgres user, who cannot reach ${parent}: use a directory it can reach (e.g. DATA_DIR outside /root), or chmod it`);
  }
  const env = { ...process.env, PGPORT: String(o.port), PGDATA_DIR: o.dataDir, DB_NAME: o.database, PG_PERSISTENT: o.persistent ? '1' : '0' };
  const { stdout } = await run('bash', [script], { env });
  const url = /DATABASE_URL=(\S+)/.exec(stdout)?.[1];
  if (!url) throw new Error(`local-postgres.sh printed no DATABASE_URL: ${stdout}`);
  const pgCtl = (...args: string[]) => {
    const cmd = [`${pgBin()}/pg_ctl`, '-D', o.dataDir, ...args];
    return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', ...cmd]) : run(cmd[0]!, cmd.slice(1));
  };
  return {
    url,
    pgCtl,
    serverOptions: `-p ${o.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=${o.persistent ? 'on' : 'off'} -c max_connections=200`,
    stop: async () => {
      await pgCtl('-m', 'fast', '-w', 'stop');
    },
  };
}
