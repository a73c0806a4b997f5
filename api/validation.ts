// Input schemas shared by routes. Every string schema is built on text() (api/text.ts), so no field
// reaches a query, a workflow or the record without the text checks; a test scans api/ for strays.
import { z } from 'zod';
import { text } from './text';

/** True when YYYY-MM-DD names a real calendar day (2026-02-30 does not). */
function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export const isoDate = text({ max: 10, pattern: { regex: /^\d{4}-\d{2}-\d{2}$/, message: 'expected a date as YYYY-MM-DD' } }).refine(
  isCalendarDate,
  'not a calendar date',
);

/** An instant as ISO 8601 with seconds and an offset (`Z` or ±HH:MM), e.g. 2026-11-23T10:00:00+08:00. */
export const instant = text({
  max: 35,
  pattern: {
    regex: /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/,
    message: 'expected an instant as YYYY-MM-DDThh:mm:ss with Z or an offset ±hh:mm',
  },
}).refine((s) => isCalendarDate(s.slice(0, 10)), 'not a calendar date');

export const jurisdictionCode = text({ max: 6, pattern: { regex: /^\d{6}$/, message: 'expected a 6-digit administrative division code' } });

/** The ID of a department, staff member or catalogue entry: letters, digits, '.', '_', '-'. */
export const identifier = text({
  max: 128,
  pattern: { regex: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, message: 'expected an identifier (letters, digits, ".", "_", "-")' },
});

/** A whole number written in decimal digits (query parameters), within [min, max]. */
export function wholeNumber(name: string, { min, max }: { min: number; max: number }) {
  return text({ max: 12, pattern: { regex: /^-?\d+$/, message: `${name} must be a whole number` } })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** Days a usage period may start before the day of the request: a use already begun, put in order. */
export const USAGE_PERIOD_LOOKBACK_DAYS = 31;
/** USAGE_PERIOD_MAX_YEARS's default: the longest usage period (使用时限, Art. 20) a request may name. */
export const DEFAULT_USAGE_PERIOD_MAX_YEARS = 10;

const plusDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The same day `years` later, as text (29 February may name no real day: it still orders right). */
const plusYears = (date: string, years: number): string => `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;

/**
 * What is wrong with a usage period (Art. 20 使用时限) asked for on `today` (Asia/Shanghai): it must
 * end after that day, start at most USAGE_PERIOD_LOOKBACK_DAYS before it, and span at most `maxYears`.
 */
export function usagePeriodIssues(p: { from: string; to: string }, { today, maxYears }: { today: string; maxYears: number }): Array<{ path: string[]; message: string }> {
  const issues: Array<{ path: string[]; message: string }> = [];
  if (p.to <= today) issues.push({ path: ['usagePeriod', 'to'], message: `must be after the day of the request (${today})` });
  const earliest = plusDays(today, -USAGE_PERIOD_LOOKBACK_DAYS);
  if (p.from < earliest) issues.push({ path: ['usagePeriod', 'from'], message: `may start at most ${USAGE_PERIOD_LOOKBACK_DAYS} days before the day of the request (${earliest})` });
  if (p.to >= plusYears(p.from, maxYears)) issues.push({ path: ['usagePeriod'], message: `a usage period spans at most ${maxYears} years` });
  return issues;
}

/** A usage period of a year from `date` (a valid one when `date` is the day of the request). */
export const aYearFrom = (date: string): { from: string; to: string } => ({ from: date, to: plusDays(plusYears(date, 1), -1) });
