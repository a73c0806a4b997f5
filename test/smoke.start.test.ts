// A smoke test of `npm start` itself: it boots the embedded defaults (Temporal dev server, PGlite),
// seeds, answers the API, registers the custom search attributes, and keeps cases across a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'gds-smoke-'));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function npmStart(env: Record<string, string>): Promise<Started> {
  const { DATABASE_URL: _ignored, ...parentEnv } = process.env;
  const child = spawn('npm', ['start'], { cwd: repo, env: { ...parentEnv, ...env, LOG_LEVEL: 'warn' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in 150 s:\n${out}`)), 150_000);
    const check = setInterval(() => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 200);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
  child.removeAllListeners('exit');
  return { child, output: () => out };
}

/** Ctrl-C to the whole process group, as a terminal would; resolves when npm has exited. */
async function stop({ child }: Started): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  process.kill(-child.pid!, 'SIGINT');
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

let running: Started | undefined;
afterAll(async () => {
  if (running) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('when started on a fresh data dir, then it seeds, answers the API, has the search attributes, and keeps a case across a restart', { timeout: 400_000 }, async () => {
    const ports = { PORT: await freePort(), TEMPORAL_DEV_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort() };
    const env = { DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
    const api = `http://127.0.0.1:${ports.PORT}`;
    const temporalAddress = `127.0.0.1:${ports.TEMPORAL_DEV_PORT}`;

    running = await npmStart(env);
    expect(running.output()).toContain(api);
    expect(running.output()).toContain(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`);

    const deadline: any = await (await fetch(`${api}/calendar/deadline?from=2026-09-25&workingDays=10`)).json();
    expect(deadline.dueAt).toBe('2026-10-16T00:00:00.000+08:00');
    const departments: any = await (await fetch(`${api}/departments?jurisdiction=230100`)).json();
    expect(departments.departments.length).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/`)).status).toBe(200);

    const connection = await Connection.connect({ address: temporalAddress });
    try {
      const attrs = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(attrs.customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)));
      // A visibility query over the custom attributes; an unregistered one would be an error.
      const listed = await connection.workflowService.listWorkflowExecutions({
        namespace: 'default',
        query: `GdsProcess = 'share-request' AND GdsOverdue = true AND GdsDueAt < '2030-01-01T00:00:00Z'`,
      });
      expect(listed.executions).toEqual([]);

      // A case parked on a queue nobody polls, to show the dev server's SQLite file survives a restart.
      const client = new Client({ connection });
      await client.workflow.start('persistenceProbe', { taskQueue: 'smoke-no-worker', workflowId: 'smoke-persistence' });
    } finally {
      await connection.close();
    }

    await stop(running);
    // The service itself shut down cleanly (npm, killed by the same Ctrl-C, reports the signal).
    expect(running.output()).toContain('Stopped cleanly.');
    running = await npmStart(env);
    const again = await Connection.connect({ address: temporalAddress });
    try {
      const described = await new Client({ connection: again }).workflow.getHandle('smoke-persistence').describe();
      expect(described.status.name).toBe('RUNNING');
      await new Client({ connection: again }).workflow.getHandle('smoke-persistence').terminate('smoke test done');
    } finally {
      await again.close();
    }
    // The seed is idempotent: a second boot over the same data still has one set of departments.
    const after: any = await (await fetch(`${api}/departments?jurisdiction=230100`)).json();
    expect(after.departments.length).toBe(departments.departments.length);
  });
});
