// The routes of every registered process, from its declaration: open (POST /<route>), list
// (GET /<route>), one case (GET /<route>/:id), one POST per command (its own and the engine's), and
// drafts of what the declaration marks; plus /drafts, where a department's drafts are edited, returned
// and approved. identity/policy.ts decides who may do what; the case service does the rest.
import { Router, type Request, type Response } from 'express';
import { isValidCaseId } from '../../workflows/shared';
import { ErrorCodes } from '../../workflows/shared';
import { effectiveRole } from '../../identity/principal';
import { allowedTo } from '../../identity/policy';
import { callerOf, type Caller } from '../caller';
import { ApiError, notFound, parseInput } from '../errors';
import { sendOutcome } from '../problem';
import { drafting, type Drafting } from './drafts';
import type { PreparedOpening, ProcessRegistry, RegisteredProcess } from './registry';
import { caseService, type CaseServiceDeps } from './service';
import { IdempotencyKey, listQuery } from './schemas';
import { caseView } from './view';

const keyOf = (req: Request): string | undefined => {
  const header = req.get('Idempotency-Key');
  return header === undefined ? undefined : parseInput(IdempotencyKey, header);
};

const replayedHeader = (res: Response, replayed: boolean): Response => res.set('Idempotent-Replayed', String(replayed));

/** Who may open a case: the policy's rule for the action, in the role the opener's department takes (its body may say which). */
function authorizeOpening(caller: Caller, p: RegisteredProcess, action: string, raw: unknown): PreparedOpening {
  if (!caller.department) throw new ApiError(403, ErrorCodes.FORBIDDEN, `only a department may ${action.replace(/-/g, ' ')} a ${p.label}`);
  const prepared = p.opening.prepare(raw);
  // No case exists yet to read: the rule for the action alone decides, in the role the opener takes.
  if (!allowedTo(p.policy, action, effectiveRole(caller), new Set([prepared.openerRole]))) {
    throw new ApiError(403, ErrorCodes.FORBIDDEN, `your role may not ${action.replace(/-/g, ' ')} a ${p.label}`);
  }
  return prepared;
}

function processRoutes(p: RegisteredProcess, cases: ReturnType<typeof caseService>, drafts: Drafting): Router {
  const router = Router();
  const ListQuery = listQuery(p.declaration.stages);
  const { action } = p.opening;

  // Drafts of an opening, before /:id so the literal path wins.
  if (p.opening.draft) {
    router.post('/drafts', async (req, res) => {
      const caller = callerOf(req);
      const prepared = authorizeOpening(caller, p, `${action}-draft`, req.body);
      res.status(201).json(await drafts.create(caller, p, action, prepared.body));
    });
  }

  router.param('id', (_req, _res, next, id: string) => {
    if (!isValidCaseId(id)) throw notFound(`no ${p.label} ${id}`);
    next();
  });

  router.post('/', async (req, res) => {
    const caller = callerOf(req);
    const prepared = authorizeOpening(caller, p, action, req.body);
    const { replayed, state } = await cases.open(p, caller, prepared, { key: keyOf(req) });
    replayedHeader(res.status(replayed ? 200 : 201).location(`${p.route}/${state.id}`), replayed).json(caseView(p, state));
  });

  router.get('/', async (req, res) => {
    const q = parseInput(ListQuery, req.query);
    const page = await cases.list(callerOf(req), p, q);
    res.json({ [p.listKey]: page.items, nextCursor: page.nextCursor });
  });

  router.get('/:id', async (req, res) => {
    const { view, ...record } = await cases.read(callerOf(req), p, req.params.id as string);
    res.json({ ...view, ...record });
  });

  for (const [name, spec] of Object.entries(p.allCommands)) {
    router.post(`/:id/${name}`, async (req, res) => {
      const { replayed, outcome } = await cases.command(p, callerOf(req), req.params.id as string, name, req.body ?? {}, { key: keyOf(req) });
      sendOutcome(replayedHeader(res, replayed), outcome);
    });
    // A command drafted by staff waits for the head and does not stop the case's clocks.
    if (spec.draft) {
      router.post(`/:id/${name}-draft`, async (req, res) => {
        const caller = callerOf(req);
        await cases.actionableCase(caller, p, req.params.id as string, `${name}-draft`);
        res.status(201).json(await drafts.create(caller, p, name, spec.prepare(req.body ?? {}).body, req.params.id as string));
      });
    }
  }
  return router;
}

/** Every process's routes at its own path, and /drafts; each behind `before` (authentication, the rate limit). */
export function caseRoutes(deps: CaseServiceDeps & { processes: ProcessRegistry; draftExpiryDays?: number }): Array<{ path: string; router: Router }> {
  const cases = caseService(deps);
  const drafts = drafting({ db: deps.db, cases, processes: deps.processes, expiryDays: deps.draftExpiryDays });
  return [...deps.processes.all.map((p) => ({ path: p.route, router: processRoutes(p, cases, drafts) })), { path: '/drafts', router: drafts.router }];
}
