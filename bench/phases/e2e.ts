// Phase 2: the service end to end through the HTTP API with a real worker (child process) and real
// PostgreSQL: closed-loop lifecycles (submit → reply → delivery → receipt confirmation) with N
// concurrent clients, then an open-loop paced load of mixed endpoints.
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { BenchConfig, PacedSlot } from '../config';
import { cpuMeter, type Components } from '../cpu';
import { historyShape } from '../history';
import { ApiClient, LIFECYCLE } from '../http';
import { Recorder, runPool, summarize, type Summary } from '../stats';
import { workflowIdFor } from '../../workflows/shared';
import { throughputResult, UNLOADED, type ThroughputResult } from './baseline';

export async function runClosedLoop(
  cfg: BenchConfig,
  apiUrl: string,
  client: Client,
  components: Components,
  log: (s: string) => void,
): Promise<ThroughputResult> {
  log(`e2e: warming up (${cfg.concurrency} lifecycles) …`);
  const warm = new ApiClient(apiUrl, new Recorder());
  await runPool(cfg.concurrency, cfg.concurrency, Date.now() + 60_000, async () => void (await warm.lifecycle()));

  const single = new ApiClient(apiUrl, new Recorder());
  await runPool(UNLOADED, 1, Date.now() + 60_000, async () => void (await single.lifecycle()));

  log(`e2e: up to ${cfg.lifecycles} lifecycles through the API, ${cfg.concurrency} concurrent, at most ${cfg.lifecycleBudgetMs / 1000} s …`);
  const api = new ApiClient(apiUrl, new Recorder());
  const lifecycles: number[] = [];
  let failed = 0;
  let sampleId: string | undefined;
  const meter = cpuMeter(components);
  const t0 = performance.now();
  await runPool(cfg.lifecycles, cfg.concurrency, Date.now() + cfg.lifecycleBudgetMs, async () => {
    const t = performance.now();
    const id = await api.lifecycle();
    if (id) (lifecycles.push(performance.now() - t), (sampleId ??= id));
    else failed++;
  });
  const elapsedMs = performance.now() - t0;
  const measured = { lifecycles, failed, elapsedMs, concurrency: cfg.concurrency, cpuSeconds: meter.stop() };
  return {
    ...throughputResult(measured, api.rec.byLabel(), single.rec.byLabel()),
    history: sampleId ? await historyShape(client, workflowIdFor('share-request', sampleId)) : undefined,
    ...(api.errorSamples.size ? { errors: Object.fromEntries(api.errorSamples) } : {}),
  };
}

export interface PacedResult {
  targetRps: number;
  achievedRps: number;
  seconds: number;
  sent: number;
  skipped: number;
  failures: number;
  overall: Summary;
  byEndpoint: ReturnType<Recorder['byLabel']>;
  mix: string;
  errors?: Record<string, string>;
}

type Step = 'reply' | 'delivery' | 'receipt-confirmation';
const NEXT: Record<Step, Step | undefined> = { reply: 'delivery', delivery: 'receipt-confirmation', 'receipt-confirmation': undefined };

/**
 * Open loop: request i is sent at t0 + i/rps whatever happened to earlier ones, and its latency is
 * counted from that instant. Commands advance cases submitted earlier in the run; with none ready,
 * the slot reads a case instead. At most `maxInFlight` requests are outstanding (the rest skipped).
 */
export async function runPaced(cfg: BenchConfig, apiUrl: string, log: (s: string) => void): Promise<PacedResult> {
  const total = cfg.pacedRps * cfg.pacedSeconds;
  const maxInFlight = Math.max(100, cfg.pacedRps * 10);
  const SLOTS = cfg.pacedMix;
  log(`e2e: paced load, ${cfg.pacedRps} requests/s for ${cfg.pacedSeconds} s (open loop, mix ${SLOTS.join('/')}) …`);
  const api = new ApiClient(apiUrl, new Recorder());
  const { catalogueEntryId, requester, provider } = LIFECYCLE;
  const ready: Array<{ id: string; next: Step }> = [];
  const known: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let skipped = 0;

  const fire = async (slot: PacedSlot, at: number): Promise<void> => {
    if (slot === 'submit') {
      const r = await api.submit(catalogueEntryId, requester, undefined, at);
      if (r.ok) (known.push(r.body.id), ready.push({ id: r.body.id, next: 'reply' }));
    } else if (slot === 'command' && ready.length > 0) {
      const c = ready.shift()!;
      const r = await api.command(c.next, c.id, c.next === 'receipt-confirmation' ? requester : provider, at);
      const next = NEXT[c.next];
      if (r.ok && next) ready.push({ id: c.id, next });
    } else if ((slot === 'detail' || slot === 'command') && known.length > 0) {
      const id = known[Math.floor(Math.random() * known.length)]!;
      await api.call('GET /share-requests/:id', 'GET', `/share-requests/${id}`, requester, undefined, at);
    } else {
      await api.call('GET /share-requests', 'GET', '/share-requests?limit=20', provider, undefined, at);
    }
  };

  const t0 = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const at = t0 + (i * 1000) / cfg.pacedRps;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= maxInFlight) {
      skipped++;
      continue;
    }
    const p = fire(SLOTS[i % SLOTS.length]!, at).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  const sendingMs = performance.now() - t0;
  await Promise.all(inFlight);
  return {
    targetRps: cfg.pacedRps,
    achievedRps: (total - skipped) / (sendingMs / 1000),
    seconds: cfg.pacedSeconds,
    sent: total - skipped,
    skipped,
    failures: api.rec.totalFailures(),
    overall: summarize(api.rec.all()),
    byEndpoint: api.rec.byLabel(),
    mix: SLOTS.join('/'),
    ...(api.errorSamples.size ? { errors: Object.fromEntries(api.errorSamples) } : {}),
  };
}
