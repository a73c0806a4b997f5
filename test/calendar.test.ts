// Working-day calendar (STATUTE.md "Working days"). Every expected date below was counted by hand
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
import {
  CalendarInputError,
  type HolidayNotice,
  type JurisdictionAdjustment,
  WorkingDayCalendar,
  dueInstant,
  loadNoticesFromDir,
  shanghaiDate,
} from '../rules/calendar';
import { compensatoryDays, computeStatutoryHolidays, statutoryHolidays } from '../rules/statutoryHolidays';

const calendar = new WorkingDayCalendar();
const dates = (skipped: { date: string }[]) => skipped.map((s) => s.date);
const HOLIDAY = (name: string) => `${name} (public holiday)`;
const SAT = '周末 weekend (周六 Saturday)';
const SUN = '周末 weekend (周日 Sunday)';
const STATUTORY = (name: string) => `provisional: ${name} (statutory, notice not yet published)`;
const BUJIA = (name: string) => `provisional: 补假 compensatory day off for ${name} falling on a weekend (全国年节及纪念日放假办法 第六条)`;

function expectInputError(fn: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(CalendarInputError);
  expect((thrown as CalendarInputError).code).toBe(code);
  expect((thrown as CalendarInputError).name).toBe('CalendarInputError');
}

/** A made-up 2027 notice for the tests (NOT the real one): 元旦 1/1–3; 春节 2/5–11, work Sat 2/20. */
const notice2027: HolidayNotice = {
  year: 2027,
  source: '测试样例 test fixture',
  holidays: [
    ...['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, name: '元旦' })),
    ...['05', '06', '07', '08', '09', '10', '11'].map((d) => ({ date: `2027-02-${d}`, name: '春节' })),
  ],
  workdays: [{ date: '2027-02-20', name: '春节' }],
};

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

describe('years without a notice: provisional statutory holidays (全国年节及纪念日放假办法, revised 2024)', () => {
  it('when 2027 holidays are computed, then they are the 13 statutory days from the lunar calendar and the Qingming term', () => {
    expect(statutoryHolidays(2027).map((h) => `${h.date} ${h.name}`)).toEqual([
      '2027-01-01 元旦',
      '2027-02-05 春节', // 除夕: lunar 2026-12-29 (腊月 has 29 days); lunar new year is 2027-02-06
      '2027-02-06 春节',
      '2027-02-07 春节',
      '2027-02-08 春节',
      '2027-04-05 清明节',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-06-09 端午节', // lunar 5/5
      '2027-09-15 中秋节', // lunar 8/15
      '2027-10-01 国庆节',
      '2027-10-02 国庆节',
      '2027-10-03 国庆节',
    ]);
  });

  it('when 2025 and 2026 are computed, then 除夕 is 2025-01-28 / 2026-02-16 and every computed day is off in the real notices', () => {
    expect(statutoryHolidays(2025).filter((h) => h.name === '春节').map((h) => h.date)).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(statutoryHolidays(2026).filter((h) => h.name === '春节').map((h) => h.date)).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19']);
    for (const year of [2025, 2026]) {
      for (const h of statutoryHolidays(year)) expect(calendar.dayInfo(h.date).working, h.date).toBe(false);
    }
  });

  it('when Mid-Autumn falls on National Day (2020-10-01), then the day is listed once with both names', () => {
    expect(statutoryHolidays(2020).filter((h) => h.date === '2020-10-01')).toEqual([
      { date: '2020-10-01', name: '国庆节、中秋节', nameEn: 'National Day / Mid-Autumn Festival' },
    ]);
  });

  it('when the process time zone is west or far east of UTC, then the computed holidays do not change', () => {
    const saved = process.env.TZ;
    const reference = [2026, 2027, 2031].map((y) => computeStatutoryHolidays(y));
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        if (tz === 'America/Los_Angeles') expect(new Date(Date.UTC(2027, 0, 1)).getDate()).toBe(31); // the zone really changed
        expect([2026, 2027, 2031].map((y) => computeStatutoryHolidays(y))).toEqual(reference);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('when 10 working days run from 2026-12-28 into 2027, then the deadline is provisional and 2027-01-01 is skipped as provisional', () => {
    // 12/29–31 = days 1–3; 1/1 元旦 (provisional); 1/2–3 weekend; 1/4–8 = 4–8; 1/9–10 weekend; 1/11–12 = 9–10.
    const d = calendar.addWorkingDays('2026-12-28', 10);
    expect(d.dueDate).toBe('2027-01-12');
    expect(d.dueAt).toBe('2027-01-13T00:00:00+08:00');
    expect(d.provisional).toBe(true);
    expect(d.skipped).toEqual([
      { date: '2027-01-01', reason: "provisional: 元旦 New Year's Day (statutory, notice not yet published)" },
      { date: '2027-01-02', reason: SAT },
      { date: '2027-01-03', reason: SUN },
      { date: '2027-01-09', reason: SAT },
      { date: '2027-01-10', reason: SUN },
    ]);
  });

  it('when 2 working days run from Thursday 2027-02-04, then Spring Festival 2/5–8 and its 补假 2/9–10 are skipped and 2027-02-12 is due', () => {
    // Changed with 补假 (第六条): Sat 2/6 and Sun 2/7 are 春节 days, so Tue 2/9 and Wed 2/10 are off too
    // (this was 2027-02-10 when no compensatory days were computed). Thu 2/11 = day 1, Fri 2/12 = day 2.
    const d = calendar.addWorkingDays('2027-02-04', 2);
    expect(d.dueDate).toBe('2027-02-12');
    expect(d.provisional).toBe(true);
    expect(d.skipped).toEqual([
      ...['05', '06', '07', '08'].map((dd) => ({ date: `2027-02-${dd}`, reason: STATUTORY('春节 Spring Festival') })),
      ...['09', '10'].map((dd) => ({ date: `2027-02-${dd}`, reason: BUJIA('春节 Spring Festival') })),
    ]);
    expect(calendar.dayInfo('2027-03-03')).toMatchObject({ working: true, provisional: true, source: 'weekday' });
    expect(calendar.dayInfo('2027-02-05')).toMatchObject({ working: false, provisional: true, source: 'statutory' });
  });

  it('when the counted span stays in 2026, then the deadline is not provisional, even if 24:00 falls on 2027-01-01 00:00', () => {
    expect(calendar.addWorkingDays('2026-12-01', 5)).toMatchObject({ dueDate: '2026-12-08', provisional: false });
    expect(calendar.addWorkingDays('2026-12-30', 1)).toMatchObject({ dueDate: '2026-12-31', dueAt: '2027-01-01T00:00:00+08:00', provisional: false });
  });

  it('when a date is before the package data (2003), then it is computed from the statutory rules and provisional', () => {
    expect(calendar.dayInfo('2003-10-01')).toMatchObject({ working: false, provisional: true, source: 'statutory' });
  });
});

describe('补假: a statutory holiday on a weekend is compensated with a working day (放假办法 第六条)', () => {
  const days = (year: number) => compensatoryDays(year).map((c) => `${c.date} for ${c.compensates} ${c.name}`);

  it('when 2027 has no notice, then 春节 Sat/Sun 2/6–7, 劳动节 Sat/Sun 5/1–2 and 国庆节 Sat/Sun 10/2–3 give six days off', () => {
    // 春节 Fri 2/5–Mon 2/8 → Tue 2/9, Wed 2/10; 劳动节 Sat 5/1–Sun 5/2 → Mon 5/3, Tue 5/4; 国庆节 Fri 10/1–Sun 10/3
    // → Mon 10/4, Tue 10/5. 元旦 (Fri), 清明 (Mon 4/5), 端午 (Wed 6/9) and 中秋 (Wed 9/15) are weekdays: none.
    expect(days(2027)).toEqual([
      '2027-02-09 for 2027-02-06 春节', '2027-02-10 for 2027-02-07 春节',
      '2027-05-03 for 2027-05-01 劳动节', '2027-05-04 for 2027-05-02 劳动节',
      '2027-10-04 for 2027-10-02 国庆节', '2027-10-05 for 2027-10-03 国庆节',
    ]);
    expect(calendar.dayInfo('2027-05-03')).toEqual({
      date: '2027-05-03', working: false, reason: BUJIA('劳动节 Labour Day'), provisional: true, source: 'statutory',
    });
    expect(calendar.dayInfo('2027-10-05')).toMatchObject({ working: false, reason: BUJIA('国庆节 National Day'), source: 'statutory' });
    expect(calendar.dayInfo('2027-10-06')).toMatchObject({ working: true, provisional: true, source: 'weekday' });
  });

  it('when 2028 has no notice, then 元旦 Sat 1/1, 端午 Sun 5/28 and 国庆节 Sun 10/1 give Mon 1/3, Mon 5/29 and Wed 10/4', () => {
    // 春节 Tue 1/25–Fri 1/28, 清明 Tue 4/4, 劳动节 Mon–Tue 5/1–2 are weekdays; 中秋 falls on 国庆节 Tue 10/3.
    expect(days(2028)).toEqual(['2028-01-03 for 2028-01-01 元旦', '2028-05-29 for 2028-05-28 端午节', '2028-10-04 for 2028-10-01 国庆节']);
    expect(calendar.dayInfo('2028-01-03')).toMatchObject({ working: false, reason: BUJIA("元旦 New Year's Day"), provisional: true });
    expect(calendar.dayInfo('2028-01-02')).toMatchObject({ working: false, reason: SUN });
  });

  it('when computed for 2025 and 2026, then every 补假 day is also off in the real State Council notices', () => {
    expect(days(2025)).toEqual(['2025-06-02 for 2025-05-31 端午节']);
    expect(days(2026)).toEqual(['2026-04-06 for 2026-04-05 清明节', '2026-05-04 for 2026-05-02 劳动节', '2026-10-05 for 2026-10-03 国庆节']);
    for (const c of [...compensatoryDays(2025), ...compensatoryDays(2026)]) {
      expect(calendar.dayInfo(c.date), c.date).toMatchObject({ working: false, source: 'package' });
    }
  });

  it('when two holidays are adjacent, then 补假 follows the whole block, and no day is given twice', () => {
    // 2096: 中秋 Sun 9/30 then 国庆节 Mon–Wed 10/1–3 → Thu 10/4. 2036: 国庆节 Wed–Fri 10/1–3, 中秋 Sat 10/4 → Mon 10/6.
    expect(days(2096).filter((d) => d >= '2096-09')).toEqual(['2096-10-04 for 2096-09-30 中秋节']);
    expect(days(2036).filter((d) => d >= '2036-09')).toEqual(['2036-10-06 for 2036-10-04 中秋节']);
    // 2044: 国庆节 Sat 10/1–Mon 10/3, 中秋 Wed 10/5: Tue 10/4 and (10/5 being a holiday) Thu 10/6, so 10/1–6 are all off.
    expect(days(2044).filter((d) => d >= '2044-09')).toEqual(['2044-10-04 for 2044-10-01 国庆节', '2044-10-06 for 2044-10-02 国庆节']);
  });

  it('when 3 working days run from Thursday 2027-04-29 across 劳动节, then Fri 4/30 = 1, 5/1–4 are off, Wed 5/5 = 2, Thu 5/6 = 3', () => {
    const d = calendar.addWorkingDays('2027-04-29', 3);
    expect(d).toMatchObject({ dueDate: '2027-05-06', dueAt: '2027-05-07T00:00:00+08:00', provisional: true });
    expect(d.skipped).toEqual([
      { date: '2027-05-01', reason: STATUTORY('劳动节 Labour Day') },
      { date: '2027-05-02', reason: STATUTORY('劳动节 Labour Day') },
      { date: '2027-05-03', reason: BUJIA('劳动节 Labour Day') },
      { date: '2027-05-04', reason: BUJIA('劳动节 Labour Day') },
    ]);
  });

  it('when the 2027 notice is loaded, then it replaces the computed 补假 entirely (no 2027 day comes from the statute)', () => {
    const cal = new WorkingDayCalendar({ notices: [notice2027] });
    // The fixture lists no 劳动节 or 国庆节, so 5/3–4 and 10/4–5 work: Fri 4/30 = 1, weekend, Mon 5/3 = 2, Tue 5/4 = 3.
    expect(cal.addWorkingDays('2027-04-29', 3)).toMatchObject({ dueDate: '2027-05-04', provisional: false, skipped: [{ date: '2027-05-01', reason: SAT }, { date: '2027-05-02', reason: SUN }] });
    for (const date of ['2027-05-03', '2027-05-04', '2027-10-04', '2027-10-05']) {
      expect(cal.dayInfo(date), date).toMatchObject({ working: true, provisional: false, source: 'weekday' });
    }
    for (let m = 1; m <= 12; m++) {
      for (let dd = 1; dd <= 28; dd++) {
        expect(cal.dayInfo(`2027-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`).source).not.toBe('statutory');
      }
    }
  });

  it('when a year is asked for twice, then the 补假 list is cached and frozen', () => {
    expect(compensatoryDays(2027)).toBe(compensatoryDays(2027));
    expect(Object.isFrozen(compensatoryDays(2027))).toBe(true);
    expect(Object.isFrozen(compensatoryDays(2027)[0])).toBe(true);
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

describe('performance', () => {
  it('when 20 000 deadlines are computed, then it takes well under a few seconds (per-year cache)', () => {
    const cal = new WorkingDayCalendar();
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) cal.addWorkingDays(`2026-${String((i % 12) + 1).padStart(2, '0')}-15`, 10 + (i % 20));
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
