/**
 * The State Council notices the chinese-days package carries (2004–2026 in v1.5.7), one notice per
 * year in the structured form (holidayNotice.ts). They only seed the database, which is the runtime
 * source of the calendar (docs/calendar.md); a calendar built without a database falls back on them.
 */
import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import packageJson from 'chinese-days/package.json' with { type: 'json' };
import type { HolidayNotice, NoticeDay } from './holidayNotice';
import { tryParseIsoDate, yearOfDay } from './statutoryHolidays';

/** What the seeded rows name as their source. */
export const PACKAGE_SOURCE = `chinese-days ${(packageJson as { version: string }).version}`;

/** English names of the festivals notices name (a notice entry may give its own). */
export const ENGLISH_NAMES: Readonly<Record<string, string>> = {
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明节: 'Qingming Festival',
  劳动节: 'Labour Day',
  端午节: 'Dragon Boat Festival',
  中秋节: 'Mid-Autumn Festival',
  国庆节: 'National Day',
};

/** The package abbreviates some festival names; notices and clerks use the full ones. */
export const FULL_NAME: Readonly<Record<string, string>> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

export interface PackageDay {
  date: string;
  kind: 'holiday' | 'workday';
  /** The festival as notices name it (清明节, not 清明). */
  name: string;
  /** The package's English name. */
  nameEn: string;
}

/**
 * The package's raw data: { holidays: { "2026-10-01": "National Day,国庆节,3" }, workdays: {…} },
 * keyed by date. Read directly (not via isWorkday) so that a year it does not know is recognised as
 * unknown rather than silently treated as plain weekdays.
 */
export const PACKAGE_DAYS: readonly PackageDay[] = (() => {
  const raw = packageData as unknown as Record<'holidays' | 'workdays', Record<string, string>>;
  const days: PackageDay[] = [];
  for (const kind of ['holiday', 'workday'] as const) {
    for (const [date, value] of Object.entries(raw[`${kind}s`] ?? {})) {
      const [en, zh] = value.split(',');
      if (tryParseIsoDate(date) === undefined || !en || !zh) throw new Error(`chinese-days data: unexpected entry ${date}: ${value}`);
      days.push(Object.freeze({ date, kind, name: FULL_NAME[zh] ?? zh, nameEn: en }));
    }
  }
  return Object.freeze(days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));
})();

/**
 * The notice a package day belongs to: its own year's, except a December day of the New Year break
 * (元旦), which the next year's notice announces (the 2019 notice began it on 30 December 2018).
 */
export function noticeYearOf(day: Pick<PackageDay, 'date' | 'name'>): number {
  const year = yearOfDay(tryParseIsoDate(day.date)!);
  return day.date.slice(5, 7) === '12' && day.name === '元旦' ? year + 1 : year;
}

const BY_YEAR = new Map<number, PackageDay[]>();
for (const day of PACKAGE_DAYS) {
  const year = noticeYearOf(day);
  BY_YEAR.set(year, [...(BY_YEAR.get(year) ?? []), day]);
}

/** The years the package has a notice for. */
export const PACKAGE_YEARS: ReadonlySet<number> = new Set([...BY_YEAR.keys()].sort((a, b) => a - b));

/** The package's notice for `year` in the structured form, or undefined for a year it does not know. */
export function packagedNotice(year: number): HolidayNotice | undefined {
  const days = BY_YEAR.get(year);
  if (!days) return undefined;
  // The package's English name only where ours has none (the 2015 anniversary of the victory).
  const entries = (kind: PackageDay['kind']): NoticeDay[] =>
    days.filter((d) => d.kind === kind).map(({ date, name, nameEn }) => (ENGLISH_NAMES[name] ? { date, name } : { date, name, nameEn }));
  return { year, source: PACKAGE_SOURCE, holidays: entries('holiday'), workdays: entries('workday') };
}
