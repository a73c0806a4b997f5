// Which open deadlines a calendar change reaches: the count a load's preview and confirmation
// report. Today it reads each open case's deadlines from its state in `cases`; the recomputation
// of open cases (issue 17, part 2) will read a deadlines table here instead, and re-arm these.
import { and, asc, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from './client';
import { cases } from './schema';
import { shanghaiDate, type WorkingDayCalendar } from '../rules/calendar';
import type { CaseDeadline } from '../workflows/case/contract';

export interface AffectedDeadlines {
  /** Open deadlines looked at (the development fast clock's excluded). */
  examined: number;
  /** Those whose due date or provisional mark would differ under the calendar. */
  affected: number;
  /** The cases they belong to, the first MAX_CASE_IDS by id. */
  caseIds: string[];
}

export const MAX_CASE_IDS = 100;
const BATCH = 500;

/** The deadline as `calendar` counts it; undefined if it cannot (a malformed stored deadline). */
function recount(calendar: WorkingDayCalendar, d: CaseDeadline): { dueDate: string; provisional: boolean } | undefined {
  try {
    const from = shanghaiDate(new Date(d.startedAt));
    const jurisdiction = d.dutyBearer?.jurisdictionCode;
    return d.months !== undefined ? calendar.addMonths(from, d.months, jurisdiction) : calendar.addWorkingDays(from, d.workingDays!, jurisdiction);
  } catch {
    return undefined;
  }
}

/**
 * The open deadlines of open cases whose due date or provisional mark, counted again with
 * `calendar` from their own start and duty-bearer's jurisdiction, differs from the one they wait on:
 * the deadlines a recomputation would move (or make final).
 */
export async function openDeadlinesAffected(db: Pick<Database, 'select'>, calendar: WorkingDayCalendar): Promise<AffectedDeadlines> {
  const result: AffectedDeadlines = { examined: 0, affected: 0, caseIds: [] };
  let after = '';
  for (;;) {
    const rows = await db
      .select({ id: cases.id, deadlines: sql<CaseDeadline[] | null>`${cases.state}->'deadlines'`, fastClock: sql<boolean | null>`(${cases.state}->>'fastClock')::boolean` })
      .from(cases)
      .where(and(isNull(cases.closedAt), gt(cases.id, after)))
      .orderBy(asc(cases.id))
      .limit(BATCH);
    for (const row of rows) {
      if (row.fastClock) continue;
      let moved = false;
      for (const d of row.deadlines ?? []) {
        if (d.status !== 'open') continue;
        result.examined += 1;
        const now = recount(calendar, d);
        if (now && (now.dueDate !== d.dueDate || now.provisional !== d.provisional)) {
          result.affected += 1;
          moved = true;
        }
      }
      if (moved && result.caseIds.length < MAX_CASE_IDS) result.caseIds.push(row.id);
    }
    if (rows.length < BATCH) return result;
    after = rows.at(-1)!.id;
  }
}
