// After a calendar change, every open case it reaches counts its clocks again (docs/calendar.md):
// the cases are found page by page in case_deadlines and told to re-arm, as the system, a page at a
// time; each records its old and new due instants and tells its duty-bearer. Durable: a worker that
// dies mid-way resumes at the page it was on, and a case told twice applies it once.
import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { RecomputationCounts, RecomputationInput } from './contract';

// Unbounded retries: an outage delays the recomputation, never ends it half done.
const retry = { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 };
const acts = proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', retry });
// A page of re-arms beats after each few cases: a worker that dies under it is noticed within the heartbeat.
const { rearmCases } = proxyActivities<Activities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry });

/** Cases looked at per page (each page's re-arms are one activity). */
const PAGE = 100;

export async function calendarRecomputation(input: RecomputationInput): Promise<RecomputationCounts> {
  const { version, reason } = input;
  const counts: RecomputationCounts = input.counts ?? { rearmed: 0, unchanged: 0, skipped: 0 };
  let notBefore = input.notBefore;
  if (!notBefore) {
    // Started at the load (the API starts it once the load is on record): the bound counts from then.
    const startedAt = new Date(Date.now()).toISOString();
    // Every worker counts with the new calendar by then (CALENDAR_MAX_AGE).
    await sleep(input.maxAgeMs);
    ({ notBefore } = await acts.recomputationBound({ version, at: startedAt, jurisdiction: input.jurisdiction }));
  }
  let after = input.after;
  for (;;) {
    const page = await acts.reachedCases({ version, limit: PAGE, ...(after ? { after } : {}) });
    if (page.cases.length > 0) {
      const done = await rearmCases({ version, cases: page.cases, reason, notBefore });
      counts.rearmed += done.rearmed;
      counts.unchanged += done.unchanged;
      counts.skipped += done.skipped;
    }
    await acts.recordRecomputation({ version, counts, done: !page.next });
    if (!page.next) return counts;
    after = page.next;
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof calendarRecomputation>({ ...input, after, notBefore, counts });
  }
}
