// One log line per request (pino-http on the service's logger) and a request id echoed in
// `X-Request-Id`, so a caller's report, our log line and the error's log line meet. A line holds the
// method, the route pattern, the path, the status, the duration and the verified user; never a
// header, a token, a query string or a body.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger';
import { verifiedCallerOf } from './caller';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Ids from a proxy or a client are kept when plainly safe to log and echo: short, no odd characters. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id when well formed (a repeated header arrives joined with ", ": not well formed), else a new one. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && WELL_FORMED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

const routes = new WeakMap<IncomingMessage, string>();

/**
 * The route pattern that answered (`/share-requests/:id/reply`), `unmatched` for none: a label that
 * ids never multiply. Express assigns `req.route` when a route matches, with `req.baseUrl` then the
 * (static) mount path; it is lower-cased because routing ignores case and a caller could vary it.
 */
export function routeOf(req: IncomingMessage): string {
  return routes.get(req) ?? 'unmatched';
}

function rememberRoute(req: Request): void {
  let route: unknown = req.route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: unknown) {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path !== 'string') return;
      const base = req.baseUrl.toLowerCase();
      routes.set(req, base && path === '/' ? base : `${base}${path}`);
    },
  });
}

const pathOf = (url: string | undefined): string => (url ?? '').split('?', 1)[0]!.slice(0, 512);

/** The path as the client sent it: a router strips its mount from `req.url`, never from `originalUrl`. */
const fullPathOf = (req: IncomingMessage): string => pathOf((req as Partial<Request>).originalUrl ?? req.url);

function line(req: IncomingMessage, value: { res?: unknown; responseTime?: unknown }) {
  return { req, res: value.res, responseTime: value.responseTime, route: routeOf(req), userId: verifiedCallerOf(req as Request)?.userId };
}

/** Request logging and the request id: first in the app, so every answer carries the id. */
export function requestLog(log: Logger): RequestHandler {
  const logRequest = pinoHttp({
    logger: log.child({ component: 'http' }),
    genReqId: (req, res) => {
      const id = requestIdFor(req.headers['x-request-id']);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    // The line's `req` is written once, by line() below, not also bound to the response's logger.
    quietReqLogger: true,
    quietResLogger: true,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: fullPathOf(req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return res.statusCode === 503 ? 'warn' : 'error';
      // Probes every few seconds would drown the log: a healthy answer is debug.
      return res.statusCode < 400 && routeOf(req).startsWith('/health') ? 'debug' : 'info';
    },
    customSuccessObject: (req, _res, value) => line(req, value),
    // The error itself is logged where it is handled (api/errors.ts, with this request id).
    customErrorObject: (req, _res, _err, value) => line(req, value),
    customSuccessMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
  });
  return (req, res, next) => {
    rememberRoute(req);
    logRequest(req, res, next);
  };
}
