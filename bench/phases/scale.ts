// Phase 3: N open conditional requests waiting on their reply timers, submitted through the API
// (the same input assembly, start and 'started' update a clerk's POST gets). Then: the worker's RSS
// (its own child process), the database's size, and read latencies at that size.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { startHost } from '../children';
import { cpuMeter, type Components } from '../cpu';
import type { BenchConfig } from '../config';
import { ApiClient } from '../http';
import { rows, temporalDbBytes, type Infra } from '../infra';
import { Recorder, runPool, summarize, type Summary } from '../stats';
import { TASK_QUEUE } from '../../workflows/shared';
import { cpuFigures } from './baseline';
import { explainLists, LIST_READS, type PlanSummary } from './scaleReads';

/** Conditional entries spread over three rule sets, each with a requester that may ask for it. */
const MIX: Array<{ entry: string; requester: string; method: string }> = [
  { entry: '110000-public-security-residence-permits', requester: '110000-market-regulation', method: 'service_api' },
  { entry: '230100-public-security-household-registration', requester: '230100-market-regulation', method: 'service_api' },
  { entry: '230100-natural-resources-real-estate-registration', requester: '230100-housing-construction', method: 'service_api' },
  { entry: '210400-public-security-vehicle-registration', requester: '210400-market-regulation', method: 'service_api' },
  { entry: '210400-housing-construction-heating-supply', requester: '210400-natural-resources', method: 'file_download' },
];

export interface ScaleResult {
  target: number;
  submitted: number;
  failed: number;
  openCases: number;
  /** Open cases left by earlier phases (the paced load's unfinished ones). */
  otherOpenCases: number;
  submitSeconds: number;
  submitRate: number;
  submitLatency: Summary;
  /** CPU ms per submitted case, by component, while submitting. */
  cpuMsPerCase: Record<string, number>;
  worker: { heapIdleMB: number; rssIdleMB: number; rssMB: number; rssAfterReadsMB: number; rssSettledMB: number; rssAnonMB?: number; rssFileMB?: number; heapUsedMB: number; cachedWorkflows?: number; maxCachedWorkflows?: number };
  postgres: { databaseMB: number; shareRequestsMB: number; caseEventsMB: number };
  temporalSqliteMB: number;
  reads: ReturnType<Recorder['byLabel']>;
  plans: PlanSummary[];
  errors?: Record<string, string>;
}

const MB = (b: number) => b / (1024 * 1024);

export async function runScale(cfg: BenchConfig, infra: Infra, apiUrl: string, components: Components, log: (s: string) => void): Promise<ScaleResult> {
  const worker = await startHost(
    { role: 'worker', temporalAddress: infra.temporal.address, taskQueue: TASK_QUEUE, bundlePath: infra.bundles.product, databaseUrl: infra.databaseUrl, maxCachedWorkflows: cfg.maxCachedWorkflows },
    { label: 'scale-worker', cpuProf: cfg.cpuProf },
  );
  try {
    await new Promise((r) => setTimeout(r, 2_000));
    const idle = await worker.stats();
    const api = new ApiClient(apiUrl, new Recorder());
    const ids: string[] = [];
    let failed = 0;
    log(`scale: submitting ${cfg.scaleN} conditional requests through the API, ${cfg.scaleConcurrency} concurrent, at most ${cfg.scaleBudgetMs / 1000} s …`);
    const meter = cpuMeter({ ...components, worker: worker.pid });
    const t0 = performance.now();
    let lastReport = t0;
    await runPool(cfg.scaleN, cfg.scaleConcurrency, Date.now() + cfg.scaleBudgetMs, async (i) => {
      const m = MIX[i % MIX.length]!;
      const r = await api.submit(m.entry, m.requester, m.method);
      if (r.ok && r.body.stage === 'awaiting_reply') ids.push(r.body.id);
      else failed++;
      if (performance.now() - lastReport > 30_000) {
        lastReport = performance.now();
        log(`scale: ${ids.length} open after ${Math.round((lastReport - t0) / 1000)} s`);
      }
    });
    const submitSeconds = (performance.now() - t0) / 1000;
    const cpuSeconds = meter.stop();
    const loaded = await worker.stats();

    const db = infra.database.db;
    const [open] = await rows<{ n: string; other: string }>(
      db,
      sql`select count(*) filter (where state->'data'->'input'->'catalogueEntry'->>'sharingAttribute' = 'conditional')::text as n, count(*) filter (where state->'data'->'input'->'catalogueEntry'->>'sharingAttribute' <> 'conditional')::text as other from cases where process = 'share-request' and stage = 'awaiting_reply'`,
    );
    const [size] = await rows<{ db: string; sr: string; ev: string }>(
      db,
      sql`select pg_database_size(current_database())::text as db, pg_total_relation_size('cases')::text as sr, pg_total_relation_size('case_events')::text as ev`,
    );

    log(`scale: ${cfg.readSamples} requests each to ${LIST_READS.length} list queries and the detail endpoint …`);
    const reads = new ApiClient(apiUrl, new Recorder());
    for (const q of LIST_READS) {
      for (let i = 0; i < cfg.readSamples; i++) await reads.call(`GET /share-requests (${q.name})`, 'GET', q.path, q.as);
    }
    for (let i = 0; i < cfg.readSamples && ids.length > 0; i++) {
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      await reads.call('GET /share-requests/:id (national authority)', 'GET', `/share-requests/${id}`, '100000-data-sharing-authority');
    }
    const plans = await explainLists(db);
    const after = await worker.stats();
    await new Promise((r) => setTimeout(r, 15_000)); // idle: does the worker give memory back?
    const settled = await worker.stats();

    return {
      target: cfg.scaleN,
      submitted: ids.length,
      failed,
      openCases: Number(open?.n ?? 0),
      otherOpenCases: Number(open?.other ?? 0),
      submitSeconds,
      submitRate: ids.length / submitSeconds,
      submitLatency: summarize(api.rec.samples.get('POST /share-requests') ?? []),
      cpuMsPerCase: cpuFigures(cpuSeconds, ids.length, submitSeconds * 1000).cpuMsPerLifecycle,
      worker: {
        heapIdleMB: MB(idle.heapUsed),
        rssIdleMB: MB(idle.rss),
        rssMB: MB(loaded.rss),
        rssAfterReadsMB: MB(after.rss),
        rssSettledMB: MB(settled.rss),
        rssAnonMB: settled.rssAnon && MB(settled.rssAnon),
        rssFileMB: settled.rssFile && MB(settled.rssFile),
        heapUsedMB: MB(loaded.heapUsed),
        cachedWorkflows: loaded.numCachedWorkflows,
        maxCachedWorkflows: worker.ready.maxCachedWorkflows,
      },
      postgres: { databaseMB: MB(Number(size?.db)), shareRequestsMB: MB(Number(size?.sr)), caseEventsMB: MB(Number(size?.ev)) },
      temporalSqliteMB: MB(temporalDbBytes(infra.temporalDbFile)),
      reads: reads.rec.byLabel(),
      plans,
      ...(api.errorSamples.size || reads.errorSamples.size ? { errors: Object.fromEntries([...api.errorSamples, ...reads.errorSamples]) } : {}),
    };
  } finally {
    await worker.stop();
  }
}
