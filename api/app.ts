// The HTTP API, built by a factory so tests start the real app on a random port.
import express, { type Express, type Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import type { DatabaseCalendar } from '../db/calendar';
import type { JurisdictionTree } from '../rules/jurisdictions';
import type { Logger } from '../logger';
import type { Limits, ProcessSettings } from '../config';
import { jsonBody } from './body';
import { errorHandler, notFoundRoute } from './errors';
import { refuseBadRequestText } from './requestText';
import { calendarRoutes } from './calendar/routes';
import { ruleSetRoutes } from './routes/ruleSets';
import { directoryRoutes } from './routes/directory';
import { caseRoutes } from './cases/routes';
import type { ProcessRegistry } from './cases/registry';
import { PROCESS_APIS, PROCESSES, registryOf } from '../processes';
import { healthRoutes } from './routes/health';
import { auditRoutes } from './routes/audit';
import { auditLogRoutes } from './routes/auditLog';
import { DEFAULT_TEMPORAL_CALL_TIMEOUT_MS } from './infrastructure';
import { authenticate, callerOf } from './caller';
import { devIssuerRoutes } from './routes/devIssuer';
import { delegationRoutes } from './routes/delegations';
import type { VerifyToken } from '../identity/verifier';
import type { DevIssuer } from '../identity/devIssuer';
import { withPrincipalHeaders } from '../identity/temporalHeaders';
import { noStore, securityHeaders } from './headers';
import { addressOf, rateLimitBy } from './rateLimit';
import { requestLog } from './requestLog';
import type { Metrics } from '../ops/metrics';
import { openApiDocument } from './openapi/document';
import { openApiRoutes } from './openapi/routes';
import { webhookRoutes } from './webhooks/routes';
import type { WebhookDeps } from '../activities/webhooks/settings';

export interface AppDeps {
  db: Database;
  /** The working-day calendar: the database's, checked within CALENDAR_MAX_AGE (db/calendar.ts). */
  calendar: DatabaseCalendar;
  tree: JurisdictionTree;
  log: Logger;
  /** Absent in tests that exercise only the read side. */
  temporal?: Client;
  /** DEMO_FAST_CLOCK: every response says so (X-Demo-Fast-Clock), as do the cases' current details. */
  fastClock?: boolean;
  /** Deadline of each call into Temporal (TEMPORAL_CALL_TIMEOUT_MS); default 10 s. */
  temporalCallTimeoutMs?: number;
  /** Bearer-token verification (identity/verifier.ts). */
  verifyToken: VerifyToken;
  /** Art. 20 drafts expire after this many days (DRAFT_EXPIRY_DAYS). */
  draftExpiryDays?: number;
  /** The longest usage period a request may name (USAGE_PERIOD_MAX_YEARS); default 10 years. */
  /** What processes read of the configuration (config.processSettings); absent, their defaults. */
  processSettings?: ProcessSettings;
  /** The embedded development issuer: its JWKS and sign-in page are served (development only). */
  devIssuer?: DevIssuer;
  /** Rate limit and open-case cap (config.limits); NO_LIMITS turns both off. */
  limits: Limits;
  /** Prometheus: every request is timed by route pattern (served on the metrics listener, never here). */
  metrics?: Pick<Metrics, 'http'>;
  /** Outbound webhooks (WEBHOOK_*): without them /webhooks is not served. */
  webhooks?: WebhookDeps;
  /** The processes served (default: every registered one, ../processes.ts; tests add their own). */
  processes?: ProcessRegistry;
  /** The wall clock of what depends on today's date (next year's notice due from 1 December); tests set it. */
  now?: () => Date;
  /** Unsafe settings (config.warnings), repeated by /health/ready. */
  warnings?: readonly string[];
  /** TRUST_PROXY: the proxies whose X-Forwarded-For names the client (rate limits per address). */
  trustProxy?: readonly string[];
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer the socket's address is the balancer's: limits count clients only past trusted proxies.
  app.set('trust proxy', deps.trustProxy?.length ? [...deps.trustProxy] : false);
  // First: every answer, refusals included, carries a request id, is logged and is timed.
  app.use(requestLog(deps.log));
  if (deps.metrics) app.use(deps.metrics.http);
  app.use(securityHeaders, noStore);
  if (deps.fastClock) {
    app.use((_req, res, next) => {
      res.set('X-Demo-Fast-Clock', 'on; one working day lasts one minute (development only)');
      next();
    });
  }
  app.set('query parser', 'simple');
  // Before any route: text hygiene of path, query and headers, then JSON-in-UTF-8 bodies only.
  app.use(refuseBadRequestText);
  app.use(jsonBody());

  const temporalCallTimeoutMs = deps.temporalCallTimeoutMs ?? DEFAULT_TEMPORAL_CALL_TIMEOUT_MS;
  // Health is never limited: probes must not be throttled, nor liveness depend on the database.
  app.use(healthRoutes({ db: deps.db, temporal: deps.temporal, temporalCallTimeoutMs, calendar: deps.calendar, now: deps.now, warnings: deps.warnings }));
  // The document describes what this app mounts; it and its page need no database, like health.
  const processes = deps.processes ?? (deps.processSettings ? registryOf(PROCESS_APIS, deps.processSettings) : PROCESSES);
  app.use(openApiRoutes(openApiDocument({ processes, cases: deps.temporal !== undefined, devIssuer: deps.devIssuer !== undefined, webhooks: deps.webhooks !== undefined })));
  const limit = (name: string, keyOf: (req: Request) => string) => rateLimitBy({ db: deps.db, log: deps.log, perMinute: deps.limits.ratePerMinute, name, keyOf });
  const perAddress = limit('address', addressOf);
  const authentication = { verify: deps.verifyToken, db: deps.db, tree: deps.tree, log: deps.log };
  // Routes below the address limiter: every request is counted there already.
  const authenticated = authenticate(authentication);
  // Routes counted per verified user, after authentication; a request without a valid token is
  // counted by its address instead (with everything else from there), so refusals are limited too.
  const authenticatedOrByAddress = authenticate({ ...authentication, refused: perAddress });
  const perPrincipal = limit('principal', (req) => `user:${callerOf(req).userId}`);
  if (deps.temporal) {
    // Every update carries the verified caller in a header (identity/temporalHeaders.ts).
    const temporal = withPrincipalHeaders(deps.temporal);
    const routes = caseRoutes({
      db: deps.db,
      tree: deps.tree,
      temporal,
      processes,
      callTimeoutMs: temporalCallTimeoutMs,
      maxOpenCasesPerOpener: deps.limits.maxOpenCasesPerRequester,
      draftExpiryDays: deps.draftExpiryDays,
    });
    for (const { path, router } of routes) app.use(path, authenticatedOrByAddress, perPrincipal, router);
  }
  app.use('/delegations', authenticatedOrByAddress, perPrincipal, delegationRoutes({ db: deps.db }));
  if (deps.webhooks) app.use('/webhooks', authenticatedOrByAddress, perPrincipal, webhookRoutes({ db: deps.db, webhooks: deps.webhooks, processes }));
  // Everything below is counted per address (and, where it authenticates, per user too).
  app.use(perAddress);
  if (deps.devIssuer) app.use('/dev', devIssuerRoutes(deps.devIssuer));
  app.use('/calendar', calendarRoutes({ ...deps, authenticated }));
  app.use('/rule-sets', ruleSetRoutes(deps));
  app.use(directoryRoutes({ ...deps, authenticated }));
  // Checkpoints and consistency proofs are public; a case's inclusion proofs and the verifier need a caller.
  app.use('/audit', auditLogRoutes({ ...deps, authenticated, processes }));
  app.use('/audit', authenticated, perPrincipal, auditRoutes({ ...deps, processes }));

  app.use(notFoundRoute);
  app.use(errorHandler(deps.log));
  return app;
}
