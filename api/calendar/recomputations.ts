// The recomputation a confirmed load starts (workflows/calendar/recompute.ts): its row is written with
// the load, in the same transaction, so it is never lost; its workflow is started once the load is on
// record — and again by a repeated confirmation while it is still pending (Temporal was unreachable).
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { calendarRecomputations, type CalendarRecomputationRow } from '../../db/schema';
import type { Logger } from '../../logger';
import { RECOMPUTATION_WORKFLOW_TYPE, recomputationWorkflowId, type RecomputationInput } from '../../workflows/calendar/contract';
import { TASK_QUEUE } from '../../workflows/shared';
import { shanghaiIso } from '../../workflows/case/time';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** What starts a recomputation: the API's Temporal client (none: it stays pending), its logger, and the task queue (tests). */
export interface RecomputationStarter {
  temporal?: Client;
  log?: Logger;
  taskQueue?: string;
}

export const recomputationHref = (version: number): string => `/calendar/recomputations/${version}`;

/** The pending row of a load's recomputation, written in the load's transaction. */
export async function recordPendingRecomputation(tx: Tx, r: { version: number; reason: string; jurisdiction: string | null; loadedAt: Date; cases: number }): Promise<void> {
  await tx.insert(calendarRecomputations).values({ version: r.version, reason: r.reason, jurisdictionCode: r.jurisdiction, loadedAt: r.loadedAt, status: 'pending', cases: r.cases, updatedAt: r.loadedAt });
}

/** Starts the version's recomputation unless it has started; answers its row as it is then. */
export async function startRecomputation(db: Database, deps: RecomputationStarter & { maxAgeMs: number }, version: number): Promise<CalendarRecomputationRow | undefined> {
  const [row] = await db.select().from(calendarRecomputations).where(eq(calendarRecomputations.version, version));
  if (!row || row.status !== 'pending' || !deps.temporal) return row;
  const input: RecomputationInput = { version, reason: row.reason, jurisdiction: row.jurisdictionCode, maxAgeMs: deps.maxAgeMs };
  try {
    await deps.temporal.workflow.start(RECOMPUTATION_WORKFLOW_TYPE, { taskQueue: deps.taskQueue ?? TASK_QUEUE, workflowId: recomputationWorkflowId(version), args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
  } catch (err) {
    // Started already (a repeated confirmation): fine. Temporal unreachable: the row stays pending
    // and a repeated confirmation starts it; the load itself is on record either way.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) deps.log?.warn({ err, version }, 'calendar recomputation not started; confirm the load again to start it');
  }
  return row;
}

/** The recomputation as the API answers it. */
export function recomputationView(r: CalendarRecomputationRow) {
  return {
    version: r.version,
    href: recomputationHref(r.version),
    reason: r.reason,
    jurisdiction: r.jurisdictionCode,
    status: r.status,
    loadedAt: shanghaiIso(r.loadedAt),
    notBefore: r.notBefore ? shanghaiIso(r.notBefore) : null,
    cases: r.cases,
    rearmed: r.rearmed,
    unchanged: r.unchanged,
    skipped: r.skipped,
    updatedAt: shanghaiIso(r.updatedAt),
    finishedAt: r.finishedAt ? shanghaiIso(r.finishedAt) : null,
  };
}
