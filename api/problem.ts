// Errors leave as RFC 9457 problem details (application/problem+json): type, title, status, detail,
// and our machine-readable `code` as an extension member, which stays the thing to branch on.
// `type` names the code as a URN (urn:gds:problem:<code in lower kebab case>): an identifier, not a
// page to fetch (RFC 9457 §3.1.1 allows a type URI that does not resolve), stable across releases
// and deployments, with no public base URL to configure. `errors` lists the bad fields
// ([{ path, message }]); details given as an object (the case's `stage`, a cap's `max`) become
// members of their own. Nothing is repeated raw: every string is made printable first.
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { ErrorCodes, type ErrorCode } from '../workflows/shared';
import { printable } from './text';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The problem type URI of a code: urn:gds:problem:validation-failed. */
export const problemType = (code: string): string => `urn:gds:problem:${code.toLowerCase().replaceAll('_', '-')}`;

/** One short, unchanging summary per code (RFC 9457 §3.1.3: the same for every occurrence). */
export const PROBLEM_TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  INVALID_DATE: 'Not a valid date',
  INVALID_WORKING_DAYS: 'Not a valid number of working days',
  OUT_OF_RANGE: 'Outside the range the calendar covers',
  UNKNOWN_JURISDICTION: 'Unknown jurisdiction',
  NOT_FOUND: 'Not found',
  CHECKPOINT_NOT_FOUND: 'No such checkpoint of the audit log',
  UNAUTHENTICATED: 'A valid bearer token is required',
  WRONG_PARTY: 'Not this party’s step',
  FORBIDDEN: 'Not allowed for this caller',
  ILLEGAL_TRANSITION: 'Not possible at the case’s current stage',
  CASE_NOT_READY: 'The case is still being opened',
  INVALID_APPROVAL: 'Not a valid approval (Art. 20)',
  CATALOGUE_ENTRY_NOT_PUBLISHED: 'No such published catalogue entry',
  NO_APPLICABLE_RULES: 'No rule set in force gives the period',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was used with another request',
  DRAFT_EXPIRED: 'The draft has expired',
  DRAFT_CHANGED: 'The draft changed since it was read',
  PRECONDITION_REQUIRED: 'Name the version you read',
  OPEN_CASE_LIMIT: 'Too many open cases',
  RATE_LIMITED: 'Too many requests',
  WEBHOOK_TARGET_REFUSED: 'The webhook target is not allowed',
  WEBHOOK_LIMIT: 'Too many webhooks for this department',
  WEBHOOK_DISABLED: 'The webhook is disabled',
  INVALID_NOTICE: 'Not a holiday notice the calendar can take',
  INVALID_ADJUSTMENT: 'Not a calendar adjustment the calendar can take',
  CALENDAR_PREVIEW_STALE: 'The calendar changed since this preview',
  DELEGATION_OVERLAP: 'A delegation to this person already covers part of that period',
  DATA_REJECTED: 'The database refused a value',
  HEADERS_TOO_LARGE: 'Request line and headers too large',
  REQUEST_TIMEOUT: 'The request did not arrive in time',
  EXPECTATION_FAILED: 'Only Expect: 100-continue is met',
  INVALID_TEXT: 'Text with characters no record may hold',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  TEMPORAL_UNAVAILABLE: 'Temporal is unavailable',
  DATABASE_UNAVAILABLE: 'The database is unavailable',
  INTERNAL: 'Internal error',
};

/** The members of RFC 9457 and ours; details never overwrite them. */
const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'errors']);

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: unknown[];
  [extension: string]: unknown;
}

/** Strings with controls, bidi characters and unpaired surrogates escaped. */
function printableValue(value: unknown): unknown {
  if (typeof value === 'string') return printable(value);
  if (Array.isArray(value)) return value.map(printableValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k), printableValue(v)]));
  }
  return value;
}

export function problemOf(e: { status: number; code: string; message: string; details?: unknown; title?: string }): ProblemDetails {
  const details = printableValue(e.details);
  const extensions =
    details && typeof details === 'object' && !Array.isArray(details)
      ? Object.fromEntries(Object.entries(details).filter(([k]) => !RESERVED.has(k)))
      : {};
  return {
    type: problemType(e.code),
    title: e.code in ErrorCodes ? PROBLEM_TITLES[e.code as ErrorCode] : (e.title ?? STATUS_CODES[e.status] ?? 'Error'),
    status: e.status,
    detail: printable(e.message),
    code: e.code,
    ...(Array.isArray(details) ? { errors: details } : {}),
    ...extensions,
  };
}

export function sendProblem(res: Response, problem: ProblemDetails): void {
  res.status(problem.status).type(PROBLEM_MEDIA_TYPE).send(JSON.stringify(problem));
}

/** A command's stored outcome (api/cases/idempotency.ts), answered again: a refusal is stored as the problem details it answered. */
export function sendOutcome(res: Response, outcome: { status: number; body: unknown }): void {
  if (outcome.status < 400) return void res.status(outcome.status).json(outcome.body);
  sendProblem(res, { ...(outcome.body as ProblemDetails), status: outcome.status });
}
