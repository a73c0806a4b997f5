// Starts the real API from createApp() on a random port over a fresh, seeded PostgreSQL database.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { createApp, type AppDeps } from '../../api/app';
import { apiServer } from '../../api/clientErrors';
import { seedDemo } from '../../db/seed';
import { loadCalendar, loadJurisdictionTree } from '../../db/directory';
import { createLogger, type Logger } from '../../logger';
import { NO_LIMITS, type HttpTimeouts, type Limits } from '../../config';
import { freshDatabase, type TestDatabase } from './db';
import { bearer, testVerifier } from './tokens';
import type { VerifyToken } from '../../identity/verifier';
import type { DevIssuer } from '../../identity/devIssuer';
import type { Express } from 'express';
import type { WebhookDeps } from '../../activities/webhooks/settings';
import { testWebhookDeps } from './webhooks';
import type { ProcessRegistry } from '../../api/cases/registry';

export interface TestApp {
  url: string;
  /** The Express app itself (its router, for tests that walk it). */
  express: Express;
  database: TestDatabase;
  /** A GET, anonymous or with a demo user's bearer token (a bare department id: its head). */
  get(path: string, as?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** `limits`: default off, so no test is throttled unless it tests the limits. */
export async function startTestApp(
  opts: {
    temporal?: Client;
    seed?: boolean;
    temporalCallTimeoutMs?: number;
    database?: TestDatabase;
    fastClock?: boolean;
    limits?: Limits;
    verifyToken?: VerifyToken;
    /** Default silent; a test of the request log passes its own. */
    log?: Logger;
    metrics?: AppDeps['metrics'];
    devIssuer?: DevIssuer;
    webhooks?: WebhookDeps;
    processes?: ProcessRegistry;
    /** The app's wall clock for what depends on the date (the notice due from 1 December). */
    now?: () => Date;
    /** CALENDAR_MAX_AGE of the app's calendar. */
    calendarMaxAgeMs?: number;
    trustProxy?: string[];
    usagePeriodMaxYears?: number;
    /** The server's timeouts; default HTTP_REQUEST_TIMEOUT's and HTTP_HEADERS_TIMEOUT's. */
    http?: HttpTimeouts;
  } = {},
): Promise<TestApp> {
  const database = opts.database ?? (await freshDatabase());
  if (opts.seed !== false) await seedDemo(database.db);
  const tree = await loadJurisdictionTree(database.db);
  const calendar = await loadCalendar(database.db, tree, { maxAgeMs: opts.calendarMaxAgeMs });
  const app = createApp({
    db: database.db,
    calendar,
    tree,
    log: opts.log ?? createLogger((process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent'),
    metrics: opts.metrics,
    temporal: opts.temporal,
    temporalCallTimeoutMs: opts.temporalCallTimeoutMs,
    fastClock: opts.fastClock,
    limits: opts.limits ?? NO_LIMITS,
    verifyToken: opts.verifyToken ?? (await testVerifier()),
    devIssuer: opts.devIssuer,
    webhooks: opts.webhooks ?? testWebhookDeps(),
    processes: opts.processes,
    now: opts.now,
    trustProxy: opts.trustProxy,
    ...(opts.usagePeriodMaxYears ? { processSettings: { usagePeriodMaxYears: opts.usagePeriodMaxYears } } : {}),
  });
  const server: Server = await new Promise((resolve) => {
    const s = apiServer(app, opts.http).listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    express: app,
    database,
    async get(path, as) {
      const res = await fetch(url + path, { headers: as ? await bearer(as) : {} });
      return { status: res.status, body: await res.json() };
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await database.drop();
    },
  };
}
