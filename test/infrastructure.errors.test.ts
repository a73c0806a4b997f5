// infrastructureError() against the errors the SDK and pg really throw, produced by real servers
// (a Temporal CLI dev server, PostgreSQL) and by addresses where nothing listens or nothing answers:
// unavailability is a 503 with its code; an answer (not found, bad SQL) is not.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Client, Connection, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import './helpers/quietRuntime';
import { callTemporal, infrastructureError, TemporalCallTimeoutError } from '../api/infrastructure';
import { startDevServer, type DevServer } from '../scripts/lib/devServer';
import { CLIENT_CONNECTION_OPTIONS } from '../worker/connections';
import { freshDatabase, type TestDatabase } from './helpers/db';

/** A port where nothing listens. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** A port that accepts connections and never says a word. */
async function silentPort(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const s: Server = createServer((c) => void sockets.add(c.on('error', () => undefined)));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    port: (s.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      sockets.forEach((c) => c.destroy());
      s.close(() => resolve());
    }),
  };
}

async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

const codeOf = (err: unknown) => infrastructureError(err)?.code;
/** drizzle wraps pg's error in a DrizzleQueryError whose cause is pg's. */
const pgCode = (err: unknown) => (err as { cause?: { code?: string } }).cause?.code;

describe('infrastructureError with Temporal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gds-infra-'));
  let server: DevServer;
  let nowhere: Client;
  let noRetry: Client;
  beforeAll(async () => {
    server = await startDevServer({ dbFile: join(dir, 'temporal.sqlite'), port: 0, headless: true, searchAttributes: {} });
    const address = `127.0.0.1:${await closedPort()}`;
    // Configured as the API's client is.
    nowhere = new Client({ connection: Connection.lazy({ address, ...CLIENT_CONNECTION_OPTIONS }) });
    noRetry = new Client({ connection: Connection.lazy({ address, interceptors: [] }) });
  });
  afterAll(async () => {
    await nowhere?.connection.close();
    await noRetry?.connection.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const soon = () => Date.now() + 500;

  it('when starting a workflow cannot reach the server, then by the deadline the SDK throws a ServiceError caused by DEADLINE_EXCEEDED or UNAVAILABLE: TEMPORAL_UNAVAILABLE', async () => {
    const started = Date.now();
    const err = await rejectionOf(nowhere.withDeadline(soon(), () => nowhere.workflow.start('wf', { taskQueue: 'q', workflowId: 'w' })));
    // The SDK's own retry would sleep its back-off past the deadline; the API's client does not.
    expect(Date.now() - started).toBeLessThan(800);
    expect(err).toBeInstanceOf(ServiceError);
    expect([4, 14]).toContain(((err as ServiceError).cause as { code?: number }).code);
    expect(codeOf(err)).toBe('TEMPORAL_UNAVAILABLE');
  });

  it('when an update cannot reach the server by the deadline, then WorkflowUpdateRPCTimeoutOrCancelledError (or, when refused first, a ServiceError): TEMPORAL_UNAVAILABLE', async () => {
    const err = await rejectionOf(nowhere.withDeadline(soon(), () => nowhere.workflow.getHandle('w').executeUpdate('u')));
    // Which one the SDK throws depends on whether the refusal or the deadline comes first (a loaded
    // machine); the API must map both the same way.
    expect(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || err instanceof ServiceError, String(err)).toBe(true);
    expect(codeOf(err)).toBe('TEMPORAL_UNAVAILABLE');
  });

  it('when a raw service call fails with UNAVAILABLE (connection refused, no retries), then TEMPORAL_UNAVAILABLE', async () => {
    const err = await rejectionOf(noRetry.workflowService.getSystemInfo({}));
    expect(err).toMatchObject({ code: 14 });
    expect(codeOf(err)).toBe('TEMPORAL_UNAVAILABLE');
  });

  it('when callTemporal runs out of time, then it answers by the deadline even with the SDK\'s default retry, which sleeps past it: TEMPORAL_UNAVAILABLE', async () => {
    const sdkDefaults = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await closedPort()}` }) });
    try {
      const started = Date.now();
      const err = await rejectionOf(callTemporal(sdkDefaults, 300, () => sdkDefaults.workflowService.getSystemInfo({})));
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(err instanceof TemporalCallTimeoutError || (err as { code?: number }).code === 4).toBe(true);
      expect(codeOf(err)).toBe('TEMPORAL_UNAVAILABLE');
      // That retry is still sleeping; let it finish before the channel closes (see the next test).
      await new Promise((r) => setTimeout(r, 6_500));
    } finally {
      await sdkDefaults.connection.close();
    }
  });

  it('when a call has given up and the connection is closed (a shutdown), then no retry fires into the closed channel later', async () => {
    const client = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await closedPort()}`, ...CLIENT_CONNECTION_OPTIONS }) });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      expect(codeOf(await rejectionOf(callTemporal(client, 300, () => client.workflowService.getSystemInfo({}))))).toBe('TEMPORAL_UNAVAILABLE');
      await client.connection.close();
      // Longer than the SDK's longest back-off (5 s plus 20% jitter).
      await new Promise((r) => setTimeout(r, 6_500));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('when the server answers that something does not exist, then it is not an outage', async () => {
    const client = new Client({ connection: await Connection.connect({ address: server.address }) });
    try {
      const notFound = await rejectionOf(client.workflow.getHandle('no-such-workflow').describe());
      expect(notFound).toBeInstanceOf(WorkflowNotFoundError);
      expect(infrastructureError(notFound)).toBeUndefined();
      const noNamespace = await rejectionOf(client.workflowService.describeNamespace({ namespace: 'no-such-namespace' }));
      expect(noNamespace).toMatchObject({ code: 5 }); // NOT_FOUND
      expect(infrastructureError(noNamespace)).toBeUndefined();
    } finally {
      await client.connection.close();
    }
  });
});

describe('infrastructureError with PostgreSQL (through drizzle, as the routes see it)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const poolTo = async (port: number, connectionTimeoutMillis = 0) => {
    const url = new URL(database.url);
    url.port = String(port);
    return new pg.Pool({ connectionString: url.toString(), connectionTimeoutMillis });
  };

  it('when nothing listens (ECONNREFUSED), then DATABASE_UNAVAILABLE', async () => {
    const pool = await poolTo(await closedPort());
    try {
      const err = await rejectionOf(drizzle(pool).execute(sql`select 1`));
      expect(pgCode(err)).toBe('ECONNREFUSED');
      expect(codeOf(err)).toBe('DATABASE_UNAVAILABLE');
    } finally {
      await pool.end();
    }
  });

  it('when the server accepts and never answers, then the pool gives up after connectionTimeoutMillis: DATABASE_UNAVAILABLE', async () => {
    const silent = await silentPort();
    const pool = await poolTo(silent.port, 300);
    try {
      const started = Date.now();
      const err = await rejectionOf(drizzle(pool).execute(sql`select 1`));
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(codeOf(err)).toBe('DATABASE_UNAVAILABLE');
    } finally {
      await pool.end().catch(() => undefined);
      await silent.close();
    }
  });

  it('when the session is terminated by an administrator (57P01, as in a fast shutdown), then DATABASE_UNAVAILABLE', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    pool.on('error', () => undefined);
    try {
      const db = drizzle(pool);
      const [{ pid }] = (await db.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)).rows as [{ pid: number }];
      const sleeping = rejectionOf(db.execute(sql`select pg_sleep(30)`));
      await new Promise((r) => setTimeout(r, 200));
      await database.db.execute(sql`select pg_terminate_backend(${pid})`);
      const err = await sleeping;
      expect(pgCode(err)).toBe('57P01');
      expect(codeOf(err)).toBe('DATABASE_UNAVAILABLE');
    } finally {
      await pool.end();
    }
  });

  it('when the server answers with an error about the query (42601 syntax, 23505 unique), then it is not an outage', async () => {
    const syntax = await rejectionOf(database.db.execute(sql`selec 1`));
    expect(pgCode(syntax)).toBe('42601');
    expect(infrastructureError(syntax)).toBeUndefined();
    await database.db.execute(sql`create temporary table t (id int primary key)`);
    const duplicate = await rejectionOf(database.db.execute(sql`insert into t values (1), (1)`));
    expect(pgCode(duplicate)).toBe('23505');
    expect(infrastructureError(duplicate)).toBeUndefined();
    expect(infrastructureError(new Error('something else'))).toBeUndefined();
  });
});
