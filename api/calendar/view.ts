// How calendar records and previews are answered: instants in Asia/Shanghai, the audit columns named.
import type { CalendarAdjustmentRow, CalendarPreviewRow, HolidayNoticeRow } from '../../db/schema';
import type { HolidayNotice } from '../../rules/holidayNotice';
import type { AdjustmentDay } from '../../db/schema';
import type { CalendarChange } from '../../rules/calendarChange';
import type { AffectedDeadlines } from '../../db/openDeadlines';
import { shanghaiIso } from '../../workflows/case/time';

const instant = (d: Date | null) => (d ? shanghaiIso(d) : null);

function audit(r: HolidayNoticeRow | CalendarAdjustmentRow) {
  return {
    id: r.id,
    origin: r.origin,
    source: r.source,
    textHash: r.textHash,
    loadedBy: r.loadedBy,
    loadedByDepartment: r.loadedByDepartment,
    loadedAt: shanghaiIso(r.loadedAt),
    version: r.version,
    previewId: r.previewId,
    current: r.supersededAt === null,
    supersededAt: instant(r.supersededAt),
    supersededBy: r.supersededBy,
  };
}

export const noticeView = (r: HolidayNoticeRow) => ({
  ...audit(r),
  year: r.year,
  url: r.notice.url ?? null,
  publishedOn: r.notice.publishedOn ?? null,
  holidays: r.notice.holidays,
  workdays: r.notice.workdays,
});

export const noticeDetail = (r: HolidayNoticeRow) => ({ ...noticeView(r), text: r.text });

export const adjustmentView = (r: CalendarAdjustmentRow) => ({ ...audit(r), jurisdiction: r.jurisdictionCode, year: r.year, days: r.days });

/** The record a load replaces, as a preview names it. */
export const supersededView = (r: HolidayNoticeRow | CalendarAdjustmentRow) => ({ id: r.id, origin: r.origin, source: r.source, loadedAt: shanghaiIso(r.loadedAt), version: r.version });

/** What a preview row keeps in `changes`. */
export interface PreviewChanges {
  changes: CalendarChange;
  openDeadlines: AffectedDeadlines;
  supersedes: ReturnType<typeof supersededView> | null;
}

export function previewView(r: CalendarPreviewRow, currentVersion: number) {
  const kept = r.changes as PreviewChanges;
  const notice = r.kind === 'notice' ? (r.body as HolidayNotice) : undefined;
  return {
    id: r.id,
    kind: r.kind,
    status: r.confirmation ? 'confirmed' : currentVersion === r.baseVersion ? 'pending' : 'stale',
    year: r.year,
    jurisdiction: r.jurisdictionCode,
    source: r.source,
    textHash: r.textHash,
    baseVersion: r.baseVersion,
    notice: notice ? { holidays: notice.holidays, workdays: notice.workdays } : null,
    days: r.kind === 'adjustment' ? (r.body as AdjustmentDay[]) : null,
    supersedes: kept.supersedes,
    changes: kept.changes,
    openDeadlines: kept.openDeadlines,
    createdBy: r.createdBy,
    createdAt: shanghaiIso(r.createdAt),
    confirmation: r.confirmation ?? null,
  };
}
