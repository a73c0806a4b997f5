// Phase 4: timer precision. A worker whose computeDeadline is replaced (bench only, no product
// change) puts every deadline a few seconds out; conditional requests go in through the API and
// we measure how long after its dueAt each escalation was recorded by the workflow (escalatedAt in
// the workflow state) and when it became visible in the read model (polled every 100 ms).
import { inArray } from 'drizzle-orm';
import { startHost } from '../children';
import type { BenchConfig } from '../config';
import { ApiClient } from '../http';
import type { Infra } from '../infra';
import { Recorder, runPool, summarize, type Summary } from '../stats';
import { cases } from '../../db/schema';
import { TASK_QUEUE } from '../../workflows/shared';
import type { ShareRequestState } from '../../workflows/shareRequest/contract';

export interface TimerResult {
  cases: number;
  escalated: number;
  delayMs: number;
  /** escalatedAt − dueAt: when the workflow recorded the escalation (its task time). */
  workflowLagMs: Summary;
  /** first read-model poll showing overdue − dueAt (includes the record activity; ±100 ms polling). */
  readModelLagMs: Summary;
  missedAtEqualsDueAt: boolean;
  errors?: Record<string, string>;
}

const POLL_MS = 100;

export async function runTimer(cfg: BenchConfig, infra: Infra, apiUrl: string, log: (s: string) => void): Promise<TimerResult> {
  const worker = await startHost(
    {
      role: 'worker',
      temporalAddress: infra.temporal.address,
      taskQueue: TASK_QUEUE,
      bundlePath: infra.bundles.product,
      databaseUrl: infra.databaseUrl,
      deadlineOverrideMs: cfg.timerDelayMs,
      maxCachedWorkflows: cfg.maxCachedWorkflows,
    },
    { label: 'timer-worker', cpuProf: cfg.cpuProf },
  );
  try {
    const api = new ApiClient(apiUrl, new Recorder());
    const ids: string[] = [];
    log(`timer: ${cfg.timerCases} requests with their reply deadline ${cfg.timerDelayMs} ms out …`);
    // Poll while submitting: an early case may fall due before the last one is in.
    let submitting = true;
    const submitted = runPool(cfg.timerCases, 10, Date.now() + 120_000, async () => {
      const r = await api.submit('110000-public-security-residence-permits', '110000-market-regulation');
      if (r.ok) ids.push(r.body.id);
    }).finally(() => (submitting = false));

    const db = infra.database.db;
    const seenAt = new Map<string, number>();
    const states = new Map<string, ShareRequestState>();
    const until = Date.now() + 120_000 + cfg.timerDelayMs + 60_000;
    while ((submitting || seenAt.size < ids.length) && Date.now() < until) {
      if (ids.length > seenAt.size) {
        const rows = await db
          .select({ id: cases.id, overdue: cases.overdue, state: cases.state })
          .from(cases)
          .where(inArray(cases.id, [...ids]));
        const now = Date.now();
        for (const r of rows) {
          if (r.overdue && !seenAt.has(r.id)) {
            seenAt.set(r.id, now);
            states.set(r.id, r.state as ShareRequestState);
          }
        }
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    await submitted;

    const workflowLag: number[] = [];
    const readModelLag: number[] = [];
    let missedAtEqualsDueAt = true;
    for (const [id, state] of states) {
      const d = state.deadlines.find((x) => x.status === 'missed');
      if (!d?.escalatedAt) continue;
      const due = Date.parse(d.dueAt);
      workflowLag.push(Date.parse(d.escalatedAt) - due);
      readModelLag.push(seenAt.get(id)! - due);
      if (Date.parse(d.missedAt ?? '') !== due) missedAtEqualsDueAt = false;
    }
    return {
      cases: ids.length,
      escalated: workflowLag.length,
      delayMs: cfg.timerDelayMs,
      workflowLagMs: summarize(workflowLag),
      readModelLagMs: summarize(readModelLag),
      missedAtEqualsDueAt,
      ...(api.errorSamples.size ? { errors: Object.fromEntries(api.errorSamples) } : {}),
    };
  } finally {
    await worker.stop();
  }
}
