// Headers on every answer. helmet's, with a strict CSP that still lets a small same-origin page run
// (scripts and styles from files of this origin, nothing inline, no frames); and Cache-Control:
// no-store, because answers carry case data or the caller's view of changing state, never a
// static asset: no browser or shared cache may keep them (a future static page may override it).
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export const securityHeaders: RequestHandler = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
    },
  },
  frameguard: { action: 'deny' },
});

export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
