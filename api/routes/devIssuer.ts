// The development issuer's routes (NODE_ENV=development only; config refuses it elsewhere): its
// JWKS, the demo users, a token for one of them, and a sign-in page for the browser. Production
// browsers sign in at the identity provider (authorization-code flow with PKCE).
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { z } from 'zod';
import { demoUsers } from '../../identity/demoUsers';
import type { DevIssuer } from '../../identity/devIssuer';
import { ErrorCodes } from '../../workflows/shared';
import { badRequest, parseInput } from '../errors';
import { identifier } from '../validation';

export const TokenBody = z.object({ userId: identifier }).strict();
const page = (name: string) => readFileSync(new URL(`../static/${name}`, import.meta.url), 'utf8');

export function devIssuerRoutes(issuer: DevIssuer): Router {
  const router = Router();
  const html = page('sign-in.html');
  const script = page('sign-in.js');

  router.get('/jwks.json', (_req, res) => {
    res.json(issuer.jwks);
  });
  router.get('/users', (_req, res) => {
    res.json({ users: [...demoUsers().values()] });
  });
  router.post('/token', async (req, res) => {
    const { userId } = parseInput(TokenBody, req.body);
    if (!demoUsers().has(userId)) throw badRequest(ErrorCodes.VALIDATION_FAILED, `no demo user ${userId}`);
    res.set('Cache-Control', 'no-store').json({ token: await issuer.issue(userId), tokenType: 'Bearer' });
  });
  router.get('/sign-in', (_req, res) => {
    res.type('html').send(html);
  });
  router.get('/sign-in.js', (_req, res) => {
    res.type('text/javascript').send(script);
  });
  return router;
}
