// End to end on the production topology (npm run stack): the Temporal server built from its Go
// module on PostgreSQL (postgres12 persistence and visibility), the API and two workers as separate
// processes. A share request runs to `completed` while one worker is killed midway (the other takes
// over, nothing recorded twice), another misses its reply deadline and escalates by itself (DEMO_FAST_CLOCK: a working day
// lasts a minute), and the supervisors' search-attribute queries answer from PostgreSQL visibility.
// The binaries take minutes to build once (npm run stack:obtain, cached under ~/.cache/gds): in CI
// a missing build is built here and a failure fails; elsewhere the file is skipped, saying so.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { devIssuer, type DevIssuer } from '../identity/devIssuer';
import { aYearFrom } from '../api/validation';
import { shanghaiDate } from '../rules/calendar';
import { startStack, type RunningStack, type ServiceProcess } from '../scripts/lib/stack';
import { cachedTemporalServer } from '../scripts/lib/temporalServer';
import { SEARCH_ATTRIBUTES, workflowIdFor, TASK_QUEUE } from '../workflows/shared';
import { portAnswers } from './helpers/devServerProcess';
import { eventually } from './helpers/shareRequestHarness';

const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';
const runnable = inCi || cachedTemporalServer() !== undefined;
if (!runnable) console.warn('[stack.e2e] skipped: the Temporal server is not built here (npm run stack:obtain builds it once, ≈6–10 min; CI always runs this file)');

const dir = mkdtempSync(join(tmpdir(), 'gds-stack-e2e-'));
chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user when we are root: it must reach its data dir
let stack: RunningStack | undefined;
let temporal: Client | undefined;
let issuer: DevIssuer;
let startSeconds = 0;
let killedWorker: ServiceProcess | undefined;

const submission = (catalogueEntryId: string) => ({
  catalogueEntryId,
  legalBasis: '《政务数据共享条例》第二十条',
  usageScenario: '端到端测试',
  usageScope: '本部门政务服务',
  sharingMethod: 'service_api',
  usagePeriod: aYearFrom(shanghaiDate(new Date())),
});

async function call(method: string, path: string, as: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(stack!.apiUrl + path, {
    method,
    headers: { Authorization: `Bearer ${await issuer.issue(as)}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const identityOf = (worker: ServiceProcess): string => /Identity:\s+(\S+)/.exec(worker.output())![1]!;

/** Workflow IDs a visibility query finds (SQL visibility is written asynchronously: poll). */
async function found(query: string): Promise<string[]> {
  const { executions } = await temporal!.connection.workflowService.listWorkflowExecutions({ namespace: stack!.namespace, query });
  return executions.map((e) => e.execution!.workflowId!);
}

beforeAll(async () => {
  if (!runnable) return;
  const started = Date.now();
  stack = await startStack({
    dir,
    apiPort: 0,
    temporalPort: 0,
    postgresPort: 0,
    uiPort: 0,
    workers: 2,
    build: inCi,
    env: { NODE_ENV: 'development', LOG_LEVEL: 'info', DEMO_FAST_CLOCK: 'true', RATE_LIMIT_PER_MINUTE: '0' },
  });
  startSeconds = (Date.now() - started) / 1000;
  console.info(`[stack.e2e] stack started in ${startSeconds.toFixed(1)} s`, stack.timings);
  issuer = await devIssuer(stack.config.auth.devIssuerKeyFile);
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: stack.namespace });
}, 1_200_000); // a first build in CI takes minutes

afterAll(async () => {
  await temporal?.connection.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!runnable)('the production stack: Temporal server on PostgreSQL, API and two workers as processes', () => {
  it('when it has started, then the namespace has its retention and search attributes, both workers poll, the API is ready and Temporal UI is read-only', async () => {
    const connection = temporal!.connection;
    const { config } = await connection.workflowService.describeNamespace({ namespace: stack!.namespace });
    expect(tsToMs(config!.workflowExecutionRetentionTtl!)).toBe(stack!.retentionDays * 86_400_000);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: stack!.namespace });
    expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)));

    const identities = stack!.workers.map(identityOf);
    expect(new Set(identities).size).toBe(2);
    await eventually(async () => {
      const { pollers } = await connection.workflowService.describeTaskQueue({ namespace: stack!.namespace, taskQueue: { name: TASK_QUEUE }, taskQueueType: 1 /* WORKFLOW */ });
      expect(pollers.map((p) => p.identity)).toEqual(expect.arrayContaining(identities));
    }, 30_000);

    expect(await (await fetch(`${stack!.apiUrl}/health/ready`)).json()).toMatchObject({ status: 'ready', down: [] });
    if (stack!.uiUrl) {
      const settings = (await (await fetch(`${stack!.uiUrl}/api/v1/settings`)).json()) as Record<string, unknown>;
      expect(settings).toMatchObject({ DisableWriteActions: true, DefaultNamespace: stack!.namespace, DisableNewsFetch: true });
    } else {
      expect(inCi).toBe(false); // CI builds the UI server too (npm run stack:obtain)
    }
  });

  it('when a request is submitted, replied to, delivered and its receipt confirmed while one worker is killed midway, then it completes on the other, nothing twice, and visibility finds it by its search attributes', { timeout: 240_000 }, async () => {
    const requester = '110000-market-regulation-head';
    const provider = '110000-public-security-head';
    const opened = await call('POST', '/share-requests', requester, submission('110000-public-security-residence-permits'));
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({ stage: 'awaiting_reply', overdue: false });
    const id = opened.body.id as string;
    expect((await call('POST', `/share-requests/${id}/reply`, provider, { decision: 'agree' })).body).toMatchObject({ stage: 'awaiting_delivery' });

    // A worker dies without warning (SIGKILL: the OOM killer, a lost machine), possibly holding the
    // case in its sticky cache; the other takes the case over once Temporal gives up on the dead one.
    // Meanwhile the API may answer 503; the provider sends the same delivery again with the same
    // Idempotency-Key until it is answered, and the case records it once.
    // The worker that ran the case's last workflow task holds it in its sticky cache: that one dies.
    const handle = temporal!.workflow.getHandle(workflowIdFor('share-request', id));
    const lastTaskBy = (await handle.fetchHistory()).events!.filter((e) => e.workflowTaskCompletedEventAttributes).at(-1)!.workflowTaskCompletedEventAttributes!.identity;
    const leaving = stack!.workers.find((w) => identityOf(w) === lastTaskBy)!;
    const staying = stack!.workers.find((w) => w !== leaving)!;
    expect(leaving).toBeDefined();
    killedWorker = leaving;
    const exited = new Promise((resolve) => leaving.process.child.once('exit', resolve));
    process.kill(-leaving.process.child.pid!, 'SIGKILL');
    await exited;

    const delivery = { method: 'service_api', reference: 'SVC-E2E-1' };
    const delivered = await eventually(async () => {
      const res = await call('POST', `/share-requests/${id}/delivery`, provider, delivery, { 'Idempotency-Key': 'e2e-delivery-1' });
      expect([200, 503], JSON.stringify(res.body)).toContain(res.status);
      expect(res.status).toBe(200);
      return res;
    }, 90_000);
    expect(delivered.body).toMatchObject({ stage: 'delivered' });
    const confirmed = await call('POST', `/share-requests/${id}/receipt-confirmation`, requester, {});
    expect(confirmed.body).toMatchObject({ stage: 'completed' });

    const stored = await call('GET', `/share-requests/${id}`, requester);
    expect(stored.body.stage).toBe('completed');
    expect(stored.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['received', 'reply_agreed', 'delivered', 'receipt_confirmed']));
    expect(stored.body.events.filter((e: { type: string }) => e.type === 'delivered')).toHaveLength(1);

    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'), 30_000);
    // The workflow tasks after the kill were the staying worker's.
    const completedBy = (await handle.fetchHistory()).events!.filter((e) => e.workflowTaskCompletedEventAttributes).map((e) => e.workflowTaskCompletedEventAttributes!.identity);
    expect(completedBy.at(-1)).toBe(identityOf(staying));

    await eventually(async () => {
      expect(await found(`GdsProcess = 'share-request' AND GdsStage = 'completed' AND GdsRequester = '110000-market-regulation'`)).toContain(workflowIdFor('share-request', id));
    }, 30_000);
  });

  it('when the provider lets the reply deadline pass, then the case records the miss, escalates to the authority by itself, and the overdue query finds it', { timeout: 300_000 }, async () => {
    // Heilongjiang: a conditional request is answered within 1 working day (HLJ Art. 22), a minute here.
    const opened = await call('POST', '/share-requests', '230100-market-regulation-head', submission('230100-public-security-household-registration'));
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.id as string;
    expect(Date.parse(opened.body.dueAt) - Date.now()).toBeLessThan(61_000);

    const missed = await eventually(async () => {
      const view = await call('GET', `/share-requests/${id}`, '230100-market-regulation-head');
      expect(view.body.overdue).toBe(true);
      return view.body;
    }, 180_000);
    expect(missed.violations).toEqual([expect.objectContaining({ party: '230100-public-security', status: 'open', article: 'Art. 39' })]);
    expect(missed.events.map((e: { type: string }) => e.type)).toContain('deadline_missed');

    // "All overdue conditional requests in Harbin" (README), answered by PostgreSQL visibility.
    await eventually(async () => {
      expect(await found(`GdsProcess = 'share-request' AND GdsOverdue = true AND GdsJurisdiction = '230100'`)).toEqual([workflowIdFor('share-request', id)]);
    }, 30_000);
    expect(await found(`GdsProcess = 'share-request' AND GdsOverdue = true AND GdsJurisdiction = '110000'`)).toEqual([]);
  });

  it('when it is stopped, then the API and the remaining worker stop cleanly, then Temporal and PostgreSQL, and nothing is left listening', { timeout: 120_000 }, async () => {
    const ports = [Number(new URL(stack!.apiUrl).port), Number(stack!.temporalAddress.split(':')[1]), Number(new URL(stack!.databaseUrl).port)];
    await temporal!.connection.close();
    temporal = undefined;
    await stack!.stop();
    // One worker was killed in the first case; the others stop cleanly.
    for (const p of [stack!.api, ...stack!.workers.filter((w) => w !== killedWorker)]) expect(p.output(), p.name).toContain('Stopped cleanly.');
    expect(stack!.api.output()).toMatch(/stopped: HTTP server[\s\S]*stopped: Temporal client connection[\s\S]*stopped: database/);
    for (const port of ports) expect(await portAnswers(port), `port ${port}`).toBe(false);
    console.info(`[stack.e2e] figures: start ${startSeconds.toFixed(1)} s`);
  });
});
