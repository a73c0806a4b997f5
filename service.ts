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
import { installTemporalRuntime } from './worker/runtime';
import type { Logger } from './logger';
import { ensureTemporalBinaries } from './scripts/lib/temporalBinaries';
import { registerSearchAttributes, setNamespaceRetention, startDevServer, type DevServerEvent } from './scripts/lib/devServer';
import { SEARCH_ATTRIBUTES } from './workflows/shared';
import { cryptoSuite } from './crypto/suite';
import { loadSigningKey } from './audit/signing';
import { ensureCheckpointSchedule } from './worker/auditSchedule';
import { ensureWebhookDispatcher } from './worker/webhookDispatcher';
import { webhookDeps } from './activities/webhooks/settings';

export interface RunningService {
  apiUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  stop(): Promise<void>;
}

/**
 * Stops accepting connections, closes idle keep-alive sockets at once and busy ones once their
 * response is sent; after `graceMs` whatever is left is cut.
 */
async function closeHttpServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(cut);
  }
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
  installTemporalRuntime(log);
  mkdirSync(config.dataDir, { recursive: true });
  // Stopped in reverse: HTTP, the worker's drain (it still needs Temporal and the database), the
  // connections, the database, and the dev server last.
  // Identity first: a service without a usable identity provider does not start at all.
  const identity = await identityFor(config.auth);
  const stops: Array<{ what: string; stop: () => Promise<unknown> }> = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const { what, stop: s } of [...stops].reverse()) {
        await s().then(
          () => log.info(`stopped: ${what}`),
          (err) => log.error({ err }, `error while stopping ${what}`),
        );
      }
    })());

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
      stops.push({ what: 'Temporal dev server', stop: () => dev.stop() });
      temporalAddress = dev.address;
      temporalUiUrl = dev.uiUrl;
    }

    const database = await openDatabase(
      config.database.kind === 'pg' ? config.database : { kind: 'pglite', dir: config.database.dir },
    );
    stops.push({ what: 'database', stop: () => database.close() });
    if (config.seedDemo) log.info(await seedDemo(database.db), 'demo data seeded');

    // Art. 35: the key that signs the audit log's checkpoints (generated under DATA_DIR in development).
    const suite = cryptoSuite(config.crypto.suite);
    const auditSigner = await loadSigningKey(config.audit.signingKeyFile, suite, { create: config.audit.createSigningKey });
    // The key that seals webhook secrets at rest (generated under DATA_DIR in development).
    const webhooks = webhookDeps(config.webhooks);
    const tree = await loadJurisdictionTree(database.db);
    const calendar = await loadCalendar(database.db, tree, config.holidayNoticesDir);

    const client = await connectClient(config.temporal, temporalAddress);
    stops.push({ what: 'Temporal client connection', stop: () => client.connection.close() });
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
    stops.push({ what: 'Temporal worker connection', stop: () => workerConnection.close() });
    const worker: Worker = await createWorker({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      db: database.db,
      calendar,
      tree,
      maxCachedWorkflows: config.worker.maxCachedWorkflows,
      fastClock: config.fastClock,
      auditSigner,
      suite,
      webhooks,
    });
    const workerDone = worker.run();
    stops.push({
      what: 'worker (drained)',
      stop: async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await workerDone;
      },
    });

    // One Schedule takes the audit log's checkpoints, whichever process created it first.
    await ensureCheckpointSchedule(client, { intervalMs: config.audit.checkpointIntervalMs }).then(
      (outcome) => log.info({ outcome, keyId: auditSigner.keyId }, 'audit checkpoint schedule'),
      (err) => log.error({ err: String(err) }, 'could not create the audit-checkpoints schedule: no checkpoints are signed until it exists'),
    );

    // The webhook dispatcher: one long-running workflow over the outbox, whichever process started it first.
    await ensureWebhookDispatcher(client).catch((err) =>
      log.error({ err: String(err) }, 'could not start the webhook dispatcher: no webhook is delivered until it runs'),
    );

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
      webhooks,
      ...identity,
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = answerClientErrors(app.listen(config.port, config.host, () => resolve(s))).on('error', reject);
    });
    // A request in flight ends within the Temporal call deadline; give it that long.
    stops.push({ what: 'HTTP server', stop: () => closeHttpServer(server, config.temporal.callTimeoutMs + 1_000) });
    const { port } = server.address() as AddressInfo;

    return { apiUrl: `http://${config.host}:${port}`, temporalAddress, temporalUiUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
