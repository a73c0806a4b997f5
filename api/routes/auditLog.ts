// GET /audit/checkpoints: the audit log's signed checkpoints, newest first, with the public keys
// that signed them (anyone may check the log: Art. 35); with ?caseId= the inclusion proofs of a
// case's events, for those who may see the case (its parties and supervising authorities, Art. 29);
// with ?from=&to= a consistency proof between two checkpoints.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { caseParties, cases, departments, type AuditCheckpointRow } from '../../db/schema';
import type { JurisdictionTree } from '../../rules/jurisdictions';
import { checkpointOf, checkpointOfSize, keysOf, latestCheckpoint, listCheckpoints } from '../../audit/checkpoints';
import { caseInclusion, consistencyBetween } from '../../audit/proofs';
import { ErrorCodes, isValidCaseId, type CaseParty } from '../../workflows/shared';
import { callerOf } from '../caller';
import type { RequestHandler } from 'express';
import type { ProcessRegistry } from '../cases/registry';
import { canSee } from '../cases/visibility';
import { ApiError, badRequest, notFound, parseInput } from '../errors';
import { text } from '../text';
import { wholeNumber } from '../validation';

const MAX = 1e12;
export const CheckpointQuery = z.object({
  limit: wholeNumber('limit', { min: 1, max: 100 }).optional(),
  cursor: wholeNumber('cursor', { min: 1, max: MAX }).optional(),
  caseId: text({ max: 128 }).optional(),
  size: wholeNumber('size', { min: 0, max: MAX }).optional(),
  from: wholeNumber('from', { min: 0, max: MAX }).optional(),
  to: wholeNumber('to', { min: 0, max: MAX }).optional(),
});
type AuditQuery = z.infer<typeof CheckpointQuery>;

/** Which of the three answers is asked for; any other mix of parameters is a 400. */
function modeOf(q: AuditQuery): 'list' | 'inclusion' | 'consistency' {
  const given = (Object.keys(q) as Array<keyof AuditQuery>).filter((k) => q[k] !== undefined);
  const only = (allowed: Array<keyof AuditQuery>, what: string) => {
    const stray = given.filter((k) => !allowed.includes(k));
    if (stray.length > 0) throw badRequest(ErrorCodes.VALIDATION_FAILED, `${stray.join(', ')}: not allowed with ${what}`);
  };
  if (q.caseId !== undefined) {
    only(['caseId', 'size'], 'caseId (only size is)');
    return 'inclusion';
  }
  if (q.from !== undefined || q.to !== undefined) {
    only(['from', 'to'], 'from and to');
    if (q.from === undefined || q.to === undefined) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'from and to go together');
    if (q.from > q.to) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'from must not be larger than to');
    return 'consistency';
  }
  only(['limit', 'cursor'], 'a list of checkpoints');
  return 'list';
}

const noCheckpoint = (size?: number) =>
  new ApiError(404, ErrorCodes.CHECKPOINT_NOT_FOUND, size === undefined ? 'no checkpoint has been signed yet' : `no checkpoint was signed at size ${size}`);

async function checkpointAt(db: Database, size: number): Promise<AuditCheckpointRow> {
  const row = await checkpointOfSize(db, size);
  if (!row) throw noCheckpoint(size);
  return row;
}

export function auditLogRoutes({ db, tree, authenticated, processes }: { db: Database; tree: JurisdictionTree; authenticated: RequestHandler; processes: ProcessRegistry }): Router {
  const router = Router();
  const query = (req: Request) => parseInput(CheckpointQuery, req.query);

  // Checkpoints and consistency proofs are public: the next route, for a case, names its caller.
  router.get('/checkpoints', async (req, res, next) => {
    const q = query(req);
    const mode = modeOf(q);
    if (mode === 'inclusion') return next('route');
    if (mode === 'consistency') {
      const [from, to] = [await checkpointAt(db, q.from!), await checkpointAt(db, q.to!)];
      res.json({ from: checkpointOf(from), to: checkpointOf(to), consistencyPath: await consistencyBetween(db, from, to), keys: await keysOf(db, [from, to]) });
      return;
    }
    const limit = q.limit ?? 20;
    const rows = await listCheckpoints(db, { limit, before: q.cursor });
    res.json({ checkpoints: rows.map(checkpointOf), keys: await keysOf(db, rows), nextCursor: rows.length === limit ? String(rows.at(-1)!.id) : null });
  });

  router.get('/checkpoints', authenticated, async (req, res) => {
    const q = query(req);
    const caseId = q.caseId!;
    const [row] = isValidCaseId(caseId) ? await db.select({ process: cases.process }).from(cases).where(eq(cases.id, caseId)) : [];
    const policy = row ? processes.get(row.process)?.policy : undefined;
    const parties: CaseParty[] = policy
      ? await db
          .select({ role: caseParties.role, standing: caseParties.standing, departmentId: caseParties.departmentId, jurisdictionCode: departments.jurisdictionCode })
          .from(caseParties)
          .innerJoin(departments, eq(departments.id, caseParties.departmentId))
          .where(eq(caseParties.caseId, caseId))
      : [];
    // As for the case itself: one who may not see it is told it does not exist.
    if (!policy || !canSee(tree, callerOf(req), policy, parties)) throw notFound(`no case ${caseId}`);
    const checkpoint = q.size === undefined ? await latestCheckpoint(db) : await checkpointAt(db, q.size);
    if (!checkpoint) throw noCheckpoint();
    res.json({ caseId, checkpoint: checkpointOf(checkpoint), entries: await caseInclusion(db, caseId, checkpoint), keys: await keysOf(db, [checkpoint]) });
  });

  return router;
}
