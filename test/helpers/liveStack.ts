// The real thing for API tests: a Temporal CLI dev server, a worker on TASK_QUEUE with the real
// activities, and the API from createApp() over a fresh PostgreSQL database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import './quietRuntime';
import { createActivities } from '../../activities';
import { PROCESS_APIS, registryOf } from '../../processes';
import type { ProcessApi } from '../../api/cases/registry';
import type { CheckpointSigner } from '../../audit/signing';
import { loadCalendar, loadJurisdictionTree } from '../../db/directory';
import { startDevServer, type DevServer } from '../../scripts/lib/devServer';
import { CLIENT_CONNECTION_OPTIONS } from '../../worker/connections';
import { createWorker } from '../../worker/worker';
import { SEARCH_ATTRIBUTES, TASK_QUEUE } from '../../workflows/shared';
import type { Limits } from '../../config';
import type { DevIssuer } from '../../identity/devIssuer';
import type { WebhookDeps } from '../../activities/webhooks/settings';
import { afterAll, beforeAll } from 'vitest';
import { ensureWebhookDispatcher } from '../../worker/webhookDispatcher';
import { startTestApp, type TestApp } from './app';
import { startReceiver, type Receiver } from './webhooks';
import { bearer } from './tokens';
import { workflowBundle } from './shareRequestHarness';


export interface LiveStack {
  app: TestApp;
  client: Client;
  /** The dev server, to take it away (an outage) and bring it back on the same port and SQLite file. */
  temporal: { address: string; stop(): Promise<void>; restart(): Promise<void> };
  /** Sends a request as a demo user; a bare department id is its sharing office head (helpers/tokens.ts). */
  call(method: string, path: string, opts?: { as?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  teardown(): Promise<void>;
}

/** `webhooks`: the same settings (and secret key) for the API and the worker's dispatcher activity.
 * `workflowBundlePath`: the worker comes from createWorker with that prebuilt bundle, as WORKFLOW_BUNDLE_PATH makes it. */
export async function startLiveStack(
  opts: {
    temporalCallTimeoutMs?: number;
    limits?: Limits;
    auditSigner?: CheckpointSigner;
    workflowBundlePath?: string;
    devIssuer?: DevIssuer;
    webhooks?: WebhookDeps;
    /** The registered processes (default the service's) and the workflows entry that exports theirs. */
    processes?: readonly ProcessApi[];
    workflowsPath?: string;
  } = {},
): Promise<LiveStack> {
  const dir = mkdtempSync(join(tmpdir(), 'gds-live-'));
  const devServerOptions = { dbFile: join(dir, 'temporal.sqlite'), port: 0, headless: true, searchAttributes: SEARCH_ATTRIBUTES };
  let server: DevServer | undefined = await startDevServer(devServerOptions);
  const { address } = server;
  const connection = await Connection.connect({ address, ...CLIENT_CONNECTION_OPTIONS });
  const client = new Client({ connection });
  const processes = opts.processes ?? PROCESS_APIS;
  const app = await startTestApp({ temporal: client, temporalCallTimeoutMs: opts.temporalCallTimeoutMs, limits: opts.limits, devIssuer: opts.devIssuer, webhooks: opts.webhooks, processes: registryOf(processes) });
  const tree = await loadJurisdictionTree(app.database.db);
  const calendar = await loadCalendar(app.database.db, tree);
  const workerConnection = await NativeConnection.connect({ address });
  const deps = { db: app.database.db, calendar, tree, auditSigner: opts.auditSigner, webhooks: opts.webhooks, temporal: client };
  const worker = opts.workflowBundlePath
    ? await createWorker({ connection: workerConnection, namespace: 'default', workflowBundlePath: opts.workflowBundlePath, ...deps })
    : await Worker.create({ connection: workerConnection, taskQueue: TASK_QUEUE, workflowBundle: await workflowBundle(opts.workflowsPath), activities: createActivities(deps, processes) });
  const running = worker.run();

  return {
    app,
    client,
    temporal: {
      address,
      async stop() {
        await server?.stop();
        server = undefined;
      },
      async restart() {
        await server?.stop();
        server = await startDevServer({ ...devServerOptions, port: Number(address.split(':')[1]) });
      },
    },
    async call(method, path, { as, body, headers = {} } = {}) {
      const res = await fetch(app.url + path, {
        method,
        headers: { ...(as ? await bearer(as) : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    async teardown() {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await app.close();
      await connection.close();
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file about webhook deliveries: a live stack with `deps` and the dispatcher running,
 * started before its tests and stopped after them with every receiver `receiver()` made.
 */
export function webhookStackForFile(deps: WebhookDeps): { readonly live: LiveStack; receiver: (...args: Parameters<typeof startReceiver>) => Promise<Receiver> } {
  let live: LiveStack | undefined;
  const receivers: Receiver[] = [];
  beforeAll(async () => {
    live = await startLiveStack({ webhooks: deps });
    await ensureWebhookDispatcher(live.client);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await live?.teardown();
  });
  return {
    get live() {
      return live!;
    },
    async receiver(...args) {
      const r = await startReceiver(...args);
      receivers.push(r);
      return r;
    },
  };
}
