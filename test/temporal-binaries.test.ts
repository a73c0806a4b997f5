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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pins from '../scripts/temporal-binaries.json' with { type: 'json' };
import { registerSearchAttributes, startDevServer, type SearchAttributeTypeName } from '../scripts/lib/devServer.js';
import { createTimeSkippingEnv } from '../scripts/lib/testServer.js';
import { ensureTemporalBinaries, installedInfo, temporalCliPath, testServerPath } from '../scripts/lib/temporalBinaries.js';

const projectSearchAttributes: Record<string, SearchAttributeTypeName> = {
  GdsProcess: 'Keyword',
  GdsStage: 'Keyword',
  GdsRequester: 'Keyword',
  GdsProvider: 'Keyword',
  GdsJurisdiction: 'Keyword',
  GdsRuleSet: 'Keyword',
  GdsDueAt: 'Datetime',
  GdsOverdue: 'Bool',
};
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
