// The audit of the record (Art. 29 records as evidence; Art. 35 tamper prevention): every case's
// chain recomputed from the database, page by page so memory stays bounded, each broken case
// reported with its first broken row. Further checks (the signed Merkle log and its checkpoints)
// plug in as more `AuditCheck`s; `runAudit` runs them one after the other.
import { and, asc, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client';
import { caseEvents, cases, type CaseRow } from '../db/schema';
import { caseRow } from '../activities/case/recorder';
import type { CaseState } from '../workflows/case/contract';
import { verifyChain, type ChainRow } from './chain';

/** One problem found: the case and its first broken row where it concerns a case. */
export interface AuditFinding {
  check: string;
  caseId?: string;
  seq?: number;
  revision?: number;
  problem: string;
  message: string;
}

/** What is audited: a filter over `cases` (the caller's jurisdiction); absent, everything. */
export interface AuditScope {
  cases?: SQL;
}

export interface AuditContext {
  db: Database;
  scope: AuditScope;
  /** Called for each finding, in order; awaited (a stream's back-pressure). */
  report: (finding: AuditFinding) => Promise<void> | void;
  /** Called after each page with the counts so far (a stream's keep-alive). */
  progress?: (check: string, counts: Record<string, number>) => Promise<void> | void;
  /** Stops the walk (the client went away). */
  signal?: AbortSignal;
}

/** A check over the record; answers its counts (what it checked, and `broken`). */
export interface AuditCheck {
  name: string;
  run(ctx: AuditContext): Promise<Record<string, number> & { broken: number }>;
}

export interface AuditSummary {
  ok: boolean;
  broken: number;
  checks: Record<string, Record<string, number>>;
}

/** Cases per page: their events and states are in memory together. */
export const AUDIT_PAGE_SIZE = 200;

/** The next page of case ids after `after`: in scope, or (unscoped) also events without a case row. */
async function pageOfCaseIds(db: Database, scope: AuditScope, after: string, limit: number): Promise<string[]> {
  if (scope.cases) {
    const rows = await db.select({ id: cases.id }).from(cases).where(and(scope.cases, gt(cases.id, after))).orderBy(asc(cases.id)).limit(limit);
    return rows.map((r) => r.id);
  }
  const result = (await db.execute(sql`
    SELECT id FROM (
      (SELECT ${cases.id} AS id FROM ${cases} WHERE ${cases.id} > ${after} ORDER BY 1 LIMIT ${limit})
      UNION
      (SELECT DISTINCT ${caseEvents.caseId} AS id FROM ${caseEvents} WHERE ${caseEvents.caseId} > ${after} ORDER BY 1 LIMIT ${limit})
    ) ids ORDER BY id LIMIT ${limit}`)) as unknown as { rows: Array<{ id: string }> };
  return result.rows.map((r) => r.id);
}

const ms = (d: Date | null | undefined) => d?.getTime() ?? null;

/** The read-model columns that follow from the stored state alone (lists and visibility read them). */
function projectionDiffers(row: CaseRow): string | undefined {
  const want = caseRow(row.state as CaseState, false, row.updatedAt);
  const got: Record<string, unknown> = { ...row, dueAt: ms(row.dueAt), openedAt: ms(row.openedAt) };
  const expected: Record<string, unknown> = { ...want, dueAt: ms(want.dueAt), openedAt: ms(want.openedAt) };
  const keys = ['process', 'workflowId', 'stage', 'jurisdictionCode', 'ruleSet', 'catalogueEntryId', 'dueAt', 'overdue', 'provisional', 'openViolations', 'openedAt', 'version'];
  return keys.find((k) => got[k] !== expected[k]);
}

/** Every case's hash chain and stored state (audit/chain.ts), one finding per broken case. */
export const caseChainsCheck = ({ pageSize = AUDIT_PAGE_SIZE } = {}): AuditCheck => ({
  name: 'chains',
  async run({ db, scope, report, progress, signal }) {
    const counts = { cases: 0, events: 0, superseded: 0, broken: 0 };
    for (let after = ''; !signal?.aborted; ) {
      const ids = await pageOfCaseIds(db, scope, after, pageSize);
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!;
      const [events, rows] = await Promise.all([
        db.select().from(caseEvents).where(inArray(caseEvents.caseId, ids)).orderBy(asc(caseEvents.caseId), asc(caseEvents.seq), asc(caseEvents.revision)),
        db.select().from(cases).where(inArray(cases.id, ids)),
      ]);
      const eventsOf = new Map<string, ChainRow[]>();
      for (const e of events) {
        const list = eventsOf.get(e.caseId);
        if (list) list.push(e);
        else eventsOf.set(e.caseId, [e]);
      }
      const rowOf = new Map(rows.map((r) => [r.id, r]));
      for (const caseId of ids) {
        const row = rowOf.get(caseId);
        const chain: ChainRow[] = eventsOf.get(caseId) ?? [];
        const result = verifyChain(caseId, chain, row ? { state: row.state } : null);
        counts.cases += 1;
        counts.events += result.events;
        counts.superseded += result.superseded;
        let broken = result.broken;
        const tip = chain[chain.length - 1];
        const differs = !broken && row && tip ? projectionDiffers(row) : undefined;
        if (differs) broken = { seq: tip!.seq, revision: tip!.revision, problem: 'projection_mismatch', message: `the case row's ${differs} is not what its stored state says` };
        if (!broken) continue;
        counts.broken += 1;
        await report({ check: 'chains', caseId, ...broken });
      }
      await progress?.('chains', counts);
    }
    return counts;
  },
});

export const caseChains = caseChainsCheck();

/** Runs the checks one after the other; every finding goes to `report` as it is found. */
export async function runAudit(ctx: AuditContext, checks: readonly AuditCheck[] = [caseChains]): Promise<AuditSummary> {
  const summary: AuditSummary = { ok: true, broken: 0, checks: {} };
  for (const check of checks) {
    if (ctx.signal?.aborted) break;
    const counts = await check.run(ctx);
    summary.checks[check.name] = counts;
    summary.broken += counts.broken;
  }
  summary.ok = summary.broken === 0;
  return summary;
}
