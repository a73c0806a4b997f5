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
