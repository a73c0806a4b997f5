// Which deadlines a calendar change reaches (docs/calendar.md): read from case_deadlines, never from
// the cases' state. A running deadline is reached when, counted again from its own start with the
// duty-bearer's calendar, its due date or provisional mark differs; a missed one with its violation
// still open, when it now falls later (the miss is disproved, or happened later). The preview and the
// confirmation count them; the calendar recomputation (workflows/calendar/) re-arms their cases.
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from './client';
import { caseDeadlines, cases, caseViolations } from './schema';
import { shanghaiDate, type WorkingDayCalendar } from '../rules/calendar';
import type { DeadlineCursor } from '../workflows/calendar/contract';
import type { CaseDeadline } from '../workflows/case/contract';

export interface AffectedDeadlines {
  /** Deadlines looked at: running ones, and missed ones whose violation is open (the fast clock's excluded). */
  examined: number;
  /** Those the calendar moves, makes final, or disproves. */
  affected: number;
  /** The cases they belong to, counted. */
  cases: number;
  /** The cases they belong to, the first MAX_CASE_IDS by id. */
  caseIds: string[];
}


/** One page of the walk: the cases reached in it (each once), and where the next page starts. */
export interface AffectedPage {
  examined: number;
  affected: number;
  cases: Array<{ caseId: string; process: string }>;
  next?: DeadlineCursor;
}

export const MAX_CASE_IDS = 100;
export const PAGE = 500;

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

/** Whether `calendar` reaches the deadline (see the file's comment). */
export function reaches(calendar: WorkingDayCalendar, d: CaseDeadline): boolean {
  const now = recount(calendar, d);
  if (!now) return false;
  if (d.status === 'missed') return now.dueDate > d.dueDate;
  return now.dueDate !== d.dueDate || now.provisional !== d.provisional;
}

/** One page of the open cases' deadlines a calendar change may reach, in (case, deadline) order. */
export async function affectedPage(db: Pick<Database, 'select'>, calendar: WorkingDayCalendar, after?: DeadlineCursor, limit = PAGE): Promise<AffectedPage> {
  const missedAndOpen = sql`${caseDeadlines.status} = 'missed' AND EXISTS (SELECT 1 FROM ${caseViolations} v WHERE v.case_id = ${caseDeadlines.caseId} AND v.deadline_id = ${caseDeadlines.id} AND v.status = 'open')`;
  const rows = await db
    .select({ caseId: caseDeadlines.caseId, id: caseDeadlines.id, process: caseDeadlines.process, record: caseDeadlines.record })
    .from(caseDeadlines)
    .innerJoin(cases, eq(cases.id, caseDeadlines.caseId))
    .where(
      and(
        isNull(cases.closedAt),
        sql`coalesce((${cases.state}->>'fastClock')::boolean, false) = false`,
        or(eq(caseDeadlines.status, 'open'), missedAndOpen),
        after ? sql`(${caseDeadlines.caseId}, ${caseDeadlines.id}) > (${after.caseId}, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(caseDeadlines.caseId), asc(caseDeadlines.id))
    .limit(limit);
  const page: AffectedPage = { examined: rows.length, affected: 0, cases: [] };
  for (const row of rows) {
    if (!reaches(calendar, row.record)) continue;
    page.affected += 1;
    if (page.cases.at(-1)?.caseId !== row.caseId) page.cases.push({ caseId: row.caseId, process: row.process });
  }
  const last = rows.at(-1);
  if (rows.length === limit && last) page.next = { caseId: last.caseId, id: last.id };
  return page;
}

/** Every page: the counts a load's preview and confirmation report. */
export async function openDeadlinesAffected(db: Pick<Database, 'select'>, calendar: WorkingDayCalendar): Promise<AffectedDeadlines> {
  const result: AffectedDeadlines = { examined: 0, affected: 0, cases: 0, caseIds: [] };
  let after: DeadlineCursor | undefined;
  let last: string | undefined;
  do {
    const page = await affectedPage(db, calendar, after);
    result.examined += page.examined;
    result.affected += page.affected;
    for (const c of page.cases) {
      // In (case, deadline) order: a case spans pages only at their edge.
      if (c.caseId === last) continue;
      last = c.caseId;
      result.cases += 1;
      if (result.caseIds.length < MAX_CASE_IDS) result.caseIds.push(c.caseId);
    }
    after = page.next;
  } while (after);
  return result;
}
