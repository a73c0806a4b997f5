// The embedded development issuer: an Ed25519 key pair kept under DATA_DIR, its JWKS served by the
// service, tokens for the demo users. Never in production (config refuses it): a deployment's
// identity provider issues tokens there.
import { existsSync } from 'node:fs';
import { readOrCreateKeyFile } from '../crypto/keyFile';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { demoUsers, type DemoUser } from './demoUsers';
import { tokenVerifier, type VerifyToken } from './verifier';

export const DEV_ISSUER = 'urn:gds:development-issuer';
export const DEV_AUDIENCE = 'gov-data-sharing';
/** The claim names the development issuer writes (the defaults of AUTH_*_CLAIM). */
export const DEV_CLAIMS = { user: 'sub', organisation: 'org', roles: 'roles' } as const;
const ALG = 'EdDSA';

export interface DevIssuer {
  jwks: JSONWebKeySet;
  /** A token for a demo user (or for any claims, in tests), valid for `ttlSeconds`. */
  issue(userId: string, o?: { ttlSeconds?: number }): Promise<string>;
  issueFor(user: Pick<DemoUser, 'id' | 'organisationId' | 'roles'>, o?: { ttlSeconds?: number }): Promise<string>;
  /** Signs exactly this payload (tests of what the verifier refuses: no exp, too old, other audience). */
  signPayload(payload: JWTPayload): Promise<string>;
}

export class UnknownDemoUser extends Error {
  override name = 'UnknownDemoUser';
}

async function newKeyPair(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), alg: ALG, use: 'sig' };
  publicJwk.kid = `dev-${(publicJwk.x ?? '').slice(0, 12)}`;
  return { privateJwk: { ...(await exportJWK(privateKey)), alg: ALG, kid: publicJwk.kid }, publicJwk };
}

async function keyPair(keyFile: string | undefined): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  if (!keyFile) return newKeyPair();
  // Generated before, as the key file helper takes its content synchronously.
  const fresh = existsSync(keyFile) ? undefined : JSON.stringify(await newKeyPair());
  const text = readOrCreateKeyFile(keyFile, () => {
    if (fresh === undefined) throw new Error(`${keyFile} vanished while it was being read`);
    return fresh;
  });
  return JSON.parse(text) as { privateJwk: JWK; publicJwk: JWK };
}

/** Loads (or creates) the key pair; without a file, an in-memory key (tests). */
export async function devIssuer(keyFile?: string): Promise<DevIssuer> {
  const { privateJwk, publicJwk } = await keyPair(keyFile);
  const key = await importJWK(privateJwk, ALG);
  const issueFor: DevIssuer['issueFor'] = (user, { ttlSeconds = 8 * 3600 } = {}) =>
    new SignJWT({ [DEV_CLAIMS.organisation]: user.organisationId, [DEV_CLAIMS.roles]: user.roles })
      .setProtectedHeader({ alg: ALG, kid: publicJwk.kid, typ: 'JWT' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(key);
  return {
    jwks: { keys: [publicJwk] },
    issueFor,
    signPayload: (payload) => new SignJWT(payload).setProtectedHeader({ alg: ALG, kid: publicJwk.kid, typ: 'JWT' }).sign(key),
    issue(userId, o) {
      const user = demoUsers().get(userId);
      if (!user) throw new UnknownDemoUser(`no demo user ${userId}`);
      return issueFor(user, o);
    },
  };
}

/** A verifier that accepts exactly this issuer's tokens (the development setup, tests, the benchmark). */
export function devTokenVerifier(issuer: DevIssuer, o: { maxTokenAgeSeconds?: number; clockToleranceSeconds?: number } = {}): VerifyToken {
  return tokenVerifier({
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    keys: issuer.jwks,
    claims: { ...DEV_CLAIMS },
    algorithms: [ALG],
    maxTokenAgeSeconds: o.maxTokenAgeSeconds ?? 8 * 3600,
    clockToleranceSeconds: o.clockToleranceSeconds ?? 30,
  });
}
