// The engine's recorder: appends a case event to the hash chain and projects the case into the one
// read model (`cases`, `case_parties`), in one transaction. Only workflows call it, through their
// own engine: nothing writes events from outside.
import { ApplicationFailure } from '@temporalio/common';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { caseEvents, caseParties, cases } from '../../db/schema';
import type { CaseEvent, CaseState } from '../../workflows/case/contract';
import { nextDeadline } from '../../workflows/case/deadlines';
import { workflowIdFor } from '../../workflows/case/ids';
import { rejectDataErrors } from './dataErrors';
import { eventHash, GENESIS_HASH, HASH_FORMAT } from './hash';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface RecordInput {
  event: CaseEvent;
  state: CaseState;
  /** The hash of the event before this one, as the workflow knows it (the chain head). */
  prevHash: string;
  /** The parties changed with this event (always so for the first): `case_parties` is written. */
  partiesChanged?: boolean;
}

function chainConflict(message: string): never {
  throw ApplicationFailure.create({ type: 'CHAIN_CONFLICT', message, nonRetryable: true });
}

/** The read-model row of a case at its state. */
export function caseRow(state: CaseState, terminal: boolean, at: Date) {
  const due = nextDeadline(state);
  return {
    id: state.id,
    process: state.process,
    workflowId: workflowIdFor(state.process, state.id),
    stage: state.stage,
    jurisdictionCode: state.jurisdiction,
    ruleSet: state.ruleSet,
    catalogueEntryId: state.catalogueEntryId ?? null,
    dueAt: due ? new Date(due.dueAt) : null,
    overdue: state.overdue,
    provisional: due?.provisional ?? false,
    openViolations: state.violations.filter((v) => v.status === 'open').length,
    openedAt: new Date(state.openedAt),
    updatedAt: at,
    closedAt: terminal ? at : null,
    version: state.version,
    state,
  };
}

/**
 * Writes the projection unless a newer version (or, unless `sameVersionToo`, this one) is already
 * there; the parties only when asked (they rarely change, and every event would rewrite them).
 */
export async function project(
  tx: Tx | Database,
  state: CaseState,
  terminal: boolean,
  at: Date,
  { sameVersionToo = false, parties = true }: { sameVersionToo?: boolean; parties?: boolean } = {},
): Promise<void> {
  const row = caseRow(state, terminal, at);
  const older = sameVersionToo ? sql`${cases.version} <= ${state.version}` : sql`${cases.version} < ${state.version}`;
  await tx.insert(cases).values(row).onConflictDoUpdate({ target: cases.id, set: row, setWhere: older });
  const rows = state.parties.map((p) => ({ caseId: state.id, departmentId: p.departmentId, role: p.role, openedAt: row.openedAt }));
  if (parties && rows.length > 0) await tx.insert(caseParties).values(rows).onConflictDoNothing();
}

export function createRecorderActivities({ db, isTerminal }: { db: Database; isTerminal: (s: CaseState) => boolean }) {
  return {
    /** Writes the case's current state into the read model again (reconciliation); no event. */
    async projectCase({ state }: { state: CaseState }): Promise<void> {
      await db.transaction((tx) => project(tx, state, isTerminal(state), new Date(), { sameVersionToo: true })).catch(rejectDataErrors);
    },

    /** Idempotent on retry: the same event at the same seq is written once; its hash is returned. */
    async recordCaseEvent({ event, state, prevHash, partiesChanged }: RecordInput): Promise<{ hash: string }> {
      const hash = eventHash(prevHash, state.id, event);
      try {
        await db.transaction(async (tx) => {
          const [last] = await tx
            .select({ seq: caseEvents.seq, hash: caseEvents.hash })
            .from(caseEvents)
            .where(eq(caseEvents.caseId, state.id))
            .orderBy(desc(caseEvents.seq))
            .limit(1);
          let replaceTip = false;
          if (last && last.seq >= event.seq) {
            const [same] = await tx
              .select({ hash: caseEvents.hash, prevHash: caseEvents.prevHash, type: caseEvents.type })
              .from(caseEvents)
              .where(and(eq(caseEvents.caseId, state.id), eq(caseEvents.seq, event.seq)));
            if (same?.hash === hash) {
              // Already written by an earlier attempt of this activity: only the projection is re-done.
            } else if (same && last.seq === event.seq && same.prevHash === prevHash && same.type === event.type) {
              // The same step, run again because its workflow task never completed (the workflow's
              // time moved on): that write never became history, so this one takes its place.
              replaceTip = true;
              await tx.delete(caseEvents).where(and(eq(caseEvents.caseId, state.id), eq(caseEvents.seq, event.seq)));
            } else {
              chainConflict(`case ${state.id} already has a different event ${event.seq}`);
            }
          } else if ((last?.seq ?? 0) !== event.seq - 1 || (last?.hash ?? GENESIS_HASH) !== prevHash) {
            chainConflict(`case ${state.id}: event ${event.seq} does not follow the recorded chain (last ${last?.seq ?? 0})`);
          }
          if (replaceTip || !last || last.seq < event.seq) {
            await tx.insert(caseEvents).values({
              caseId: state.id,
              seq: event.seq,
              process: state.process,
              type: event.type,
              at: new Date(event.at),
              actor: event.actor ?? null,
              data: event.data ?? null,
              prevHash,
              hash,
              hashFormat: HASH_FORMAT,
            });
          }
          await project(tx, state, isTerminal(state), new Date(event.at), { sameVersionToo: replaceTip, parties: event.seq === 1 || partiesChanged === true });
        });
      } catch (err) {
        if (err instanceof ApplicationFailure) throw err;
        rejectDataErrors(err);
      }
      return { hash };
    },
  };
}
