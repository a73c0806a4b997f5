// Health for process managers and load balancers. Live: the process answers. Ready: PostgreSQL and
// Temporal both answer now; a 503 names the one that does not. Neither ever hangs. Ready also warns
// (still 200) from 1 December while next year's holiday notice is not loaded.
import { Router, type RequestHandler } from 'express';
import { sql } from 'drizzle-orm';
import type { Client } from '@temporalio/client';
import type { Database } from '../../db/client';
import type { DatabaseCalendar } from '../../db/calendar';
import { missingNoticeWarning } from '../../rules/calendarChange';
import { callTemporal, RETRY_AFTER_SECONDS, settleWithin } from '../infrastructure';

/** Readiness is polled often and must answer quickly even when both are down. */
export const READY_CHECK_TIMEOUT_MS = 2_000;

type Check = { status: 'up' } | { status: 'down'; reason: string } | { status: 'not configured' };

async function probe(timeoutMs: number, fn: () => Promise<unknown>): Promise<Check> {
  try {
    await settleWithin(fn(), timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', reason: err instanceof Error ? err.message : String(err) };
  }
}

/** What readiness warns of without being unready: the calendar's notice for next year, when missing. */
function calendarWarnings(calendar: DatabaseCalendar | undefined, now: Date): Array<{ code: string; year: number; detail: string }> {
  // The calendar as last read, without waiting for the database: readiness answers even while it is
  // down. A check is started (not awaited) so that an idle process's next answer is current.
  if (!calendar) return [];
  calendar.snapshot().catch(() => undefined);
  const missing = missingNoticeWarning(calendar.lastKnown().calendar, now);
  return missing ? [{ code: 'HOLIDAY_NOTICE_NOT_LOADED', year: missing.year, detail: missing.message }] : [];
}

export function healthRoutes(deps: { db: Database; temporal?: Client; temporalCallTimeoutMs: number; calendar?: DatabaseCalendar; now?: () => Date; warnings?: readonly string[] }): Router {
  const router = Router();
  const live: RequestHandler = (_req, res) => {
    res.json({ status: 'ok' });
  };
  router.get('/health', live);
  router.get('/health/live', live);

  router.get('/health/ready', async (_req, res) => {
    const { temporal } = deps;
    const timeoutMs = Math.min(READY_CHECK_TIMEOUT_MS, deps.temporalCallTimeoutMs);
    const [database, temporalCheck] = await Promise.all([
      probe(timeoutMs, () => deps.db.execute(sql`select 1`)),
      temporal
        ? probe(timeoutMs, () =>
            // Cheap, and proves the namespace the service works in is there.
            callTemporal(temporal, timeoutMs, () => temporal.workflowService.describeNamespace({ namespace: temporal.options.namespace })),
          )
        : Promise.resolve<Check>({ status: 'not configured' }),
    ]);
    const checks = { database, temporal: temporalCheck };
    const down = Object.entries(checks)
      .filter(([, c]) => c.status === 'down')
      .map(([name]) => name);
    res.set('Cache-Control', 'no-store');
    if (down.length > 0) res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS));
    // Ready, but needing attention: unsafe settings (config.ts warnings), next year's notice missing.
    const warnings = [...(deps.warnings ?? []).map((detail) => ({ code: 'UNSAFE_SETTING', detail })), ...calendarWarnings(deps.calendar, deps.now?.() ?? new Date())];
    res.json({ status: down.length > 0 ? 'unavailable' : 'ready', down, checks, warnings });
  });
  return router;
}
