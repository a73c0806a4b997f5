// Fault: the worker is killed (SIGKILL) mid-case and restarted later. The deadline still counts at
// its own instant (missedAt = dueAt), the miss is recorded once, and no event is written twice.
// The worker runs as a separate process (bench/host.ts), with deadlines a few seconds out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startHost, type Host } from '../../bench/children';
import { caseEvents, cases } from '../../db/schema';
import { startDevServer, type DevServer } from '../../scripts/lib/devServer';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { SEARCH_ATTRIBUTES, TASK_QUEUE, type CaseState } from '../../workflows/shared';
import { startTestApp, type TestApp } from '../helpers/app';
import { BEIJING, submission } from '../helpers/fixtures';
import { quietLogger } from '../helpers/quietRuntime';
import { eventually } from '../helpers/shareRequestHarness';

const DEADLINE_MS = 8_000;
const dir = mkdtempSync(join(tmpdir(), 'gds-faults-'));
let server: DevServer;
let client: Client;
let app: TestApp;
let bundlePath: string;
const hosts: Host[] = [];

const startWorker = async () => {
  const host = await startHost(
    { role: 'worker', temporalAddress: server.address, taskQueue: TASK_QUEUE, bundlePath, databaseUrl: app.database.url, deadlineOverrideMs: DEADLINE_MS },
    { label: 'fault-worker' },
  );
  hosts.push(host);
  return host;
};

beforeAll(async () => {
  server = await startDevServer({ dbFile: join(dir, 'temporal.sqlite'), port: 0, headless: true, searchAttributes: SEARCH_ATTRIBUTES });
  client = new Client({ connection: await Connection.connect({ address: server.address }) });
  app = await startTestApp({ temporal: client });
  bundlePath = join(dir, 'workflows.bundle.js');
  writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger })).code);
}, 180_000);

afterAll(async () => {
  for (const h of hosts) await h.stop().catch(() => undefined);
  await app?.close();
  await client?.connection.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the worker killed mid-case', () => {
  it('when the worker dies before a deadline and comes back after it, then the miss is recorded once, at the deadline itself, and no event is written twice', async () => {
    await startWorker();
    const created = await fetch(`${app.url}/share-requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Department-Id': BEIJING.requester },
      body: JSON.stringify(submission()),
    });
    expect(created.status).toBe(201);
    const opened = (await created.json()) as { id: string; dueAt: string };

    process.kill(hosts[0]!.pid, 'SIGKILL');
    // Down across the deadline, then back.
    await new Promise((r) => setTimeout(r, Date.parse(opened.dueAt) - Date.now() + 3_000));
    await startWorker();

    const row = await eventually(async () => {
      const [r] = await app.database.db.select().from(cases).where(eq(cases.id, opened.id));
      expect(r!.overdue).toBe(true);
      return r!;
    }, 60_000);
    const state = row.state as CaseState;
    const missed = state.deadlines.find((d) => d.status === 'missed')!;
    expect(missed.missedAt).toBe(opened.dueAt);
    expect(Date.parse(missed.escalatedAt!)).toBeGreaterThanOrEqual(Date.parse(opened.dueAt) + 3_000);
    const events = await app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, opened.id)).orderBy(asc(caseEvents.seq));
    expect(events.map((e) => `${e.seq}:${e.type}`)).toEqual(['1:received', '2:deadline_missed']);
  }, 120_000);
});
