// A made-up 2027 State Council notice for the tests of calendar administration (NOT the real one,
// which is not published yet): a make-up working day on a weekend (Sunday 12 September) and a day off
// moved against it (Monday 13 September, before 中秋节 on Wednesday 15 September); the same notice as
// text in test/fixtures/holiday-notices/2027-made-up.txt. And who may load what.
import { readFileSync } from 'node:fs';
import type { HolidayNotice } from '../../rules/holidayNotice';

const range = (name: string, first: string, last: string) => {
  const days: Array<{ date: string; name: string }> = [];
  for (let d = new Date(`${first}T00:00:00Z`); d <= new Date(`${last}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) days.push({ date: d.toISOString().slice(0, 10), name });
  return days;
};

export const MADE_UP_2027: HolidayNotice = {
  year: 2027,
  source: '国办发明电〔2026〕99号',
  publishedOn: '2026-11-30',
  holidays: [
    ...range('元旦', '2027-01-01', '2027-01-03'),
    ...range('春节', '2027-02-05', '2027-02-11'),
    ...range('清明节', '2027-04-03', '2027-04-05'),
    ...range('劳动节', '2027-05-01', '2027-05-05'),
    ...range('端午节', '2027-06-09', '2027-06-09'),
    ...range('中秋节', '2027-09-13', '2027-09-15'),
    ...range('国庆节', '2027-10-01', '2027-10-07'),
  ],
  workdays: [
    { date: '2027-02-20', name: '春节' },
    { date: '2027-04-25', name: '劳动节' },
    { date: '2027-09-12', name: '中秋节' },
    { date: '2027-10-09', name: '国庆节' },
  ],
};

export const MADE_UP_2027_TEXT = readFileSync(new URL('../fixtures/holiday-notices/2027-made-up.txt', import.meta.url), 'utf8');

/** A correction of it: 中秋节 without the exchange (the Sunday stays off, Monday works again). */
export const CORRECTED_2027: HolidayNotice = {
  ...MADE_UP_2027,
  source: '国办发明电〔2026〕100号',
  holidays: MADE_UP_2027.holidays.filter((h) => h.date !== '2027-09-13' && h.date !== '2027-09-14'),
  workdays: MADE_UP_2027.workdays.filter((w) => w.date !== '2027-09-12'),
};

/** Who loads: the national authority's head (the State Council's notice), a province's head (its own days). */
export const NATIONAL_AUTHORITY = '100000-data-sharing-authority';
export const LIAONING_AUTHORITY = '210000-data-sharing-authority';
