// Who is calling: the principal of a verified bearer token (RFC 6750), its organisation looked up in
// the directory. Anything else — no token, expired, wrongly signed, `alg: none`, tampered claims, an
// organisation this service does not know — is 401 UNAUTHENTICATED, with no detail for an attacker.
import type { Request, RequestHandler } from 'express';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { departments } from '../db/schema';
import type { JurisdictionTree } from '../rules/jurisdictions';
import { GOVERNMENT_SUFFIX, hasRole, type Principal, type VerifiedClaims } from '../identity/principal';
import { TokenRejected, type VerifyToken } from '../identity/verifier';
import { ApiError } from './errors';
import { actingFor } from './routes/delegations';
import { ErrorCodes } from '../workflows/shared';
import type { Logger } from '../logger';

/** The verified caller of a request. */
export type Caller = Principal;

export interface Authentication {
  verify: VerifyToken;
  db: Database;
  tree: JurisdictionTree;
  log?: Logger;
  /** Runs before a refusal (the address's rate limit): its error, a 429, answers instead of the 401. */
  refused?: RequestHandler;
}

const callers = new WeakMap<Request, Caller>();

const unauthenticated = () => new ApiError(401, ErrorCodes.UNAUTHENTICATED, 'a valid bearer token is required');

/** The directory's view of the claims; undefined when the organisation does not fit the roles. */
async function principalOf(db: Database, tree: JurisdictionTree, c: VerifiedClaims): Promise<Principal | undefined> {
  if (hasRole(c, 'admin')) return { ...c, roles: ['admin'] };
  if (hasRole(c, 'government_official')) {
    const code = c.organisationId.endsWith(GOVERNMENT_SUFFIX) ? c.organisationId.slice(0, -GOVERNMENT_SUFFIX.length) : '';
    return tree.has(code) ? { ...c, roles: ['government_official'], governmentOf: code } : undefined;
  }
  const [department] = await db.select().from(departments).where(eq(departments.id, c.organisationId));
  if (!department) return undefined;
  const roles = c.roles.filter((r) => r === 'staff' || r === 'sharing_office_head' || r === 'department_admin');
  if (roles.includes('sharing_office_head') || !roles.includes('staff')) return { ...c, roles, department };
  // Staff named acting head (代理) for now approve as the head, and say for whom.
  const head = await actingFor(db, c.userId, department.id);
  return head ? { ...c, roles: ['sharing_office_head', 'staff'], department, actingFor: head } : { ...c, roles, department };
}

export function authenticate({ verify, db, tree, log, refused }: Authentication): RequestHandler {
  return async (req, res, next) => {
    const refuse = async (): Promise<void> => {
      if (!refused) throw unauthenticated();
      await refused(req, res, (err?: unknown) => next(err ?? unauthenticated()));
    };
    const header = req.get('Authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header);
    res.set('WWW-Authenticate', 'Bearer');
    if (!match) return refuse();
    let principal: Principal | undefined;
    try {
      principal = await principalOf(db, tree, await verify(match[1]!));
    } catch (err) {
      if (!(err instanceof TokenRejected)) throw err;
      log?.debug({ reason: err.message }, 'bearer token refused');
    }
    if (!principal || principal.roles.length === 0) return refuse();
    res.removeHeader('WWW-Authenticate');
    callers.set(req, principal);
    next();
  };
}

/** The verified caller, if the request was authenticated (request logs). */
export function verifiedCallerOf(req: Request): Caller | undefined {
  return callers.get(req);
}

export function callerOf(req: Request): Caller {
  const c = callers.get(req);
  if (!c) throw new Error('the authenticate middleware did not run');
  return c;
}
