// GET /calendar/deadline: a statutory deadline in working days, with every skipped day and why,
// so a clerk can see why a date is the date (docs/statute.md "Working days").
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { badRequest, parseInput } from '../errors';
import { isoDate, jurisdictionCode, wholeNumber } from '../validation';
import { ErrorCodes } from '../../workflows/shared';
import { shanghaiIso } from '../../workflows/case/time';

export const DeadlineQuery = z.object({
  from: isoDate,
  workingDays: wholeNumber('workingDays', { min: 1, max: 3650 }),
  jurisdiction: jurisdictionCode.optional(),
});

export function calendarRoutes({ calendar, tree }: Pick<AppDeps, 'calendar' | 'tree'>): Router {
  const router = Router();
  router.get('/deadline', async (req, res) => {
    const q = parseInput(DeadlineQuery, req.query);
    if (q.jurisdiction && !tree.has(q.jurisdiction)) {
      throw badRequest(ErrorCodes.UNKNOWN_JURISDICTION, `unknown jurisdiction ${q.jurisdiction}`);
    }
    const d = (await calendar.current()).addWorkingDays(q.from, q.workingDays, q.jurisdiction);
    res.json({ dueAt: shanghaiIso(d.dueAt), dueDate: d.dueDate, provisional: d.provisional, skipped: d.skipped, from: q.from, workingDays: q.workingDays, jurisdiction: q.jurisdiction ?? null });
  });
  return router;
}
