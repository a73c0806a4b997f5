// Bearer tokens (issue 8 "Identity"): only a valid token of the configured issuer gets in; every
// other one — none, expired, too old, wrongly signed, alg none, tampered, another issuer or audience,
// an organisation or role this service does not know — is 401 UNAUTHENTICATED with one message.
// A second, independent issuer (ES256, its JWKS over HTTP, other claim names) plugs in by configuration.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

type KeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import { startTestApp, type TestApp } from './helpers/app';
import { testIssuer } from './helpers/tokens';
import { DEV_AUDIENCE, DEV_ISSUER } from '../identity/devIssuer';
import { tokenVerifier } from '../identity/verifier';
import { loadConfig } from '../config';
import { identityFor } from '../identity';
import { problemBody } from './helpers/problems';

const DEPARTMENT = '230100-market-regulation';
const PATH = `/departments/${DEPARTMENT}`;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const ask = async (authorization?: string, base = app.url) => {
  const res = await fetch(base + PATH, { headers: authorization === undefined ? {} : { Authorization: authorization } });
  return { status: res.status, body: (await res.json()) as any, challenge: res.headers.get('www-authenticate') };
};

/** A token with the development issuer's claims, overridable; signed by its key unless `foreignKey`. */
async function forged(o: { foreignKey?: boolean; claims?: Record<string, unknown>; iat?: number; exp?: number | null; iss?: string; aud?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: o.iss ?? DEV_ISSUER, aud: o.aud ?? DEV_AUDIENCE, sub: `${DEPARTMENT}-head`, org: DEPARTMENT, roles: ['sharing_office_head'], iat: o.iat ?? now, ...(o.exp === null ? {} : { exp: o.exp ?? now + 600 }), ...o.claims };
  if (!o.foreignKey) return (await testIssuer()).signPayload(payload);
  const own = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: (await testIssuer()).jwks.keys[0]!.kid! }).sign(own.privateKey);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('bearer tokens of the development issuer', () => {
  it('when a token the tests forge has nothing wrong with it, then it is accepted (so each refusal below is for its one defect)', async () => {
    expect((await ask(`Bearer ${await forged()}`)).status).toBe(200);
  });

  it('when a demo user presents its token, then the staff list is served', async () => {
    const token = await (await testIssuer()).issue(`${DEPARTMENT}-staff`);
    const res = await ask(`Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.staff.length).toBeGreaterThan(0);
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each<[string, () => Promise<string | undefined>]>([
    ['no Authorization header', async () => undefined],
    ['an empty bearer', async () => 'Bearer '],
    ['Basic credentials', async () => 'Basic YWRtaW46YWRtaW4='],
    ['a token that is not a JWT', async () => 'Bearer not-a-token'],
    ['an expired token', async () => `Bearer ${await (await testIssuer()).issue(`${DEPARTMENT}-head`, { ttlSeconds: -120 })}`],
    ['a token issued longer ago than the maximum age', async () => `Bearer ${await forged({ iat: now() - 9 * 3600, exp: now() + 3600 })}`],
    ['a token without exp', async () => `Bearer ${await forged({ exp: null })}`],
    ['a token signed by another key under the issuer key id', async () => `Bearer ${await forged({ foreignKey: true })}`],
    [
      'alg none',
      async () => {
        const real = (await (await testIssuer()).issue(`${DEPARTMENT}-head`)).split('.');
        return `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${real[1]}.`;
      },
    ],
    [
      'tampered claims under a valid signature',
      async () => {
        const [h, p, s] = (await (await testIssuer()).issue(`${DEPARTMENT}-staff`)).split('.');
        const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
        return `Bearer ${h}.${b64({ ...claims, roles: ['sharing_office_head'], org: '100000-data-sharing-authority' })}.${s}`;
      },
    ],
    ['another issuer', async () => `Bearer ${await forged({ iss: 'https://elsewhere.example' })}`],
    ['another audience', async () => `Bearer ${await forged({ aud: 'some-other-service' })}`],
    ['an organisation nobody knows', async () => `Bearer ${await (await testIssuer()).issueFor({ id: 'x-head', organisationId: 'no-such-department', roles: ['sharing_office_head'] })}`],
    ['only roles this service does not know', async () => `Bearer ${await (await testIssuer()).issueFor({ id: 'x', organisationId: DEPARTMENT, roles: ['superuser' as never] })}`],
    ['a government official of no jurisdiction', async () => `Bearer ${await (await testIssuer()).issueFor({ id: 'x', organisationId: '999999-government', roles: ['government_official'] })}`],
  ])('when the request carries %s, then 401 UNAUTHENTICATED with the same message and a Bearer challenge', async (_name, make) => {
    const res = await ask(await make());
    expect(res.status).toBe(401);
    expect(res.challenge).toBe('Bearer');
    expect(res.body).toEqual(problemBody(401, 'UNAUTHENTICATED', 'a valid bearer token is required'));
  });
});

describe('a second, independent issuer plugged in by configuration', () => {
  let jwksServer: Server;
  let other: TestApp;
  let privateKey: KeyLike;
  let jwk: JWK;
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    jwk = { ...(await exportJWK(pair.publicKey)), kid: 'province-1', alg: 'ES256' };
    jwksServer = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    // Development: its key set is served over plain http on loopback here (refused in production).
    const config = loadConfig({
      NODE_ENV: 'development',
      AUTH_ISSUER: 'https://idp.hlj.example/realms/gov',
      AUTH_AUDIENCE: 'gds-api',
      AUTH_JWKS_URL: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/certs`,
      AUTH_USER_CLAIM: 'preferred_username',
      AUTH_ORGANISATION_CLAIM: 'gov.department',
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      AUTH_ALGORITHMS: 'ES256',
    });
    const { auth } = config;
    other = await startTestApp({
      verifyToken: tokenVerifier({ issuer: auth.issuer!, audience: auth.audience, keys: new URL(auth.jwksUrl!), claims: auth.claims, algorithms: auth.algorithms, maxTokenAgeSeconds: 3600, clockToleranceSeconds: 5 }),
    });
  });
  afterAll(async () => {
    await other?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const provinceToken = (o: { alg?: string; iss?: string } = {}) =>
    new SignJWT({ preferred_username: 'zhang.san', gov: { department: DEPARTMENT }, realm_access: { roles: ['staff', 'offline_access'] } })
      .setProtectedHeader({ alg: o.alg ?? 'ES256', kid: 'province-1' })
      .setIssuer(o.iss ?? 'https://idp.hlj.example/realms/gov')
      .setAudience('gds-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  it('when its token carries the user, organisation and roles under its own claim names, then it is accepted', async () => {
    const res = await ask(`Bearer ${await provinceToken()}`, other.url);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(DEPARTMENT);
  });

  it('when the development issuer signs a token for that service, then 401 (its keys are not trusted there)', async () => {
    const res = await ask(`Bearer ${await (await testIssuer()).issue(`${DEPARTMENT}-head`)}`, other.url);
    expect(res.status).toBe(401);
  });

  it('when the configuration names HS256 or none, or no provider outside development, then the API refuses to start', async () => {
    for (const alg of ['HS256', 'none']) {
      expect(() => loadConfig({ NODE_ENV: 'production', AUTH_ISSUER: 'https://x', AUTH_JWKS_URL: 'https://x/jwks', AUTH_ALGORITHMS: alg })).toThrow(/AUTH_ALGORITHMS/);
    }
    await expect(identityFor(loadConfig({ NODE_ENV: 'production' }).auth)).rejects.toThrow(/AUTH_ISSUER and AUTH_JWKS_URL are required/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_DEV_ISSUER: 'true' })).toThrow(/development only/);
  });
});
