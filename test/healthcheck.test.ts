// The containers' health check (scripts/healthcheck.ts) against a real API, dev server and worker:
// healthy only when the API answers ready, or when a worker of this host polls the task queue.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../scripts/lib/devServer';
import { freePort } from '../scripts/lib/temporalBinaries';
import { TASK_QUEUE } from '../workflows/shared';
import { startLiveStack, type LiveStack } from './helpers/liveStack';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gds-health-'));
let live: LiveStack;
let idle: DevServer;

beforeAll(async () => {
  [live, idle] = await Promise.all([startLiveStack(), startDevServer({ dbFile: join(dir, 'idle.sqlite'), port: 0, headless: true, searchAttributes: {} })]);
});
afterAll(async () => {
  await live?.teardown();
  await idle?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the check as the Dockerfile's HEALTHCHECK does, with only these variables set. */
function check(role: string, env: Record<string, string>): Promise<{ code: number; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile('node', ['--import', 'tsx', 'scripts/healthcheck.ts', role], { cwd: ROOT, env: { PATH: process.env.PATH!, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr, ms: Date.now() - started }),
    );
  });
}

describe('health check', () => {
  it('when the API answers ready, then api is healthy', async () => {
    const res = await check('api', { PORT: new URL(live.app.url).port });
    expect(res).toMatchObject({ code: 0, out: 'healthy\n' });
  });

  it('when nothing listens on PORT, then api is unhealthy', async () => {
    const res = await check('api', { PORT: String(await freePort()) });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/^unhealthy: /);
  });

  it('when a worker of this host polls the task queue, then worker is healthy', async () => {
    const res = await check('worker', { TEMPORAL_ADDRESS: live.temporal.address });
    expect(res).toMatchObject({ code: 0, out: 'healthy\n' });
  });

  it('when Temporal answers but no worker polls, then worker is unhealthy and says so', async () => {
    const res = await check('worker', { TEMPORAL_ADDRESS: idle.address });
    expect(res).toMatchObject({ code: 1, out: `unhealthy: no worker of ${hostname()} polls ${TASK_QUEUE} (pollers: none)\n` });
  });

  it('when no role is given, then it exits 1 with its usage', async () => {
    expect(await check('', {})).toMatchObject({ code: 1, out: 'unhealthy: usage: scripts/healthcheck.ts api|worker\n' });
  });

  it('when Temporal is unreachable, then worker is unhealthy within its time limit', async () => {
    const res = await check('worker', { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/^unhealthy: /);
    // Within Docker's 10 s timeout (docker-compose.yml), node's start-up included.
    expect(res.ms).toBeLessThan(10_000);
  });
});
