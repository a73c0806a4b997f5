// Latency samples and their percentiles (nearest rank), computed here rather than with a library.

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array; NaN for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    count: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1]! : Number.NaN,
    mean: s.length ? sum / s.length : Number.NaN,
  };
}

/** Latencies in ms by endpoint label, plus failures (non-2xx or network errors) by label. */
export class Recorder {
  readonly samples = new Map<string, number[]>();
  readonly failures = new Map<string, number>();

  add(label: string, ms: number): void {
    let list = this.samples.get(label);
    if (!list) this.samples.set(label, (list = []));
    list.push(ms);
  }

  fail(label: string): void {
    this.failures.set(label, (this.failures.get(label) ?? 0) + 1);
  }

  all(): number[] {
    return [...this.samples.values()].flat();
  }

  byLabel(): Record<string, Summary & { failures: number }> {
    const out: Record<string, Summary & { failures: number }> = {};
    const labels = new Set([...this.samples.keys(), ...this.failures.keys()]);
    for (const label of [...labels].sort()) out[label] = { ...summarize(this.samples.get(label) ?? []), failures: this.failures.get(label) ?? 0 };
    return out;
  }

  totalFailures(): number {
    return [...this.failures.values()].reduce((a, b) => a + b, 0);
  }
}

export const round = (n: number, digits = 1): number => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

/** Runs `worker(i)` for i in [0, count) with at most `concurrency` in flight, stopping early at `deadline`. */
export async function runPool(count: number, concurrency: number, deadline: number, worker: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  async function lane(): Promise<void> {
    while (next < count && Date.now() < deadline) {
      const i = next++;
      await worker(i);
      done++;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return done;
}
