// Shared expectations of the calendar tests: reason strings, the input-error check, a test notice.
import { expect } from 'vitest';
import { CalendarInputError, type HolidayNotice, WorkingDayCalendar } from '../../rules/calendar';

export const calendar = new WorkingDayCalendar();
export const dates = (skipped: { date: string }[]) => skipped.map((s) => s.date);
export const HOLIDAY = (name: string) => `${name} (public holiday)`;
export const SAT = '周末 weekend (周六 Saturday)';
export const SUN = '周末 weekend (周日 Sunday)';
export const STATUTORY = (name: string) => `provisional: ${name} (statutory, notice not yet published)`;
export const BUJIA = (name: string) => `provisional: 补假 compensatory day off for ${name} falling on a weekend (全国年节及纪念日放假办法 第六条)`;

export function expectInputError(fn: () => unknown, code: string): void {
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
export const notice2027: HolidayNotice = {
  year: 2027,
  source: '测试样例 test fixture',
  holidays: [
    ...['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, name: '元旦' })),
    ...['05', '06', '07', '08', '09', '10', '11'].map((d) => ({ date: `2027-02-${d}`, name: '春节' })),
  ],
  workdays: [{ date: '2027-02-20', name: '春节' }],
};
