// Deadlines are computed here, never in workflow code: the holiday calendar changes every year and
// a deadline computed in a workflow would change on replay (docs/design.md "Invariants"). The
// workflow stores the instant this returns and waits on it. The calendar is the database's current
// one (a notice loaded through the API reaches this worker within CALENDAR_MAX_AGE).
import { ApplicationFailure } from '@temporalio/common';
import type { CalendarSource } from '../../rules/calendar';
import { shanghaiDate } from '../../rules/calendar';
import type { ComputedDeadline, DeadlineInput } from '../../workflows/case/contract';
import { shanghaiIso } from '../../workflows/case/time';

/** Development only (DEMO_FAST_CLOCK): a working day lasts a minute, a month twenty-two. */
const FAST_MINUTES_PER_MONTH = 22;

export function createDeadlineActivities({ calendar: source, fastClock = false }: { calendar: CalendarSource; fastClock?: boolean }) {
  return {
    /** A period from the Asia/Shanghai day of `startedAt`; the start day is not counted. */
    async computeDeadline(input: DeadlineInput): Promise<ComputedDeadline> {
      const period = input.months !== undefined ? { months: input.months } : { workingDays: input.workingDays };
      if (fastClock) {
        const minutes = input.months !== undefined ? input.months * FAST_MINUTES_PER_MONTH : (input.workingDays ?? 0);
        const due = Date.parse(input.startedAt) + minutes * 60_000;
        return { ...period, dueAt: shanghaiIso(due), dueDate: shanghaiDate(new Date(due)), provisional: false, fastClock: true };
      }
      // Outside the try: a database that cannot be asked is retried, not a bad input.
      const calendar = await source.current();
      try {
        const from = shanghaiDate(new Date(input.startedAt));
        const d = input.months !== undefined
          ? calendar.addMonths(from, input.months, input.jurisdiction)
          : calendar.addWorkingDays(from, input.workingDays as number, input.jurisdiction);
        return { ...period, dueAt: shanghaiIso(d.dueAt), dueDate: d.dueDate, provisional: d.provisional };
      } catch (err) {
        // Bad input will not get better on retry.
        throw ApplicationFailure.nonRetryable(String((err as Error).message), (err as { code?: string }).code ?? 'INVALID_DEADLINE');
      }
    },

    /**
     * What is left of a deadline whose clock pauses at `at`: its working days still to run, after the
     * day of the pause up to its due date (a months period too is kept as working days).
     */
    async remainingPeriod(input: { at: string; dueAt: string; dueDate: string; jurisdiction?: string }): Promise<{ workingDays: number }> {
      if (fastClock) return { workingDays: Math.max(0, Math.ceil((Date.parse(input.dueAt) - Date.parse(input.at)) / 60_000)) };
      const calendar = await source.current();
      return { workingDays: calendar.workingDaysBetween(shanghaiDate(new Date(input.at)), input.dueDate, input.jurisdiction) };
    },
  };
}
