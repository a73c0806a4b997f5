// A PostgreSQL server of our own: scripts/local-postgres.sh (which installs PostgreSQL from Debian's
// packages if missing) on a free port with a data directory of its own (mkdtemp), and the means to
// stop it and remove that directory. The test run (test/globalSetup.ts), the tests that stop and
// start PostgreSQL and the benchmark use it, so two clones testing at once never share a server.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './temporalBinaries';
import { postgresTool } from './postgresTools';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../local-postgres.sh', import.meta.url));

export interface LocalPostgres {
  port: number;
  dataDir: string;
  /** postgres://…/<dbName>: a database created on it. */
  url: string;
  /** A fast shutdown (-m fast: sessions are terminated, as by an operator or an orchestrator). */
  stop(): Promise<void>;
  /** Starts it again after stop(), on the same port and data. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its data directory; idempotent. */
  destroy(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** The database to create on it (default `gds_test`). */
  dbName?: string;
  /**
   * Stop the server and remove its directory when this process is gone, even if it is killed before
   * it can clean up (a watchdog process polls it). Default: none.
   */
  watchPid?: number;
  /** A port of the caller's choosing (default: a free one). */
  port?: number;
  /**
   * A data directory of the caller's (default: a new one under the temp dir). It is kept when the
   * start fails; destroy() still removes it.
   */
  dataDir?: string;
  /** Keep an initialised data directory across starts (else it is wiped afresh), with fsync on: npm run stack. */
  persistent?: boolean;
}

/** PostgreSQL refuses to run as root: its commands run as the postgres user then, as the script does. */
function asServerUser(argv: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...argv] : argv;
}

/** The postmaster running on `dataDir` (from its postmaster.pid): its PID and port; undefined if none runs. */
export function runningPostmaster(dataDir: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it runs, as another user (the postgres user, when we are not root).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return { pid, port: Number(lines[3]) };
}

/** The postmaster's PID from its data directory, if it is running. */
export const postmasterPid = (dataDir: string): number | undefined => runningPostmaster(dataDir)?.pid;

export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const port = options.port ?? (await freePort());
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `gds-postgres-${port}-`));
  // As root, the server runs as the postgres user, which must reach the data directory.
  const parent = dirname(dataDir);
  if (!ownDir && process.getuid?.() === 0 && (await run('runuser', ['-u', 'postgres', '--', 'test', '-x', parent]).then(() => false, () => true))) {
    throw new Error(`PostgreSQL runs as the postgres user, who cannot reach ${parent}: use a directory it can reach (e.g. DATA_DIR outside /root), or chmod it`);
  }
  const env = {
    ...process.env,
    PGPORT: String(port),
    PGDATA_DIR: dataDir,
    DB_NAME: options.dbName ?? 'gds_test',
    PG_PERSISTENT: options.persistent ? '1' : '0',
  };
  let stdout: string;
  try {
    ({ stdout } = await run('bash', [SCRIPT], { env, timeout: 300_000 }));
  } catch (err) {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const url = /DATABASE_URL=(\S+)/.exec(stdout)?.[1];
  if (!url) throw new Error(`local-postgres.sh printed no DATABASE_URL: ${stdout}`);

  const pgCtl = (...args: string[]) => {
    const [cmd, ...rest] = asServerUser([postgresTool('pg_ctl'), '-D', dataDir, ...args]);
    return run(cmd!, rest, { timeout: 90_000 });
  };
  // The same server options as the script's.
  const serverOptions = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=${options.persistent ? 'on' : 'off'} -c max_connections=200`;
  const watchdog = options.watchPid === undefined ? undefined : startWatchdog(options.watchPid, dataDir);
  let destroyed = false;
  return {
    port,
    dataDir,
    url,
    async stop() {
      await pgCtl('-m', 'fast', '-w', 'stop');
    },
    async start() {
      await pgCtl('-l', join(dataDir, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start');
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      if (postmasterPid(dataDir) !== undefined) await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
      // Not needed any more (unless it already did the job: then there is nothing to kill).
      if (watchdog && watchdog.exitCode === null && watchdog.signalCode === null) {
        const exited = new Promise((resolve) => watchdog.once('exit', resolve));
        watchdog.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * A detached shell that outlives `pid` and then stops the server and removes its directory: a test
 * run killed outright (SIGKILL, a closed terminal) runs no teardown, and its server would be left.
 */
function startWatchdog(pid: number, dataDir: string) {
  const stop = asServerUser([postgresTool('pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; shift; "$@" >/dev/null 2>&1; rm -rf "$DATA_DIR"';
  const child = spawn('bash', ['-c', script, 'watchdog', String(pid), ...stop], {
    env: { ...process.env, DATA_DIR: dataDir },
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child;
}
