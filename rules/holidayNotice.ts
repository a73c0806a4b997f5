/**
 * The annual State Council holiday notice (国务院办公厅关于某年部分节假日安排的通知) as data, and
 * regional (per-jurisdiction) adjustments.
 *
 * Notice file format (one JSON file per year, e.g. `notices/2027.json`):
 *
 * ```json
 * {
 *   "year": 2027,
 *   "source": "国办发明电〔2026〕N号",
 *   "url": "https://www.gov.cn/zhengce/…",          // optional
 *   "publishedOn": "2026-11-…",                       // optional, YYYY-MM-DD
 *   "holidays": [ { "date": "2027-01-01", "name": "元旦" }, … ],
 *   "workdays": [ { "date": "2027-02-20", "name": "春节" } ]
 * }
 * ```
 *
 * - `holidays`: every day off the notice announces, weekend days inside a holiday block included
 *   (放假调休 blocks are listed day by day). `name` is the festival (元旦, 春节, 清明节, 劳动节, 端午节,
 *   中秋节, 国庆节 …); `nameEn` may be given, otherwise it is derived for the usual festivals.
 * - `workdays`: the weekend days made working days (调休上班); `name` is the festival they make up for.
 * - Dates lie in `year`, or in December of the year before (a notice may start the New Year break
 *   on 30/31 December, as the 2019 notice did). Within the notice's year, days not listed follow
 *   the weekday rule (Mon–Fri work, Sat/Sun rest).
 * - A loaded notice overrides both the chinese-days data and the provisional statutory computation
 *   for its year; loading a second notice for the same year replaces the first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CalendarInputError, MAX_YEAR, MIN_YEAR, isWeekend, tryParseIsoDate } from './statutoryHolidays';

const isoDateString = z
  .string()
  .refine((s) => tryParseIsoDate(s) !== undefined, { message: 'must be a calendar date written YYYY-MM-DD' });

const noticeDaySchema = z.strictObject({
  date: isoDateString,
  name: z.string().trim().min(1),
  nameEn: z.string().trim().min(1).optional(),
});

export const holidayNoticeSchema = z
  .strictObject({
    year: z.int().min(MIN_YEAR).max(MAX_YEAR),
    source: z.string().trim().min(1),
    url: z.string().optional(),
    publishedOn: isoDateString.optional(),
    holidays: z.array(noticeDaySchema),
    workdays: z.array(noticeDaySchema),
  })
  .superRefine((n, ctx) => {
    const first = tryParseIsoDate(`${n.year - 1}-12-01`);
    const last = tryParseIsoDate(`${n.year}-12-31`);
    const seen = new Set<string>();
    for (const list of ['holidays', 'workdays'] as const) {
      n[list].forEach((entry, i) => {
        const day = tryParseIsoDate(entry.date);
        if (day === undefined || first === undefined || last === undefined) return; // reported by the field schema
        const path = [list, i, 'date'];
        if (day < first || day > last) {
          ctx.addIssue({ code: 'custom', path, message: `${entry.date} is outside the notice's year ${n.year} (or December of the year before)` });
        }
        if (seen.has(entry.date)) {
          ctx.addIssue({ code: 'custom', path, message: `${entry.date} is listed more than once` });
        }
        seen.add(entry.date);
        if (list === 'workdays' && !isWeekend(day)) {
          ctx.addIssue({ code: 'custom', path, message: `${entry.date} is a weekday; a make-up working day (调休上班) is a Saturday or Sunday` });
        }
      });
    }
  });

export type HolidayNotice = z.infer<typeof holidayNoticeSchema>;
export type NoticeDay = z.infer<typeof noticeDaySchema>;

export const jurisdictionAdjustmentSchema = z.strictObject({
  jurisdiction: z.string().trim().min(1), // administrative division code, e.g. 230000
  date: isoDateString,
  kind: z.enum(['holiday', 'workday']),
  name: z.string().trim().min(1),
  source: z.string().trim().min(1).optional(), // e.g. the provincial document
});

/** A regional holiday (offices of the jurisdiction and everything below it close) or make-up working day. */
export type JurisdictionAdjustment = z.infer<typeof jurisdictionAdjustmentSchema>;

/** Validates a notice (parsed JSON or an object); throws CalendarInputError INVALID_NOTICE. */
export function parseHolidayNotice(input: unknown, origin = 'holiday notice'): HolidayNotice {
  const result = holidayNoticeSchema.safeParse(input);
  if (!result.success) {
    throw new CalendarInputError('INVALID_NOTICE', `${origin} is invalid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Validates an adjustment; throws CalendarInputError INVALID_ADJUSTMENT. */
export function parseJurisdictionAdjustment(input: unknown): JurisdictionAdjustment {
  const result = jurisdictionAdjustmentSchema.safeParse(input);
  if (!result.success) {
    throw new CalendarInputError('INVALID_ADJUSTMENT', `jurisdiction adjustment is invalid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/**
 * Reads every `*.json` file of `dir` (sorted by name) as a holiday notice; synchronous, meant for
 * start-up. The only I/O of the calendar. Throws CalendarInputError INVALID_NOTICE naming the file on bad JSON, an invalid
 * notice, or two files for the same year.
 */
export function loadNoticesFromDir(dir: string): HolidayNotice[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const notices: HolidayNotice[] = [];
  const fileOfYear = new Map<number, string>();
  for (const file of files) {
    const path = join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new CalendarInputError('INVALID_NOTICE', `${path} is not valid JSON: ${(err as Error).message}`);
    }
    const notice = parseHolidayNotice(json, path);
    const other = fileOfYear.get(notice.year);
    if (other !== undefined) {
      throw new CalendarInputError('INVALID_NOTICE', `${path} and ${other} are both notices for ${notice.year}`);
    }
    fileOfYear.set(notice.year, path);
    notices.push(notice);
  }
  return notices;
}
