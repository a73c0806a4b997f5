// A load of the calendar: previewed against the current version (what changes, which open deadlines
// it reaches), applied only when the authority's head confirms it, and only if the calendar has not
// moved on since. A confirmed load supersedes the year's record; it never edits one.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { calendarPreviews, type AdjustmentDay, type CalendarPreviewRow } from '../../db/schema';
import { buildCalendar, currentRecords, type CalendarInputs, lockCalendar, nextVersion, readCalendarRecords, replaceAdjustment, replaceNotice, type CalendarRecords, type DatabaseCalendar } from '../../db/calendar';
import { openDeadlinesAffected } from '../../db/openDeadlines';
import { calendarChange, noticeRange } from '../../rules/calendarChange';
import type { HolidayNotice } from '../../rules/holidayNotice';
import { ErrorCodes } from '../../workflows/shared';
import { shanghaiIso } from '../../workflows/case/time';
import { ApiError } from '../errors';
import { recomputationHref, recordPendingRecomputation, startRecomputation, type RecomputationStarter } from './recomputations';
import type { Caller } from '../caller';
import { supersededView, type PreviewChanges } from './view';

/** A notice or an adjustment as the caller asked to load it, checked. */
export type Load = {
  year: number;
  source: string;
  /** The Chinese text as loaded, if it was. */
  text: string | null;
  textHash: string;
  /** The authority whose head confirms it. */
  authorityDepartmentId: string;
} & ({ kind: 'notice'; notice: HolidayNotice } | { kind: 'adjustment'; jurisdiction: string; days: AdjustmentDay[] });

/** The record a load replaces: the year's notice, or the jurisdiction's adjustment for the year. */
function replaced(records: CalendarRecords, load: Load) {
  return load.kind === 'notice'
    ? records.notices.find((n) => n.year === load.year)
    : records.adjustments.find((a) => a.jurisdictionCode === load.jurisdiction && a.year === load.year);
}

/** The records as they would be with the load applied. */
function withLoad(records: CalendarRecords, load: Load): CalendarInputs {
  const old = replaced(records, load);
  return load.kind === 'notice'
    ? { notices: [...records.notices.filter((n) => n !== old), { year: load.year, origin: 'authority', notice: load.notice }], adjustments: records.adjustments }
    : { notices: records.notices, adjustments: [...records.adjustments.filter((a) => a !== old), { jurisdictionCode: load.jurisdiction, year: load.year, source: load.source, days: load.days }] };
}

/** What the load changes against `records`: the days, and the open deadlines it reaches. */
async function changesOf(db: Database, calendar: DatabaseCalendar, records: CalendarRecords, load: Load) {
  const ancestors = (code: string) => calendar.ancestors(code);
  const after = buildCalendar(withLoad(records, load), ancestors);
  const range = load.kind === 'notice' ? noticeRange(load.year) : { first: `${load.year}-01-01`, last: `${load.year}-12-31` };
  const changes = calendarChange(buildCalendar(records, ancestors), after, range, load.kind === 'adjustment' ? load.jurisdiction : undefined);
  return { changes, after, openDeadlines: await openDeadlinesAffected(db, after) };
}

/** Stores the preview of a load and answers it; nothing of the calendar changes. */
export async function previewLoad(db: Database, calendar: DatabaseCalendar, load: Load, caller: Caller): Promise<CalendarPreviewRow> {
  const records = await readCalendarRecords(db);
  const { changes, openDeadlines } = await changesOf(db, calendar, records, load);
  const old = replaced(records, load);
  const kept: PreviewChanges = { changes, openDeadlines, supersedes: old ? supersededView(old) : null };
  const [row] = await db
    .insert(calendarPreviews)
    .values({
      id: `cp_${randomBytes(12).toString('hex')}`,
      kind: load.kind,
      year: load.year,
      jurisdictionCode: load.kind === 'adjustment' ? load.jurisdiction : null,
      authorityDepartmentId: load.authorityDepartmentId,
      source: load.source,
      body: load.kind === 'notice' ? load.notice : load.days,
      text: load.text,
      textHash: load.textHash,
      baseVersion: records.version,
      changes: kept,
      createdBy: caller.userId,
      createdAt: new Date(),
    })
    .returning();
  return row!;
}

/** The load a stored preview describes. */
function loadOf(p: CalendarPreviewRow): Load {
  const common = { year: p.year, source: p.source, text: p.text, textHash: p.textHash, authorityDepartmentId: p.authorityDepartmentId };
  return p.kind === 'notice' ? { ...common, kind: 'notice', notice: p.body as HolidayNotice } : { ...common, kind: 'adjustment', jurisdiction: p.jurisdictionCode!, days: p.body as AdjustmentDay[] };
}

/**
 * Applies a previewed load: 201 and the confirmation the first time; 200 and the same confirmation
 * again after that; 409 CALENDAR_PREVIEW_STALE if the calendar changed since the preview.
 */
export async function confirmLoad(
  db: Database,
  calendar: DatabaseCalendar,
  previewId: string,
  caller: Caller,
  recompute: RecomputationStarter = {},
): Promise<{ status: 200 | 202; body: { version: number; record: number } & Record<string, unknown> }> {
  const answer = await db.transaction(async (tx) => {
    await lockCalendar(tx);
    const [preview] = await tx.select().from(calendarPreviews).where(eq(calendarPreviews.id, previewId));
    if (preview!.confirmation) return { status: 200 as const, body: preview!.confirmation as { version: number; record: number } };
    const records = await currentRecords(tx);
    if (records.version !== preview!.baseVersion) {
      throw new ApiError(409, ErrorCodes.CALENDAR_PREVIEW_STALE, `the calendar is at version ${records.version}, the preview was made at ${preview!.baseVersion}: preview the load again`, { baseVersion: preview!.baseVersion, version: records.version });
    }
    const load = loadOf(preview!);
    const what = load.kind === 'notice' ? `${load.year} notice ${load.source}` : `${load.year} adjustment of ${load.jurisdiction} ${load.source}`;
    const version = await nextVersion(tx, `${what} by ${caller.userId}`);
    const old = replaced(records, load);
    const audit = { origin: 'authority' as const, source: load.source, textHash: load.textHash, loadedBy: caller.userId, loadedByDepartment: caller.department?.id ?? null, version, previewId };
    const record =
      load.kind === 'notice'
        ? await replaceNotice(tx, old as (typeof records.notices)[number] | undefined, { ...audit, year: load.year, notice: load.notice, text: load.text })
        : await replaceAdjustment(tx, old as (typeof records.adjustments)[number] | undefined, { ...audit, jurisdictionCode: load.jurisdiction, year: load.year, days: load.days });
    const { openDeadlines } = await changesOf(tx, calendar, records, load);
    await recordPendingRecomputation(tx, { version, reason: `${what} (calendar version ${version})`, jurisdiction: load.kind === 'adjustment' ? load.jurisdiction : null, loadedAt: record.loadedAt, cases: openDeadlines.cases });
    const confirmation = {
      previewId,
      kind: load.kind,
      year: load.year,
      jurisdiction: load.kind === 'adjustment' ? load.jurisdiction : null,
      version,
      record: record.id,
      supersedes: old?.id ?? null,
      openDeadlines,
      recomputation: recomputationHref(version),
      confirmedBy: caller.userId,
      confirmedAt: shanghaiIso(record.loadedAt),
    };
    await tx.update(calendarPreviews).set({ confirmedBy: caller.userId, confirmedAt: record.loadedAt, confirmation }).where(eq(calendarPreviews.id, previewId));
    return { status: 202 as const, body: confirmation };
  });
  // This process uses the new calendar at once; the others within CALENDAR_MAX_AGE.
  // (A failed refresh leaves it to the next check: the load is done either way.)
  if (answer.status === 202) await calendar.refresh().catch(() => undefined);
  // Accepted: the open cases it reaches are recomputed by a workflow (GET the `recomputation` link).
  await startRecomputation(db, { ...recompute, maxAgeMs: calendar.maxAgeMs }, answer.body.version);
  return answer;
}
