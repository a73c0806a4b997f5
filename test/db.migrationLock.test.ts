// Separate API and worker processes (npm run api, npm run worker, any number of each) start at
// once against one fresh database: each applies the pending migrations, under one advisory lock,
// so they take turns instead of racing each other's CREATE TABLEs.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_FOLDER, openDatabase } from '../db/client';

const serverUrl = process.env.DATABASE_URL!;
const name = `gds_t_${randomBytes(6).toString('hex')}`;
const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();

async function admin<T>(fn: (c: pg.Client) => Promise<T>, target = serverUrl): Promise<T> {
  const c = new pg.Client({ connectionString: target });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

afterAll(() => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));

describe('migrations from processes starting at once', () => {
  it('when four processes open one fresh database at the same moment, then every one starts and each migration is applied once', async () => {
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase({ kind: 'pg', url, poolSize: 2 })));
    await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : undefined)));
    expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);

    const applied = await admin((c) => c.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id'), url);
    expect(applied.rows).toHaveLength(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length);
    expect(new Set(applied.rows.map((r) => r.hash)).size).toBe(applied.rows.length);
  });
});
