// /health: liveness and readiness for process managers and load balancers (api/routes/health.ts).
import { z } from 'zod';
import { named, type ApiArea } from '../kit';

const Live = named('Liveness', z.object({ status: z.literal('ok') }));
const Check = z.object({ status: z.enum(['up', 'down', 'not configured']), reason: z.string().optional() });
const Ready = named(
  'Readiness',
  z.object({
    status: z.enum(['ready', 'unavailable']),
    down: z.array(z.enum(['database', 'temporal'])),
    checks: z.object({ database: Check, temporal: Check }),
    warnings: z
      .array(z.object({ code: z.enum(['UNSAFE_SETTING', 'HOLIDAY_NOTICE_NOT_LOADED']), year: z.number().int().optional(), detail: z.string() }))
      .meta({ description: "what needs attention without making the service unready: an unsafe setting this process runs with (e.g. the development issuer on a reachable host); from 1 December, next year's holiday notice not loaded" }),
  }),
);

export const healthArea: ApiArea = {
  register(doc) {
    doc.tag('health', 'Liveness and readiness; never rate-limited, never needs a token');
    const live = { tag: 'health', auth: 'public', rateLimited: false, usesServers: false, responses: { 200: { description: 'The process answers', schema: Live } } } as const;
    doc.operation({ ...live, method: 'get', path: '/health', operationId: 'health', summary: 'Liveness (same as /health/live)' });
    doc.operation({ ...live, method: 'get', path: '/health/live', operationId: 'healthLive', summary: 'Liveness' });
    doc.operation({
      method: 'get',
      path: '/health/ready',
      operationId: 'healthReady',
      tag: 'health',
      summary: 'Readiness: PostgreSQL and Temporal each answer within 2 s',
      auth: 'public',
      rateLimited: false,
      usesServers: false,
      responses: {
        200: { description: 'Both answer', schema: Ready },
        503: {
          description: '`down` names what does not answer (this body, not the error body)',
          schema: Ready,
          headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } },
        },
      },
    });
  },
};
