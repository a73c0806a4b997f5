// What the benchmark runs on: a Temporal CLI dev server (headless, free ports, SQLite file in a temp
// dir), a PostgreSQL server (DATABASE_URL, else our own throwaway one from scripts/lib/localPostgres.ts
// on a free port and a temp data dir, stopped and removed at the end), a fresh seeded database
// dropped at the end, and the two workflow bundles written to files for the worker hosts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { SQL } from 'drizzle-orm';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { openDatabase, type Database, type DatabaseHandle } from '../db/client';
import { seedDemo } from '../db/seed';
import { startDevServer, type DevServer } from '../scripts/lib/devServer';
import { postmasterPid, startLocalPostgres } from '../scripts/lib/localPostgres';
import { bundleWorkflows } from '../worker/worker';
import { findProcess } from './cpu';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';

const BENCH_WORKFLOWS = fileURLToPath(new URL('./workflows.ts', import.meta.url));

export interface Infra {
  dir: string;
  temporal: DevServer;
  temporalDbFile: string;
  /** Server URL (for CREATE/DROP DATABASE) and the fresh database's URL. */
  serverUrl: string;
  databaseUrl: string;
  databaseName: string;
  database: DatabaseHandle;
  ownPostgres: boolean;
  /** For CPU accounting (Linux): the dev server process and our own postmaster. */
  pids: { temporal?: number; postgres?: number };
  bundles: { product: string; noop: string };
  timings: Record<string, number>;
  stop(): Promise<void>;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function startInfra(
  log: (s: string) => void,
  opts: { onStop?: (stop: () => Promise<void>) => void } = {},
): Promise<Infra> {
  const timings: Record<string, number> = {};
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await Promise.resolve().then(s).catch((err) => log(`cleanup: ${String(err)}`));
    stops.length = 0;
  };
  opts.onStop?.(stop);
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const r = await f();
    timings[name] = Date.now() - t0;
    return r;
  };
  try {
    // The dev server's SQLite file goes on tmpfs (/dev/shm) when there is one: as good as the CLI's
    // in-memory mode, which startDevServer does not offer. BENCH_TEMPORAL_DIR=/tmp puts it on disk.
    const base = process.env.BENCH_TEMPORAL_DIR || (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
    const dir = mkdtempSync(join(base, 'gds-bench-'));
    stops.push(() => rmSync(dir, { recursive: true, force: true }));

    let serverUrl = process.env.DATABASE_URL;
    const ownPostgres = !serverUrl;
    let pgDataDir: string | undefined;
    if (!serverUrl) {
      log('starting a throwaway PostgreSQL server (scripts/local-postgres.sh) …');
      const own = await timed('postgres', () => startLocalPostgres({ dbName: 'postgres', watchPid: process.pid }));
      stops.push(() => own.destroy());
      serverUrl = own.url;
      pgDataDir = own.dataDir;
    }
    const databaseName = `gds_bench_${randomBytes(5).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${databaseName}`);
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    const databaseUrl = url.toString();
    const dropUrl = serverUrl;
    stops.push(() => adminQuery(dropUrl, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
    const database = await openDatabase({ kind: 'pg', url: databaseUrl, poolSize: 4 });
    stops.push(() => database.close());
    await seedDemo(database.db);

    log('starting the Temporal dev server …');
    const temporalDbFile = join(dir, 'temporal.sqlite');
    const temporal = await timed('temporal', () =>
      startDevServer({ dbFile: temporalDbFile, port: 0, uiPort: 0, headless: true, searchAttributes: SEARCH_ATTRIBUTES }),
    );
    stops.push(() => temporal.stop());

    log('bundling the workflows …');
    const logger = new DefaultLogger('WARN');
    const bundles = await timed('bundles', async () => {
      const product = join(dir, 'workflows.bundle.js');
      const noop = join(dir, 'bench-workflows.bundle.js');
      writeFileSync(product, await bundleWorkflows(logger));
      writeFileSync(noop, (await bundleWorkflowCode({ workflowsPath: BENCH_WORKFLOWS, logger })).code);
      return { product, noop };
    });

    const pids = { temporal: findProcess('temporal', temporalDbFile) ?? findProcess('temporal', temporal.address.split(':')[1]!), postgres: pgDataDir ? postmasterPid(pgDataDir) : undefined };
    return { dir, temporal, temporalDbFile, serverUrl, databaseUrl, databaseName, database, ownPostgres, pids, bundles, timings, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Bytes of the dev server's SQLite file and its WAL, if any. */
export function temporalDbBytes(file: string): number {
  return ['', '-wal', '-shm'].reduce((n, suffix) => n + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
}

/** Rows of a raw query on the bench's own pool (node-postgres answers { rows }). */
export async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
