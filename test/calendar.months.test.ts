// Periods in calendar months (HLJ Art. 16's 6 months, HLJ Art. 27's 3 months), counted as the Civil
// Code counts them: Art. 201 (the start day is not counted), Art. 202 (the corresponding day, else
// the month's last day), Art. 203 (a last day that is not a working day moves to the next one; the
// period ends at 24:00).
import { describe, expect, it } from 'vitest';
import { createDeadlineActivities } from '../activities/case/deadlines';
import { fixedCalendar } from '../rules/calendar';
import { calendar, dates, expectInputError } from './helpers/calendar';

describe('addMonths (Civil Code Art. 201–203)', () => {
  it('when 6 months run from 2026-03-31, then the corresponding day 2026-09-30 is the last day and the period ends at 24:00 of it', () => {
    const d = calendar.addMonths('2026-03-31', 6);
    expect(d).toMatchObject({ dueDate: '2026-09-30', dueAt: '2026-10-01T00:00:00+08:00', provisional: false, months: 6 });
    expect(d.skipped).toEqual([]);
  });

  it('when 1 month runs from 2026-08-31 and September has no 31st, then its last day 2026-09-30 ends the period (Art. 202)', () => {
    expect(calendar.addMonths('2026-08-31', 1)).toMatchObject({ dueDate: '2026-09-30', dueAt: '2026-10-01T00:00:00+08:00' });
  });

  it('when 1 month from 2026-01-31 ends on Saturday 2026-02-28, a make-up working day (调休), then the period ends that day', () => {
    expect(calendar.addMonths('2026-01-31', 1)).toMatchObject({ dueDate: '2026-02-28', dueAt: '2026-03-01T00:00:00+08:00', skipped: [] });
  });

  it('when 1 month from 2026-09-01 ends on National Day 2026-10-01, then the last day moves past the holiday to 2026-10-08 (Art. 203)', () => {
    const d = calendar.addMonths('2026-09-01', 1);
    expect(d).toMatchObject({ dueDate: '2026-10-08', dueAt: '2026-10-09T00:00:00+08:00' });
    expect(dates(d.skipped)).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
  });

  it('when 2 months from 2026-12-31 end on Sunday 2027-02-28, a year whose notice is not loaded, then the period ends Monday 2027-03-01 and is provisional', () => {
    expect(calendar.addMonths('2026-12-31', 2)).toMatchObject({ dueDate: '2027-03-01', dueAt: '2027-03-02T00:00:00+08:00', provisional: true });
  });

  it('when the months are not a whole number from 1 to 1200, then INVALID_WORKING_DAYS', () => {
    for (const bad of [0, -1, 1.5, 1201]) expectInputError(() => calendar.addMonths('2026-01-01', bad), 'INVALID_WORKING_DAYS');
  });
});

describe('computeDeadline (the engine\'s deadline activity)', () => {
  const acts = createDeadlineActivities({ calendar: fixedCalendar(calendar) });
  it('when a period is in months, then the instant is the Civil Code one, written as +08:00 with milliseconds', async () => {
    expect(await acts.computeDeadline({ startedAt: '2026-03-31T10:00:00.000+08:00', months: 6 })).toEqual({
      months: 6,
      dueAt: '2026-10-01T00:00:00.000+08:00',
      dueDate: '2026-09-30',
      provisional: false,
    });
  });

  it('when the clock starts late on a day in UTC terms, then the Asia/Shanghai day is the start day', async () => {
    // 2026-09-24T16:30Z is 2026-09-25 00:30 in Shanghai: 10 working days from 09-25 → 2026-10-16.
    expect((await acts.computeDeadline({ startedAt: '2026-09-24T16:30:00Z', workingDays: 10 })).dueAt).toBe('2026-10-16T00:00:00.000+08:00');
  });

  it('when the development fast clock is on, then a working day lasts a minute and the deadline says so', async () => {
    const fast = createDeadlineActivities({ calendar: fixedCalendar(calendar), fastClock: true });
    expect(await fast.computeDeadline({ startedAt: '2026-09-25T10:00:00.000+08:00', workingDays: 10 })).toEqual({
      workingDays: 10,
      dueAt: '2026-09-25T10:10:00.000+08:00',
      dueDate: '2026-09-25',
      provisional: false,
      fastClock: true,
    });
  });
});
