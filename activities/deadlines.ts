// Deadlines are computed here, never in workflow code: the holiday calendar changes every year and
// a deadline computed in a workflow would change on replay (DESIGN invariant). The workflow stores
// the instant this returns and waits on it.
import { ApplicationFailure } from '@temporalio/common';
import type { WorkingDayCalendar } from '../rules/calendar';
import { shanghaiDate } from '../rules/calendar';
import type { DeadlineInput, ComputedDeadline } from '../workflows/shared';

export function createDeadlineActivities({ calendar }: { calendar: WorkingDayCalendar }) {
  return {
    /** N working days from the Asia/Shanghai day of `startedAt`; the start day is not counted. */
    async computeDeadline(input: DeadlineInput): Promise<ComputedDeadline> {
      try {
        const d = calendar.addWorkingDays(shanghaiDate(new Date(input.startedAt)), input.workingDays, input.jurisdiction);
        return { dueAt: d.dueAt, dueDate: d.dueDate, provisional: d.provisional, workingDays: input.workingDays };
      } catch (err) {
        // Bad input will not get better on retry.
        throw ApplicationFailure.nonRetryable(String((err as Error).message), (err as { code?: string }).code ?? 'INVALID_DEADLINE');
      }
    },
  };
}
