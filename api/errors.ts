// Typed application errors and the one error middleware: every failure leaves as RFC 9457 problem
// details (api/problem.ts) with our `code`, a 4xx for bad input, never a 500; an unreachable or
// slow Temporal or PostgreSQL is a 503 with Retry-After.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { ErrorCodes, type ErrorCode } from '../workflows/shared';
import type { Logger } from '../logger';
import { CalendarInputError } from '../rules/calendar';
import { RulesError } from '../rules/jurisdictions';
import { isTextIssue } from './text';
import { problemOf, sendProblem } from './problem';
import { infrastructureError, RETRY_AFTER_SECONDS } from './infrastructure';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly details?: unknown,
    /** The title of a code that is not one of ErrorCodes (a process's own refusal). */
    readonly title?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (code: ErrorCode | string, message: string, details?: unknown) =>
  new ApiError(400, code, message, details);
export const notFound = (message: string) => new ApiError(404, ErrorCodes.NOT_FOUND, message);

/** Parses req.query / req.body with a zod schema, or throws a 400 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw badRequest(
    result.error.issues.some(isTextIssue) ? ErrorCodes.INVALID_TEXT : ErrorCodes.VALIDATION_FAILED,
    result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/** Errors of rules/ about the caller's input (not about our own data) are 400s. */
function isCallerInputError(err: unknown): err is CalendarInputError | RulesError {
  if (err instanceof CalendarInputError) return true;
  return err instanceof RulesError && (err.code === 'UNKNOWN_JURISDICTION' || err.code === 'INVALID_DATE');
}

/** How the router's "no such route" 404 begins; a resource's 404 says which resource (the OpenAPI drift test tells them apart). */
export const NO_ROUTE_MESSAGE = 'no route for ';

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, ErrorCodes.NOT_FOUND, `${NO_ROUTE_MESSAGE}${req.method} ${req.path}`));
};

interface BodyError {
  status: number;
  code: ErrorCode;
  message: string;
}

/**
 * Every error body-parser (and raw-body under it) raises, by its `type`. Messages are ours: theirs
 * may repeat what the caller sent. The two 500s are our own bugs (something read or decoded the
 * stream before the parser), so they are logged.
 */
export const BODY_PARSER_ERRORS: Record<string, BodyError> = {
  'entity.parse.failed': { status: 400, code: ErrorCodes.VALIDATION_FAILED, message: 'request body is not valid JSON' },
  'entity.verify.failed': { status: 400, code: ErrorCodes.VALIDATION_FAILED, message: 'request body failed verification' },
  'request.aborted': { status: 400, code: ErrorCodes.VALIDATION_FAILED, message: 'request body was aborted before it was complete' },
  'request.size.invalid': { status: 400, code: ErrorCodes.VALIDATION_FAILED, message: 'request body length does not match Content-Length' },
  'entity.too.large': { status: 413, code: ErrorCodes.VALIDATION_FAILED, message: 'request body too large' },
  'parameters.too.many': { status: 413, code: ErrorCodes.VALIDATION_FAILED, message: 'request body has too many parameters' },
  'charset.unsupported': { status: 415, code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE, message: 'the request body must be encoded in UTF-8' },
  'encoding.unsupported': { status: 415, code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE, message: 'unsupported Content-Encoding (use identity, gzip, deflate or br)' },
  'stream.encoding.set': { status: 500, code: ErrorCodes.INTERNAL, message: 'internal error' },
  'stream.not.readable': { status: 500, code: ErrorCodes.INTERNAL, message: 'internal error' },
};

/** The API error for an error of body-parser or of decoding the request, or undefined for anything else. */
function fromRequestDecoding(err: unknown): ApiError | undefined {
  if (err instanceof URIError) {
    // The router decodes path parameters; refuseBadRequestText should have refused the path first.
    return new ApiError(400, ErrorCodes.INVALID_TEXT, `path: is not valid percent-encoded UTF-8`);
  }
  if (typeof err !== 'object' || err === null) return undefined;
  const { type, status, expose } = err as { type?: unknown; status?: unknown; expose?: unknown };
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  if (known) return new ApiError(known.status, known.code, known.message);
  // A Content-Encoding body that does not decompress: body-parser passes zlib's error on as a 400.
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, ErrorCodes.VALIDATION_FAILED, 'request body could not be read (is its Content-Encoding right?)');
  }
  return undefined;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // The request's own logger (api/requestLog.ts) carries its request id.
    const reqLog = (req.log as Logger | undefined) ?? log;
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (isCallerInputError(err)) apiError = badRequest(err.code, err.message);
    else apiError = fromRequestDecoding(err) ?? infrastructureError(err) ?? new ApiError(500, ErrorCodes.INTERNAL, 'internal error');
    if (apiError.status === 503) {
      reqLog.warn({ code: apiError.code, cause: String(err?.message ?? err), method: req.method, path: req.path }, 'infrastructure unavailable');
      res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    } else if (apiError.status >= 500) reqLog.error({ err, method: req.method, path: req.path }, 'unhandled error');
    // A message may quote what the caller sent (an unknown key, an id): problemOf never repeats it raw.
    sendProblem(res, problemOf(apiError));
  };
}
