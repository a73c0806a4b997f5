// PostgreSQL goes away under a running API: requests answer 503 DATABASE_UNAVAILABLE with
// Retry-After at once (a stopped server) or within the connect timeout (a server that accepts and
// never answers), never a 500 or a hang; readiness names the database; the same process recovers
// when the server is back.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client';
import { READY_CHECK_TIMEOUT_MS } from '../api/routes/health';
import { startTestApp, type TestApp } from './helpers/app';
import { freshDatabase, type TestDatabase } from './helpers/db';
import { eventually } from './helpers/shareRequestHarness';
import { startThrowawayPostgres, type ThrowawayPostgres } from './helpers/throwawayPostgres';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function timedGet(app: TestApp, path: string) {
  const started = Date.now();
  const res = await fetch(app.url + path);
  return { status: res.status, headers: res.headers, body: (await res.json()) as any, ms: Date.now() - started };
}

function expect503(res: { status: number; headers: Headers; body: any }) {
  expect(res.status).toBe(503);
  expect(res.body.code).toBe('DATABASE_UNAVAILABLE');
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
}

/** A TCP proxy to PostgreSQL that can turn into a black hole: it accepts and never answers. */
async function blackholeProxy(upstreamPort: number): Promise<{ port: number; cut(): void; heal(): void; close(): Promise<void> }> {
  let open = true;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  const server: Server = createServer((client) => {
    track(client);
    if (!open) return; // accepted, then silence
    const upstream = connect(upstreamPort, '127.0.0.1');
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      open = false;
      sockets.forEach((s) => s.destroy());
    },
    heal() {
      open = true;
      sockets.forEach((s) => s.destroy());
    },
    close: () => new Promise<void>((resolve) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => resolve());
    }),
  };
}

describe('when PostgreSQL stops and starts again', () => {
  it('then requests answer 503 DATABASE_UNAVAILABLE at once, readiness names the database, and the API recovers by itself', { timeout: 120_000 }, async () => {
    const pg: ThrowawayPostgres = await startThrowawayPostgres();
    cleanups.push(() => pg.destroy());
    const handle = await openDatabase({ kind: 'pg', url: pg.url, poolSize: 5 });
    const database: TestDatabase = { ...handle, url: pg.url, drop: () => handle.close() };
    const app = await startTestApp({ database });
    cleanups.push(() => app.close());

    expect((await timedGet(app, '/departments?jurisdiction=110000')).status).toBe(200);

    await pg.stop();
    const down = await timedGet(app, '/departments?jurisdiction=110000');
    expect503(down);
    expect(down.ms).toBeLessThan(1_000);
    const ready = await timedGet(app, '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', down: ['database'], checks: { database: { status: 'down' } } });
    expect((await timedGet(app, '/health/live')).status).toBe(200);

    await pg.start();
    await eventually(async () => expect((await timedGet(app, '/departments?jurisdiction=110000')).status).toBe(200), 15_000);
    expect((await timedGet(app, '/health/ready')).body).toMatchObject({ status: 'ready', down: [] });
  });
});

describe('when PostgreSQL accepts connections but never answers', () => {
  it('then requests answer 503 within the connect timeout instead of hanging, and recover when it answers again', { timeout: 60_000 }, async () => {
    const direct = await freshDatabase();
    cleanups.push(() => direct.drop());
    const proxy = await blackholeProxy(Number(new URL(direct.url).port));
    cleanups.push(() => proxy.close());
    const proxied = new URL(direct.url);
    proxied.port = String(proxy.port);
    const connectTimeoutMs = 1_000;
    const handle = await openDatabase({ kind: 'pg', url: proxied.toString(), poolSize: 5, connectTimeoutMs });
    const app = await startTestApp({ database: { ...handle, url: proxied.toString(), drop: () => handle.close() } });
    cleanups.push(() => app.close());
    expect((await timedGet(app, '/departments?jurisdiction=110000')).status).toBe(200);

    proxy.cut();
    const res = await timedGet(app, '/departments?jurisdiction=110000');
    expect503(res);
    expect(res.ms).toBeLessThan(connectTimeoutMs + 1_500);
    const ready = await timedGet(app, '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.down).toEqual(['database']);
    expect(ready.ms).toBeLessThan(READY_CHECK_TIMEOUT_MS + 1_500);

    proxy.heal();
    await eventually(async () => expect((await timedGet(app, '/departments?jurisdiction=110000')).status).toBe(200), 15_000);
  });
});
