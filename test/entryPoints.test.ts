// npm run api and npm run worker: separate processes against a shared Temporal and PostgreSQL.
// Without them they refuse to start, naming what is missing; with them they serve, and on SIGTERM
// (a process manager's stop) they drain and exit 0.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../scripts/lib/devServer';
import { StackAlreadyRunning, startStack, TemporalServerNotBuilt } from '../scripts/lib/stack';
import { freePort } from '../scripts/lib/temporalBinaries';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';
import { freshDatabase, type TestDatabase } from './helpers/db';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'gds-entry-'));
let cluster: DevServer | undefined;
let database: TestDatabase | undefined;

afterAll(async () => {
  await cluster?.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  output: () => string;
  exited: Promise<number | null>;
  ready: Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

function run(kind: 'api' | 'worker', env: Record<string, string>): Run {
  const { DATABASE_URL: _a, TEMPORAL_ADDRESS: _b, ...parentEnv } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${kind}.ts`], {
    cwd: repo,
    env: { ...parentEnv, NODE_ENV: 'development', LOG_LEVEL: 'info', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearInterval(check);
        resolve();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(check);
      reject(new Error(`${kind} exited with ${code} before it was ready:\n${out}`));
    });
  });
  ready.catch(() => undefined);
  return { output: () => out, exited, ready, kill: (signal) => child.kill(signal) };
}

describe('npm run api and npm run worker', () => {
  it.each(['api', 'worker'] as const)('when %s is started without TEMPORAL_ADDRESS and DATABASE_URL, then it refuses at once with exit 1, naming both', { timeout: 60_000 }, async (kind) => {
    const r = run(kind, { PORT: String(await freePort()) });
    expect(await r.exited).toBe(1);
    expect(r.output()).toContain(`npm run ${kind} needs TEMPORAL_ADDRESS and DATABASE_URL`);
    expect(r.output()).not.toContain('Press Ctrl-C');
  });

  it('when the API is started on 0.0.0.0 against a cluster and PostgreSQL with no identity provider, then it refuses at once: the development issuer is not on by itself there', { timeout: 60_000 }, async () => {
    const r = run('api', { HOST: '0.0.0.0', PORT: String(await freePort()), TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://gds@127.0.0.1:1/gds' });
    expect(await r.exited).toBe(1);
    expect(r.output()).toContain('AUTH_ISSUER and AUTH_JWKS_URL are required');
    expect(r.output()).not.toContain('Press Ctrl-C');
  });

  it.each([['--workers', '0'], ['--workers', 'two'], ['--postgres-port', '70000']])('when npm run stack is given %s %s, then it prints its usage and exits 2, starting nothing', { timeout: 60_000 }, async (flag, value) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/stack.ts', flag, value], { cwd: repo, env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr.on('data', (b) => (out += b));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
    expect(out).toContain('usage: npm run stack');
    expect(existsSync(join(dataDir, 'stack'))).toBe(false);
  });

  it('when a stack is already running from the same directory, then a second one refuses before touching anything; a stale pid file is taken over', async () => {
    const dir = join(dataDir, 'claimed');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'stack.pid'), String(process.pid)); // "running": this very process
    const options = { dir, apiPort: 0, temporalPort: 0, postgresPort: 0, uiPort: false as const, workers: 1, build: false };
    await expect(startStack(options)).rejects.toThrow(StackAlreadyRunning);
    expect(readdirSync(dir)).toEqual(['stack.pid']);

    writeFileSync(join(dir, 'stack.pid'), '2147483646'); // a process that is gone
    // Taken over: it goes on to the next step, the binaries, which an empty cache does not have,
    // and releases the directory on its way out.
    process.env.GDS_CACHE_DIR = join(dataDir, 'empty-cache');
    try {
      await expect(startStack(options)).rejects.toThrow(TemporalServerNotBuilt);
    } finally {
      delete process.env.GDS_CACHE_DIR;
    }
    expect(existsSync(join(dir, 'stack.pid'))).toBe(false);
  });

  it('when started against a cluster and PostgreSQL, then the API serves and the worker polls, and each exits 0 after draining on SIGTERM', { timeout: 240_000 }, async () => {
    cluster = await startDevServer({ dbFile: join(dataDir, 'cluster.sqlite'), port: 0, headless: true, searchAttributes: SEARCH_ATTRIBUTES });
    database = await freshDatabase();
    const port = await freePort();
    const shared = { TEMPORAL_ADDRESS: cluster.address, DATABASE_URL: database.url, SEED_DEMO: 'true' };
    // The development issuer asked for explicitly: it runs, and the banner and readiness say so.
    const api = run('api', { ...shared, PORT: String(port), AUTH_DEV_ISSUER: 'true' });
    const worker = run('worker', shared);
    await Promise.all([api.ready, worker.ready]);
    expect(api.output()).toContain(`http://127.0.0.1:${port}`);
    expect(await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()).toMatchObject({
      status: 'ready',
      down: [],
      warnings: expect.arrayContaining([{ code: 'UNSAFE_SETTING', detail: expect.stringContaining('the development issuer is on') }]),
    });
    expect(api.output()).toMatch(/WARNING: +the development issuer is on/);
    expect((await fetch(`http://127.0.0.1:${port}/dev/jwks.json`)).status).toBe(200);
    expect(worker.output()).toMatch(/Identity: +\d+@/);

    for (const r of [api, worker]) r.kill('SIGTERM');
    expect(await api.exited, api.output()).toBe(0);
    expect(await worker.exited, worker.output()).toBe(0);
    const stopped = (r: Run) => [...r.output().matchAll(/"msg":"stopped: ([^"]+)"/g)].map((m) => m[1]);
    expect(stopped(api)).toEqual(['HTTP server', 'Temporal client connection', 'database']);
    expect(stopped(worker)).toEqual(['worker (drained)', 'Temporal worker connection', 'Temporal client connection', 'database']);
    for (const r of [api, worker]) expect(r.output()).toContain('Stopped cleanly.');
  });
});
