// What a load changes in the working-day calendar, day by day: what a preview shows before an
// authority confirms it (docs/calendar.md), and the warning when next year's notice is missing.
import { shanghaiDate, type DayInfo, type WorkingDayCalendar } from './calendar';
import { isoDate, tryParseIsoDate } from './statutoryHolidays';

export interface ChangedDay {
  date: string;
  /** Its status and reason under the new calendar. */
  working: boolean;
  reason: string;
  /** Its status and reason before. */
  was: { working: boolean; reason: string; provisional: boolean };
}

export interface CalendarChange {
  /** Working days (or, before a notice, days counted provisionally as working) that become days off. */
  daysOff: ChangedDay[];
  /** Days off that become working days: make-up working days (调休上班), or a day off withdrawn. */
  workingDays: ChangedDay[];
  /** Days whose status stays but whose reason changes (a provisional statutory holiday now the notice's). */
  relabelled: number;
  /** Some day of the range was provisional before and none is after: the year becomes final. */
  becomesFinal: boolean;
}

/**
 * The days of [first, last] whose status or reason differs between two calendars, for the national
 * calendar or, with `jurisdiction`, for duties owed there.
 */
export function calendarChange(before: WorkingDayCalendar, after: WorkingDayCalendar, range: { first: string; last: string }, jurisdiction?: string): CalendarChange {
  const change: CalendarChange = { daysOff: [], workingDays: [], relabelled: 0, becomesFinal: false };
  let provisionalBefore = false;
  let provisionalAfter = false;
  for (let day = tryParseIsoDate(range.first)!; day <= tryParseIsoDate(range.last)!; day++) {
    const date = isoDate(day);
    const was: DayInfo = before.dayInfo(date, jurisdiction);
    const now: DayInfo = after.dayInfo(date, jurisdiction);
    provisionalBefore ||= was.provisional;
    provisionalAfter ||= now.provisional;
    if (was.working === now.working) {
      if (was.reason !== now.reason) change.relabelled += 1;
      continue;
    }
    const entry: ChangedDay = { date, working: now.working, reason: now.reason, was: { working: was.working, reason: was.reason, provisional: was.provisional } };
    (now.working ? change.workingDays : change.daysOff).push(entry);
  }
  change.becomesFinal = provisionalBefore && !provisionalAfter;
  return change;
}

/** The days a State Council notice for `year` may name: from 1 December of the year before. */
export const noticeRange = (year: number) => ({ first: `${year - 1}-12-01`, last: `${year}-12-31` });

/**
 * From 1 December (Asia/Shanghai) on, the State Council's notice for next year is due: while it is
 * not loaded, deadlines running into that year are provisional. Undefined before December, or once
 * it is loaded.
 */
export function missingNoticeWarning(calendar: Pick<WorkingDayCalendar, 'coveredYears'>, now: Date): { year: number; message: string } | undefined {
  const today = shanghaiDate(now);
  if (today.slice(5, 7) !== '12') return undefined;
  const year = Number(today.slice(0, 4)) + 1;
  if (calendar.coveredYears().some((y) => y.year === year)) return undefined;
  return {
    year,
    message: `the State Council's holiday notice for ${year} is not loaded: deadlines running into ${year} are provisional (the national authority loads it with POST /calendar/notices)`,
  };
}
