// Bearer tokens (OIDC-style JWTs) verified with jose against the identity provider's JWKS. Issuer,
// audience, key set, algorithms and the claims that carry user, organisation and roles are all
// configuration, so a province plugs in its own identity provider.
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { ROLES, type Role, type VerifiedClaims } from './principal';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** The provider's JWKS URL, or the key set itself (the embedded development issuer). */
  keys: URL | JSONWebKeySet;
  /** Dot paths into the payload, e.g. `sub`, `org`, `realm_access.roles`. */
  claims: { user: string; organisation: string; roles: string };
  algorithms: string[];
  /** Tokens older than this (by `iat`) are refused, whatever their `exp`. */
  maxTokenAgeSeconds: number;
  clockToleranceSeconds: number;
}

/** Any reason a token is not accepted; its message is for the log, never for the caller. */
export class TokenRejected extends Error {
  override name = 'TokenRejected';
}

export type VerifyToken = (token: string) => Promise<VerifiedClaims>;

function claimAt(payload: JWTPayload, path: string): unknown {
  let v: unknown = payload;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

const known = new Set<string>(ROLES);

export function tokenVerifier(o: TokenVerifierOptions): VerifyToken {
  const keySet = o.keys instanceof URL ? createRemoteJWKSet(o.keys, { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 }) : createLocalJWKSet(o.keys);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        issuer: o.issuer,
        audience: o.audience,
        algorithms: o.algorithms,
        maxTokenAge: o.maxTokenAgeSeconds,
        clockTolerance: o.clockToleranceSeconds,
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (err) {
      throw new TokenRejected(err instanceof Error ? `${err.name}: ${err.message}` : 'verification failed');
    }
    const userId = claimAt(payload, o.claims.user);
    const organisationId = claimAt(payload, o.claims.organisation);
    const rawRoles = claimAt(payload, o.claims.roles);
    const roles = (Array.isArray(rawRoles) ? rawRoles : typeof rawRoles === 'string' ? rawRoles.split(' ') : []).filter(
      (r): r is Role => typeof r === 'string' && known.has(r),
    );
    if (typeof userId !== 'string' || userId === '' || typeof organisationId !== 'string' || organisationId === '') {
      throw new TokenRejected('the token lacks the user or organisation claim');
    }
    if (roles.length === 0) throw new TokenRejected('the token carries no role this service knows');
    return { userId, organisationId, roles };
  };
}
