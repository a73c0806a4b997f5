// /dev (api/routes/devIssuer.ts): the embedded development issuer, in NODE_ENV=development only.
import { z } from 'zod';
import { TokenBody } from '../../routes/devIssuer';
import type { ApiArea } from '../kit';

const TAG = 'development issuer';

export const devIssuerArea: ApiArea = {
  when: (f) => f.devIssuer,
  register(doc) {
    doc.tag(TAG, 'Development only: tokens for the demo users');
    const op = { tag: TAG, auth: 'public', method: 'get' } as const;
    doc.operation({ ...op, path: '/dev/jwks.json', operationId: 'devJwks', summary: "The issuer's public keys (JWKS)", usesServers: false, responses: { 200: { description: 'JWKS', schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) } } });
    doc.operation({
      ...op,
      path: '/dev/users',
      operationId: 'devUsers',
      summary: 'The demo users',
      responses: { 200: { description: 'Users', schema: z.object({ users: z.array(z.object({ id: z.string(), name: z.string(), organisationId: z.string(), roles: z.array(z.string()) })) }) } },
    });
    doc.operation({ ...op, method: 'post', path: '/dev/token', operationId: 'devToken', summary: 'A token (8 h) for a demo user', body: TokenBody, responses: { 200: { description: 'The token', schema: z.object({ token: z.string(), tokenType: z.literal('Bearer') }) } } });
    doc.operation({ ...op, path: '/dev/sign-in', operationId: 'devSignInPage', summary: 'A page to pick a demo user and get a token', responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } } });
    doc.operation({ ...op, path: '/dev/sign-in.js', operationId: 'devSignInScript', summary: "The sign-in page's script", responses: { 200: { description: 'JavaScript', content: { 'text/javascript': { schema: z.string() } } } } });
  },
};
