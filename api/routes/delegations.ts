// Delegation (代理): a sharing office head names an acting head — a staff member of the same
// department — for a period; while it runs, that person's approvals are the head's (Art. 20), and
// each records whom they acted for. Delegations are revoked, never deleted.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { delegations, type DelegationRow } from '../../db/schema';
import { assertMember } from '../members';
import { effectiveRole } from '../../identity/principal';
import { decideOnOwn, DELEGATION_POLICY } from '../../identity/policy';
import { ErrorCodes } from '../../workflows/shared';
import { shanghaiIso } from '../../workflows/case/time';
import { callerOf, type Caller } from '../caller';
import { ApiError, badRequest, notFound, parseInput } from '../errors';
import { identifier, instant } from '../validation';

const MAX_DAYS = 366;
/** A start this far before the server's clock is the head's clock running behind, not a backdating. */
export const START_SKEW_MS = 5 * 60_000;
export const GrantBody = z.object({ actingUserId: identifier, from: instant, to: instant }).strict();

const view = (d: DelegationRow) => ({
  id: d.id,
  departmentId: d.departmentId,
  headUserId: d.headUserId,
  actingUserId: d.actingUserId,
  from: shanghaiIso(d.validFrom),
  to: shanghaiIso(d.validTo),
  createdAt: shanghaiIso(d.createdAt),
  ...(d.revokedAt ? { revokedAt: shanghaiIso(d.revokedAt), revokedBy: d.revokedBy } : {}),
});

function allowed(caller: Caller, action: keyof typeof DELEGATION_POLICY, own = true): void {
  const decision = decideOnOwn(DELEGATION_POLICY, action, effectiveRole(caller), own && caller.department !== undefined);
  if (decision === 'not-found') throw notFound('no such delegation');
  // An acting head does not delegate further: only the head named in the directory does.
  if (decision === 'forbidden' || (action !== 'read' && caller.actingFor)) {
    throw new ApiError(403, ErrorCodes.FORBIDDEN, `only the sharing office head may ${action} a delegation`);
  }
}

const mayReadOwn = (caller: Caller) => decideOnOwn(DELEGATION_POLICY, 'read', effectiveRole(caller), true) === 'allow';

/** The head an acting head acts for, if a delegation names this user now. */
export async function actingFor(db: Database, userId: string, departmentId: string, at = new Date()): Promise<string | undefined> {
  const rows = await db
    .select({ head: delegations.headUserId, from: delegations.validFrom, to: delegations.validTo })
    .from(delegations)
    .where(and(eq(delegations.actingUserId, userId), eq(delegations.departmentId, departmentId), isNull(delegations.revokedAt)));
  return rows.find((r) => r.from <= at && at < r.to)?.head;
}

/** Mounted behind authentication (api/app.ts). */
export function delegationRoutes({ db }: { db: Database }): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const caller = callerOf(req);
    // Not a department (a government official, the administrator), or a role with no part in its
    // department's delegations (its administrator of integration settings): nothing to delegate.
    if (!caller.department || !mayReadOwn(caller)) throw new ApiError(403, ErrorCodes.FORBIDDEN, 'only the sharing office head may grant a delegation');
    allowed(caller, 'grant');
    const body = parseInput(GrantBody, req.body);
    const from = new Date(body.from);
    const to = new Date(body.to);
    if (!(from < to)) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'from must be before to');
    if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw badRequest(ErrorCodes.VALIDATION_FAILED, `a delegation lasts at most ${MAX_DAYS} days`);
    if (to <= new Date()) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'the period has already ended');
    // Art. 20 approvals are the head's from the moment of the grant on: a delegation is not backdated.
    if (from.getTime() < Date.now() - START_SKEW_MS) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'from: a delegation starts now or later, not in the past');
    const departmentId = caller.department!.id;
    if (body.actingUserId === caller.userId) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'a head does not name itself acting head');
    await assertMember(db, caller, body.actingUserId);
    const row = await db.transaction(async (tx) => {
      // One grant to a person at a time (two heads' grants racing), so the overlap check below holds.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`delegation:${departmentId}:${body.actingUserId}`}))`);
      // One running delegation per acting head: which head they act for (actingFor) is never ambiguous.
      const [overlapping] = await tx
        .select({ id: delegations.id, from: delegations.validFrom, to: delegations.validTo })
        .from(delegations)
        .where(and(eq(delegations.departmentId, departmentId), eq(delegations.actingUserId, body.actingUserId), isNull(delegations.revokedAt), lt(delegations.validFrom, to), gt(delegations.validTo, from)))
        .limit(1);
      if (overlapping) {
        throw new ApiError(409, ErrorCodes.DELEGATION_OVERLAP, `delegation ${overlapping.id} already names ${body.actingUserId} from ${shanghaiIso(overlapping.from)} to ${shanghaiIso(overlapping.to)}: revoke it first, or start after it ends`);
      }
      const [inserted] = await tx
        .insert(delegations)
        .values({ id: `dg-${randomUUID().replace(/-/g, '').slice(0, 24)}`, departmentId, headUserId: caller.userId, actingUserId: body.actingUserId, validFrom: from, validTo: to, createdAt: new Date() })
        .returning();
      return inserted!;
    });
    res.status(201).json(view(row));
  });

  router.get('/', async (req, res) => {
    const caller = callerOf(req);
    if (!caller.department || !mayReadOwn(caller)) return void res.json({ delegations: [] });
    allowed(caller, 'read');
    const rows = await db.select().from(delegations).where(eq(delegations.departmentId, caller.department!.id)).orderBy(desc(delegations.createdAt)).limit(200);
    res.json({ delegations: rows.map(view) });
  });

  router.post('/:delegationId/revocation', async (req, res) => {
    const caller = callerOf(req);
    const [row] = await db.select().from(delegations).where(eq(delegations.id, String(req.params.delegationId)));
    allowed(caller, 'revoke', row !== undefined && row.departmentId === caller.department?.id);
    if (row!.revokedAt) return void res.json(view(row!));
    const [revoked] = await db.update(delegations).set({ revokedAt: new Date(), revokedBy: caller.userId }).where(and(eq(delegations.id, row!.id), isNull(delegations.revokedAt))).returning();
    res.json(view(revoked ?? row!));
  });

  return router;
}
