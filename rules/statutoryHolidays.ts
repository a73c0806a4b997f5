/**
 * Civil-date arithmetic and the fixed statutory holidays (全国年节及纪念日放假办法, as revised 2024).
 *
 * The statutory holidays are used for years whose State Council notice (国务院办公厅关于某年部分节假日
 * 安排的通知) is not known yet: a deadline counted through such a year is provisional (docs/statute.md,
 * "Working days"). Lunar dates and the Qingming solar term come from the `chinese-days` package.
 *
 * Dates are handled as "epoch days" (days since 1970-01-01 of the civil date), computed with UTC
 * arithmetic only, so nothing here depends on the process time zone.
 */
import chineseDays from 'chinese-days';

export const MIN_YEAR = 1901; // the lunar tables and solar-term formula of chinese-days cover 1901–2099
export const MAX_YEAR = 2099;
const MS_PER_DAY = 86_400_000;

export type CalendarInputErrorCode =
  | 'INVALID_DATE'
  | 'INVALID_WORKING_DAYS'
  | 'OUT_OF_RANGE'
  | 'INVALID_NOTICE'
  | 'INVALID_ADJUSTMENT';

/** A caller supplied something the working-day calendar cannot use. */
export class CalendarInputError extends Error {
  override readonly name = 'CalendarInputError';
  constructor(
    readonly code: CalendarInputErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Civil dates
// ---------------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a valid `YYYY-MM-DD` calendar date, or undefined. */
export function tryParseIsoDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // setUTCFullYear: years 0–99 are not shifted to 19xx
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return undefined; // 2026-02-30 and the like
  }
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** Epoch day of `value`; throws INVALID_DATE, or OUT_OF_RANGE outside MIN_YEAR–MAX_YEAR. */
export function parseIsoDate(value: unknown, what = 'date'): number {
  const day = tryParseIsoDate(value);
  if (day === undefined) {
    throw new CalendarInputError(
      'INVALID_DATE',
      `${what} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`,
    );
  }
  assertDayInRange(day, what);
  return day;
}

export function assertDayInRange(day: number, what = 'date'): void {
  const year = yearOfDay(day);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new CalendarInputError(
      'OUT_OF_RANGE',
      `${what} ${isoDate(day)} is outside the years the calendar supports (${MIN_YEAR}–${MAX_YEAR})`,
    );
  }
}

export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Epoch day of 1 January of `year`. */
export function firstDayOfYear(year: number): number {
  return Math.round(Date.UTC(year, 0, 1) / MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

// ---------------------------------------------------------------------------------------------
// Statutory holidays
// ---------------------------------------------------------------------------------------------

export interface StatutoryHoliday {
  date: string;
  name: string; // e.g. 春节
  nameEn: string; // e.g. Spring Festival
}

/**
 * Lunar date of a civil date. chinese-days counts whole days from an instant fixed at
 * 1900-01-31 00:00 +08:00, so a UTC-midnight input gives the right lunar fields in every time
 * zone (only its echoed `date` field is formatted in local time, and we do not use it).
 */
function lunarOf(day: number): { year: number; month: number; day: number; leap: boolean } {
  const l = chineseDays.getLunarDate(new Date(day * MS_PER_DAY));
  return { year: l.lunarYear, month: l.lunarMon, day: l.lunarDay, leap: l.isLeap };
}

/**
 * Civil date of a (non-leap-month) lunar date. getSolarDateFromLunar reads its input with
 * local-time getters and formats its answer in local time, so it is fed a local-time Date; the
 * answer is then checked against getLunarDate (time-zone independent), searching a day or two
 * either side in case the package's local-time arithmetic slips in some zone.
 */
function solarFromLunar(lunarYear: number, month: number, dayOfMonth: number): number {
  const hint = tryParseIsoDate(
    chineseDays.getSolarDateFromLunar(new Date(lunarYear, month - 1, dayOfMonth)).date,
  );
  if (hint !== undefined) {
    for (const candidate of [hint, hint - 1, hint + 1, hint - 2, hint + 2]) {
      const l = lunarOf(candidate);
      if (l.year === lunarYear && l.month === month && l.day === dayOfMonth && !l.leap) return candidate;
    }
  }
  throw new Error(`chinese-days could not convert lunar ${lunarYear}-${month}-${dayOfMonth} to a civil date`);
}

/**
 * The day of the Qingming solar term (清明, ~4–5 April). getSolarTermDate builds the date at UTC
 * midnight and formats it with local-time getters, which west of UTC names the previous day; we
 * take the civil date whose UTC midnight the package would format as the string it returned.
 */
function qingmingDay(year: number): number {
  const reported = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
  const rd = tryParseIsoDate(reported);
  if (rd !== undefined) {
    for (const candidate of [rd, rd + 1, rd - 1]) {
      const d = new Date(candidate * MS_PER_DAY);
      const pad = (n: number) => String(n).padStart(2, '0');
      const asPackageFormats = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      if (asPackageFormats === reported && d.getUTCMonth() === 3 && d.getUTCDate() >= 3 && d.getUTCDate() <= 6) {
        return candidate;
      }
    }
  }
  throw new Error(`chinese-days gave an implausible Qingming date for ${year}: ${reported}`);
}

/**
 * The 13 statutory holiday days of `year` (全国年节及纪念日放假办法 Art. 2 as revised 2024): New Year's
 * Day 1 Jan; Spring Festival = lunar New Year's Eve (the last day of lunar month 12, the 29th or
 * 30th) and lunar 1/1–1/3; Qingming (the solar-term day); Labour Day 1–2 May; Dragon Boat lunar
 * 5/5; Mid-Autumn lunar 8/15; National Day 1–3 Oct. Days on which two festivals coincide are merged
 * (e.g. 国庆节、中秋节). The 补假 that Art. 6 requires is computed by computeCompensatoryDays; no 调休
 * (weekend days made working days) is guessed: that is set only by the annual notice.
 */
export function computeStatutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new CalendarInputError('OUT_OF_RANGE', `statutory holidays are computed for ${MIN_YEAR}–${MAX_YEAR}, not ${year}`);
  }
  const d = (month: number, dayOfMonth: number) => Math.round(Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY);
  const newYear = solarFromLunar(year, 1, 1);
  const eve = newYear - 1;
  const eveLunar = lunarOf(eve);
  if (eveLunar.year !== year - 1 || eveLunar.month !== 12) {
    throw new Error(`chinese-days: the day before lunar new year ${year} is not in lunar month 12`);
  }
  const days: [number, string, string][] = [
    [d(1, 1), '元旦', "New Year's Day"],
    [eve, '春节', 'Spring Festival'],
    [newYear, '春节', 'Spring Festival'],
    [newYear + 1, '春节', 'Spring Festival'],
    [newYear + 2, '春节', 'Spring Festival'],
    [qingmingDay(year), '清明节', 'Qingming Festival'],
    [d(5, 1), '劳动节', 'Labour Day'],
    [d(5, 2), '劳动节', 'Labour Day'],
    [solarFromLunar(year, 5, 5), '端午节', 'Dragon Boat Festival'],
    [d(10, 1), '国庆节', 'National Day'],
    [d(10, 2), '国庆节', 'National Day'],
    [d(10, 3), '国庆节', 'National Day'],
    [solarFromLunar(year, 8, 15), '中秋节', 'Mid-Autumn Festival'], // after 国庆节: notices write 国庆节、中秋节
  ];
  const byDay = new Map<number, StatutoryHoliday>();
  for (const [day, name, nameEn] of days) {
    const existing = byDay.get(day);
    if (existing && existing.name !== name) {
      existing.name = `${existing.name}、${name}`;
      existing.nameEn = `${existing.nameEn} / ${nameEn}`;
    } else if (!existing) {
      byDay.set(day, { date: isoDate(day), name, nameEn });
    }
  }
  return [...byDay.entries()].sort(([a], [b]) => a - b).map(([, h]) => h);
}

const statutoryCache = new Map<number, readonly StatutoryHoliday[]>();

/** computeStatutoryHolidays, cached per year (the result is frozen). */
export function statutoryHolidays(year: number): readonly StatutoryHoliday[] {
  let cached = statutoryCache.get(year);
  if (!cached) {
    cached = Object.freeze(computeStatutoryHolidays(year).map((h) => Object.freeze(h)));
    statutoryCache.set(year, cached);
  }
  return cached;
}

export interface CompensatoryDay {
  /** The working day given off. */
  date: string;
  /** The statutory holiday day, a Saturday or Sunday, that it compensates. */
  compensates: string;
  name: string; // the compensated holiday, e.g. 劳动节
  nameEn: string;
}

/**
 * The 补假 of `year` (全国年节及纪念日放假办法 Art. 6: 全体公民放假的假日，如果适逢周六、周日，应当在工作日补假).
 * All the Art. 2 holidays are for all citizens. In date order, each holiday day falling on a Saturday
 * or Sunday gets the first day after it that is neither a statutory holiday, a weekend day nor
 * already given as 补假; so compensation follows the whole block of adjacent holidays and weekends
 * (e.g. 中秋节 on Saturday 30 Sep is compensated after 国庆节 1–3 Oct). The days never leave the
 * year: the last statutory holiday of a year is in early October.
 */
export function computeCompensatoryDays(year: number): CompensatoryDay[] {
  const holidays = statutoryHolidays(year);
  const off = new Set(holidays.map((h) => tryParseIsoDate(h.date)!));
  const given = new Set<number>();
  const result: CompensatoryDay[] = [];
  for (const h of holidays) {
    const day = tryParseIsoDate(h.date)!;
    if (!isWeekend(day)) continue;
    let c = day + 1;
    while (off.has(c) || isWeekend(c) || given.has(c)) c += 1;
    given.add(c);
    result.push({ date: isoDate(c), compensates: h.date, name: h.name, nameEn: h.nameEn });
  }
  return result;
}

const compensatoryCache = new Map<number, readonly CompensatoryDay[]>();

/** computeCompensatoryDays, cached per year (the result is frozen). */
export function compensatoryDays(year: number): readonly CompensatoryDay[] {
  let cached = compensatoryCache.get(year);
  if (!cached) {
    cached = Object.freeze(computeCompensatoryDays(year).map((c) => Object.freeze(c)));
    compensatoryCache.set(year, cached);
  }
  return cached;
}
