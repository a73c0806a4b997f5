// The Temporal server (built by temporalServer.ts) on PostgreSQL as a child process: its schema set
// up with its own SQL tool, its config written from scripts/stack/temporal-server.yaml, and the
// namespace created with an explicit retention and our search attributes, before anything uses it.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { registerSearchAttributes, setNamespaceRetention, waitForFrontend, type SearchAttributeTypeName } from './devServer';
import { freePort, spawnWatched, type WatchedProcess } from './temporalBinaries';
import type { TemporalServerBuild } from './temporalServer';

const run = promisify(execFile);
const templates = fileURLToPath(new URL('../stack/', import.meta.url));

/** The two databases of the postgres12 plugin, and their schema folders in the module. */
export const TEMPORAL_DATABASES = { temporal: 'temporal', visibility: 'temporal_visibility' } as const;

/** A template with every `${NAME}` replaced; a placeholder without a value is an error, not an empty string. */
export function renderTemplate(file: string, values: Record<string, string | number>): string {
  return readFileSync(join(templates, file), 'utf8').replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${file}: no value for \${${name}}`);
    return String(values[name]);
  });
}

/**
 * Creates the two databases if missing and brings their schemas to the module's latest version:
 * the steps of Temporal's own auto-setup (create, setup-schema -v 0.0, update-schema), each a
 * no-op when already done, so every start runs them.
 */
export async function setUpTemporalSchema(build: TemporalServerBuild, postgresPort: number): Promise<void> {
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${postgresPort}/postgres` });
  await admin.connect();
  let existing: Set<string>;
  try {
    existing = new Set((await admin.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname));
  } finally {
    await admin.end();
  }
  for (const [kind, database] of Object.entries(TEMPORAL_DATABASES)) {
    const tool = (...args: string[]) =>
      run(build.sqlTool, ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(postgresPort), '-u', 'postgres', '--db', database, ...args]).catch((e: Error & { stderr?: string }) => {
        throw new Error(`temporal-sql-tool ${args[0]} on ${database} failed: ${e.stderr?.trim() || e.message}`);
      });
    if (!existing.has(database)) await tool('create-database');
    await tool('setup-schema', '-v', '0.0');
    await tool('update-schema', '-d', join(build.schemaDir, kind, 'versioned'));
  }
}

/**
 * A free port the server can record: cluster_membership keeps membership ports as smallint, so
 * one from the ephemeral range (32768 and up, what port 0 gives) fails the server's start.
 */
async function freeMembershipPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if (await freePort(candidate).then(() => true, () => false)) return candidate;
  }
  throw new Error('no free port between 20000 and 32000 for Temporal membership');
}

export interface TemporalServerOptions {
  build: TemporalServerBuild;
  postgresPort: number;
  /** Where its config files go. */
  dir: string;
  /** The frontend's gRPC port; 0 = a free one. The other services take free ports. */
  frontendPort: number;
  namespace: string;
  retentionDays: number;
  searchAttributes: Record<string, SearchAttributeTypeName>;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface TemporalServer {
  address: string;
  process: WatchedProcess;
  stop(): Promise<void>;
}

/** Starts `temporal-server start` on its postgres12 config and prepares the namespace. */
export async function startTemporalServer(o: TemporalServerOptions): Promise<TemporalServer> {
  const port = await freePort(o.frontendPort);
  const ports: Record<string, number> = { FRONTEND_PORT: port };
  for (const name of ['FRONTEND_HTTP', 'HISTORY', 'MATCHING', 'WORKER']) ports[`${name}_PORT`] = await freePort(0);
  for (const name of ['FRONTEND', 'HISTORY', 'MATCHING', 'WORKER']) ports[`${name}_MEMBERSHIP_PORT`] = await freeMembershipPort();
  const dynamicConfigFile = join(o.dir, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, renderTemplate('dynamicconfig.yaml', {}));
  const configFile = join(o.dir, 'temporal-server.yaml');
  writeFileSync(
    configFile,
    renderTemplate('temporal-server.yaml', {
      ...ports,
      LOG_LEVEL: o.logLevel ?? 'warn',
      POSTGRES_PORT: o.postgresPort,
      TEMPORAL_DATABASE: TEMPORAL_DATABASES.temporal,
      VISIBILITY_DATABASE: TEMPORAL_DATABASES.visibility,
      DYNAMIC_CONFIG_FILE: dynamicConfigFile,
    }),
  );
  // No authorizer: only the API and worker processes reach the frontend, bound to 127.0.0.1 (docs/operations.md).
  const proc = spawnWatched(o.build.server, ['--config-file', configFile, '--allow-no-auth', 'start'], o.log);
  const address = `127.0.0.1:${port}`;
  try {
    const connection = await waitForFrontend(address, 'temporal-system', o.startTimeoutMs ?? 120_000, proc.exitInfo);
    try {
      await prepareNamespace(connection, o.namespace, o.retentionDays, o.searchAttributes);
    } finally {
      await connection.close();
    }
  } catch (e) {
    await proc.stop();
    throw new Error(`Temporal server on ${address} failed to start: ${(e as Error).message}\n--- its output ---\n${proc.output()}`);
  }
  return { address, process: proc, stop: () => proc.stop() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Registers the namespace with its retention (or sets the retention of the existing one) and our
 * search attributes, then waits until a visibility query over every attribute is accepted: the
 * server learns a new namespace and its attributes on its next cache refresh, and a worker that
 * upserted an attribute before then would fail its workflow task.
 */
export async function prepareNamespace(connection: Connection, namespace: string, retentionDays: number, searchAttributes: Record<string, SearchAttributeTypeName>): Promise<void> {
  const exists = await connection.workflowService.describeNamespace({ namespace }).then(
    () => true,
    (e: { code?: number }) => {
      if (e.code !== 5 /* NOT_FOUND */) throw e;
      return false;
    },
  );
  if (exists) await setNamespaceRetention(connection, namespace, retentionDays);
  else await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retentionDays * 86_400_000) });

  const query = Object.entries(searchAttributes)
    .map(([name, type]) => `${name} ${type === 'Datetime' ? "< '2000-01-01T00:00:00Z'" : type === 'Bool' ? '= true' : type === 'Int' ? '= 0' : "= 'probe'"}`)
    .join(' AND ');
  const deadline = Date.now() + 90_000;
  for (let attempt = 0; ; attempt++) {
    try {
      await registerSearchAttributes(connection, namespace, searchAttributes);
      await connection.workflowService.listWorkflowExecutions({ namespace, query, pageSize: 1 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`namespace ${namespace} or its search attributes not usable after 90 s: ${(e as Error).message}`);
      await sleep(Math.min(250 * 2 ** attempt, 2_000));
    }
  }
}
