// The engine's recorder: appends a case event to the hash chain and projects the case into the one
// read model (`cases`, `case_parties`), in one transaction. Only workflows call it, through their
// own engine: nothing writes events from outside, and nothing rewrites one (migration 0004).
import { ApplicationFailure } from '@temporalio/common';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { caseDeadlines, caseEvents, caseLinks, caseParties, cases, caseViolations } from '../../db/schema';
import type { CaseDeadline, CaseEvent, CaseState, Violation } from '../../workflows/case/contract';
import { nextDeadline } from '../../workflows/case/deadlines';
import { workflowIdFor } from '../../workflows/case/ids';
import { rejectDataErrors } from './dataErrors';
import { cryptoSuite, type CryptoSuite } from '../../crypto/suite';
import { eventHash, GENESIS_HASH, hashFormatFor, stateHash } from './hash';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface RecordInput {
  event: CaseEvent;
  state: CaseState;
  /** The hash of the event before this one, as the workflow knows it (the chain head). */
  prevHash: string;
  /** The state is in one of its process's terminal stages: the case closes. */
  terminal: boolean;
  /** The parties changed with this event (always so for the first): `case_parties` is written. */
  partiesChanged?: boolean;
  /** The deadlines and violations this event added or changed (workflows/case/prune.ts); absent: all in the state. */
  changes?: CaseRecords;
}

/** Deadlines and violations to write into their tables. */
export interface CaseRecords {
  deadlines: readonly CaseDeadline[];
  violations: readonly Violation[];
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
  { sameVersionToo = false, parties = true, records = state }: { sameVersionToo?: boolean; parties?: boolean; records?: CaseRecords } = {},
): Promise<void> {
  const row = caseRow(state, terminal, at);
  const older = sameVersionToo ? sql`${cases.version} <= ${state.version}` : sql`${cases.version} < ${state.version}`;
  await tx.insert(cases).values(row).onConflictDoUpdate({ target: cases.id, set: row, setWhere: older });
  await projectRecords(tx, state, records);
  if (!parties) return;
  const rows = state.parties.map((p) => ({ caseId: state.id, departmentId: p.departmentId, role: p.role, standing: p.standing, openedAt: row.openedAt }));
  if (rows.length > 0) await tx.insert(caseParties).values(rows).onConflictDoNothing();
  const links = (state.links ?? []).map((l) => ({ caseId: state.id, linkedCaseId: l.caseId, relation: l.relation, createdAt: row.openedAt }));
  if (links.length > 0) await tx.insert(caseLinks).values(links).onConflictDoNothing();
}

/** Deadlines and violations into their tables, each row kept at the newest case version that wrote it. */
async function projectRecords(tx: Tx | Database, state: CaseState, { deadlines, violations }: CaseRecords): Promise<void> {
  const jurisdictionOf = (deadlineId: number) => state.deadlines.find((d) => d.id === deadlineId)?.dutyBearer.jurisdictionCode ?? state.jurisdiction;
  if (deadlines.length > 0) {
    const rows = deadlines.map((d) => ({
      caseId: state.id,
      id: d.id,
      process: state.process,
      kind: d.kind,
      departmentId: d.dutyBearer.departmentId,
      jurisdictionCode: d.dutyBearer.jurisdictionCode ?? state.jurisdiction,
      status: d.status,
      startedAt: new Date(d.startedAt),
      dueAt: new Date(d.dueAt),
      dueDate: d.dueDate,
      provisional: d.provisional,
      version: state.version,
      record: d,
    }));
    await tx
      .insert(caseDeadlines)
      .values(rows)
      .onConflictDoUpdate({ target: [caseDeadlines.caseId, caseDeadlines.id], set: { status: fromInsert('status'), dueAt: fromInsert('due_at'), dueDate: fromInsert('due_date'), provisional: fromInsert('provisional'), version: fromInsert('version'), record: fromInsert('record') }, setWhere: sql`${caseDeadlines.version} <= excluded.version` });
  }
  if (violations.length > 0) {
    const rows = violations.map((v) => ({
      caseId: state.id,
      id: v.id,
      process: state.process,
      deadlineId: v.deadlineId,
      duty: v.duty,
      article: v.article,
      party: v.party,
      jurisdictionCode: jurisdictionOf(v.deadlineId),
      status: v.status,
      at: new Date(v.at),
      version: state.version,
      record: v,
    }));
    await tx
      .insert(caseViolations)
      .values(rows)
      .onConflictDoUpdate({ target: [caseViolations.caseId, caseViolations.id], set: { status: fromInsert('status'), at: fromInsert('at'), version: fromInsert('version'), record: fromInsert('record') }, setWhere: sql`${caseViolations.version} <= excluded.version` });
  }
}

/** The value the conflicting insert proposed for a column. */
const fromInsert = (column: string) => sql.raw(`excluded."${column}"`);

type Attempt = { revision: number; hash: string; prevHash: string; type: string };

/** Every attempt recorded at a seq, lowest revision first: the last one is the chain's. */
function attemptsAt(tx: Tx, caseId: string, seq: number): Promise<Attempt[]> {
  return tx
    .select({ revision: caseEvents.revision, hash: caseEvents.hash, prevHash: caseEvents.prevHash, type: caseEvents.type })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.seq, seq)))
    .orderBy(asc(caseEvents.revision));
}

export function createRecorderActivities({ db, suite = cryptoSuite() }: { db: Database; suite?: CryptoSuite }) {
  const hashFormat = hashFormatFor(suite.name);
  return {
    /** Writes the case's current state into the read model again (reconciliation); no event. */
    async projectCase({ state, terminal }: { state: CaseState; terminal: boolean }): Promise<void> {
      await db.transaction((tx) => project(tx, state, terminal, new Date(), { sameVersionToo: true })).catch(rejectDataErrors);
    },

    /**
     * Appends the event with the hash of the state it produced (Art. 29, 35); never rewrites one.
     * Idempotent on retry: the same event at the same seq is written once; its hash is returned.
     */
    async recordCaseEvent({ event, state, prevHash, terminal, partiesChanged, changes }: RecordInput): Promise<{ hash: string }> {
      const row = { caseId: state.id, seq: event.seq, process: state.process, type: event.type, at: new Date(event.at), actor: event.actor ?? null, data: event.data ?? null, prevHash, stateHash: stateHash(state, hashFormat), hashFormat };
      const hashAt = (revision: number) => eventHash(prevHash, state.id, { ...event, revision, stateHash: row.stateHash }, hashFormat);
      const parties = event.seq === 1 || partiesChanged === true;
      try {
        return await db.transaction(async (tx) => {
          const [tip] = await tx
            .select({ seq: caseEvents.seq, hash: caseEvents.hash })
            .from(caseEvents)
            .where(eq(caseEvents.caseId, state.id))
            .orderBy(desc(caseEvents.seq), desc(caseEvents.revision))
            .limit(1);
          let revision = 0;
          if (tip && tip.seq >= event.seq) {
            const attempts = await attemptsAt(tx, state.id, event.seq);
            const chain = attempts[attempts.length - 1];
            const written = attempts.find((a) => a.hash === hashAt(a.revision));
            if (written && written === chain) {
              // Already written by an earlier try of this activity: only the projection is re-done.
              await project(tx, state, terminal, row.at, { parties, ...(changes ? { records: changes } : {}) });
              return { hash: written.hash };
            }
            // A late try of an attempt already superseded: its workflow task is gone, nothing changes.
            if (written) return { hash: written.hash };
            if (!chain || tip.seq !== event.seq || chain.prevHash !== prevHash || chain.type !== event.type) {
              chainConflict(`case ${state.id} already has a different event ${event.seq}`);
            }
            // The same step, run again because its workflow task never completed (the workflow's time
            // moved on): that attempt never became history. This one supersedes it; both stay on record.
            revision = chain.revision + 1;
          } else if ((tip?.seq ?? 0) !== event.seq - 1 || (tip?.hash ?? GENESIS_HASH) !== prevHash) {
            chainConflict(`case ${state.id}: event ${event.seq} does not follow the recorded chain (last ${tip?.seq ?? 0})`);
          }
          const hash = hashAt(revision);
          await tx.insert(caseEvents).values({ ...row, revision, hash });
          await project(tx, state, terminal, row.at, { sameVersionToo: revision > 0, parties, ...(changes ? { records: changes } : {}) });
          return { hash };
        });
      } catch (err) {
        if (err instanceof ApplicationFailure) throw err;
        rejectDataErrors(err);
      }
    },
  };
}
