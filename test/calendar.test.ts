// Working-day calendar (docs/statute.md "Working days"). Every expected date below was counted by hand
// from the State Council notices:
//   2025: 国办发明电〔2024〕12号 — 元旦 1/1; 春节 1/28 (除夕)–2/4, work 1/26 (Sun), 2/8 (Sat); 清明 4/4–6;
//         劳动节 5/1–5, work 4/27 (Sun); 端午 5/31–6/2; 国庆节、中秋节 10/1–8, work 9/28 (Sun), 10/11 (Sat).
//   2026: gov.cn content_7047091 (Nov 2025) — 元旦 1/1–3, work 1/4 (Sun); 春节 2/15–23, work 2/14 (Sat),
//         2/28 (Sat); 清明 4/4–6; 劳动节 5/1–5, work 5/9 (Sat); 端午 6/19–21; 中秋 9/25–27;
//         国庆节 10/1–7, work 9/20 (Sun), 10/10 (Sat).
// The chinese-days package data agrees with both (checked below through dayInfo).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type HolidayNotice, type JurisdictionAdjustment, WorkingDayCalendar, dueInstant, loadNoticesFromDir, shanghaiDate } from '../rules/calendar';
import { HOLIDAY, SAT, SUN, calendar, dates, expectInputError, notice2027 } from './helpers/calendar';
describe('package data: which years the State Council notices cover', () => {
  it('when asked for covered years, then chinese-days 1.5.7 covers 2004–2026 and nothing else', () => {
    const years = calendar.coveredYears();
    expect(years[0]).toEqual({ year: 2004, source: 'package' });
    expect(years.at(-1)).toEqual({ year: 2026, source: 'package' });
    expect(years).toHaveLength(23);
  });

  it('when a day is a 2026 holiday, a make-up day or an ordinary day, then dayInfo says so with its source', () => {
    expect(calendar.dayInfo('2026-10-05')).toEqual({
      date: '2026-10-05', working: false, reason: HOLIDAY('国庆节 National Day'), provisional: false, source: 'package',
    });
    expect(calendar.dayInfo('2026-10-10')).toEqual({
      date: '2026-10-10', working: true, reason: '调休上班 make-up working day: 国庆节 National Day', provisional: false, source: 'package',
    });
    expect(calendar.dayInfo('2026-11-25')).toMatchObject({ working: true, provisional: false, source: 'weekday' });
    expect(calendar.dayInfo('2026-11-28')).toMatchObject({ working: false, reason: SAT, source: 'weekday' });
  });
});

describe('make-up working days (调休上班)', () => {
  it('when 1 working day runs from Friday 2026-10-09, then Saturday 2026-10-10 (make-up day) is the due date', () => {
    const d = calendar.addWorkingDays('2026-10-09', 1);
    expect(d).toEqual({
      dueAt: '2026-10-11T00:00:00+08:00', dueDate: '2026-10-10', provisional: false, skipped: [], workingDays: 1, from: '2026-10-09',
    });
  });

  it('when 1 working day runs from Friday 2026-09-18, then Sunday 2026-09-20 (make-up day) is due, Saturday skipped', () => {
    const d = calendar.addWorkingDays('2026-09-18', 1);
    expect(d.dueDate).toBe('2026-09-20');
    expect(d.skipped).toEqual([{ date: '2026-09-19', reason: SAT }]);
  });

  it('when 1 working day runs from Wednesday 2025-12-31, then New Year 1/1–3 are skipped and Sunday 2026-01-04 is due', () => {
    const d = calendar.addWorkingDays('2025-12-31', 1);
    expect(d.dueDate).toBe('2026-01-04');
    expect(d.skipped).toEqual(['2026-01-01', '2026-01-02', '2026-01-03'].map((date) => ({ date, reason: HOLIDAY("元旦 New Year's Day") })));
    expect(d.provisional).toBe(false);
  });

  it('when 1 working day runs from Friday 2025-09-26, then Sunday 2025-09-28 (2025 notice make-up day) is due', () => {
    expect(calendar.addWorkingDays('2025-09-26', 1).dueDate).toBe('2025-09-28');
    expect(calendar.addWorkingDays('2025-10-10', 1).dueDate).toBe('2025-10-11');
  });
});

describe('holidays spanning weekends', () => {
  it('when 2 working days run from Friday 2026-02-13, then Sat 2/14 (make-up) is day 1, 春节 2/15–23 are skipped, Tue 2/24 is due', () => {
    const d = calendar.addWorkingDays('2026-02-13', 2);
    expect(d.dueDate).toBe('2026-02-24');
    expect(d.dueAt).toBe('2026-02-25T00:00:00+08:00');
    expect(d.skipped).toEqual(
      ['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((dd) => ({ date: `2026-02-${dd}`, reason: HOLIDAY('春节 Spring Festival') })),
    );
  });

  it('when 1 working day runs from Tuesday 2025-09-30, then the 2025 National Day + Mid-Autumn break 10/1–8 is skipped with each reason', () => {
    const d = calendar.addWorkingDays('2025-09-30', 1);
    expect(d.dueDate).toBe('2025-10-09');
    const nd = HOLIDAY('国庆节 National Day');
    expect(d.skipped).toEqual([
      { date: '2025-10-01', reason: nd }, { date: '2025-10-02', reason: nd }, { date: '2025-10-03', reason: nd },
      { date: '2025-10-04', reason: nd }, { date: '2025-10-05', reason: nd },
      { date: '2025-10-06', reason: HOLIDAY('中秋节 Mid-Autumn Festival') },
      { date: '2025-10-07', reason: nd }, { date: '2025-10-08', reason: nd },
    ]);
  });
});

describe('receipt on a non-working day (day 1 is the first working day after it)', () => {
  it('when received on Saturday 2026-10-03 (National Day), then 10/4–7 are skipped and Thursday 2026-10-08 is day 1', () => {
    const d = calendar.addWorkingDays('2026-10-03', 1);
    expect(d.dueDate).toBe('2026-10-08');
    expect(dates(d.skipped)).toEqual(['2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
  });

  it('when received on Saturday 2026-11-21, then Sunday is skipped and Monday 2026-11-23 is day 1', () => {
    const d = calendar.addWorkingDays('2026-11-21', 1);
    expect(d.dueDate).toBe('2026-11-23');
    expect(d.skipped).toEqual([{ date: '2026-11-22', reason: SUN }]);
  });

  it('when received on make-up Saturday 2026-10-10, then that day is not counted and Monday 2026-10-12 is day 1', () => {
    expect(calendar.addWorkingDays('2026-10-10', 1).dueDate).toBe('2026-10-12');
  });
});

describe('counting from the day of receipt (期间开始之日不计算在内)', () => {
  it('when 1 working day runs from Friday 2026-11-20, then it is due Monday 24:00, i.e. 2026-11-24T00:00+08:00', () => {
    const d = calendar.addWorkingDays('2026-11-20', 1);
    expect(d.dueDate).toBe('2026-11-23');
    expect(d.dueAt).toBe('2026-11-24T00:00:00+08:00');
    expect(dates(d.skipped)).toEqual(['2026-11-21', '2026-11-22']);
    expect(dueInstant(d.dueDate).toISOString()).toBe('2026-11-23T16:00:00.000Z');
  });

  it('when a conditional request is received 2026-09-25 (national Art. 21, 10 working days), then it is due 2026-10-16T00:00+08:00', () => {
    // 9/25 (中秋, receipt day, not counted); 9/26–27 中秋; 9/28–30 = days 1–3; 10/1–7 国庆; 10/8–9 = 4–5;
    // 10/10 (Sat, make-up) = 6; 10/11 Sunday; 10/12–15 = 7–10.
    const d = calendar.addWorkingDays('2026-09-25', 10);
    expect(d.dueDate).toBe('2026-10-15');
    expect(d.dueAt).toBe('2026-10-16T00:00:00+08:00');
    expect(d.provisional).toBe(false);
    const midAutumn = HOLIDAY('中秋节 Mid-Autumn Festival');
    expect(d.skipped).toEqual([
      { date: '2026-09-26', reason: midAutumn },
      { date: '2026-09-27', reason: midAutumn },
      ...['01', '02', '03', '04', '05', '06', '07'].map((dd) => ({ date: `2026-10-${dd}`, reason: HOLIDAY('国庆节 National Day') })),
      { date: '2026-10-11', reason: SUN },
    ]);
  });

  it('when the Fushun 5-working-day period runs from 2026-09-25, then it is due 2026-10-10T00:00+08:00 (Friday 10/9 is day 5)', () => {
    const d = calendar.addWorkingDays('2026-09-25', 5);
    expect(d.dueDate).toBe('2026-10-09');
    expect(d.dueAt).toBe('2026-10-10T00:00:00+08:00');
    expect(d.skipped).toHaveLength(9);
  });
});

describe('loading a holiday notice', () => {
  it('when the 2027 notice is loaded, then 2027 is covered, not provisional, and its days off and make-up days apply', () => {
    const cal = new WorkingDayCalendar({ notices: [notice2027] });
    expect(cal.coveredYears().at(-1)).toEqual({ year: 2027, source: 'notice' });

    const newYear = cal.addWorkingDays('2026-12-28', 10);
    expect(newYear).toMatchObject({ dueDate: '2027-01-12', provisional: false });
    expect(newYear.skipped.slice(0, 3)).toEqual(
      ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, reason: "元旦 New Year's Day (public holiday, 测试样例 test fixture)" })),
    );

    // 春节 2/5–11 off; Fri 2/12 = day 1; 2/13–14 weekend; Mon 2/15 = day 2.
    const spring = cal.addWorkingDays('2027-02-04', 2);
    expect(spring).toMatchObject({ dueDate: '2027-02-15', provisional: false });
    expect(dates(spring.skipped)).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-13', '2027-02-14']);

    // The make-up Saturday 2027-02-20 works; without the notice it would not.
    expect(cal.addWorkingDays('2027-02-19', 1)).toMatchObject({ dueDate: '2027-02-20', provisional: false, skipped: [] });
    expect(calendar.addWorkingDays('2027-02-19', 1)).toMatchObject({ dueDate: '2027-02-22', provisional: true });
    expect(cal.dayInfo('2027-02-20')).toEqual({
      date: '2027-02-20', working: true, reason: '调休上班 make-up working day: 春节 Spring Festival (测试样例 test fixture)', provisional: false, source: 'notice',
    });
  });

  it('when a notice is loaded into an existing calendar, then cached days are recomputed', () => {
    // 2/9 is now a provisional 补假 day (第六条) before the notice, so it no longer changes from working to
    // off; Thu 2/11 (an ordinary working day without the notice, 春节 in the fixture) does.
    const cal = new WorkingDayCalendar();
    expect(cal.dayInfo('2027-02-09')).toMatchObject({ working: false, provisional: true, source: 'statutory' });
    expect(cal.dayInfo('2027-02-11')).toMatchObject({ working: true, provisional: true, source: 'weekday' });
    cal.loadNotice(notice2027);
    expect(cal.dayInfo('2027-02-09')).toMatchObject({ working: false, provisional: false, source: 'notice' });
    expect(cal.dayInfo('2027-02-11')).toMatchObject({ working: false, provisional: false, source: 'notice' });
  });

  it('when a notice starts the New Year break in December of the year before (as the 2019 notice did), then it governs those days', () => {
    expect(calendar.dayInfo('2018-12-29')).toMatchObject({ working: true, source: 'package' }); // 2019 notice: Sat 12/29 works
    const cal = new WorkingDayCalendar({
      notices: [{ ...notice2027, holidays: [{ date: '2026-12-31', name: '元旦' }, ...notice2027.holidays] }],
    });
    expect(cal.dayInfo('2026-12-31')).toMatchObject({ working: false, source: 'notice' });
    expect(cal.dayInfo('2026-12-30')).toMatchObject({ working: true, source: 'weekday', provisional: false });
  });

  it('when a notice for a package year is loaded, then it replaces the package data for that year', () => {
    const cal = new WorkingDayCalendar({ notices: [{ year: 2026, source: 'corrected', holidays: [{ date: '2026-01-01', name: '元旦' }], workdays: [] }] });
    expect(cal.dayInfo('2026-10-05')).toMatchObject({ working: true, source: 'weekday' });
    expect(cal.coveredYears().find((y) => y.year === 2026)).toEqual({ year: 2026, source: 'notice' });
  });

  it.each([
    ['a make-up day on a weekday', { ...notice2027, workdays: [{ date: '2027-02-17', name: '春节' }] }],
    ['a date outside the year', { ...notice2027, holidays: [{ date: '2028-01-01', name: '元旦' }] }],
    ['an impossible date', { ...notice2027, holidays: [{ date: '2027-02-30', name: '春节' }] }],
    ['a day listed twice', { ...notice2027, workdays: [{ date: '2027-01-02', name: '元旦' }] }],
    ['an unknown field', { ...notice2027, extra: 1 }],
  ])('when a notice has %s, then loading it throws INVALID_NOTICE', (_what, bad) => {
    expectInputError(() => new WorkingDayCalendar().loadNotice(bad as HolidayNotice), 'INVALID_NOTICE');
  });

  describe('from a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'notices-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('when a directory holds notice files, then each is validated and loaded; bad JSON and duplicate years are refused', () => {
      writeFileSync(join(dir, '2027.json'), JSON.stringify(notice2027));
      writeFileSync(join(dir, 'README.txt'), 'not a notice');
      const notices = loadNoticesFromDir(dir);
      expect(notices.map((n) => n.year)).toEqual([2027]);
      expect(new WorkingDayCalendar({ notices }).addWorkingDays('2027-02-19', 1).provisional).toBe(false);

      writeFileSync(join(dir, '2027-copy.json'), JSON.stringify(notice2027));
      expectInputError(() => loadNoticesFromDir(dir), 'INVALID_NOTICE');
      writeFileSync(join(dir, '2027-copy.json'), '{ not json');
      expectInputError(() => loadNoticesFromDir(dir), 'INVALID_NOTICE');
    });
  });
});

describe('jurisdiction adjustments (regional holidays apply to the jurisdiction and everything below it)', () => {
  // Province 230000 (黑龙江), city 230100 (哈尔滨), district 230102; 110000 (北京) is unrelated.
  const ancestorsOf = (code: string): string[] => {
    if (code.endsWith('0000')) return [code];
    if (code.endsWith('00')) return [code, `${code.slice(0, 2)}0000`];
    return [code, `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`];
  };
  const adjustments: JurisdictionAdjustment[] = [
    { jurisdiction: '230000', date: '2026-11-25', kind: 'holiday', name: '地方假日（测试样例）' },
    { jurisdiction: '230000', date: '2026-11-28', kind: 'workday', name: '地方假日（测试样例）' },
  ];
  const cal = new WorkingDayCalendar({ adjustments, ancestorsOf });

  it('when a province declares Wed 2026-11-25 off with Sat 11/28 worked, then a city under it counts 3 days to Saturday 11/28', () => {
    const d = cal.addWorkingDays('2026-11-24', 3, '230100');
    expect(d.dueDate).toBe('2026-11-28');
    expect(d.skipped).toEqual([{ date: '2026-11-25', reason: '地方放假 regional holiday: 地方假日（测试样例） (230000)' }]);
    expect(cal.dayInfo('2026-11-28', '230102')).toMatchObject({ working: true, source: 'adjustment' });
  });

  it('when the jurisdiction is another province or none, then the national calendar applies', () => {
    expect(cal.addWorkingDays('2026-11-24', 3, '110000')).toMatchObject({ dueDate: '2026-11-27', skipped: [] });
    expect(cal.addWorkingDays('2026-11-24', 3)).toMatchObject({ dueDate: '2026-11-27', skipped: [] });
  });

  it('when no ancestorsOf is given, then an adjustment applies to its own code only', () => {
    const plain = new WorkingDayCalendar({ adjustments });
    expect(plain.addWorkingDays('2026-11-24', 3, '230100').dueDate).toBe('2026-11-27');
    expect(plain.addWorkingDays('2026-11-24', 3, '230000').dueDate).toBe('2026-11-28');
  });

  it('when a city overrides its province for the same day, then the nearest jurisdiction wins', () => {
    const c = new WorkingDayCalendar({ adjustments, ancestorsOf });
    c.addAdjustment({ jurisdiction: '230100', date: '2026-11-25', kind: 'workday', name: '市内照常上班（测试样例）' });
    expect(c.dayInfo('2026-11-25', '230102')).toMatchObject({ working: true, source: 'adjustment' });
    expect(c.dayInfo('2026-11-25', '230200')).toMatchObject({ working: false, source: 'adjustment' });
  });

  it('when an adjustment is malformed, then INVALID_ADJUSTMENT', () => {
    expectInputError(() => cal.addAdjustment({ ...adjustments[0]!, kind: 'closed' as 'holiday' }), 'INVALID_ADJUSTMENT');
    expectInputError(() => cal.addAdjustment({ ...adjustments[0]!, date: '2026-13-01' }), 'INVALID_ADJUSTMENT');
  });
});

describe('input validation', () => {
  it.each(['2026-02-30', '2026-9-25', '25/09/2026', '', '2026-09-25T00:00:00Z'])('when from is %j, then INVALID_DATE', (from) => {
    expectInputError(() => calendar.addWorkingDays(from, 1), 'INVALID_DATE');
  });

  it.each([0, -1, 1.5, 3651, Number.NaN, Number.POSITIVE_INFINITY])('when workingDays is %s, then INVALID_WORKING_DAYS', (n) => {
    expectInputError(() => calendar.addWorkingDays('2026-09-25', n), 'INVALID_WORKING_DAYS');
  });

  it('when a date is outside 1901–2099 or the count runs past 2099, then OUT_OF_RANGE', () => {
    expectInputError(() => calendar.addWorkingDays('1900-12-31', 1), 'OUT_OF_RANGE');
    expectInputError(() => calendar.dayInfo('2100-01-01'), 'OUT_OF_RANGE');
    expectInputError(() => calendar.addWorkingDays('2099-12-30', 5), 'OUT_OF_RANGE');
  });

  it('when workingDays is the maximum 3650, then a deadline is computed', () => {
    const d = calendar.addWorkingDays('2026-01-01', 3650);
    expect(d.provisional).toBe(true);
    expect(d.dueDate > '2040-01-01').toBe(true);
  });
});

describe('Asia/Shanghai instants', () => {
  it('when an instant is at or after 16:00 UTC, then its Shanghai date is the next calendar day', () => {
    expect(shanghaiDate(new Date('2026-09-24T16:00:00Z'))).toBe('2026-09-25');
    expect(shanghaiDate(new Date('2026-09-24T15:59:59.999Z'))).toBe('2026-09-24');
    expectInputError(() => shanghaiDate(new Date('nonsense')), 'INVALID_DATE');
  });

  it('when a due date is given, then dueInstant is its 24:00 +08:00', () => {
    expect(dueInstant('2026-10-15').toISOString()).toBe('2026-10-15T16:00:00.000Z');
    expectInputError(() => dueInstant('2026-10-32'), 'INVALID_DATE');
  });
});
