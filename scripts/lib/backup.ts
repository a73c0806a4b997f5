// Backup and restore of everything a case lives in: the application database (pg_dump custom format,
// or PGlite's directory) and Temporal's state (the dev server's SQLite file, or the PostgreSQL
// databases of a Temporal server). Both halves must be taken at the same point: with the API and
// every worker stopped, nothing changes the database, and Temporal only records server-side events
// (timers firing) that replay against it. A restore goes into fresh databases only.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Config } from '../../config';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_FOLDER } from '../../db/client';
import { portAnswers } from './temporalBinaries';
import { checkDumpCompatible, databaseOf, ensureFreshDatabase, runTool } from './postgresTools';

export const BACKUP_FORMAT = 'gds-backup-1';

interface FileEntry {
  file: string;
  sha256: string;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** Migrations the code taking it knew (the service applies them at start): a restore needs code that knows as many. */
  migration: string;
  app: ({ kind: 'pg'; database: string; pgDump: string; server: string } & FileEntry) | { kind: 'pglite'; dir: string };
  temporal:
    | ({ kind: 'dev-server-sqlite' } & FileEntry)
    | { kind: 'postgres'; databases: Array<{ database: string } & FileEntry> }
    | { kind: 'not-included'; reason: string };
}

export interface BackupOptions {
  config: Config;
  /** The directory to write (created; must not hold a backup already). */
  out: string;
  /** A Temporal server's PostgreSQL databases (persistence, visibility), when it is not the dev server. */
  temporalDatabases?: string[];
  say?: (line: string) => void;
}

const sha256 = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });

/** The dev server's SQLite file is copied only while no server writes it. */
async function refuseWhileDevServerRuns(config: Config, doing: string): Promise<void> {
  if (!config.temporal.address && (await portAnswers(config.temporal.devServer.port))) {
    throw new Error(`something answers on the dev server's port ${config.temporal.devServer.port}: stop \`npm start\` before ${doing} (its SQLite file and PGlite are copied with nothing running)`);
  }
}

/** The database files of a SQLite database: the file, and its write-ahead log and index when present. */
const sqliteFiles = (path: string): string[] => [path, `${path}-wal`, `${path}-shm`].filter((p) => existsSync(p));

export async function backup(options: BackupOptions): Promise<Manifest> {
  const { config, out } = options;
  if (existsSync(join(out, 'manifest.json'))) throw new Error(`${out} already holds a backup`);
  await refuseWhileDevServerRuns(config, 'a backup');
  if (!config.temporal.address && !existsSync(config.temporal.devServer.dbFile)) throw new Error(`no Temporal dev server database at ${config.temporal.devServer.dbFile}`);
  const created = !existsSync(out);
  mkdirSync(out, { recursive: true, mode: 0o700 });
  try {
    return await writeBackup(options);
  } catch (err) {
    // A failed backup leaves no directory that looks like one.
    if (created) rmSync(out, { recursive: true, force: true });
    throw err;
  }
}

async function writeBackup({ config, out, temporalDatabases = [], say = () => undefined }: BackupOptions): Promise<Manifest> {
  // Case records hold personal and official data: the backup is the owner's only.
  const privately = (path: string) => chmodSync(path, 0o600);
  const migration = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
  const dump = async (url: string, file: string) => {
    const versions = await checkDumpCompatible(url);
    await runTool('pg_dump', ['--format=custom', '--no-password', `--file=${join(out, file)}`], url);
    privately(join(out, file));
    return { ...versions, sha256: await sha256(join(out, file)) };
  };

  let app: Manifest['app'];
  if (config.database.kind === 'pg') {
    const database = databaseOf(config.database.url);
    const { tool, server, sha256: hash } = await dump(config.database.url, 'app.dump');
    app = { kind: 'pg', database, file: 'app.dump', sha256: hash, pgDump: tool, server };
    say(`application database ${database}: app.dump (${tool}, server ${server})`);
  } else {
    cpSync(config.database.dir, join(out, 'pglite'), { recursive: true });
    app = { kind: 'pglite', dir: 'pglite' };
    say(`application database (PGlite ${config.database.dir}): pglite/`);
  }

  let temporal: Manifest['temporal'];
  if (!config.temporal.address) {
    const dbFile = config.temporal.devServer.dbFile;
    for (const f of sqliteFiles(dbFile)) copyFileSync(f, join(out, `temporal.sqlite${f.slice(dbFile.length)}`));
    for (const f of readdirSync(out).filter((n) => n.startsWith('temporal.sqlite'))) privately(join(out, f));
    // With the server stopped cleanly its log is folded into the file; a -wal left by a crash is kept beside it.
    temporal = { kind: 'dev-server-sqlite', file: 'temporal.sqlite', sha256: await sha256(join(out, 'temporal.sqlite')) };
    say(`Temporal dev server (${dbFile}): temporal.sqlite`);
  } else if (temporalDatabases.length > 0) {
    const databases: Array<{ database: string } & FileEntry> = [];
    for (const url of temporalDatabases) {
      const database = databaseOf(url);
      const file = `temporal-${database.replace(/[^A-Za-z0-9_.-]/g, '_')}.dump`;
      databases.push({ database, file, sha256: (await dump(url, file)).sha256 });
      say(`Temporal database ${database}: ${file}`);
    }
    temporal = { kind: 'postgres', databases };
  } else {
    temporal = { kind: 'not-included', reason: `Temporal at ${config.temporal.address}: pass --temporal-db <url> for each of its PostgreSQL databases, or back it up with its operator` };
    say(`Temporal NOT included: ${temporal.reason}`);
  }

  const manifest: Manifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), migration: String(migration), app, temporal };
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

export interface RestoreOptions {
  config: Config;
  from: string;
  /** Fresh databases for the Temporal server's, in the order of the backup's manifest. */
  temporalDatabases?: string[];
  say?: (line: string) => void;
}

export function readManifest(from: string): Manifest {
  const path = join(from, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${from} holds no backup (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`${path}: not a backup of this format (${String(manifest.format)})`);
  return manifest;
}

async function checked(from: string, entry: FileEntry): Promise<string> {
  const path = join(from, basename(entry.file));
  if (!existsSync(path)) throw new Error(`the backup lacks ${entry.file}`);
  if ((await sha256(path)) !== entry.sha256) throw new Error(`${entry.file} does not match its sha256 in the manifest: the backup is damaged`);
  return path;
}

/** Restores a backup into fresh databases (and a fresh dev server file); nothing is overwritten. */
export async function restore({ config, from, temporalDatabases = [], say = () => undefined }: RestoreOptions): Promise<Manifest> {
  const manifest = readManifest(from);
  await refuseWhileDevServerRuns(config, 'a restore');
  const known = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
  if (Number(manifest.migration) > known) throw new Error(`the backup's database is at migration ${manifest.migration}; this code knows ${known}: restore with the newer code`);

  // Everything is checked before anything is written.
  const appFile = manifest.app.kind === 'pg' ? await checked(from, manifest.app) : undefined;
  const temporalFile = manifest.temporal.kind === 'dev-server-sqlite' ? await checked(from, manifest.temporal) : undefined;
  const temporalDumps = manifest.temporal.kind === 'postgres' ? await Promise.all(manifest.temporal.databases.map((d) => checked(from, d))) : [];
  if (manifest.app.kind !== config.database.kind) {
    throw new Error(`the backup holds a ${manifest.app.kind} application database; the configuration uses ${config.database.kind} (${config.database.kind === 'pg' ? 'unset DATABASE_URL' : 'set DATABASE_URL'})`);
  }
  if (temporalFile && config.temporal.address) throw new Error('the backup holds the dev server\'s SQLite file; TEMPORAL_ADDRESS names a cluster: unset it to restore for `npm start`');
  if (temporalFile && sqliteFiles(config.temporal.devServer.dbFile).length > 0) {
    throw new Error(`${config.temporal.devServer.dbFile} exists: move it away first (a restore never overwrites)`);
  }
  if (manifest.temporal.kind === 'postgres' && temporalDatabases.length !== manifest.temporal.databases.length) {
    throw new Error(`the backup holds ${manifest.temporal.databases.length} Temporal database(s) (${manifest.temporal.databases.map((d) => d.database).join(', ')}): pass as many --temporal-db <url>, in that order`);
  }

  if (config.database.kind === 'pg') {
    const outcome = await ensureFreshDatabase(config.database.url);
    // One transaction: a failed restore leaves the database as empty as it was. Ownership and grants
    // are the target's own: run db/roles.sql afterwards for the production role.
    await runTool('pg_restore', ['--exit-on-error', '--single-transaction', '--no-owner', '--no-acl', '--no-password', appFile!], config.database.url);
    say(`application database ${databaseOf(config.database.url)} (${outcome}): restored`);
  } else {
    if (existsSync(config.database.dir) && readdirSync(config.database.dir).length > 0) throw new Error(`${config.database.dir} is not empty: move it away first (a restore never overwrites)`);
    cpSync(join(from, manifest.app.kind === 'pglite' ? manifest.app.dir : 'pglite'), config.database.dir, { recursive: true });
    say(`application database (PGlite ${config.database.dir}): restored`);
  }

  if (temporalFile) {
    const dbFile = config.temporal.devServer.dbFile;
    mkdirSync(dirname(dbFile), { recursive: true });
    for (const f of readdirSync(from).filter((n) => n.startsWith('temporal.sqlite'))) copyFileSync(join(from, f), `${dbFile}${f.slice('temporal.sqlite'.length)}`);
    say(`Temporal dev server: ${dbFile} restored`);
  } else if (manifest.temporal.kind === 'postgres') {
    for (const [i, url] of temporalDatabases.entries()) {
      const outcome = await ensureFreshDatabase(url);
      await runTool('pg_restore', ['--exit-on-error', '--single-transaction', '--no-owner', '--no-acl', '--no-password', temporalDumps[i]!], url);
      say(`Temporal database ${manifest.temporal.databases[i]!.database} → ${databaseOf(url)} (${outcome}): restored`);
    }
  } else if (manifest.temporal.kind === 'not-included') {
    say(`Temporal was not in this backup: ${manifest.temporal.reason}`);
  }
  return manifest;
}
