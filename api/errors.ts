// Typed application errors and the one error middleware: every failure leaves as
// { error: { code, message, details? } } with a 4xx for bad input, never a 500.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { ErrorCodes, type ErrorCode } from '../workflows/shared';
import type { Logger } from '../logger';
import { CalendarInputError } from '../rules/calendar';
import { RulesError } from '../rules/jurisdictions';
import { isTextIssue } from './text';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly details?: unknown,
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

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, ErrorCodes.NOT_FOUND, `no route for ${req.method} ${req.path}`));
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (isCallerInputError(err)) apiError = badRequest(err.code, err.message);
    else if (err?.type === 'entity.parse.failed') apiError = badRequest(ErrorCodes.VALIDATION_FAILED, 'request body is not valid JSON');
    else if (err?.type === 'entity.too.large') apiError = new ApiError(413, ErrorCodes.VALIDATION_FAILED, 'request body too large');
    // The body parser's 400 without a type: a body that does not decompress as its Content-Encoding says.
    else if (err?.status === 400 && err?.expose === true && err?.type === undefined) apiError = badRequest(ErrorCodes.VALIDATION_FAILED, 'request body does not decode as its Content-Encoding says');
    else {
      log.error({ err, method: req.method, path: req.path }, 'unhandled error');
      apiError = new ApiError(500, ErrorCodes.INTERNAL, 'internal error');
    }
    res.status(apiError.status).json({
      error: { code: apiError.code, message: apiError.message, ...(apiError.details ? { details: apiError.details } : {}) },
    });
  };
}
