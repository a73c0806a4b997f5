// Child-process entry of the benchmark: hosts either a Temporal worker or the HTTP API, so that each
// has its own event loop and the worker's RSS is its own. Driven over IPC by bench/children.ts:
// it says `ready`, answers `stats`, and on `stop` (or when the parent goes away) shuts down.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { PROCESS_APIS } from '../processes';
import { createApp } from '../api/app';
import { devIssuer, devTokenVerifier } from '../identity/devIssuer';
import { BENCH_ISSUER_ENV } from './http';
import { apiServer } from '../api/clientErrors';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { loadCalendar, loadJurisdictionTree } from '../db/directory';
import { createLogger } from '../logger';
import { NO_LIMITS } from '../config';
import type { ComputedDeadline, DeadlineInput } from '../workflows/shared';
import { shanghaiIso } from '../workflows/case/time';

export type HostSpec =
  | {
      role: 'worker';
      temporalAddress: string;
      taskQueue: string;
      bundlePath: string;
      /** Absent: a worker without activities (the no-op baseline). */
      databaseUrl?: string;
      /** Replace computeDeadline: every deadline falls this many ms after it is computed. */
      deadlineOverrideMs?: number;
      /** Experiment knob; absent: the SDK default, as worker/worker.ts. */
      maxCachedWorkflows?: number;
      /** The SDK's log level in this host; default WARN (fault tests expect retries and ask for ERROR). */
      logLevel?: 'WARN' | 'ERROR';
      /** Fault tests: SIGKILL itself once the recorder has written an event of this type, before its workflow task completes. */
      dieAfterRecording?: string;
    }
  | { role: 'api'; temporalAddress: string; databaseUrl: string };

export type HostMessage =
  | { type: 'ready'; port?: number; maxCachedWorkflows?: number }
  | { type: 'stats'; rss: number; heapUsed: number; external: number; rssAnon?: number; rssFile?: number; numCachedWorkflows?: number }
  | { type: 'error'; message: string };


function benchDeadline(delayMs: number) {
  return async (input: DeadlineInput): Promise<ComputedDeadline> => {
    const dueAt = shanghaiIso(Date.now() + delayMs);
    return { dueAt, dueDate: dueAt.slice(0, 10), provisional: false, workingDays: input.workingDays };
  };
}

const send = (m: HostMessage, then: () => void = () => undefined): void => void process.send?.(m, then);

/** Anonymous (heaps, malloc) and file-backed (code, shared libraries) resident bytes, from /proc. */
function rssParts(): { rssAnon?: number; rssFile?: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024 || undefined;
    return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile') };
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as HostSpec;
  const closers: Array<() => Promise<unknown>> = [];
  let stats: () => Partial<HostMessage & { type: 'stats' }> = () => ({});
  let database: DatabaseHandle | undefined;
  if (spec.databaseUrl) {
    database = await openDatabase({ kind: 'pg', url: spec.databaseUrl });
    closers.push(() => database!.close());
  }

  if (spec.role === 'worker') {
    // Fault tests ask for errors only: Core logs to the console itself, so its filter follows.
    if (spec.logLevel) {
      Runtime.install({ logger: new DefaultLogger(spec.logLevel), telemetryOptions: { logging: { filter: { core: spec.logLevel, other: spec.logLevel } } } });
    } else Runtime.install({ logger: new DefaultLogger('WARN') });
    const connection = await NativeConnection.connect({ address: spec.temporalAddress });
    closers.unshift(() => connection.close());
    let activities: Record<string, (...args: never[]) => Promise<unknown>> | undefined;
    if (database) {
      const tree = await loadJurisdictionTree(database.db);
      const calendar = await loadCalendar(database.db, tree);
      const clientConnection = await Connection.connect({ address: spec.temporalAddress });
      closers.unshift(() => clientConnection.close());
      const real = createActivities({ db: database.db, calendar, tree, temporal: new Client({ connection: clientConnection }) }, PROCESS_APIS);
      activities = spec.deadlineOverrideMs ? { ...real, computeDeadline: benchDeadline(spec.deadlineOverrideMs) } : { ...real }; // a copy: the wrappers below call the originals
      const dieAfter = spec.dieAfterRecording;
      if (dieAfter) {
        activities.recordCaseEvent = async (input: Parameters<typeof real.recordCaseEvent>[0]) => {
          const result = await real.recordCaseEvent(input);
          if (input.event.type === dieAfter) process.kill(process.pid, 'SIGKILL');
          return result;
        };
      }
    }
    // The same options as worker/worker.ts createWorker (defaults otherwise), from a prebuilt bundle.
    const worker = await Worker.create({
      connection,
      namespace: 'default',
      taskQueue: spec.taskQueue,
      workflowBundle: { codePath: spec.bundlePath },
      activities,
      ...(spec.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: spec.maxCachedWorkflows } : {}),
    });
    const running = worker.run();
    closers.unshift(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    stats = () => ({ numCachedWorkflows: worker.getStatus().numCachedWorkflows });
    send({ type: 'ready', maxCachedWorkflows: worker.options.maxCachedWorkflows });
  } else {
    const db = database!.db;
    const connection = await Connection.connect({ address: spec.temporalAddress });
    closers.unshift(() => connection.close());
    const tree = await loadJurisdictionTree(db);
    const calendar = await loadCalendar(db, tree);
    const verifyToken = devTokenVerifier(await devIssuer(process.env[BENCH_ISSUER_ENV]));
    // Rate limit and open-case cap off: the benchmark measures the engine, and opens thousands of cases.
    const app = createApp({ db, calendar, tree, log: createLogger('silent'), temporal: new Client({ connection }), verifyToken, limits: NO_LIMITS });
    const server: Server = await new Promise((resolve, reject) => {
      const s = apiServer(app)
        .listen(0, '127.0.0.1', () => resolve(s))
        .on('error', reject);
    });
    closers.unshift(() => new Promise((resolve) => server.close(resolve)));
    server.keepAliveTimeout = 30_000;
    send({ type: 'ready', port: (server.address() as AddressInfo).port });
  }

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const hardStop = setTimeout(() => process.exit(code || 3), 20_000);
    hardStop.unref();
    for (const close of closers) await close().catch(() => undefined);
    process.exit(code);
  };
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'stats') {
      const mem = process.memoryUsage();
      send({ type: 'stats', rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external, ...rssParts(), ...stats() });
    } else if (m.cmd === 'stop') void stop(0);
  });
  // The parent is gone (even by SIGKILL): nothing should outlive it.
  process.on('disconnect', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
}

main().catch((err) => {
  send({ type: 'error', message: String((err as Error)?.stack ?? err) }, () => process.exit(1));
  setTimeout(() => process.exit(1), 2_000).unref();
});
