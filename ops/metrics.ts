// Prometheus metrics (prom-client): HTTP latency by route pattern, the process's own metrics, and
// what supervisors watch, read from the read model and the record at scrape time — cases by process
// and stage, overdue and past-due cases, open violations, missed deadlines and their escalations.
// Served on a listener of their own (ops/metricsServer.ts), never on the public API port.
import type { RequestHandler } from 'express';
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client';
import type { Logger } from '../logger';
import { routeOf } from '../api/requestLog';

/** A scrape never waits longer than this for the database: a slow one leaves the gauges empty. */
const READ_MODEL_QUERY_TIMEOUT_MS = 3_000;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface Metrics {
  registry: Registry;
  /** Times every request by method, route pattern and status (first in the app, beside the request log). */
  http: RequestHandler;
}

type Row = Record<string, unknown>;

async function rows(db: Database, query: ReturnType<typeof sql>): Promise<Row[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`read model query took over ${READ_MODEL_QUERY_TIMEOUT_MS} ms`)), READ_MODEL_QUERY_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([db.execute(query), timeout]);
    return (result as unknown as { rows: Row[] }).rows;
  } finally {
    clearTimeout(timer);
  }
}

function httpMetrics(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'gds_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern (never the raw path) and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (req, res, next) => {
    const end = duration.startTimer();
    res.once('finish', () => end({ method: METHODS.has(req.method) ? req.method : 'OTHER', route: routeOf(req), status_code: String(res.statusCode) }));
    next();
  };
}

/**
 * The read model's gauges, computed at each scrape. Every process exporting them reports the same
 * numbers: aggregate with max(), not sum().
 */
function readModelMetrics(registry: Registry, db: Database, log: Logger): void {
  new Gauge({
    name: 'gds_read_model_up',
    help: '1 if this scrape could read the read model, 0 if the database failed or was too slow (the gauges below are then missing)',
    registers: [registry],
    async collect() {
      this.set(await rows(db, sql`SELECT 1`).then(() => 1, () => 0));
    },
  });
  const failed = (metric: { reset(): void }, name: string) => (err: unknown) => {
    metric.reset();
    log.warn({ err: String(err), metric: name }, 'metrics: could not read the read model');
  };
  // Each gauge's collect() replaces its values with the database's, so a vanished label disappears.
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], read: () => Promise<Array<{ labels: Record<L, string>; value: number }>>) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        await read().then((values) => {
          this.reset();
          for (const v of values) this.set(v.labels as Partial<Record<L, string>>, v.value);
        }, failed(this, name));
      },
    });

  gauge('gds_cases', 'Cases in the read model, by process and stage', ['process', 'stage'], async () =>
    (await rows(db, sql`SELECT process, stage, count(*)::int AS n FROM cases GROUP BY process, stage`)).map((r) => ({ labels: { process: String(r.process), stage: String(r.stage) }, value: Number(r.n) })),
  );
  gauge('gds_cases_overdue', 'Open cases with an open violation (a missed statutory deadline), by process', ['process'], async () =>
    (await rows(db, sql`SELECT process, count(*)::int AS n FROM cases WHERE overdue AND closed_at IS NULL GROUP BY process`)).map((r) => ({ labels: { process: String(r.process) }, value: Number(r.n) })),
  );
  gauge(
    'gds_cases_past_due',
    'Open cases whose running deadline has passed with its miss not yet recorded; above 0 for long means escalations lag (no worker?)',
    ['process'],
    async () => (await rows(db, sql`SELECT process, count(*)::int AS n FROM cases WHERE closed_at IS NULL AND due_at < now() GROUP BY process`)).map((r) => ({ labels: { process: String(r.process) }, value: Number(r.n) })),
  );
  gauge('gds_violations_open', 'Open violations (Art. 39-41 breaches not yet rectified, excused or withdrawn), by process', ['process'], async () =>
    (await rows(db, sql`SELECT process, sum(open_violations)::int AS n FROM cases WHERE open_violations > 0 GROUP BY process`)).map((r) => ({ labels: { process: String(r.process) }, value: Number(r.n) })),
  );
  // A counter read from the record (each miss is one deadline_missed event, and is escalated at once):
  // rate() over it shows misses as they happen.
  new Counter({
    name: 'gds_deadlines_missed_total',
    help: 'Statutory deadlines missed and escalated, from the record, by process, deadline kind and the tier escalated to',
    labelNames: ['process', 'kind', 'escalated_to'] as const,
    registers: [registry],
    async collect() {
      await rows(
        db,
        sql`SELECT process, data->>'kind' AS kind, data->>'escalatedTo' AS tier, count(DISTINCT (case_id, seq))::int AS n
            FROM case_events WHERE type = 'deadline_missed' GROUP BY 1, 2, 3`,
      ).then((found) => {
        this.reset();
        for (const r of found) this.inc({ process: String(r.process), kind: String(r.kind ?? 'unknown'), escalated_to: String(r.tier ?? 'unknown') }, Number(r.n));
      }, failed(this, 'gds_deadlines_missed_total'));
    },
  });
}

/**
 * The registry of one process: default process metrics always; HTTP latency for a process serving
 * the API; the read model's gauges for the process that should export them (given a database).
 */
export function createMetrics({ log, db }: { log: Logger; db?: Database }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = httpMetrics(registry);
  if (db) readModelMetrics(registry, db, log);
  return { registry, http };
}
