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
import { connectClient, connectWorker } from './worker/connections';
import { createWorker } from './worker/worker';
import { installTemporalRuntime } from './worker/runtime';
import type { Logger } from './logger';
import { ensureTemporalBinaries } from './scripts/lib/temporalBinaries';
import { registerSearchAttributes, startDevServer } from './scripts/lib/devServer';
import { SEARCH_ATTRIBUTES } from './workflows/shared';

export interface RunningService {
  apiUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  stop(): Promise<void>;
}

export async function startService(config: Config, log: Logger): Promise<RunningService> {
  log.info({ config: describeConfig(config) }, 'starting');
  installTemporalRuntime(log);
  mkdirSync(config.dataDir, { recursive: true });
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => log.warn({ err }, 'error while stopping'));
  };

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
        log: (line) => log.debug({ temporal: line }),
      });
      stops.push(() => dev.stop());
      temporalAddress = dev.address;
      temporalUiUrl = dev.uiUrl;
    }

    const database = await openDatabase(
      config.database.kind === 'pg' ? config.database : { kind: 'pglite', dir: config.database.dir },
    );
    stops.push(() => database.close());
    if (config.seedDemo) log.info(await seedDemo(database.db), 'demo data seeded');

    const tree = await loadJurisdictionTree(database.db);
    const calendar = await loadCalendar(database.db, tree, config.holidayNoticesDir);

    const client = await connectClient(config.temporal, temporalAddress);
    stops.push(() => client.connection.close());
    if (config.temporal.address) {
      // A cluster may not let us register attributes; the cases still run, only filtering suffers.
      await registerSearchAttributes(client.connection as Connection, config.temporal.namespace, SEARCH_ATTRIBUTES).catch((err) =>
        log.warn({ err: String(err) }, 'could not register search attributes; register them with the operator (see README)'),
      );
    }

    const workerConnection = await connectWorker(config.temporal, temporalAddress);
    stops.push(() => workerConnection.close());
    const worker: Worker = await createWorker({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      db: database.db,
      calendar,
      tree,
      maxCachedWorkflows: config.worker.maxCachedWorkflows,
      fastClock: config.fastClock,
    });
    const workerDone = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone;
    });

    const app = createApp({ db: database.db, calendar, tree, log, temporal: client, fastClock: config.fastClock });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s)).on('error', reject);
    });
    stops.push(() => new Promise((resolve) => server.close(() => resolve(undefined))));
    const { port } = server.address() as AddressInfo;

    return { apiUrl: `http://${config.host}:${port}`, temporalAddress, temporalUiUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
