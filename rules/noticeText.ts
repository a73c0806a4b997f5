/**
 * The State Council's holiday notice as published (国务院办公厅关于某年部分节假日安排的通知), read into
 * the structured form of holidayNotice.ts. The notice's items are one line each:
 *
 *   一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
 *   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 *   一、元旦：1月1日放假，1月2日（星期一）补休。                      (older wording, e.g. the 2017 notice)
 *   四、劳动节：5月1日放假，与周末连休。
 *   六、中秋节、国庆节：10月1日至8日放假调休，共8天。9月30日（星期六）上班。
 *
 * Every day a sentence names is listed one by one: a range (至) in full, a 补休 day as a day off; 与周末连休
 * adds no day (the weekend is off anyway, and the published data lists none). Weekdays written beside
 * a date (周日, 星期日) and a count (共N天) must agree with the dates, or the line is refused: a notice
 * typed in wrongly must not become the calendar. Lines that are not items (the title, the document
 * number, the addressees, the closing paragraph, the signature) are read for the year, the document
 * number and the date, and otherwise skipped; the preamble's list of festivals must each have an item.
 */
import { CalendarInputError, isoDate, isWeekend, MAX_YEAR, MIN_YEAR, statutoryHolidays, tryParseIsoDate, weekdayOf } from './statutoryHolidays';
import { parseHolidayNotice, type HolidayNotice, type NoticeDay } from './holidayNotice';

/** A notice text that cannot be read; `line` (1-based) and its text name where, when one line is at fault. */
export class NoticeTextError extends CalendarInputError {
  constructor(
    message: string,
    readonly line?: number,
    readonly lineText?: string,
  ) {
    super('INVALID_NOTICE', line === undefined ? message : `line ${line} (${lineText}): ${message}`);
  }
}

const NUMERALS = '一二三四五六七八九十';
const WEEKDAY_CHARS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const WEEKDAY_WRITTEN = ['日', '一', '二', '三', '四', '五', '六'];

/** A date as notices write it, with its optional note in brackets: 2018年12月30日, 2月4日（星期六）, 23日（农历正月初七、周一）. */
const DATE = String.raw`(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^）]*)）)?`;
const DATE_AT_START = new RegExp(`^${DATE}`);
const ITEM = new RegExp(`^([${NUMERALS}]+)、\\s*([^：]+?)\\s*：\\s*(.+)$`);
const FESTIVAL_LINE = /^(元旦|春节|清明节?|劳动节|端午节?|中秋节?|国庆节)[^：]{0,12}：/;
const TITLE = /关于(\d{4})年(?:部分)?节假日安排的通知/;
const PREAMBLE = /现将(\d{4})年(.+?)放假调休日期的具体安排通知如下/;
const DOCUMENT = /国办发明电〔(\d{4})〕(\d{1,4})号/;
const SIGNED_ON = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

/** Same text whichever width its punctuation was typed in. */
function normalise(line: string): string {
  return line
    .replace(/[\s\u3000]+/g, ' ')
    .trim()
    .replace(/ *([：:，,。（()）、〔〕\[\]]) */g, '$1')
    .replace(/:/g, '：')
    .replace(/,/g, '，')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/\[/g, '〔')
    .replace(/\]/g, '〕');
}

/** 3, 三, 十, 十二, 二十: the numbers notices write (item numbers, 共N天). */
function chineseNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const digit = (c: string | undefined) => (c ? NUMERALS.indexOf(c) + 1 : 0);
  const ten = s.indexOf('十');
  return ten < 0 ? digit(s) : (ten === 0 ? 1 : digit(s[0])) * 10 + digit(s[ten + 1]);
}

interface LineContext {
  year: number;
  line: number;
  text: string;
}

const fail = (ctx: LineContext, message: string): never => {
  throw new NoticeTextError(message, ctx.line, ctx.text);
};

/** The epoch day of a written date; `base` gives the year and month a date leaves out (至23日). */
function dayOf(ctx: LineContext, m: RegExpExecArray, base?: { year: number; month: number }): { day: number; year: number; month: number } {
  const year = m[1] ? Number(m[1]) : (base?.year ?? ctx.year);
  const month = m[2] ? Number(m[2]) : base?.month;
  if (month === undefined) return fail(ctx, `${m[0]} names no month`);
  const day = tryParseIsoDate(`${year}-${String(month).padStart(2, '0')}-${String(Number(m[3])).padStart(2, '0')}`);
  if (day === undefined || year < MIN_YEAR || year > MAX_YEAR) return fail(ctx, `${m[0]} is not a date`);
  const note = m[4];
  const weekday = note ? /(?:星期|周)([日天一二三四五六])/.exec(note) : null;
  if (weekday && WEEKDAY_CHARS[weekday[1]!] !== weekdayOf(day)) {
    fail(ctx, `${isoDate(day)} is a 星期${WEEKDAY_WRITTEN[weekdayOf(day)]}, not the ${weekday[0]} written beside it`);
  }
  return { day, year, month };
}

/** The dates at the start of `s`, separated by 、 (2月2日（星期六）、2月3日（星期日）), and what follows them. */
function leadingDates(ctx: LineContext, s: string): { days: number[]; rest: string } {
  const days: number[] = [];
  let rest = s;
  for (;;) {
    const m = DATE_AT_START.exec(rest);
    if (!m || (!m[2] && days.length === 0)) break;
    days.push(dayOf(ctx, m).day);
    rest = rest.slice(m[0].length);
    if (!rest.startsWith('、')) break;
    rest = rest.slice(1);
  }
  return { days, rest };
}

interface Sentence {
  off: number[];
  work: number[];
}

/** One sentence of an item: days off (a range, 补休 days) or make-up working days (上班). */
function sentence(ctx: LineContext, s: string): Sentence {
  if (s.endsWith('上班')) {
    const { days, rest } = leadingDates(ctx, s);
    if (days.length === 0 || rest !== '上班') fail(ctx, `"${s}" is not a list of dates followed by 上班`);
    for (const d of days) if (!isWeekend(d)) fail(ctx, `${isoDate(d)} is a weekday; a make-up working day (上班) is a Saturday or Sunday`);
    return { off: [], work: days };
  }
  const start = DATE_AT_START.exec(s);
  if (!start || !start[2]) return fail(ctx, `"${s}" does not begin with a date (M月D日) followed by 放假 or 上班`);
  const first = dayOf(ctx, start);
  let rest = s.slice(start[0].length);
  let last = first.day;
  if (rest.startsWith('至')) {
    const end = DATE_AT_START.exec(rest.slice(1));
    if (!end) return fail(ctx, `至 is not followed by a date in "${s}"`);
    last = dayOf(ctx, end, first).day;
    rest = rest.slice(1 + end[0].length);
    if (last <= first.day || last - first.day > 31) fail(ctx, `${isoDate(first.day)} to ${isoDate(last)} is not a period of days off`);
  }
  const head = /^放假(?:调休|公休)?(?:(\d+|[一二三四五六七八九十]+)天)?(.*)$/.exec(rest);
  if (!head) return fail(ctx, `"${s}" has no 放假 after its dates`);
  const off: number[] = [];
  for (let d = first.day; d <= last; d++) off.push(d);
  let stated = head[1] ? chineseNumber(head[1]) : undefined;
  for (const clause of head[2]!.split('，').filter(Boolean)) {
    const total = /^共(\d+|[一二三四五六七八九十]+)天$/.exec(clause);
    if (total) stated = chineseNumber(total[1]!);
    else if (clause === '与周末连休' || clause === '不调休') continue;
    else if (clause.endsWith('补休')) {
      const { days, rest: after } = leadingDates(ctx, clause);
      if (days.length === 0 || after !== '补休') fail(ctx, `"${clause}" is not a date followed by 补休`);
      for (const d of days) if (isWeekend(d)) fail(ctx, `${isoDate(d)} falls on a weekend; a 补休 day is a working day given off`);
      off.push(...days);
    } else fail(ctx, `"${clause}" is not 共N天, 与周末连休, 不调休 or a 补休 day`);
  }
  if (stated !== undefined && stated !== off.length) fail(ctx, `共${stated}天 does not match the ${off.length} days the dates name`);
  return { off, work: [] };
}

/** Festival names as the statute and the published data spell them. */
const FESTIVAL = (name: string) => ({ 清明: '清明节', 端午: '端午节', 中秋: '中秋节' })[name] ?? name;

/** The days an item announces, each named for its festival. */
function item(ctx: LineContext, festivals: string[], body: string): { holidays: NoticeDay[]; workdays: NoticeDay[] } {
  const sentences = body.split('。').filter(Boolean).map((s) => sentence(ctx, s));
  const off = sentences.flatMap((s) => s.off);
  const work = sentences.flatMap((s) => s.work);
  if (off.length === 0) fail(ctx, 'the item announces no day off (放假)');
  // Several festivals on one line (中秋节、国庆节): each statutory day keeps its own festival's name,
  // the other days that of the festival with the most statutory days among them (as published).
  const statutory = new Map<number, string[]>();
  for (const year of new Set(off.map((d) => Number(isoDate(d).slice(0, 4))))) {
    for (const h of statutoryHolidays(year)) statutory.set(tryParseIsoDate(h.date)!, h.name.split('、'));
  }
  const share = (f: string) => off.filter((d) => statutory.get(d)?.includes(f)).length;
  const main = festivals.reduce((best, f) => (share(f) > share(best) ? f : best), festivals[0]!);
  const nameOf = (d: number) => (statutory.get(d)?.includes(main) ? main : (festivals.find((f) => statutory.get(d)?.includes(f)) ?? main));
  return {
    holidays: off.map((d) => ({ date: isoDate(d), name: nameOf(d) })),
    workdays: work.map((d) => ({ date: isoDate(d), name: main })),
  };
}

export interface NoticeTextOptions {
  /** The year, when the text does not say it (a text without its title); must agree when it does. */
  year?: number;
  /** The document number, when the text does not carry it (国办发明电〔2025〕7号). */
  source?: string;
}

/**
 * The notice in `text` as a HolidayNotice, or NoticeTextError naming the line that fails (every
 * check of holidayNoticeSchema included: dates in the notice's year, none twice, 上班 on weekends).
 */
export function parseNoticeText(text: string, opts: NoticeTextOptions = {}): HolidayNotice {
  const lines = text.split(/\r\n|\r|\n/).map(normalise);
  let year = opts.year;
  let source = opts.source;
  let publishedOn: string | undefined;
  let announced: { festivals: string[]; line: number; text: string } | undefined;
  const yearAt = (found: number, line: number) => {
    if (year !== undefined && year !== found) throw new NoticeTextError(`names the year ${found}, not ${year}`, line, lines[line - 1]);
    year = found;
  };
  lines.forEach((l, i) => {
    const title = TITLE.exec(l) ?? PREAMBLE.exec(l);
    if (title) yearAt(Number(title[1]), i + 1);
    const preamble = PREAMBLE.exec(l);
    if (preamble) announced = { festivals: preamble[2]!.split(/[、和]/).map(FESTIVAL), line: i + 1, text: l };
    const document = DOCUMENT.exec(l);
    if (document && !opts.source) source = document[0];
  });
  if (year === undefined) throw new NoticeTextError('the text names no year (关于YYYY年部分节假日安排的通知, or 现将YYYY年…); give year');
  if (!source) throw new NoticeTextError('the text carries no document number (国办发明电〔YYYY〕N号); give source');

  const holidays: NoticeDay[] = [];
  const workdays: NoticeDay[] = [];
  const lineOfDate = new Map<string, number>();
  const covered = new Set<string>();
  let expected = 1;
  const first = tryParseIsoDate(`${year - 1}-12-01`)!;
  const last = tryParseIsoDate(`${year}-12-31`)!;
  lines.forEach((l, i) => {
    const ctx: LineContext = { year: year!, line: i + 1, text: l };
    const signed = SIGNED_ON.exec(l);
    if (signed) publishedOn = isoDate(dayOf(ctx, signed as RegExpExecArray).day);
    const m = ITEM.exec(l);
    if (!m) {
      if (FESTIVAL_LINE.test(l)) fail(ctx, 'an item of the notice is numbered (一、二、…)');
      return;
    }
    if (chineseNumber(m[1]!) !== expected) fail(ctx, expected === 1 ? `item ${m[1]} comes first; the items are numbered from 一` : `item ${m[1]} follows item ${NUMERALS[expected - 2] ?? expected - 1}; the items are numbered in order`);
    expected += 1;
    const festivals = m[2]!.split(/[、和]/).map(FESTIVAL);
    festivals.forEach((f) => covered.add(f));
    const days = item(ctx, festivals, m[3]!);
    for (const [list, entries] of [[holidays, days.holidays], [workdays, days.workdays]] as const) {
      for (const entry of entries) {
        const day = tryParseIsoDate(entry.date)!;
        if (day < first || day > last) fail(ctx, `${entry.date} is outside the notice's year ${year} (or December of the year before)`);
        const other = lineOfDate.get(entry.date);
        if (other !== undefined) fail(ctx, `${entry.date} is also announced on line ${other}`);
        lineOfDate.set(entry.date, i + 1);
        list.push(entry);
      }
    }
  });
  if (expected === 1) throw new NoticeTextError('the text has no numbered item (一、元旦：1月1日放假…)');
  const missing = announced?.festivals.filter((f) => !covered.has(f)) ?? [];
  if (announced && missing.length > 0) throw new NoticeTextError(`announces ${missing.join('、')} but no item gives its dates`, announced.line, announced.text);
  const byDate = (a: NoticeDay, b: NoticeDay) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  return parseHolidayNotice({ year, source, ...(publishedOn ? { publishedOn } : {}), holidays: holidays.sort(byDate), workdays: workdays.sort(byDate) }, 'the notice text');
}
