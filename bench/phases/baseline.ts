// Phase 1: the Temporal server's ceiling. A no-op workflow receives the same messages the API sends
// for one unconditional national share request (start, then the updates started, reply, delivery,
// receiptConfirmation), started and awaited to its result through the client, with the same
// concurrency as the end-to-end phase.
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { startHost } from '../children';
import { cpuMeter, type Components } from '../cpu';
import { historyShape, type HistoryShape } from '../history';
import type { BenchConfig } from '../config';
import type { Infra } from '../infra';
import { Recorder, runPool, summarize, type Summary } from '../stats';
import { NOOP_STEPS, NOOP_TASK_QUEUE, noopLifecycle, noopUpdates } from '../workflows';

export interface ThroughputResult {
  lifecyclesPerSec: number;
  completed: number;
  failed: number;
  elapsedMs: number;
  concurrency: number;
  lifecycleMs: Summary;
  byStep: ReturnType<Recorder['byLabel']>;
  /** The same steps one at a time (a single client): the latency floor. */
  unloaded: ReturnType<Recorder['byLabel']>;
  /** CPU ms per completed lifecycle, by component (Linux /proc). */
  cpuMsPerLifecycle: Record<string, number>;
  /** Share of one core each component kept busy during the run. */
  cpuUtilization: Record<string, number>;
  history?: HistoryShape;
  errors?: Record<string, string>;
}

/** CPU per lifecycle and utilization, from a meter's CPU seconds. */
export function cpuFigures(cpuSeconds: Record<string, number>, completed: number, elapsedMs: number) {
  const per = (s: number) => (completed ? (s * 1000) / completed : NaN);
  const entries = Object.entries(cpuSeconds);
  const total = entries.reduce((n, [, s]) => n + s, 0);
  return {
    cpuMsPerLifecycle: Object.fromEntries([...entries.map(([k, s]) => [k, per(s)]), ['total', per(total)]]),
    cpuUtilization: Object.fromEntries([...entries.map(([k, s]) => [k, s / (elapsedMs / 1000)]), ['total', total / (elapsedMs / 1000)]]),
  };
}

/** The closed-loop figures both throughput phases report, from what they measured. */
export function throughputResult(
  m: { lifecycles: number[]; failed: number; elapsedMs: number; concurrency: number; cpuSeconds: Record<string, number> },
  byStep: ThroughputResult['byStep'],
  unloaded: ThroughputResult['unloaded'],
): Omit<ThroughputResult, 'history' | 'errors'> {
  return {
    lifecyclesPerSec: m.lifecycles.length / (m.elapsedMs / 1000),
    completed: m.lifecycles.length,
    failed: m.failed,
    elapsedMs: m.elapsedMs,
    concurrency: m.concurrency,
    lifecycleMs: summarize(m.lifecycles),
    byStep,
    unloaded,
    ...cpuFigures(m.cpuSeconds, m.lifecycles.length, m.elapsedMs),
  };
}

/** Lifecycles run one at a time for the latency floor. */
export const UNLOADED = 10;

export async function runBaseline(cfg: BenchConfig, infra: Infra, client: Client, log: (s: string) => void): Promise<ThroughputResult> {
  const worker = await startHost(
    { role: 'worker', temporalAddress: infra.temporal.address, taskQueue: NOOP_TASK_QUEUE, bundlePath: infra.bundles.noop },
    { label: 'noop-worker', cpuProf: cfg.cpuProf },
  );
  const run = randomBytes(3).toString('hex');
  const errors: Record<string, string> = {};
  try {
    const once = async (i: number, rec: Recorder, lifecycles: number[]): Promise<boolean> => {
      const t0 = performance.now();
      let t = t0;
      const lap = (label: string) => {
        const now = performance.now();
        rec.add(label, now - t);
        t = now;
      };
      try {
        const handle = await client.workflow.start(noopLifecycle, { taskQueue: NOOP_TASK_QUEUE, workflowId: `bench-noop-${run}-${i}` });
        lap('start');
        for (const [k, update] of noopUpdates.entries()) {
          await handle.executeUpdate(update);
          lap(`update ${NOOP_STEPS[k]}`);
        }
        await handle.result();
        lap('result');
        lifecycles.push(performance.now() - t0);
        return true;
      } catch (err) {
        rec.fail('lifecycle');
        errors.lifecycle ??= String((err as Error).message ?? err);
        return false;
      }
    };

    log(`baseline: warming up (${cfg.concurrency} lifecycles) …`);
    await runPool(cfg.concurrency, cfg.concurrency, Date.now() + 60_000, async (i) => void (await once(-1 - i, new Recorder(), [])));

    const single = new Recorder();
    await runPool(UNLOADED, 1, Date.now() + 60_000, async (i) => void (await once(-100 - i, single, [])));

    log(`baseline: up to ${cfg.lifecycles} no-op lifecycles, ${cfg.concurrency} concurrent, at most ${cfg.lifecycleBudgetMs / 1000} s …`);
    const rec = new Recorder();
    const lifecycles: number[] = [];
    let failed = 0;
    const components: Components = { temporal: infra.pids.temporal, worker: worker.pid, loadgen: process.pid };
    const meter = cpuMeter(components);
    const t0 = performance.now();
    await runPool(cfg.lifecycles, cfg.concurrency, Date.now() + cfg.lifecycleBudgetMs, async (i) => {
      if (!(await once(i, rec, lifecycles))) failed++;
    });
    const elapsedMs = performance.now() - t0;
    const measured = { lifecycles, failed, elapsedMs, concurrency: cfg.concurrency, cpuSeconds: meter.stop() };
    return {
      ...throughputResult(measured, rec.byLabel(), single.byLabel()),
      history: await historyShape(client, `bench-noop-${run}-0`),
      ...(Object.keys(errors).length ? { errors } : {}),
    };
  } finally {
    await worker.stop();
  }
}
