// For fault tests: a Temporal dev server, the API in this process, and workers as separate
// processes (bench/host.ts) that a test can SIGKILL, with deadlines a few seconds out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startHost, type Host } from '../../bench/children';
import { startDevServer } from '../../scripts/lib/devServer';
import { bundleWorkflows } from '../../worker/worker';
import { SEARCH_ATTRIBUTES, TASK_QUEUE } from '../../workflows/shared';
import { startTestApp, type TestApp } from './app';
import type { TestDatabase } from './db';
import { BEIJING, submission } from './fixtures';
import { quietLogger } from './quietRuntime';
import { bearer } from './tokens';

export interface FaultStack {
  app: TestApp;
  client: Client;
  /** Starts a worker process whose deadlines fall `deadlineMs` after they are computed. */
  startWorker(opts?: { dieAfterRecording?: string }): Promise<Host>;
  /** Stops every worker started so far. */
  stopWorkers(): Promise<void>;
  /** Opens a share request through the API; answers its id and dueAt. */
  open(): Promise<{ id: string; dueAt: string }>;
  teardown(): Promise<void>;
}

export async function startFaultStack({ deadlineMs, database }: { deadlineMs: number; database?: TestDatabase }): Promise<FaultStack> {
  const dir = mkdtempSync(join(tmpdir(), 'gds-faults-'));
  const server = await startDevServer({ dbFile: join(dir, 'temporal.sqlite'), port: 0, headless: true, searchAttributes: SEARCH_ATTRIBUTES });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const app = await startTestApp({ temporal: client, database });
  const bundlePath = join(dir, 'workflows.bundle.js');
  writeFileSync(bundlePath, await bundleWorkflows(quietLogger));
  const hosts: Host[] = [];
  return {
    app,
    client,
    async startWorker(opts = {}) {
      const spec = { role: 'worker' as const, temporalAddress: server.address, taskQueue: TASK_QUEUE, bundlePath, databaseUrl: app.database.url, deadlineOverrideMs: deadlineMs, logLevel: 'ERROR' as const, ...opts };
      const host = await startHost(spec, { label: 'fault-worker' });
      hosts.push(host);
      return host;
    },
    async stopWorkers() {
      for (const h of hosts.splice(0)) await h.stop();
    },
    async open() {
      const res = await fetch(`${app.url}/share-requests`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(await bearer(BEIJING.requester)) },
        body: JSON.stringify(submission()),
      });
      if (res.status !== 201) throw new Error(`opening answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { id: string; dueAt: string };
    },
    async teardown() {
      for (const h of hosts) await h.stop().catch(() => undefined);
      await app.close();
      await client.connection.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
