// One database handle for both backends: real PostgreSQL through `pg`, or embedded PGlite.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Pool, PoolClient } from 'pg';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseTarget =
  | {
      kind: 'pg';
      url: string;
      poolSize?: number;
      /** How long a request waits for a connection before failing; default PG_CONNECT_TIMEOUT_MS. */
      connectTimeoutMs?: number;
    }
  | { kind: 'pglite'; dir?: string };

/**
 * Without a bound, pg waits forever for a connection to a server that accepts but does not answer
 * (and for a free slot behind such connections): a request would hang instead of answering 503.
 */
export const PG_CONNECT_TIMEOUT_MS = 5_000;

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseTarget['kind'];
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Runs the migrator only when a migration is pending (one SELECT first, as drizzle compares): the
 * production role may not change the schema (db/roles.sql) and starts on a database its owner migrated.
 */
async function migrateIfBehind(db: { execute: Database['execute'] }, migrate: () => Promise<unknown>): Promise<void> {
  const latest = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).at(-1)?.folderMillis ?? 0;
  const applied = await db.execute(sql`SELECT max(created_at) AS at FROM drizzle.__drizzle_migrations`).then(
    (r) => Number((r as unknown as { rows: Array<{ at: unknown }> }).rows[0]?.at ?? 0),
    () => 0, // a fresh database: no migrations table yet
  );
  if (applied < latest) await migrate();
}

/** 'migrate' in ASCII, as audit/logStore.ts names its lock: the same key in every process of the service. */
const MIGRATION_LOCK_KEY = 0x6d696772617465;

/**
 * Runs `fn` holding a session-level advisory lock on one connection: API and worker processes
 * starting at once (npm run api, npm run worker) take turns, and the migrator, which re-reads what
 * is applied, finds nothing left to do after the first.
 */
async function withMigrationLock<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await fn(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/** Opens the database and applies every pending migration; a failed migration throws (fail loudly). */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'pg') {
    const { Pool } = (await import('pg')).default;
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      connectionTimeoutMillis: target.connectTimeoutMs ?? PG_CONNECT_TIMEOUT_MS,
    });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const db = drizzle(pool, { schema });
    try {
      await migrateIfBehind(db, () => withMigrationLock(pool, (client) => migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER })));
    } catch (err) {
      await pool.end();
      throw err;
    }
    return { db: db as unknown as Database, kind: 'pg', close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (target.dir) mkdirSync(target.dir, { recursive: true });
  // No dir: an in-memory database (tests).
  const client = target.dir ? new PGlite(target.dir) : new PGlite();
  const db = drizzle(client, { schema });
  try {
    await migrateIfBehind(db, () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }));
  } catch (err) {
    await client.close();
    throw err;
  }
  return { db: db as unknown as Database, kind: 'pglite', close: () => client.close() };
}
