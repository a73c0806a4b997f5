// The pinned Temporal binaries and the helpers that start them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
// Errors only: these workers bundle fixtures and poll no activities on purpose (INFO webpack
// reports and a WARN per worker otherwise).
import './helpers/quietRuntime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pins from '../scripts/temporal-binaries.json' with { type: 'json' };
import { registerSearchAttributes, startDevServer, type SearchAttributeTypeName } from '../scripts/lib/devServer.js';
import { createTimeSkippingEnv } from '../scripts/lib/testServer.js';
import {
  ensureTemporalBinaries,
  faketimeLibPath,
  installedInfo,
  spawnWatched,
  temporalCliPath,
  testServerPath,
} from '../scripts/lib/temporalBinaries.js';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';

const projectSearchAttributes: Record<string, SearchAttributeTypeName> = SEARCH_ATTRIBUTES;
const workflowsPath = fileURLToPath(new URL('./fixtures/sleepy.workflow.ts', import.meta.url));
const DAY = 86_400_000;

const portAnswers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

beforeAll(() => ensureTemporalBinaries(), 600_000);

describe('pinned binaries', () => {
  it('has the CLI at the pinned version', () => {
    expect(fs.existsSync(temporalCliPath())).toBe(true);
    const out = execFileSync(temporalCliPath(), ['--version'], { encoding: 'utf8' });
    // The go-install fallback builds an older pin; the marker says which route was used.
    const expected = installedInfo('cli')?.route === 'go' ? pins.cli.goFallback.version : pins.cli.version;
    expect(out).toContain(`temporal version ${expected}`);
  });

  it('has the test server', () => {
    expect(fs.existsSync(testServerPath())).toBe(true);
    fs.accessSync(testServerPath(), fs.constants.X_OK);
  });

  it('has libfaketime (for createTimeSkippingEnv({ startAt }))', () => {
    const hint = `${faketimeLibPath()} is missing: run \`node scripts/obtain-temporal-binaries.mjs --only faketime\` (see docs/development.md)`;
    expect(fs.existsSync(faketimeLibPath()), hint).toBe(true);
    if (!process.env.FAKETIME_LIB_PATH) expect(installedInfo('faketime')).toMatchObject({ route: 'apt', version: pins.faketime.version });
  });
});

describe('startDevServer', () => {
  it('starts on free ports with a temp db, registers the search attributes, and stops', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devserver-test-'));
    const server = await startDevServer({
      dbFile: path.join(dir, 'temporal.db'),
      port: 0,
      uiPort: 0,
      searchAttributes: projectSearchAttributes,
    });
    const port = Number(server.address.split(':')[1]);
    try {
      expect(server.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const connection = await Connection.connect({ address: server.address });
      try {
        const list = async () =>
          (await connection.operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes;
        expect(await list()).toMatchObject({
          GdsProcess: 2, GdsStage: 2, GdsRequester: 2, GdsProvider: 2, GdsJurisdiction: 2, GdsRuleSet: 2,
          GdsDueAt: 6, GdsOverdue: 5,
        });
        // What startDevServer does for an old db file that lacks a newer attribute.
        await registerSearchAttributes(connection, 'default', { ...projectSearchAttributes, GdsExtra: 'Int' });
        expect((await list())?.GdsExtra).toBe(3);
        await expect(registerSearchAttributes(connection, 'default', { GdsOverdue: 'Keyword' })).rejects.toThrow(
          /another type/,
        );
      } finally {
        await connection.close();
      }
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(await portAnswers(port)).toBe(false);
  }, 120_000);

  it('refuses a port that something else listens on', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(
        startDevServer({ dbFile: path.join(os.tmpdir(), 'unused.db'), port, uiPort: 0, searchAttributes: {} }),
      ).rejects.toThrow(/already in use/);
    } finally {
      blocker.close();
    }
  });
});

describe('createTimeSkippingEnv', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv({ searchAttributes: projectSearchAttributes });
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
  }, 60_000);

  it('skips time on env.sleep', async () => {
    const before = await env.currentTimeMs();
    const wallStart = Date.now();
    await env.sleep('10 days');
    expect(Date.now() - wallStart).toBeLessThan(5_000);
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(10 * DAY);
  }, 60_000);

  it('runs a workflow that sleeps 3 days, instantly, and one that upserts a registered attribute', async () => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'sleepy', workflowsPath });
    await worker.runUntil(async () => {
      const wallStart = Date.now();
      const days = await env.client.workflow.execute('sleepy', {
        args: [3],
        taskQueue: 'sleepy',
        workflowId: `sleepy-${Date.now()}`,
      });
      expect(days).toBeGreaterThanOrEqual(3);
      expect(Date.now() - wallStart).toBeLessThan(10_000);

      // Works only because createTimeSkippingEnv registered it: unknown ones fail the workflow task.
      const seen = await env.client.workflow.execute('upsertKeyword', {
        args: ['GdsStage', 'review'],
        taskQueue: 'sleepy',
        workflowId: `upsert-${Date.now()}`,
      });
      expect(seen).toBe('review');
    });
  }, 120_000);
});

describe('createTimeSkippingEnv({ startAt })', () => {
  // Statutory-deadline tests need real 2026 dates, while the machine clock is later.
  const startA = Date.parse('2026-09-24T12:00:00+08:00');
  const startB = Date.parse('2026-01-05T09:30:00+08:00');
  let envA: TestWorkflowEnvironment;
  let envB: TestWorkflowEnvironment;
  let createdAt: number; // wall clock just before creating them: their clocks ran at most this long
  const slack = (): number => Date.now() - createdAt + 1_000;
  beforeAll(async () => {
    createdAt = Date.now();
    // Two at once, each its own server process with its own start instant.
    [envA, envB] = await Promise.all([
      createTimeSkippingEnv({ startAt: '2026-09-24T12:00:00+08:00', searchAttributes: projectSearchAttributes }),
      createTimeSkippingEnv({ startAt: new Date(startB) }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([envA?.teardown(), envB?.teardown()]);
  }, 60_000);

  it('reports the start instant, then skips forward from it', async () => {
    const now = await envA.currentTimeMs();
    expect(now).toBeGreaterThanOrEqual(startA);
    expect(now - startA).toBeLessThan(slack());
    const wallStart = Date.now();
    await envA.sleep('10 days');
    expect(Date.now() - wallStart).toBeLessThan(5_000);
    const after = await envA.currentTimeMs();
    expect(after - startA).toBeGreaterThanOrEqual(10 * DAY);
    expect(after - startA - 10 * DAY).toBeLessThan(slack());
  }, 60_000);

  it('gives workflows the env time as Date.now()', async () => {
    const worker = await Worker.create({ connection: envA.nativeConnection, taskQueue: 'clock', workflowsPath });
    await worker.runUntil(async () => {
      const before = await envA.currentTimeMs();
      const wallStart = Date.now();
      const { startedAt, wokeAt } = await envA.client.workflow.execute('clock', {
        args: [3],
        taskQueue: 'clock',
        workflowId: `clock-${Date.now()}`,
      });
      expect(startedAt).toBeGreaterThanOrEqual(before);
      expect(startedAt - before).toBeLessThan(Date.now() - wallStart + 1_000);
      expect(startedAt).toBeGreaterThanOrEqual(startA + 10 * DAY); // the first test skipped 10 days
      expect(startedAt).toBeLessThan(Date.parse('2026-10-05T00:00:00+08:00'));
      // Unlocked, the server may also skip to its own pending timers (a 10 s workflow-task timeout),
      // with or without libfaketime; hence a minute of slack rather than a few seconds.
      expect(wokeAt - startedAt).toBeGreaterThanOrEqual(3 * DAY);
      expect(wokeAt - startedAt - 3 * DAY).toBeLessThan(60_000);
      const after = await envA.currentTimeMs();
      expect(after).toBeGreaterThanOrEqual(wokeAt);
      expect(after - wokeAt).toBeLessThan(60_000);
    });
  }, 120_000);

  it('runs a second env, created alongside, on its own clock', async () => {
    const b = await envB.currentTimeMs();
    expect(b).toBeGreaterThanOrEqual(startB);
    expect(b - startB).toBeLessThan(slack());
    const a = await envA.currentTimeMs();
    await envB.sleep('1 day');
    expect((await envB.currentTimeMs()) - b).toBeGreaterThanOrEqual(DAY);
    expect((await envA.currentTimeMs()) - a).toBeLessThan(5_000);
  }, 60_000);

  it('refuses a startAt string without an offset', async () => {
    await expect(createTimeSkippingEnv({ startAt: '2026-09-24T12:00:00' })).rejects.toThrow(/no offset/);
    await expect(createTimeSkippingEnv({ startAt: 'someday' })).rejects.toThrow(/no offset|not a valid instant/);
  });

  it('says how to get libfaketime when it is missing', async () => {
    const saved = process.env.FAKETIME_LIB_PATH;
    process.env.FAKETIME_LIB_PATH = path.join(os.tmpdir(), 'no-such-dir', 'libfaketimeMT.so.1');
    try {
      await expect(createTimeSkippingEnv({ startAt: startA })).rejects.toThrow(
        /needs libfaketime.*obtain-temporal-binaries\.mjs --only faketime/s,
      );
    } finally {
      if (saved === undefined) delete process.env.FAKETIME_LIB_PATH;
      else process.env.FAKETIME_LIB_PATH = saved;
    }
  });
});

describe('start-up errors', () => {
  it('when a child prints 100 lines and dies, then its error keeps the first 10 (where a Go panic names its cause) and the last 30', async () => {
    const proc = spawnWatched('bash', ['-c', 'for i in $(seq 1 100); do echo "line $i"; done; exit 2']);
    await new Promise((resolve) => proc.child.once('close', resolve));
    const lines = proc.output().split('\n');
    expect(lines.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 1}`));
    expect(lines[10]).toBe('… (60 lines)');
    expect(lines.slice(11)).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i + 71}`));
  });

  it('when a child prints a few lines, then each is in its error once', async () => {
    const proc = spawnWatched('bash', ['-c', 'echo panic: listen tcp; echo goroutine 1']);
    await new Promise((resolve) => proc.child.once('close', resolve));
    expect(proc.output()).toBe('panic: listen tcp\ngoroutine 1');
  });
});
