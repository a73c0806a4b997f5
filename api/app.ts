// The HTTP API, built by a factory so tests start the real app on a random port.
import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import type { WorkingDayCalendar } from '../rules/calendar';
import type { JurisdictionTree } from '../rules/jurisdictions';
import type { Logger } from '../logger';
import { jsonBody } from './body';
import { errorHandler, notFoundRoute } from './errors';
import { refuseBadRequestText } from './requestText';
import { calendarRoutes } from './routes/calendar';
import { ruleSetRoutes } from './routes/ruleSets';
import { directoryRoutes } from './routes/directory';
import { shareRequestRoutes } from './shareRequest/routes';
import { healthRoutes } from './routes/health';
import { auditLogRoutes } from './routes/auditLog';
import { DEFAULT_TEMPORAL_CALL_TIMEOUT_MS } from './infrastructure';

export interface AppDeps {
  db: Database;
  calendar: WorkingDayCalendar;
  tree: JurisdictionTree;
  log: Logger;
  /** Absent in tests that exercise only the read side. */
  temporal?: Client;
  /** DEMO_FAST_CLOCK: every response says so (X-Demo-Fast-Clock), as do the cases' current details. */
  fastClock?: boolean;
  /** Deadline of each call into Temporal (TEMPORAL_CALL_TIMEOUT_MS); default 10 s. */
  temporalCallTimeoutMs?: number;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
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
  app.use(healthRoutes({ db: deps.db, temporal: deps.temporal, temporalCallTimeoutMs }));
  app.use('/calendar', calendarRoutes(deps));
  app.use('/rule-sets', ruleSetRoutes(deps));
  app.use(directoryRoutes(deps));
  app.use('/audit', auditLogRoutes(deps));
  if (deps.temporal) {
    app.use('/share-requests', shareRequestRoutes({ db: deps.db, tree: deps.tree, temporal: deps.temporal, callTimeoutMs: temporalCallTimeoutMs }));
  }

  app.use(notFoundRoute);
  app.use(errorHandler(deps.log));
  return app;
}
