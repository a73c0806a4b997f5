// GET /rule-sets and /rule-sets/applicable: the statutory periods in force and which rule wins.
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { badRequest, parseInput } from '../errors';
import { isoDate, jurisdictionCode } from '../validation';
import { applicableRules, listRuleSets } from '../../rules/ruleSets';
import { ErrorCodes } from '../../workflows/shared';

export const ApplicableQuery = z.object({ jurisdiction: jurisdictionCode, date: isoDate });

export function ruleSetRoutes({ tree }: Pick<AppDeps, 'tree'>): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({ ruleSets: listRuleSets() });
  });
  router.get('/applicable', (req, res) => {
    const q = parseInput(ApplicableQuery, req.query);
    if (!tree.has(q.jurisdiction)) throw badRequest(ErrorCodes.UNKNOWN_JURISDICTION, `unknown jurisdiction ${q.jurisdiction}`);
    res.json(applicableRules(q.jurisdiction, q.date, tree));
  });
  return router;
}
