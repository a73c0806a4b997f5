/**
 * The working-day calendar (工作日) for statutory deadlines (docs/statute.md, "Working days"):
 * Mon–Fri, minus public holidays, plus the weekend days made working days (调休) by the State
 * Council's annual notice; Asia/Shanghai (UTC+8, no DST). The day the clock starts is not counted
 * (期间开始之日不计算在内); "within N working days" ends at 24:00 of the N-th working day.
 *
 * Where a day's status comes from, highest precedence first:
 *   1. a jurisdiction adjustment for the jurisdiction or one of its ancestors (nearest wins);
 *   2. a loaded notice (HolidayNotice) for the day's year, or a notice that lists the day;
 *   3. the chinese-days package data (the published notices, 2004–2026 in v1.5.7);
 *   4. for a year with neither: the fixed statutory holidays and their 补假 (Art. 6), marked provisional;
 *   5. the weekday rule (provisional in a year with no notice).
 * A year with no notice is never treated as "all weekdays work".
 */
import {
  type HolidayNotice,
  type JurisdictionAdjustment,
  parseHolidayNotice,
  parseJurisdictionAdjustment,
} from './holidayNotice';
import { ENGLISH_NAMES, PACKAGE_DAYS, PACKAGE_YEARS } from './packagedNotices';
import {
  CalendarInputError,
  MAX_YEAR,
  compensatoryDays,
  firstDayOfYear,
  isoDate,
  parseIsoDate,
  statutoryHolidays,
  tryParseIsoDate,
  weekdayOf,
  yearOfDay,
} from './statutoryHolidays';

export { CalendarInputError, type CalendarInputErrorCode } from './statutoryHolidays';
export {
  type HolidayNotice,
  type JurisdictionAdjustment,
  loadNoticesFromDir,
  parseHolidayNotice,
} from './holidayNotice';

export interface SkippedDay {
  date: string;
  reason: string;
}

export interface Deadline {
  /** 24:00 Asia/Shanghai of dueDate, written as 00:00 +08:00 of the next day. */
  dueAt: string;
  /** The N-th working day: the last day on which one may still act. */
  dueDate: string;
  /** The counted span touches a year whose holiday notice is not loaded: recompute when it is. */
  provisional: boolean;
  /** Every non-working day after `from` up to dueDate, with the reason. */
  skipped: SkippedDay[];
  /** The period counted: working days, or (addMonths) calendar months with workingDays 0. */
  workingDays: number;
  months?: number;
  from: string;
}

export interface DayInfo {
  date: string;
  working: boolean;
  reason: string;
  provisional: boolean;
  source: 'notice' | 'package' | 'statutory' | 'weekday' | 'adjustment';
}

export const MAX_WORKING_DAYS = 3650;
const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** English names of festivals, also under the package's abbreviations. */
const ENGLISH: Record<string, string> = { ...ENGLISH_NAMES, 清明: ENGLISH_NAMES.清明节!, 端午: ENGLISH_NAMES.端午节!, 中秋: ENGLISH_NAMES.中秋节! };
const WEEKDAY_NAMES = ['周日 Sunday', '周一 Monday', '周二 Tuesday', '周三 Wednesday', '周四 Thursday', '周五 Friday', '周六 Saturday'];

/** A day named by a notice (loaded or from the package data). */
interface NamedDay {
  kind: 'holiday' | 'workday';
  zh: string;
  en: string | undefined;
  origin: string | undefined; // the notice's document number; undefined for the package data
  source: 'notice' | 'package';
}

/** The package's days by epoch day (used when a calendar is built without the database). */
const PACKAGE_BY_DAY = new Map<number, NamedDay>(
  PACKAGE_DAYS.map((d) => [tryParseIsoDate(d.date)!, { kind: d.kind, zh: d.name, en: ENGLISH[d.name] ?? d.nameEn, origin: undefined, source: 'package' }]),
);

function label(zh: string, en: string | undefined): string {
  return en ? `${zh} ${en}` : zh;
}

function namedReason(n: NamedDay): string {
  const origin = n.origin ? `, ${n.origin}` : '';
  return n.kind === 'holiday'
    ? `${label(n.zh, n.en)} (public holiday${origin})`
    : `调休上班 make-up working day: ${label(n.zh, n.en)}${n.origin ? ` (${n.origin})` : ''}`;
}

function adjustmentReason(a: JurisdictionAdjustment): string {
  const where = a.source ? `${a.jurisdiction}, ${a.source}` : a.jurisdiction;
  return a.kind === 'holiday'
    ? `地方放假 regional holiday: ${a.name} (${where})`
    : `地方调休上班 regional make-up working day: ${a.name} (${where})`;
}

/** Where a year's notice came from: the State Council (loaded, or a file) or the package's copy of it. */
export type NoticeOrigin = 'notice' | 'package';

export class WorkingDayCalendar {
  private readonly notices = new Map<number, { notice: HolidayNotice; origin: NoticeOrigin }>();
  private noticeDays = new Map<number, NamedDay>();
  private readonly adjustments = new Map<number, Map<string, JurisdictionAdjustment>>();
  private readonly yearTables = new Map<number, readonly DayInfo[]>();
  private readonly ancestorsOf: (code: string) => string[];
  private readonly packageData: boolean;

  constructor(opts: {
    notices?: HolidayNotice[];
    /** Notices with their origin (the database's rows: the package's years are seeded as notices). */
    originNotices?: Array<{ notice: HolidayNotice; origin: NoticeOrigin }>;
    adjustments?: JurisdictionAdjustment[];
    /** The jurisdiction itself first, then its parents; default: the code itself only. */
    ancestorsOf?: (code: string) => string[];
    /**
     * Fall back on the chinese-days data for a year with no notice (default). Off for a calendar
     * read from the database, which is the single runtime source: there the package only seeded it.
     */
    packageData?: boolean;
  } = {}) {
    this.ancestorsOf = opts.ancestorsOf ?? ((code) => [code]);
    this.packageData = opts.packageData ?? true;
    for (const n of opts.notices ?? []) this.notices.set(n.year, { notice: parseHolidayNotice(n), origin: 'notice' });
    for (const { notice, origin } of opts.originNotices ?? []) this.notices.set(notice.year, { notice: parseHolidayNotice(notice), origin });
    this.indexNotices();
    for (const a of opts.adjustments ?? []) this.addAdjustment(a);
  }

  /** Loads (or replaces) a year's notice; it overrides the package data and the provisional computation. */
  loadNotice(n: HolidayNotice, origin: NoticeOrigin = 'notice'): void {
    const notice = parseHolidayNotice(n);
    this.notices.set(notice.year, { notice, origin });
    this.indexNotices();
  }

  private indexNotices(): void {
    // Later years first, so that a day's own-year notice wins over the next year's notice.
    const days = new Map<number, NamedDay>();
    for (const year of [...this.notices.keys()].sort((a, b) => b - a)) {
      const { notice, origin } = this.notices.get(year)!;
      for (const [kind, entries] of [['holiday', notice.holidays], ['workday', notice.workdays]] as const) {
        for (const e of entries) {
          const en = e.nameEn ?? ENGLISH[e.name];
          days.set(tryParseIsoDate(e.date)!, { kind, zh: e.name, en, origin: origin === 'package' ? undefined : notice.source, source: origin });
        }
      }
    }
    this.noticeDays = days;
    this.yearTables.clear();
  }

  /** A regional holiday or make-up working day; applies to the jurisdiction and all below it. */
  addAdjustment(a: JurisdictionAdjustment): void {
    const adj = parseJurisdictionAdjustment(a);
    const day = parseIsoDate(adj.date, 'adjustment date');
    let byCode = this.adjustments.get(day);
    if (!byCode) this.adjustments.set(day, (byCode = new Map()));
    byCode.set(adj.jurisdiction, adj);
  }

  coveredYears(): { year: number; source: NoticeOrigin }[] {
    const years = new Map<number, NoticeOrigin>();
    if (this.packageData) for (const y of PACKAGE_YEARS) years.set(y, 'package');
    for (const [y, { origin }] of this.notices) years.set(y, origin);
    return [...years].sort(([a], [b]) => a - b).map(([year, source]) => ({ year, source }));
  }

  dayInfo(date: string, jurisdiction?: string): DayInfo {
    return this.infoOf(parseIsoDate(date), jurisdiction);
  }

  /**
   * The deadline N working days after `from` (the receipt day, Asia/Shanghai), which is not
   * counted; received on a non-working day, day 1 is the first working day after it.
   */
  addWorkingDays(from: string, workingDays: number, jurisdiction?: string): Deadline {
    const start = parseIsoDate(from, 'from');
    if (typeof workingDays !== 'number' || !Number.isInteger(workingDays) || workingDays < 1 || workingDays > MAX_WORKING_DAYS) {
      throw new CalendarInputError(
        'INVALID_WORKING_DAYS',
        `workingDays must be an integer from 1 to ${MAX_WORKING_DAYS}, got ${String(workingDays)}`,
      );
    }
    const skipped: SkippedDay[] = [];
    let provisional = false;
    let counted = 0;
    let day = start;
    let year = Number.NaN;
    while (counted < workingDays) {
      day += 1;
      if (yearOfDay(day) !== year) {
        year = yearOfDay(day);
        if (year > MAX_YEAR) {
          throw new CalendarInputError('OUT_OF_RANGE', `${workingDays} working days from ${from} run past ${MAX_YEAR}`);
        }
        if (!this.isCovered(year)) provisional = true;
      }
      const info = this.infoOf(day, jurisdiction);
      if (info.working) counted += 1;
      else skipped.push({ date: info.date, reason: info.reason });
    }
    return {
      dueAt: `${isoDate(day + 1)}T00:00:00+08:00`,
      dueDate: isoDate(day),
      provisional,
      skipped,
      workingDays,
      from,
    };
  }

  /**
   * The working days after `from` up to and including `to` (both YYYY-MM-DD, Asia/Shanghai): what is
   * left of a period on the day its clock is paused. 0 when `to` is not after `from`.
   */
  workingDaysBetween(from: string, to: string, jurisdiction?: string): number {
    const start = parseIsoDate(from, 'from');
    const end = parseIsoDate(to, 'to');
    let n = 0;
    for (let day = start + 1; day <= end; day++) if (this.infoOf(day, jurisdiction).working) n += 1;
    return n;
  }

  /**
   * The deadline `months` calendar months after `from`, counted as the Civil Code counts them: the
   * start day is not counted (Art. 201); the period ends on the corresponding day of the last month,
   * or that month's last day when it has none (Art. 202); a last day that is not a working day moves
   * to the next working day (Art. 203); the period ends at 24:00 of its last day (Art. 203).
   */
  addMonths(from: string, months: number, jurisdiction?: string): Deadline {
    const start = parseIsoDate(from, 'from');
    if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 1200) {
      throw new CalendarInputError('INVALID_WORKING_DAYS', `months must be an integer from 1 to 1200, got ${String(months)}`);
    }
    const [y, m, d] = from.split('-').map(Number) as [number, number, number];
    const total = y * 12 + (m - 1) + months;
    const year = Math.floor(total / 12);
    const month = total % 12; // 0-based
    if (year > MAX_YEAR) throw new CalendarInputError('OUT_OF_RANGE', `${months} months from ${from} run past ${MAX_YEAR}`);
    const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    let day = Math.round(Date.UTC(year, month, Math.min(d, lastOfMonth)) / MS_PER_DAY);
    const skipped: SkippedDay[] = [];
    let provisional = false;
    for (let y2 = yearOfDay(start); y2 <= yearOfDay(day); y2++) if (!this.isCovered(y2)) provisional = true;
    for (let info = this.infoOf(day, jurisdiction); !info.working; info = this.infoOf(day, jurisdiction)) {
      skipped.push({ date: info.date, reason: info.reason });
      day += 1;
      if (!this.isCovered(yearOfDay(day))) provisional = true;
    }
    return { dueAt: `${isoDate(day + 1)}T00:00:00+08:00`, dueDate: isoDate(day), provisional, skipped, workingDays: 0, months, from };
  }

  private isCovered(year: number): boolean {
    return this.notices.has(year) || (this.packageData && PACKAGE_YEARS.has(year));
  }

  private infoOf(day: number, jurisdiction: string | undefined): DayInfo {
    if (jurisdiction !== undefined) {
      const byCode = this.adjustments.get(day);
      if (byCode) {
        for (const code of this.ancestorsOf(jurisdiction)) {
          const a = byCode.get(code);
          if (a) return { date: a.date, working: a.kind === 'workday', reason: adjustmentReason(a), provisional: false, source: 'adjustment' };
        }
      }
    }
    const year = yearOfDay(day);
    let table = this.yearTables.get(year);
    if (!table) this.yearTables.set(year, (table = this.buildYear(year)));
    return table[day - firstDayOfYear(year)]!;
  }

  /** The national status of every day of `year` (cached; rebuilt when a notice is loaded). */
  private buildYear(year: number): readonly DayInfo[] {
    const covered = this.isCovered(year);
    const usePackage = this.packageData && !this.notices.has(year);
    const statutory = new Map<number, string>(); // day → reason; a 补假 day is never a holiday itself
    for (const h of covered ? [] : statutoryHolidays(year)) {
      statutory.set(parseIsoDate(h.date), `provisional: ${label(h.name, h.nameEn)} (statutory, notice not yet published)`);
    }
    for (const c of covered ? [] : compensatoryDays(year)) {
      const why = `补假 compensatory day off for ${label(c.name, c.nameEn)} falling on a weekend (全国年节及纪念日放假办法 第六条)`;
      statutory.set(parseIsoDate(c.date), `provisional: ${why}`);
    }
    const first = firstDayOfYear(year);
    const table: DayInfo[] = [];
    for (let day = first; day < firstDayOfYear(year + 1); day++) {
      const date = isoDate(day);
      const named = this.noticeDays.get(day) ?? (usePackage ? PACKAGE_BY_DAY.get(day) : undefined);
      const statutoryReason = statutory.get(day);
      const weekday = weekdayOf(day);
      let info: DayInfo;
      if (named) {
        info = { date, working: named.kind === 'workday', reason: namedReason(named), provisional: false, source: named.source };
      } else if (statutoryReason) {
        info = { date, working: false, reason: statutoryReason, provisional: true, source: 'statutory' };
      } else if (weekday === 0 || weekday === 6) {
        info = { date, working: false, reason: `周末 weekend (${WEEKDAY_NAMES[weekday]})`, provisional: !covered, source: 'weekday' };
      } else {
        info = { date, working: true, reason: `工作日 working day (${WEEKDAY_NAMES[weekday]})`, provisional: !covered, source: 'weekday' };
      }
      table.push(Object.freeze(info));
    }
    return table;
  }
}

/** Where a computation gets its calendar: the database's current one (db/calendar.ts), or a fixed one. */
export interface CalendarSource {
  current(): Promise<WorkingDayCalendar>;
}

/** A calendar that never changes (tests, tools). */
export const fixedCalendar = (calendar: WorkingDayCalendar): CalendarSource => ({ current: async () => calendar });

/** The Asia/Shanghai calendar date (UTC+8, no DST) of an instant. */
export function shanghaiDate(instant: Date): string {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new CalendarInputError('INVALID_DATE', 'instant must be a valid Date');
  return isoDate(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

/** 24:00 Asia/Shanghai of dueDate, i.e. 00:00 +08:00 of the next day. */
export function dueInstant(dueDate: string): Date {
  return new Date((parseIsoDate(dueDate, 'dueDate') + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}
