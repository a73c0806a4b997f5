// The calendar recomputation's steps (workflows/calendar/recompute.ts): its bound on new instants,
// a page of the cases a change reaches (db/openDeadlines.ts, from case_deadlines), the re-arm message
// to each as the system, and its progress where the API reads it.
import { Context } from '@temporalio/activity';
import { sql } from 'drizzle-orm';
import { calendarRecomputations } from '../../db/schema';
import { affectedPage } from '../../db/openDeadlines';
import { dueInstant, shanghaiDate, type CalendarSource } from '../../rules/calendar';
import { NATIONAL_CODE } from '../../rules/seedData';
import type { DeadlineCursor, RecomputationCounts } from '../../workflows/calendar/contract';
import { shanghaiIso } from '../../workflows/case/time';
import { SYSTEM_COMMANDS } from '../../workflows/case/system';
import { createCaseMessenger, type MessageDeps } from '../case/messages';

/** Beats when run as an activity (a test may call the function directly: there is no context then). */
function heartbeatIfActivity(progress: number): void {
  try {
    Context.current().heartbeat(progress);
  } catch {
    // Not inside an activity.
  }
}

/** Cases messaged at once: each message is one update to one case. */
const CONCURRENCY = 8;

/** A calendar that can say which version it has (db/calendar.ts DatabaseCalendar). */
type Versioned = CalendarSource & { refresh?(): Promise<{ version: number }> };

export function createRecomputationActivities(deps: MessageDeps & { calendar: Versioned }) {
  const { db, calendar } = deps;
  const deliver = createCaseMessenger(deps);

  /** The calendar, once this process has the version (or later): a worker not there yet fails the attempt, retried. */
  async function atVersion(version: number) {
    if (calendar.refresh) {
      const seen = (await calendar.refresh()).version;
      if (seen < version) throw new Error(`this worker's calendar is at version ${seen}, not yet ${version}`);
    }
    return calendar.current();
  }

  return {
    /**
     * 24:00 of the first working day after the load (`at`: when its recomputation started, moments
     * after it), in the load's jurisdiction or the nation's: no
     * due instant moves earlier than that, so nobody is in breach retroactively.
     */
    async recomputationBound({ version, at, jurisdiction }: { version: number; at: string; jurisdiction: string | null }): Promise<{ notBefore: string }> {
      const current = await atVersion(version);
      const first = current.addWorkingDays(shanghaiDate(new Date(at)), 1, jurisdiction ?? NATIONAL_CODE);
      const notBefore = shanghaiIso(dueInstant(first.dueDate));
      await db.update(calendarRecomputations).set({ status: 'running', notBefore: new Date(notBefore), updatedAt: new Date() }).where(sql`${calendarRecomputations.version} = ${version}`);
      return { notBefore };
    },

    /** The next page of open cases the calendar (at `version` or later) reaches. */
    async reachedCases({ version, after, limit }: { version: number; after?: DeadlineCursor; limit: number }) {
      const page = await affectedPage(db, await atVersion(version), after, limit);
      return { cases: page.cases, ...(page.next ? { next: page.next } : {}) };
    },

    /** Tells each case to count its clocks again; idempotent per case and version (the update id). */
    async rearmCases({ version, cases, reason, notBefore }: { version: number; cases: Array<{ caseId: string; process: string }>; reason: string; notBefore: string }): Promise<RecomputationCounts> {
      const counts: RecomputationCounts = { rearmed: 0, unchanged: 0, skipped: 0 };
      const rearm = async (c: { caseId: string; process: string }) => {
        const delivery = await deliver({
          id: `calendar-${version}:${c.caseId}`,
          from: { process: 'calendar', caseId: String(version) },
          to: { process: c.process, caseId: c.caseId },
          command: SYSTEM_COMMANDS.rearm.update.name,
          body: { reason, notBefore },
        });
        if (!delivery.delivered) counts.skipped += 1;
        else if (delivery.state.deadlines.some((d) => d.rearms?.some((r) => r.reason === reason))) counts.rearmed += 1;
        else counts.unchanged += 1;
      };
      for (let i = 0; i < cases.length; i += CONCURRENCY) {
        await Promise.all(cases.slice(i, i + CONCURRENCY).map(rearm));
        heartbeatIfActivity(i);
      }
      return counts;
    },

    /** Writes the progress so far (the API's GET /calendar/recomputations/{version} reads it). */
    async recordRecomputation({ version, counts, done }: { version: number; counts: RecomputationCounts; done: boolean }): Promise<void> {
      const now = new Date();
      await db
        .update(calendarRecomputations)
        .set({ ...counts, updatedAt: now, ...(done ? { status: 'done' as const, finishedAt: now } : {}) })
        .where(sql`${calendarRecomputations.version} = ${version}`);
    },
  };
}
