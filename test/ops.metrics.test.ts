// Prometheus metrics (ops/metrics.ts) against a real PostgreSQL with cases in it: the gauges follow
// the read model at each scrape, missed deadlines are counted once per event (not per revision),
// HTTP latency is labelled by route pattern (ids and letter case never multiply labels), the
// listener is apart from the API (whose /metrics is the ordinary 404) and survives a database outage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../logger';
import { seedDemo } from '../db/seed';
import { createMetrics } from '../ops/metrics';
import { startMetricsServer, type MetricsServer } from '../ops/metricsServer';
import { startTestApp, type TestApp } from './helpers/app';
import { freshDatabase } from './helpers/db';
import { bearer } from './helpers/tokens';
import { rawRequest } from './helpers/rawHttp';
import { insertCase, insertEvent } from './helpers/syntheticCases';

const log = createLogger('silent');
let app: TestApp;
let listener: MetricsServer;
let unreachable: Connection;

/** The value of one sample in Prometheus text format, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',').filter(Boolean);
    if (want.length === have.length && want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

const scrape = async () => {
  const res = await fetch(listener.url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

const hour = 3_600_000;
beforeAll(async () => {
  const database = await freshDatabase();
  const metrics = createMetrics({ log, db: database.db });
  // Reads only: a Temporal client that is never reached, so the case routes are mounted.
  unreachable = await Connection.lazy({ address: '127.0.0.1:1' });
  app = await startTestApp({ database, metrics, temporal: new Client({ connection: unreachable }) });
  listener = await startMetricsServer({ registry: metrics.registry, host: '127.0.0.1', port: 0, log });

  const now = Date.now();
  await insertCase(database.db, { id: 'sr-waiting-1', dueAt: new Date(now + 48 * hour) });
  // Past its deadline with the miss not recorded yet: escalation lags.
  await insertCase(database.db, { id: 'sr-waiting-2', dueAt: new Date(now - hour) });
  await insertCase(database.db, { id: 'sr-late', stage: 'awaiting_delivery', overdue: true, openViolations: 2, dueAt: new Date(now + 24 * hour) });
  await insertCase(database.db, { id: 'sr-done', stage: 'completed', overdue: true, openViolations: 1, closedAt: new Date(now) });
  await insertCase(database.db, { id: 'dp-1', process: 'dispute', stage: 'mediation' });
  const missed = (kind: string, escalatedTo: string) => ({ type: 'deadline_missed', data: { kind, escalatedTo, article: 'Art. 39 (4)' } });
  await insertEvent(database.db, { caseId: 'sr-late', seq: 3, ...missed('reply', 'same-level-authority') });
  // A superseded attempt of the same step: one miss, two rows.
  await insertEvent(database.db, { caseId: 'sr-late', seq: 3, revision: 1, ...missed('reply', 'same-level-authority') });
  await insertEvent(database.db, { caseId: 'sr-late', seq: 5, ...missed('rectification', 'people-government') });
  await insertEvent(database.db, { caseId: 'sr-done', seq: 4, ...missed('reply', 'same-level-authority') });
  await insertEvent(database.db, { caseId: 'sr-done', seq: 5, type: 'receipt_confirmed' });
});
afterAll(async () => {
  await listener?.close();
  await app?.close();
  await unreachable?.close();
});

describe('metrics from the read model', () => {
  it('when cases are in the read model, then a scrape shows them by process and stage, with overdue, past-due, open violations and missed deadlines', async () => {
    const text = await scrape();
    expect(sample(text, 'gds_read_model_up')).toBe(1);
    expect(sample(text, 'gds_cases', { process: 'share-request', stage: 'awaiting_reply' })).toBe(2);
    expect(sample(text, 'gds_cases', { process: 'share-request', stage: 'awaiting_delivery' })).toBe(1);
    expect(sample(text, 'gds_cases', { process: 'share-request', stage: 'completed' })).toBe(1);
    expect(sample(text, 'gds_cases', { process: 'dispute', stage: 'mediation' })).toBe(1);
    // A closed case is not overdue any more, whatever its flag.
    expect(sample(text, 'gds_cases_overdue', { process: 'share-request' })).toBe(1);
    expect(sample(text, 'gds_cases_overdue', { process: 'dispute' })).toBeUndefined();
    expect(sample(text, 'gds_cases_past_due', { process: 'share-request' })).toBe(1);
    expect(sample(text, 'gds_violations_open', { process: 'share-request' })).toBe(3);
    expect(sample(text, 'gds_deadlines_missed_total', { process: 'share-request', kind: 'reply', escalated_to: 'same-level-authority' })).toBe(2);
    expect(sample(text, 'gds_deadlines_missed_total', { process: 'share-request', kind: 'rectification', escalated_to: 'people-government' })).toBe(1);
    expect(text).toContain('# TYPE gds_deadlines_missed_total counter');
    // The process's own metrics.
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });

  it('when the read model changes, then the next scrape follows it (computed at scrape time)', async () => {
    await insertCase(app.database.db, { id: 'sr-waiting-3', dueAt: new Date(Date.now() + hour) });
    expect(sample(await scrape(), 'gds_cases', { process: 'share-request', stage: 'awaiting_reply' })).toBe(3);
  });

  it('when the database cannot be read, then the scrape still answers, gds_read_model_up is 0 and the read-model gauges are absent', async () => {
    const gone = await freshDatabase();
    await seedDemo(gone.db);
    const metrics = createMetrics({ log, db: gone.db });
    await insertCase(gone.db, { id: 'sr-x' });
    expect(sample(await metrics.registry.metrics(), 'gds_cases', { process: 'share-request', stage: 'awaiting_reply' })).toBe(1);
    await gone.drop();
    const text = await metrics.registry.metrics();
    expect(sample(text, 'gds_read_model_up')).toBe(0);
    expect(text).not.toMatch(/^gds_cases\{/m);
    expect(text).not.toMatch(/^gds_deadlines_missed_total\{/m);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });
});

describe('HTTP metrics', () => {
  it('when requests name ids, vary letter case or match no route, then the histogram is labelled by route pattern only', async () => {
    const as = await bearer('110000-market-regulation');
    for (const path of ['/share-requests/sr-a', '/share-requests/sr-b', '/SHARE-REQUESTS/sr-c', '/Share-Requests/sr-d']) {
      expect((await fetch(app.url + path, { headers: as })).status).toBe(404);
    }
    await fetch(`${app.url}/no/such/${'x'.repeat(500)}`);
    await fetch(`${app.url}/calendar/deadline?from=2026-09-25&workingDays=10`);
    const text = await scrape();
    expect(sample(text, 'gds_http_request_duration_seconds_count', { method: 'GET', route: '/share-requests/:id', status_code: '404' })).toBe(4);
    expect(sample(text, 'gds_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'gds_http_request_duration_seconds_count', { method: 'GET', route: '/calendar/deadline', status_code: '200' })).toBe(1);
    expect(text).not.toMatch(/sr-[abcd]"|xxxx|SHARE-REQUESTS|Share-Requests/);
  });

  it('when /metrics is asked of the public API port, then it is the ordinary 404, with no metrics in it', async () => {
    const res = await rawRequest(app.url, { path: '/metrics' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(res.text).not.toContain('gds_');
  });

  it('when the metrics listener is asked anything but GET or HEAD /metrics, then 404', async () => {
    const base = listener.url.replace(/\/metrics$/, '');
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics/x`)).status).toBe(404);
    expect((await fetch(listener.url, { method: 'POST', body: 'x' })).status).toBe(404);
    const head = await fetch(listener.url, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    expect((await fetch(`${listener.url}?name[]=gds_cases`)).status).toBe(200);
  });
});
