// Years without a State Council notice (2027 onwards today): the fixed statutory holidays of
// 全国年节及纪念日放假办法 (revised 2024) and its Art. 6 compensatory days, marked provisional.
import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../rules/calendar';
import { compensatoryDays, computeStatutoryHolidays, statutoryHolidays } from '../rules/statutoryHolidays';
import { BUJIA, SAT, STATUTORY, SUN, calendar, notice2027 } from './helpers/calendar';

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
