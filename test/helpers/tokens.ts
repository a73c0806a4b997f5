// Bearer tokens for tests: one in-memory development issuer per test process, and its verifier
// for the apps the tests start.
import { devIssuer, devTokenVerifier, type DevIssuer } from '../../identity/devIssuer';
import type { VerifyToken } from '../../identity/verifier';

let issuer: Promise<DevIssuer> | undefined;
export const testIssuer = (): Promise<DevIssuer> => (issuer ??= devIssuer());

export async function testVerifier(): Promise<VerifyToken> {
  return devTokenVerifier(await testIssuer());
}

const cache = new Map<string, Promise<string>>();

/**
 * A token for a demo user; a bare department id means its sharing office head (`<id>-head`), the
 * role that may do everything a department does.
 */
export function tokenFor(who: string): Promise<string> {
  const userId = /-(head|staff|admin|government-official)$/.test(who) || who === 'admin' ? who : `${who}-head`;
  let t = cache.get(userId);
  if (!t) cache.set(userId, (t = testIssuer().then((i) => i.issue(userId))));
  return t;
}

export const bearer = async (who: string): Promise<Record<string, string>> => ({ Authorization: `Bearer ${await tokenFor(who)}` });
