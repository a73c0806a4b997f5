// PostgreSQL's client tools (pg_dump, pg_restore) from Debian's packages, as scripts/local-postgres.sh
// finds them, and databases named by URL: created fresh, checked empty, dropped. Passwords travel in
// PGPASSWORD, never on a command line (anyone can read another process's arguments).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The newest /usr/lib/postgresql/<major>/bin holding `tool`, else the tool on PATH. */
export function postgresTool(tool: 'pg_dump' | 'pg_restore' | 'pg_ctl'): string {
  const majors = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)) : [];
  for (const major of majors.sort((a, b) => Number(b) - Number(a))) {
    const path = `/usr/lib/postgresql/${major}/bin/${tool}`;
    if (existsSync(path)) return path;
  }
  return tool;
}

/** The URL without its password, and the environment that carries the password instead. */
function split(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a client tool on a database; its stderr becomes the error (without the password, which is not in argv). */
export async function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  const target = split(url);
  try {
    await run(postgresTool(tool), [...args, `--dbname=${target.url}`], { env: target.env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${tool} failed: ${(e.stderr || e.message).trim()}`);
  }
}

const majorOf = (version: string): number => Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1] ?? NaN);

/**
 * pg_dump reads servers of its own major version and older only; say so before a dump starts
 * rather than after (and name both versions).
 */
export async function checkDumpCompatible(url: string): Promise<{ tool: string; server: string }> {
  const { stdout } = await run(postgresTool('pg_dump'), ['--version']);
  const tool = stdout.trim();
  const server = await withClient(url, async (c) => String((await c.query('SHOW server_version')).rows[0].server_version));
  if (majorOf(tool.replace(/^\D+/, '')) < majorOf(server)) {
    throw new Error(`${tool} cannot dump a PostgreSQL ${server} server: install the client tools of version ${majorOf(server)} or newer`);
  }
  return { tool, server };
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const databaseOf = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1));
const maintenanceUrl = (url: string): string => Object.assign(new URL(url), { pathname: '/postgres' }).toString();
const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Makes sure the database of `url` exists and holds no table of ours (or anyone's) yet: a restore
 * goes into a fresh database, never over one in use. Creates it when missing.
 */
export async function ensureFreshDatabase(url: string): Promise<'created' | 'empty'> {
  const name = databaseOf(url);
  if (!name) throw new Error('the database URL names no database');
  const exists = await withClient(maintenanceUrl(url), async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
  if (!exists) {
    await withClient(maintenanceUrl(url), (c) => c.query(`CREATE DATABASE ${quoted(name)}`));
    return 'created';
  }
  const tables = await withClient(url, async (c) =>
    Number((await c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`)).rows[0].n),
  );
  if (tables > 0) throw new Error(`database ${name} already holds ${tables} table(s): restore into a fresh (or new) database`);
  return 'empty';
}

export async function dropDatabase(url: string): Promise<void> {
  await withClient(maintenanceUrl(url), (c) => c.query(`DROP DATABASE IF EXISTS ${quoted(databaseOf(url))} WITH (FORCE)`));
}

export async function createDatabase(url: string): Promise<void> {
  await withClient(maintenanceUrl(url), (c) => c.query(`CREATE DATABASE ${quoted(databaseOf(url))}`));
}

/** A URL for another database on the same server. */
export const sameServer = (url: string, database: string): string => Object.assign(new URL(url), { pathname: `/${encodeURIComponent(database)}` }).toString();

export { databaseOf };
