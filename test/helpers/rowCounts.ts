// Row counts of the tables a request could write, read on a connection of their own (not the app's
// pool), so a test can say "this rejected request wrote nothing". The sum of the cases' versions
// comes along: it moves when a case's state is updated in place, which no count shows.
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

export const WRITTEN_TABLES = ['cases', 'case_parties', 'case_events', 'case_submissions', 'case_commands', 'case_deadlines', 'case_violations', 'notifications', 'webhook_subscriptions', 'webhook_deliveries', 'webhook_delivery_attempts', 'holiday_notices', 'calendar_adjustments', 'calendar_versions', 'calendar_previews', 'calendar_recomputations'] as const;
export type WrittenTable = (typeof WRITTEN_TABLES)[number] | 'case_versions';
export type RowCounts = Record<WrittenTable, number>;
const MEASURES: WrittenTable[] = [...WRITTEN_TABLES, 'case_versions'];

export interface RowCounter {
  counts(): Promise<RowCounts>;
  /** The outcome stored for a command's (case, Idempotency-Key), if any. */
  storedOutcome(caseId: string, key: string): Promise<{ status: number | null; body: unknown } | undefined>;
  close(): Promise<void>;
}

const COUNT_SQL = `SELECT ${WRITTEN_TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}, (SELECT coalesce(sum(version), 0)::int FROM cases) AS case_versions`;

/** The same counts through the app's own database handle (tests that need no separate connection). */
export async function writtenRows(db: Database): Promise<RowCounts> {
  const result = (await db.execute(sql.raw(COUNT_SQL))) as unknown as { rows: RowCounts[] };
  return result.rows[0]!;
}

export async function rowCounter(databaseUrl: string): Promise<RowCounter> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const countSql = COUNT_SQL;
  return {
    async counts() {
      const { rows } = await client.query<RowCounts>(countSql);
      return rows[0]!;
    },
    async storedOutcome(caseId, key) {
      const { rows } = await client.query<{ response_status: number | null; response: unknown }>(
        // Keys are each department's own: several departments may have used this one; the request just answered completed last.
        'SELECT response_status, response FROM case_commands WHERE case_id = $1 AND idempotency_key = $2 ORDER BY completed_at DESC NULLS LAST LIMIT 1',
        [caseId, key],
      );
      return rows[0] ? { status: rows[0].response_status, body: rows[0].response } : undefined;
    },
    close: () => client.end(),
  };
}

/** The tables whose count changed, with the change. */
export function countChanges(before: RowCounts, after: RowCounts): Partial<Record<WrittenTable, number>> {
  const changes: Partial<Record<WrittenTable, number>> = {};
  for (const t of MEASURES) if (after[t] !== before[t]) changes[t] = after[t] - before[t];
  return changes;
}

/**
 * Waits (up to 5 s) until two reads 150 ms apart count the same rows: what an accepted write sets off
 * after its answer (a case telling a linked one) is done, and the next request is charged only its own.
 */
export async function settled(rows: Pick<RowCounter, 'counts'>): Promise<void> {
  let last = JSON.stringify(await rows.counts());
  for (const until = Date.now() + 5_000; Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 150));
    const now = JSON.stringify(await rows.counts());
    if (now === last) return;
    last = now;
  }
}
