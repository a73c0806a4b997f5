// Backup and restore (scripts/lib/backup.ts) against real PostgreSQL: a Temporal server's databases
// dumped and restored beside the application's; and what an operator gets wrong refused before
// anything is written — a running dev server, a database in use, a damaged or tampered backup, a
// second restore over the first, the wrong number of Temporal databases. The whole drill (a service,
// cases, wipe, restore, audit:verify, reconcile, the cases continuing) is test/ops.backupDrill.test.ts.
import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../config';
import { seedDemo } from '../db/seed';
import { backup, readManifest, restore } from '../scripts/lib/backup';
import { createDatabase, dropDatabase, sameServer, withClient } from '../scripts/lib/postgresTools';
import { freePort } from '../scripts/lib/temporalBinaries';
import { freshDatabase, type TestDatabase } from './helpers/db';
import { insertCase } from './helpers/syntheticCases';

const dir = mkdtempSync(join(tmpdir(), 'gds-backup-'));
const server = process.env.DATABASE_URL!;
const suffix = Math.random().toString(16).slice(2, 10);
const temporalDbs = [sameServer(server, `gds_bt_temporal_${suffix}`), sameServer(server, `gds_bt_visibility_${suffix}`)];
const restoredTemporalDbs = temporalDbs.map((u) => `${u}_restored`);
const restoredApp = sameServer(server, `gds_bt_app_${suffix}_restored`);
let app: TestDatabase;

const configWith = (env: Record<string, string>): Config => loadConfig({ DATA_DIR: join(dir, 'data'), TEMPORAL_ADDRESS: '127.0.0.1:7', ...env });
const count = (url: string, sql: string) => withClient(url, async (c) => Number((await c.query(sql)).rows[0].n));
const tableCount = (url: string) => count(url, `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);

beforeAll(async () => {
  app = await freshDatabase();
  await seedDemo(app.db);
  await insertCase(app.db, { id: 'sr-kept' });
  // Stand-ins for a Temporal server's persistence and visibility databases.
  for (const [i, url] of temporalDbs.entries()) {
    await createDatabase(url);
    await withClient(url, (c) => c.query(`CREATE TABLE executions (id text PRIMARY KEY, n int); INSERT INTO executions SELECT 'wf-' || g, g FROM generate_series(1, ${10 * (i + 1)}) g`));
  }
});
afterAll(async () => {
  for (const url of [...temporalDbs, ...restoredTemporalDbs, restoredApp]) await dropDatabase(url);
  await app?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore with a Temporal server on PostgreSQL', () => {
  const out = join(dir, 'cluster-backup');

  it('when backed up with --temporal-db, then each database is dumped with its sha256 in an owner-only manifest', async () => {
    const manifest = await backup({ config: configWith({ DATABASE_URL: app.url }), out, temporalDatabases: temporalDbs });
    expect(manifest.app).toMatchObject({ kind: 'pg', file: 'app.dump', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(manifest.temporal).toMatchObject({ kind: 'postgres', databases: [{ database: `gds_bt_temporal_${suffix}` }, { database: `gds_bt_visibility_${suffix}` }] });
    for (const f of ['manifest.json', 'app.dump']) expect(statSync(join(out, f)).mode & 0o777).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    await expect(backup({ config: configWith({ DATABASE_URL: app.url }), out })).rejects.toThrow(/already holds a backup/);
  });

  it('when restored with too few --temporal-db, or into a database in use, then it is refused and nothing is written', async () => {
    await expect(restore({ config: configWith({ DATABASE_URL: restoredApp }), from: out, temporalDatabases: [restoredTemporalDbs[0]!] })).rejects.toThrow(/holds 2 Temporal database\(s\).*pass as many --temporal-db/);
    await expect(restore({ config: configWith({ DATABASE_URL: app.url }), from: out, temporalDatabases: restoredTemporalDbs })).rejects.toThrow(/already holds \d+ table\(s\): restore into a fresh/);
    for (const url of [restoredApp, ...restoredTemporalDbs]) {
      expect(await withClient(sameServer(server, 'postgres'), async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [new URL(url).pathname.slice(1)])).rowCount)).toBe(0);
    }
  });

  it('when restored into fresh databases, then the application and every Temporal database hold what was backed up', async () => {
    await restore({ config: configWith({ DATABASE_URL: restoredApp }), from: out, temporalDatabases: restoredTemporalDbs });
    expect(await count(restoredApp, `SELECT count(*)::int AS n FROM cases WHERE id = 'sr-kept'`)).toBe(1);
    expect(await count(restoredApp, 'SELECT count(*)::int AS n FROM departments')).toBe(await count(app.url, 'SELECT count(*)::int AS n FROM departments'));
    // The record's triggers came back too: the restored record is as protected as the original.
    await expect(withClient(restoredApp, (c) => c.query('TRUNCATE case_events'))).rejects.toMatchObject({ code: '42501' });
    expect(await count(restoredTemporalDbs[0]!, 'SELECT count(*)::int AS n FROM executions')).toBe(10);
    expect(await count(restoredTemporalDbs[1]!, 'SELECT count(*)::int AS n FROM executions')).toBe(20);
  });

  it('when no --temporal-db is given for a cluster, then the manifest says Temporal is not included', async () => {
    const manifest = await backup({ config: configWith({ DATABASE_URL: app.url }), out: join(dir, 'app-only') });
    expect(manifest.temporal).toMatchObject({ kind: 'not-included', reason: expect.stringContaining('--temporal-db') });
  });
});

describe('a damaged backup', () => {
  it('when a file does not match its sha256, then the restore refuses before creating anything', async () => {
    const out = join(dir, 'damaged');
    await backup({ config: configWith({ DATABASE_URL: app.url }), out });
    truncateSync(join(out, 'app.dump'), 100);
    const target = sameServer(server, `gds_bt_damaged_${suffix}`);
    await expect(restore({ config: configWith({ DATABASE_URL: target }), from: out })).rejects.toThrow(/app\.dump does not match its sha256/);
    expect(await withClient(sameServer(server, 'postgres'), async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [`gds_bt_damaged_${suffix}`])).rowCount)).toBe(0);
  });

  it('when the manifest was edited to match a truncated dump, then pg_restore fails in one transaction and leaves the database empty', async () => {
    const out = join(dir, 'tampered');
    await backup({ config: configWith({ DATABASE_URL: app.url }), out });
    const manifest = readManifest(out);
    const dump = readFileSync(join(out, 'app.dump'));
    writeFileSync(join(out, 'app.dump'), dump.subarray(0, Math.floor(dump.length * 0.6)));
    const { createHash } = await import('node:crypto');
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...manifest, app: { ...manifest.app, sha256: createHash('sha256').update(readFileSync(join(out, 'app.dump'))).digest('hex') } }));
    const target = sameServer(server, `gds_bt_tampered_${suffix}`);
    try {
      await expect(restore({ config: configWith({ DATABASE_URL: target }), from: out })).rejects.toThrow(/pg_restore failed/);
      expect(await tableCount(target)).toBe(0);
    } finally {
      await dropDatabase(target);
    }
  });

  it('when the directory holds no backup or another format, then it says so', async () => {
    await expect(restore({ config: configWith({ DATABASE_URL: restoredApp }), from: join(dir, 'nothing') })).rejects.toThrow(/holds no backup/);
    const odd = join(dir, 'odd');
    await backup({ config: configWith({ DATABASE_URL: app.url }), out: odd });
    writeFileSync(join(odd, 'manifest.json'), JSON.stringify({ format: 'something-else' }));
    await expect(restore({ config: configWith({ DATABASE_URL: restoredApp }), from: odd })).rejects.toThrow(/not a backup of this format/);
  });
});

describe('the embedded dev server', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    busy = createServer().listen(port, '127.0.0.1');
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('when something answers on the dev server port (npm start runs), then backup and restore refuse', async () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'embedded'), TEMPORAL_DEV_PORT: String(port), DATABASE_URL: app.url });
    await expect(backup({ config, out: join(dir, 'while-running') })).rejects.toThrow(new RegExp(`port ${port}: stop \`npm start\` before a backup`));
    await expect(restore({ config, from: join(dir, 'cluster-backup') })).rejects.toThrow(/stop `npm start` before a restore/);
  });

  it('when the dev server has no database file yet, then the backup says where it looked', async () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'embedded-empty'), TEMPORAL_DEV_PORT: String(await freePort()), DATABASE_URL: app.url });
    await expect(backup({ config, out: join(dir, 'no-sqlite') })).rejects.toThrow(/no Temporal dev server database at .*embedded-empty\/temporal\.sqlite/);
    expect(existsSync(join(dir, 'no-sqlite'))).toBe(false);
  });

  it('when a dump fails midway (the database is gone), then no backup directory is left behind', async () => {
    const config = configWith({ DATABASE_URL: sameServer(server, `gds_bt_missing_${suffix}`) });
    await expect(backup({ config, out: join(dir, 'failed') })).rejects.toThrow(/does not exist/);
    expect(existsSync(join(dir, 'failed'))).toBe(false);
  });
});
