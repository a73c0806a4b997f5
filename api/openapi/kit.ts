// What an area of the API (share requests, drafts, the directory, …) uses to describe its paths in
// the OpenAPI document: its operations with the SAME zod schemas its routes validate with, the
// success bodies, and which errors it can answer. The error answers, the bearer scheme and the
// component names are defined once here, so every area documents them alike.
import { OpenAPIRegistry, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ErrorCodes } from '../../workflows/shared';
import { PROBLEM_MEDIA_TYPE } from '../problem';
import type { ProcessRegistry } from '../cases/registry';

/** The security scheme's name in components.securitySchemes. */
export const BEARER = 'bearerAuth';

/** What the running app mounts (api/app.ts): the document describes exactly that. */
export interface AppFeatures {
  /** The registered processes (webhook event types name theirs). */
  processes: ProcessRegistry;
  /** Their routes and /drafts (they need a Temporal client). */
  cases: boolean;
  /** /dev: the embedded development issuer (development only). */
  devIssuer: boolean;
  /** /webhooks (WEBHOOK_* settings given). */
  webhooks: boolean;
}

/** One area's contribution to the document: one small module per area, listed in areas.ts. */
export interface ApiArea {
  /** Mounted only under these features (default: always). */
  when?: (features: AppFeatures) => boolean;
  register(doc: ApiDoc, features: AppFeatures): void;
}

/** A zod schema under its name in components.schemas (zod's own metadata, so the schema itself is unchanged). */
export const named = <S extends z.ZodType>(id: string, schema: S): S => schema.meta({ id }) as S;

/** The error body every failure carries: RFC 9457 problem details with our code (api/problem.ts). */
export const ErrorBody = named(
  'Problem',
  z
    .object({
      type: z.string().meta({ description: 'urn:gds:problem:<code in lower kebab case>, e.g. urn:gds:problem:validation-failed (an identifier, not a page)' }),
      title: z.string().meta({ description: 'a short summary, the same for every occurrence of the code' }),
      status: z.number().int(),
      detail: z.string().meta({ description: 'this occurrence, for people; characters no record may hold are written \\uXXXX' }),
      code: z.string().meta({
        description: `machine-readable and stable: branch on this. The engine's (${Object.values(ErrorCodes).join(', ')}) or a process's own refusal, declared with it (e.g. a share request's EXTENSION_CAP_EXCEEDED)`,
        pattern: '^[A-Z][A-Z0-9_]*$',
      }),
      errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().meta({ description: 'the bad fields' }),
      stage: z.string().optional().meta({ description: "the case's (or draft's) stage, when the process refuses a step at it" }),
      max: z.number().int().optional().meta({ description: 'OPEN_CASE_LIMIT: the cap' }),
      line: z.number().int().optional().meta({ description: "INVALID_NOTICE from a notice's text: the line (1-based) that fails" }),
      lineText: z.string().optional().meta({ description: 'INVALID_NOTICE: that line as read' }),
    })
    .meta({ description: 'RFC 9457 problem details (application/problem+json)' }),
);

/** The error answers, by status: the response component each status refers to, and which codes it carries. */
const ERROR_RESPONSES: Record<number, { name: string; description: string; headers?: Record<string, { description: string; schema: { type: string } }> }> = {
  400: { name: 'BadRequest', description: 'Bad input: VALIDATION_FAILED, INVALID_TEXT (NUL, controls, bidi characters, malformed escapes, not UTF-8), UNKNOWN_JURISDICTION, or a code of the statutory rule the input breaks; DATA_REJECTED if PostgreSQL refuses a value' },
  401: {
    name: 'Unauthenticated',
    description: 'UNAUTHENTICATED: no valid bearer token (missing, expired, too old, wrongly signed, unknown organisation or roles)',
    headers: { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } },
  },
  403: { name: 'Forbidden', description: 'FORBIDDEN (the policy: action × role × relation), or WRONG_PARTY where the workflow refuses a party' },
  404: { name: 'NotFound', description: 'NOT_FOUND (or CHECKPOINT_NOT_FOUND): it does not exist, or the caller may not see it' },
  409: { name: 'Conflict', description: "The statutory process refuses it now: ILLEGAL_TRANSITION (details.stage), a process's own refusal (e.g. a share request's EXTENSION_CAP_EXCEEDED), IDEMPOTENCY_KEY_REUSED, DRAFT_EXPIRED, DRAFT_CHANGED, OPEN_CASE_LIMIT, CALENDAR_PREVIEW_STALE (preview the load again); DELEGATION_OVERLAP, WEBHOOK_LIMIT, WEBHOOK_DISABLED" },
  428: { name: 'PreconditionRequired', description: 'PRECONDITION_REQUIRED: a draft is approved naming the version read (If-Match or version)' },
  413: { name: 'PayloadTooLarge', description: 'VALIDATION_FAILED: the body is over 256 KiB after decompression' },
  415: { name: 'UnsupportedMediaType', description: 'UNSUPPORTED_MEDIA_TYPE: bodies are application/json in UTF-8, Content-Encoding identity, gzip, deflate or br' },
  429: {
    name: 'TooManyRequests',
    description: 'RATE_LIMITED: more requests in a minute than RATE_LIMIT_PER_MINUTE',
    headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } },
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'TEMPORAL_UNAVAILABLE or DATABASE_UNAVAILABLE: unreachable or too slow; nothing was changed unless the command says otherwise',
    headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } },
  },
};

/** The media type of error answers. */
export const ERROR_MEDIA_TYPE = PROBLEM_MEDIA_TYPE;

export interface Success {
  description: string;
  /** The JSON body; absent with `content` or for no body. */
  schema?: z.ZodType;
  /** Another media type, e.g. { 'text/html': { schema: z.string() } }. */
  content?: ResponseConfig['content'];
  headers?: ResponseConfig['headers'];
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: /share-requests/{id}. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** `optional`: public, but some queries need a caller. Default `bearer`. */
  auth?: 'public' | 'bearer' | 'optional';
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, Success>;
  /** Error statuses beyond 400 and those implied by auth (401), a body (413, 415), the rate limit (429) and the servers (503). */
  errors?: number[];
  /** Counted by the rate limiter (default true; /health never is). */
  rateLimited?: boolean;
  /** Reads PostgreSQL or calls Temporal, so may answer 503 (default true). */
  usesServers?: boolean;
}

export interface ApiDoc {
  operation(op: Operation): void;
  /** The document's `webhooks` section (OpenAPI 3.1): the payloads this service sends. */
  webhook(route: RouteConfig): void;
  tag(name: string, description: string): void;
}

/** The statuses an operation can answer with an error body. */
export function errorStatuses(op: Operation): number[] {
  const auth = op.auth ?? 'bearer';
  const implied = [
    400,
    ...(auth === 'public' ? [] : [401]),
    ...(op.body ? [413, 415] : []),
    ...(op.rateLimited === false ? [] : [429]),
    // The rate limiter counts in PostgreSQL: a limited route answers 503 when it is down.
    ...(op.rateLimited === false && op.usesServers === false ? [] : [503]),
  ];
  return [...new Set([...implied, ...(op.errors ?? [])])].sort((a, b) => a - b);
}

export function createApiDoc(registry: OpenAPIRegistry, tags: Array<{ name: string; description: string }>): ApiDoc {
  for (const [status, r] of Object.entries(ERROR_RESPONSES)) {
    registry.registerComponent('responses', r.name, {
      description: `${status}: ${r.description}`,
      ...(r.headers ? { headers: r.headers as never } : {}),
      content: { [ERROR_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
    });
  }
  registry.registerComponent('securitySchemes', BEARER, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An OIDC-style JWT of the configured identity provider (AUTH_ISSUER, AUTH_JWKS_URL); in development, of the embedded issuer (/dev/token)',
  });
  return {
    tag: (name, description) => tags.push({ name, description }),
    webhook: (route) => registry.registerWebhook(route),
    operation(op) {
      const auth = op.auth ?? 'bearer';
      const responses: RouteConfig['responses'] = {};
      for (const [status, s] of Object.entries(op.responses)) {
        responses[status] = {
          description: s.description,
          ...(s.headers ? { headers: s.headers } : {}),
          ...(s.content ? { content: s.content } : s.schema ? { content: { 'application/json': { schema: s.schema } } } : {}),
        };
      }
      for (const status of errorStatuses(op)) {
        const known = ERROR_RESPONSES[status];
        if (!known) throw new Error(`${op.operationId}: no error response for ${status}`);
        responses[status] = { $ref: `#/components/responses/${known.name}` };
      }
      registry.registerPath({
        method: op.method,
        path: op.path,
        operationId: op.operationId,
        tags: [op.tag],
        summary: op.summary,
        ...(op.description ? { description: op.description } : {}),
        security: auth === 'public' ? [] : auth === 'optional' ? [{}, { [BEARER]: [] }] : [{ [BEARER]: [] }],
        request: {
          ...(op.params ? { params: op.params } : {}),
          ...(op.query ? { query: op.query } : {}),
          ...(op.headers ? { headers: op.headers } : {}),
          // The command routes read a missing body as {}: one whose schema accepts {} may be left out.
          ...(op.body ? { body: { required: !op.body.safeParse({}).success, content: { 'application/json': { schema: op.body } } } } : {}),
        },
        responses,
      });
    },
  };
}
