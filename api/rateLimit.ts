// Requests per minute per principal, counted in the database so all API processes share the count.
// Over the limit: 429 RATE_LIMITED in our error shape, with Retry-After and the IETF draft-8
// `RateLimit` / `RateLimit-Policy` headers (every answer carries the latter two).
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Database } from '../db/client';
import type { Logger } from '../logger';
import { ErrorCodes } from '../workflows/shared';
import { ApiError } from './errors';
import { DatabaseRateLimitStore } from './rateLimitStore';

export const RATE_LIMIT_WINDOW_MS = 60_000;

const pass: RequestHandler = (_req, _res, next) => next();

/** The caller's address (an IPv6 one by its /56), for routes without a principal. */
export const addressOf = (req: Request): string => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

/**
 * A limiter counting requests by `keyOf(req)`; `name` keeps limiters apart in the table and names the
 * policy in the headers. `perMinute` 0: no limiter at all.
 */
export function rateLimitBy(o: { db: Database; log: Logger; perMinute: number; name: string; keyOf: (req: Request) => string }): RequestHandler {
  if (o.perMinute <= 0) return pass;
  return rateLimit({
    windowMs: RATE_LIMIT_WINDOW_MS,
    limit: o.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: o.name,
    keyGenerator: (req) => o.keyOf(req),
    store: new DatabaseRateLimitStore(o.db, RATE_LIMIT_WINDOW_MS, `${o.name}:`),
    // The store's errors (the database is down) go to the error middleware: a 503, as for any route.
    passOnStoreError: false,
    logger: { error: (err, msg) => o.log.error({ err }, msg ?? 'rate limiter'), warn: (err, msg) => o.log.warn({ err }, msg ?? 'rate limiter') },
    handler: (_req, _res, next) => next(new ApiError(429, ErrorCodes.RATE_LIMITED, `more than ${o.perMinute} requests in a minute; retry after the seconds in Retry-After`)),
  });
}
