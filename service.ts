// Composes the whole service: Temporal (embedded dev server or a cluster), the database with its
// migrations and demo seed, the worker and the HTTP API. `npm start` and the smoke test use this.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from '@temporalio/worker';
import type { Connection } from '@temporalio/client';
import { describeConfig, type Config } from './config';
import { openDatabase } from './db/client';
import { seedDemo } from './db/seed';
import { loadCalendar, loadJurisdictionTree } from './db/directory';
import { createApp } from './api/app';
import { identityFor } from './identity';
import { answerClientErrors } from './api/clientErrors';
import { connectClient, connectWorker } from './worker/connections';
import { createWorker } from './worker/worker';
import { installTemporalRuntime, sdkMetricsAddress } from './worker/runtime';
import type { Logger } from './logger';
import { ensureTemporalBinaries } from './scripts/lib/temporalBinaries';
import { registerSearchAttributes, setNamespaceRetention, startDevServer, type DevServerEvent } from './scripts/lib/devServer';
import { SEARCH_ATTRIBUTES } from './workflows/shared';
import { cryptoSuite } from './crypto/suite';
import { loadSigningKey } from './audit/signing';
import { ensureCheckpointSchedule } from './worker/auditSchedule';
import { closeHttpServer, shutdownSequence } from './ops/shutdown';
import { startMetrics } from './ops/metricsServer';
import { applyRecordRetention } from './db/retention';

export interface RunningService {
  apiUrl: string;
  /** The metrics listener's `/metrics` URL, when METRICS_PORT is set. */
  metricsUrl?: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  stop(): Promise<void>;
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

export async function startService(config: Config, log: Logger): Promise<RunningService> {
  log.info({ config: describeConfig(config) }, 'starting');
  installTemporalRuntime(log, { metricsBindAddress: sdkMetricsAddress(config.metrics) });
  mkdirSync(config.dataDir, { recursive: true });
  // Stopped in reverse (ops/shutdown.ts): HTTP, the metrics listener, the worker's drain (it still needs Temporal and the database), the
  // connections, the database, and the dev server last.
  // Identity first: a service without a usable identity provider does not start at all.
  const identity = await identityFor(config.auth);
  const shutdown = shutdownSequence(log);
  const stop = shutdown.run;

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
      shutdown.add('Temporal dev server', () => dev.stop());
      temporalAddress = dev.address;
      temporalUiUrl = dev.uiUrl;
    }

    const database = await openDatabase(
      config.database.kind === 'pg' ? config.database : { kind: 'pglite', dir: config.database.dir },
    );
    shutdown.add('database', () => database.close());
    if (config.seedDemo) log.info(await seedDemo(database.db), 'demo data seeded');
    // Art. 29: the database refuses deleting case records younger than this (migration 0008).
    await applyRecordRetention(database.db, config.retention.caseRecordYears);

    // Art. 35: the key that signs the audit log's checkpoints (generated under DATA_DIR in development).
    const suite = cryptoSuite(config.crypto.suite);
    const auditSigner = await loadSigningKey(config.audit.signingKeyFile, suite, { create: config.audit.createSigningKey });
    const tree = await loadJurisdictionTree(database.db);
    const calendar = await loadCalendar(database.db, tree, config.holidayNoticesDir);

    const client = await connectClient(config.temporal, temporalAddress);
    shutdown.add('Temporal client connection', () => client.connection.close());
    if (config.temporal.address) {
      // A cluster may not let us register attributes; the cases still run, only filtering suffers.
      await registerSearchAttributes(client.connection as Connection, config.temporal.namespace, SEARCH_ATTRIBUTES).catch((err) =>
        log.warn({ err: String(err) }, 'could not register search attributes; register them with the operator (see README)'),
      );
      // Nor set the retention; closed cases then stay as long as the namespace says (the database keeps the record).
      await setNamespaceRetention(client.connection as Connection, config.temporal.namespace, config.temporal.retentionDays).catch((err) =>
        log.warn({ err: String(err) }, 'could not set the namespace retention; set it with the operator (see README)'),
      );
    }

    const workerConnection = await connectWorker(config.temporal, temporalAddress);
    shutdown.add('Temporal worker connection', () => workerConnection.close());
    const worker: Worker = await createWorker({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      db: database.db,
      calendar,
      tree,
      maxCachedWorkflows: config.worker.maxCachedWorkflows,
      workflowBundlePath: config.worker.bundlePath,
      fastClock: config.fastClock,
      auditSigner,
      suite,
    });
    const workerDone = worker.run();
    shutdown.add('worker (drained)', async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone;
    });

    // One Schedule takes the audit log's checkpoints, whichever process created it first.
    await ensureCheckpointSchedule(client, { intervalMs: config.audit.checkpointIntervalMs }).then(
      (outcome) => log.info({ outcome, keyId: auditSigner.keyId }, 'audit checkpoint schedule'),
      (err) => log.error({ err: String(err) }, 'could not create the audit-checkpoints schedule: no checkpoints are signed until it exists'),
    );

    // Stopped right after HTTP; it reads the read model, so the database outlives it.
    const observed = await startMetrics(config.metrics, { log, db: database.db }, shutdown);

    const app = createApp({
      db: database.db,
      calendar,
      tree,
      log,
      temporal: client,
      temporalCallTimeoutMs: config.temporal.callTimeoutMs,
      fastClock: config.fastClock,
      draftExpiryDays: config.draftExpiryDays,
      limits: config.limits,
      metrics: observed?.metrics,
      ...identity,
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = answerClientErrors(app.listen(config.port, config.host, () => resolve(s))).on('error', reject);
    });
    // A request in flight ends within the Temporal call deadline; give it that long.
    shutdown.add('HTTP server', () => closeHttpServer(server, config.temporal.callTimeoutMs + 1_000));
    const { port } = server.address() as AddressInfo;

    return { apiUrl: `http://${config.host}:${port}`, metricsUrl: observed?.url, temporalAddress, temporalUiUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
