// A smoke test of `npm start` itself: it boots the embedded defaults (Temporal dev server, PGlite),
// seeds, answers the API and its health checks, registers the custom search attributes, sets the
// namespace retention, keeps cases across a restart, brings a crashed dev server back by itself,
// and stops cleanly on Ctrl-C and on SIGTERM: in order, with no warnings, leaving nothing behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';
import { eventually } from './helpers/shareRequestHarness';
import { devServerPid, portAnswers } from './helpers/devServerProcess';
import { freeServicePorts, npmStart, stop, warnings, type Started } from './helpers/npmStart';

const dataDir = mkdtempSync(join(tmpdir(), 'gds-smoke-'));

let running: Started | undefined;
afterAll(async () => {
  if (running) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('when started on a fresh data dir, then it seeds, answers, has the search attributes and the retention, keeps a case across a restart and a dev server crash, and stops cleanly on SIGINT and SIGTERM', { timeout: 400_000 }, async () => {
    const ports = await freeServicePorts();
    const env = { DATA_DIR: dataDir, ...ports };
    const api = `http://127.0.0.1:${ports.PORT}`;
    const temporalAddress = `127.0.0.1:${ports.TEMPORAL_DEV_PORT}`;

    running = await npmStart(env);
    expect(running.output()).toContain(api);
    expect(running.output()).toContain(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`);

    expect((await fetch(`${api}/health/live`)).status).toBe(200);
    const ready = (await (await fetch(`${api}/health/ready`)).json()) as { warnings: Array<{ code: string }> };
    expect(ready).toMatchObject({ status: 'ready', down: [] });
    // The development issuer on the loopback address with the embedded defaults: no unsafe setting to
    // warn of (next year's notice may be missing in December: that warning is the calendar's).
    expect(ready.warnings.filter((w) => w.code === 'UNSAFE_SETTING')).toEqual([]);
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
      // TEMPORAL_RETENTION_DAYS (default 30) replaced the dev server's own one day.
      const { config } = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(tsToMs(config!.workflowExecutionRetentionTtl!)).toBe(30 * 86_400_000);

      // A case parked on a queue nobody polls, to show the dev server's SQLite file survives a restart.
      const client = new Client({ connection });
      await client.workflow.start('persistenceProbe', { taskQueue: 'smoke-no-worker', workflowId: 'smoke-persistence' });
    } finally {
      await connection.close();
    }

    await stop(running, 'SIGINT');
    expect(running.output()).toContain('Stopped cleanly.');
    // A clean stop says nothing else: the worker drained while the dev server was still up.
    expect(warnings(running.output()), running.output()).toEqual([]);
    expect(await portAnswers(Number(ports.TEMPORAL_DEV_PORT))).toBe(false);

    // At info this time, to see the order of the stop.
    running = await npmStart({ ...env, LOG_LEVEL: 'info' });
    const persisted = async () => {
      const again = await Connection.connect({ address: temporalAddress });
      try {
        return (await new Client({ connection: again }).workflow.getHandle('smoke-persistence').describe()).status.name;
      } finally {
        await again.close();
      }
    };
    expect(await persisted()).toBe('RUNNING');
    // The seed is idempotent: a second boot over the same data still has one set of departments.
    const after: any = await (await fetch(`${api}/departments?jurisdiction=230100`)).json();
    expect(after.departments.length).toBe(departments.departments.length);

    // The dev server dies under the service (a crash, an OOM kill): it comes back by itself on the
    // same port with the same SQLite file, and the API with it.
    process.kill(devServerPid(join(dataDir, 'temporal.sqlite')), 'SIGKILL');
    await eventually(async () => expect(running!.output()).toMatch(/Temporal dev server stopped unexpectedly .*restarting it on 127\.0\.0\.1:\d+ with the same data/), 10_000);
    await eventually(async () => expect((await fetch(`${api}/health/ready`)).status).toBe(200), 30_000);
    expect(await persisted()).toBe('RUNNING');
    const cleanup = await Connection.connect({ address: temporalAddress });
    try {
      await new Client({ connection: cleanup }).workflow.getHandle('smoke-persistence').terminate('smoke test done');
    } finally {
      await cleanup.close();
    }

    // The crash was worth a warning (and Core's poll retries may have added theirs); the stop is not.
    const beforeStop = running.output().length;
    await stop(running, 'SIGTERM');
    expect(running.output()).toContain('Stopped cleanly.');
    expect(warnings(running.output().slice(beforeStop)), running.output()).toEqual([]);
    // HTTP first, then the worker's drain while Temporal and the database are still there, the dev server last.
    const stopped = [...running.output().slice(beforeStop).matchAll(/"msg":"stopped: ([^"]+)"/g)].map((m) => m[1]);
    expect(stopped).toEqual(['HTTP server', 'worker (drained)', 'Temporal worker connection', 'Temporal client connection', 'database', 'Temporal dev server']);
    expect(await portAnswers(Number(ports.TEMPORAL_DEV_PORT))).toBe(false);
  });
});
