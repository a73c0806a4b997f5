// Composes the service from its parts: Temporal (embedded dev server or a cluster), the database
// with its migrations and demo seed, the worker and the HTTP API. `npm start` runs them all in one
// process (startService); the production topology runs the API and the workers as separate
// processes against a cluster and PostgreSQL (startApiProcess, startWorkerProcess: npm run api,
// npm run worker, any number of each).
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from '@temporalio/worker';
import type { Client, Connection } from '@temporalio/client';
import { ConfigError, describeConfig, type Config } from './config';
import { openDatabase, type Database } from './db/client';
import { seedDemo } from './db/seed';
import { loadCalendar, loadJurisdictionTree } from './db/directory';
import { createApp } from './api/app';
import { identityFor } from './identity';
import { apiServer } from './api/clientErrors';
import { connectClient, connectWorker } from './worker/connections';
import { createWorker } from './worker/worker';
import { installTemporalRuntime, sdkMetricsAddress } from './worker/runtime';
import type { Logger } from './logger';
import type { CalendarSource } from './rules/calendar';
import { missingNoticeWarning } from './rules/calendarChange';
import type { JurisdictionTree } from './rules/jurisdictions';
import { ensureTemporalBinaries } from './scripts/lib/temporalBinaries';
import { registerSearchAttributes, setNamespaceRetention, startDevServer, type DevServerEvent } from './scripts/lib/devServer';
import { SEARCH_ATTRIBUTES } from './workflows/shared';
import { cryptoSuite } from './crypto/suite';
import { loadSigningKey } from './audit/signing';
import { ensureCheckpointSchedule } from './worker/auditSchedule';
import { closeHttpServer, shutdownSequence, type ShutdownSequence } from './ops/shutdown';
import { startMetrics } from './ops/metricsServer';
import { applyRecordRetention } from './db/retention';
import { ensureWebhookDispatcher } from './worker/webhookDispatcher';
import { webhookDeps, type WebhookDeps } from './activities/webhooks/settings';

export interface RunningService {
  apiUrl: string;
  /** The Prometheus listener (METRICS_PORT), when on. */
  metricsUrl?: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  /** From 1 December while next year's holiday notice is not loaded: the start banner says so. */
  calendarWarning?: string;
  stop(): Promise<void>;
}

/** An API process: HTTP only, against an existing cluster and PostgreSQL. */
export type RunningApi = Omit<RunningService, 'temporalUiUrl'>;

/** A worker process: polls TASK_QUEUE, serves no HTTP. */
export interface RunningWorker {
  temporalAddress: string;
  metricsUrl?: string;
  /** The worker's identity as Temporal shows it (pollers, workflow task events). */
  identity: string;
  calendarWarning?: string;
  stop(): Promise<void>;
}

/** Which parts a process runs. */
interface Parts {
  api: boolean;
  worker: boolean;
}

function logDevServerEvent(log: Logger, event: DevServerEvent): void {
  if (event.type === 'exited') {
    log.warn({ detail: event.detail }, `Temporal dev server stopped unexpectedly (${event.detail}); restarting it on ${event.address} with the same data`);
  } else if (event.type === 'restarted') {
    log.info(`Temporal dev server restarted on ${event.address}`);
  } else {
    log.error({ err: event.error }, `Temporal dev server did not come back; trying again in ${event.restartInMs} ms`);
  }
}

/** `npm start`: the dev server (unless TEMPORAL_ADDRESS is set), the database, the worker and the API in one process. */
export async function startService(config: Config, log: Logger): Promise<RunningService> {
  const started = await compose(config, log, { api: true, worker: true });
  return { apiUrl: started.apiUrl!, metricsUrl: started.metricsUrl, temporalAddress: started.temporalAddress, temporalUiUrl: started.temporalUiUrl, calendarWarning: started.calendarWarning, stop: started.stop };
}

/** `npm run api`: the HTTP API alone, against TEMPORAL_ADDRESS and DATABASE_URL. */
export async function startApiProcess(config: Config, log: Logger): Promise<RunningApi> {
  requireSharedBackends(config, 'npm run api');
  const started = await compose(config, log, { api: true, worker: false });
  return { apiUrl: started.apiUrl!, metricsUrl: started.metricsUrl, temporalAddress: started.temporalAddress, calendarWarning: started.calendarWarning, stop: started.stop };
}

/** `npm run worker`: one worker alone, against TEMPORAL_ADDRESS and DATABASE_URL. */
export async function startWorkerProcess(config: Config, log: Logger): Promise<RunningWorker> {
  requireSharedBackends(config, 'npm run worker');
  const started = await compose(config, log, { api: false, worker: true });
  return { temporalAddress: started.temporalAddress, metricsUrl: started.metricsUrl, identity: started.workerIdentity!, calendarWarning: started.calendarWarning, stop: started.stop };
}

/**
 * Separate processes share Temporal and the database: neither the dev server nor PGlite (one
 * process's files) can be shared, so both must be given.
 */
function requireSharedBackends(config: Config, command: string): void {
  const missing = [!config.temporal.address && 'TEMPORAL_ADDRESS', config.database.kind !== 'pg' && 'DATABASE_URL'].filter(Boolean);
  if (missing.length > 0) {
    throw new ConfigError(`invalid configuration: ${command} needs ${missing.join(' and ')} (a Temporal cluster and PostgreSQL shared by every process; npm start runs everything in one process with embedded defaults, npm run stack starts the whole topology)`);
  }
}

async function compose(config: Config, log: Logger, parts: Parts) {
  log.info({ config: describeConfig(config), parts }, 'starting');
  if (parts.api) for (const warning of config.warnings) log.warn(warning);
  if (parts.worker) installTemporalRuntime(log, { metricsBindAddress: sdkMetricsAddress(config.metrics) });
  mkdirSync(config.dataDir, { recursive: true });
  // Stopped in reverse (ops/shutdown.ts): HTTP, the metrics listener, the worker's drain (it still
  // needs Temporal and the database), the connections, the database, and the dev server last.
  // Identity first: an API without a usable identity provider does not start at all.
  const identity = parts.api ? await identityFor(config.auth) : undefined;
  const stops = shutdownSequence(log);

  try {
    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress) {
      await ensureTemporalBinaries({ only: 'cli' });
      const dev = await startDevServer({
        dbFile: config.temporal.devServer.dbFile,
        port: config.temporal.devServer.port,
        uiPort: config.temporal.devServer.uiPort,
        namespace: config.temporal.namespace,
        searchAttributes: SEARCH_ATTRIBUTES,
        retentionDays: config.temporal.retentionDays,
        restartOnExit: true,
        onEvent: (event) => logDevServerEvent(log, event),
        log: (line) => log.debug({ temporal: line }),
      });
      stops.add('Temporal dev server', () => dev.stop());
      temporalAddress = dev.address;
      temporalUiUrl = dev.uiUrl;
    }

    const database = await openDatabase(
      config.database.kind === 'pg' ? config.database : { kind: 'pglite', dir: config.database.dir },
    );
    stops.add('database', () => database.close());
    // Idempotent (ON CONFLICT DO NOTHING), so processes starting at once may all seed.
    if (config.seedDemo) log.info(await seedDemo(database.db), 'demo data seeded');
    // Art. 29: the database refuses deleting case records younger than this (migration 0008).
    await applyRecordRetention(database.db, config.retention.caseRecordYears);

    // The key that seals webhook secrets at rest (generated under DATA_DIR in development): the API
    // seals a new secret with it, the workers open it to sign.
    const webhooks = webhookDeps(config.webhooks);
    const tree = await loadJurisdictionTree(database.db);
    // The database is the calendar's runtime source: seeded here, checked within CALENDAR_MAX_AGE.
    const calendar = await loadCalendar(database.db, tree, { noticesDir: config.holidayNoticesDir, maxAgeMs: config.calendarMaxAgeMs, log });
    const calendarWarning = missingNoticeWarning(calendar.lastKnown().calendar, new Date())?.message;

    const client = await connectClient(config.temporal, temporalAddress);
    stops.add('Temporal client connection', () => client.connection.close());
    if (config.temporal.address) {
      // A cluster may not let us register attributes; the cases still run, only filtering suffers.
      await registerSearchAttributes(client.connection as Connection, config.temporal.namespace, SEARCH_ATTRIBUTES).catch((err) =>
        log.warn({ err: String(err) }, 'could not register search attributes; register them with the operator (see docs/operations.md)'),
      );
      // Nor set the retention; closed cases then stay as long as the namespace says (the database keeps the record).
      await setNamespaceRetention(client.connection as Connection, config.temporal.namespace, config.temporal.retentionDays).catch((err) =>
        log.warn({ err: String(err) }, 'could not set the namespace retention; set it with the operator (see docs/operations.md)'),
      );
    }

    const worker = parts.worker ? await runWorker(config, log, stops, { temporalAddress, client, db: database.db, calendar, tree, webhooks }) : undefined;

    // Stopped right after HTTP; it reads the read model, so the database outlives it.
    const observed = await startMetrics(config.metrics, { log, db: database.db }, stops);

    let apiUrl: string | undefined;
    if (parts.api) {
      const app = createApp({
        db: database.db,
        calendar,
        tree,
        log,
        temporal: client,
        temporalCallTimeoutMs: config.temporal.callTimeoutMs,
        fastClock: config.fastClock,
        draftExpiryDays: config.draftExpiryDays,
        processSettings: config.processSettings,
        limits: config.limits,
        metrics: observed?.metrics,
        webhooks,
        warnings: config.warnings,
        trustProxy: config.trustProxy,
        ...identity!,
      });
      const server: Server = await new Promise((resolve, reject) => {
        const s = apiServer(app, config.http)
          .listen(config.port, config.host, () => resolve(s))
          .on('error', reject);
      });
      // A request in flight ends within the Temporal call deadline; give it that long.
      stops.add('HTTP server', () => closeHttpServer(server, config.temporal.callTimeoutMs + 1_000));
      const { port } = server.address() as AddressInfo;
      apiUrl = `http://${config.host}:${port}`;
    }

    return { apiUrl, metricsUrl: observed?.url, temporalAddress, temporalUiUrl, workerIdentity: worker?.options.identity, calendarWarning, stop: stops.run };
  } catch (err) {
    await stops.run();
    throw err;
  }
}

/** Starts the worker (stopped by draining) and makes sure the audit-checkpoints Schedule exists. */
async function runWorker(
  config: Config,
  log: Logger,
  stops: ShutdownSequence,
  deps: { temporalAddress: string; client: Client; db: Database; calendar: CalendarSource; tree: JurisdictionTree; webhooks: WebhookDeps },
): Promise<Worker> {
  // Art. 35: the key that signs the audit log's checkpoints (generated under DATA_DIR in development).
  const suite = cryptoSuite(config.crypto.suite);
  const auditSigner = await loadSigningKey(config.audit.signingKeyFile, suite, { create: config.audit.createSigningKey });
  const workerConnection = await connectWorker(config.temporal, deps.temporalAddress);
  stops.add('Temporal worker connection', () => workerConnection.close());
  const worker = await createWorker({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    db: deps.db,
    calendar: deps.calendar,
    tree: deps.tree,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    workflowBundlePath: config.worker.bundlePath,
    fastClock: config.fastClock,
    auditSigner,
    suite,
    webhooks: deps.webhooks,
    temporal: deps.client,
  });
  const workerDone = worker.run();
  stops.add('worker (drained)', async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerDone;
  });

  // One Schedule takes the audit log's checkpoints, whichever process created it first.
  await ensureCheckpointSchedule(deps.client, { intervalMs: config.audit.checkpointIntervalMs }).then(
    (outcome) => log.info({ outcome, keyId: auditSigner.keyId }, 'audit checkpoint schedule'),
    (err) => log.error({ err: String(err) }, 'could not create the audit-checkpoints schedule: no checkpoints are signed until it exists'),
  );
  // The webhook dispatcher: one long-running workflow over the outbox, whichever worker started it first.
  await ensureWebhookDispatcher(deps.client).catch((err) =>
    log.error({ err: String(err) }, 'could not start the webhook dispatcher: no webhook is delivered until it runs'),
  );
  return worker;
}
