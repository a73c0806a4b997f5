// Benchmark settings, all from the environment (see bench/README.md). Every loop is bounded by a
// count and a time budget taken from here.
import { loadConfig } from '../config';

export const PHASES = ['baseline', 'e2e', 'scale', 'timer'] as const;
export type Phase = (typeof PHASES)[number];
export const DEFAULT_PHASES: Phase[] = ['baseline', 'e2e', 'scale', 'timer'];

export const PACED_SLOTS = ['submit', 'command', 'detail', 'list'] as const;
export type PacedSlot = (typeof PACED_SLOTS)[number];

export interface BenchConfig {
  phases: Phase[];
  /** Concurrent clients of the closed-loop runs (baseline and e2e). */
  concurrency: number;
  /** Lifecycles per closed-loop run, and its time cap. */
  lifecycles: number;
  lifecycleBudgetMs: number;
  /** Open-loop paced load: requests per second, for so many seconds. */
  pacedRps: number;
  pacedSeconds: number;
  /** The paced load's repeating slots: submit, command (advance a case), detail, list. */
  pacedMix: PacedSlot[];
  /** maxCachedWorkflows of the share-request workers: the product's WORKER_MAX_CACHED_WORKFLOWS unless overridden. */
  maxCachedWorkflows: number;
  /** Open cases for the scale phase, submission concurrency and time budget. */
  scaleN: number;
  scaleConcurrency: number;
  scaleBudgetMs: number;
  /** Requests per read endpoint measured at scale. */
  readSamples: number;
  /** Escalation cases, and how far out their deadlines lie. */
  timerCases: number;
  timerDelayMs: number;
  /** node --cpu-prof for the worker and API child processes, into bench/profiles/. */
  cpuProf: boolean;
  /** Where results.json goes. */
  resultsPath: string;
}

function int(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

function phases(): Phase[] {
  const raw = process.env.BENCH_PHASES;
  if (!raw) return [...DEFAULT_PHASES];
  const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = wanted.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (bad.length > 0 || wanted.length === 0) throw new Error(`BENCH_PHASES: unknown phase(s) ${bad.join(', ') || '(none)'}; choose from ${PHASES.join(',')}`);
  // Always in the canonical order: the timer phase runs on top of the scale phase's open cases.
  return PHASES.filter((p) => wanted.includes(p));
}

function pacedMix(): PacedSlot[] {
  const raw = process.env.BENCH_PACED_MIX || 'submit,command,command,command,detail,list';
  const slots = raw.split(',').map((s) => s.trim());
  const bad = slots.filter((s) => !(PACED_SLOTS as readonly string[]).includes(s));
  if (bad.length > 0) throw new Error(`BENCH_PACED_MIX: unknown slot(s) ${bad.join(', ')}; use ${PACED_SLOTS.join(', ')}`);
  return slots as PacedSlot[];
}

export function loadBenchConfig(): BenchConfig {
  return {
    phases: phases(),
    concurrency: int('BENCH_CONCURRENCY', 20, 1, 500),
    lifecycles: int('BENCH_LIFECYCLES', 600, 1, 1_000_000),
    lifecycleBudgetMs: int('BENCH_LIFECYCLE_BUDGET_S', 90, 1, 3600) * 1000,
    pacedRps: int('BENCH_PACED_RPS', 50, 1, 10_000),
    pacedSeconds: int('BENCH_PACED_SECONDS', 20, 1, 3600),
    pacedMix: pacedMix(),
    maxCachedWorkflows: process.env.BENCH_MAX_CACHED_WORKFLOWS
      ? int('BENCH_MAX_CACHED_WORKFLOWS', 0, 0, 1_000_000)
      : loadConfig().worker.maxCachedWorkflows,
    scaleN: int('BENCH_SCALE_N', 10_000, 1, 1_000_000),
    scaleConcurrency: int('BENCH_SCALE_CONCURRENCY', 32, 1, 500),
    scaleBudgetMs: int('BENCH_SCALE_BUDGET_S', 600, 1, 7200) * 1000,
    readSamples: int('BENCH_READ_SAMPLES', 200, 1, 100_000),
    timerCases: int('BENCH_TIMER_N', 50, 1, 10_000),
    timerDelayMs: int('BENCH_TIMER_DELAY_MS', 5_000, 500, 600_000),
    cpuProf: process.env.BENCH_CPU_PROF === '1',
    resultsPath: process.env.BENCH_RESULTS ?? new URL('./results.json', import.meta.url).pathname,
  };
}
