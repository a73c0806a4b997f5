// Starts the Temporal CLI dev server (SQLite-backed) as a child process that cannot outlive us, and,
// if asked, restarts it (same port, same SQLite file) when it dies without being told to stop.
import { Connection } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { ensureTemporalBinaries, freePort, spawnWatched, temporalCliPath, type WatchedProcess } from './temporalBinaries.js';

export type SearchAttributeTypeName = 'Keyword' | 'Datetime' | 'Bool' | 'Text' | 'Int' | 'Double' | 'KeywordList';

// Values of temporal.api.enums.v1.IndexedValueType (a const enum would need a runtime import of the protos).
export const indexedValueType: Record<SearchAttributeTypeName, number> = {
  Text: 1, Keyword: 2, Int: 3, Double: 4, Bool: 5, Datetime: 6, KeywordList: 7,
};

export interface DevServerOptions {
  /** SQLite file; state survives restarts. */
  dbFile: string;
  /** Frontend gRPC port; default 7233, 0 = pick a free one. Throws if the port is taken. */
  port?: number;
  /** Web UI port; default 8233, 0 = pick a free one. */
  uiPort?: number;
  /** Disable the Web UI (uiPort is then ignored). */
  headless?: boolean;
  /** Namespace to create and check search attributes in; default "default". */
  namespace?: string;
  searchAttributes: Record<string, SearchAttributeTypeName>;
  /** Receives the server's output lines (it logs at warn level). */
  log?: (line: string) => void;
  /** How long to wait for the frontend; default 60 s. */
  startTimeoutMs?: number;
  /** Sets the namespace's retention of closed workflows (days) after every start. */
  retentionDays?: number;
  /**
   * When the server exits without stop() (a crash, an OOM kill), start it again on the same port
   * with the same SQLite file, backing off while it keeps failing. stop() never restarts it.
   */
  restartOnExit?: boolean;
  /** Told when the server exited unexpectedly, is back, or could not be brought back (restartOnExit). */
  onEvent?: (event: DevServerEvent) => void;
}

export type DevServerEvent =
  | { type: 'exited'; address: string; detail: string; restartInMs: number }
  | { type: 'restarted'; address: string }
  | { type: 'restart-failed'; error: string; restartInMs: number };

export interface DevServer {
  /** host:port for Connection.connect / NativeConnection.connect. */
  address: string;
  /** http://127.0.0.1:<uiPort>, or '' when headless. */
  uiUrl: string;
  /** Stops the server for good (it is not restarted); resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Makes sure `attrs` exist as custom search attributes in `namespace`, adding the missing ones.
 * Throws if one exists with another type (the server cannot change a type in place).
 */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  attrs: Record<string, SearchAttributeTypeName>,
): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing: Record<string, number> = {};
  const wrongType: string[] = [];
  for (const [name, type] of Object.entries(attrs)) {
    const existing = customAttributes?.[name];
    if (existing === undefined || existing === null) missing[name] = indexedValueType[type];
    else if (Number(existing) !== indexedValueType[type]) wrongType.push(`${name} (is ${existing}, want ${type})`);
  }
  if (wrongType.length > 0) {
    throw new Error(`search attributes registered with another type in ${namespace}: ${wrongType.join(', ')}`);
  }
  if (Object.keys(missing).length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  }
}

/**
 * Sets how long `namespace` keeps closed workflows, if it differs. The database, not Temporal, is
 * the long-term record (Art. 29 keeps usage records for at least three years).
 */
export async function setNamespaceRetention(connection: Connection, namespace: string, days: number): Promise<void> {
  const wanted = days * 86_400_000;
  const { config } = await connection.workflowService.describeNamespace({ namespace });
  const current = config?.workflowExecutionRetentionTtl ? tsToMs(config.workflowExecutionRetentionTtl) : undefined;
  if (current === wanted) return;
  // Only the fields that are set change: the namespace keeps its other settings.
  await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: msToTs(wanted) } });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const RESTART_BACKOFF_MS = { first: 500, max: 30_000 };
const START_ATTEMPTS = 3;

/** A start that failed; `exitedEarly` when the server exited by itself (e.g. a port it bound was taken). */
class StartFailure extends Error {
  constructor(message: string, readonly exitedEarly: boolean) {
    super(message);
  }
}

/** Starts `temporal server start-dev`, waits for the frontend, and checks the search attributes. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  await ensureTemporalBinaries({ only: 'cli' });
  const namespace = opts.namespace ?? 'default';
  let port = await freePort(opts.port ?? 7233);
  const uiPort = opts.headless ? 0 : await freePort(opts.uiPort ?? 8233);
  let address = `127.0.0.1:${port}`;

  const argsFor = (frontendPort: number): string[] => {
    const args = ['server', 'start-dev', '--db-filename', opts.dbFile, '--ip', '127.0.0.1', '--port', String(frontendPort)];
    args.push(...(opts.headless ? ['--headless'] : ['--ui-port', String(uiPort)]));
    // "default" always exists; naming it again is harmless but pointless.
    if (namespace !== 'default') args.push('--namespace', namespace);
    for (const [name, type] of Object.entries(opts.searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
    args.push('--log-level', 'warn');
    return args;
  };

  let current: WatchedProcess | undefined;
  let stopping = false;

  /** Spawns the server and waits until it serves the namespace; `current` is it from the spawn on. */
  const launch = async (): Promise<void> => {
    const proc = spawnWatched(temporalCliPath(), argsFor(port), opts.log);
    current = proc;
    const { exitInfo } = proc;
    try {
      const connection = await waitForFrontend(address, namespace, opts.startTimeoutMs ?? 60_000, exitInfo);
      try {
        if (exitInfo()) throw new Error(`temporal ${exitInfo()}`);
        await registerSearchAttributes(connection, namespace, opts.searchAttributes);
        if (opts.retentionDays !== undefined) await setNamespaceRetention(connection, namespace, opts.retentionDays);
      } finally {
        await connection.close();
      }
    } catch (e) {
      await proc.stop();
      const output = proc.output();
      const detail = output ? `\n--- temporal output ---\n${output}` : '';
      throw new StartFailure(`dev server on ${address} (db ${opts.dbFile}) failed to start: ${(e as Error).message}${detail}`, exitInfo() !== undefined);
    }
    if (opts.restartOnExit) proc.child.once('exit', () => superviseExit(proc));
  };

  // Wakes the back-off sleep early when stop() is called.
  let wake: (() => void) | undefined;
  let restarting: Promise<void> | undefined;
  const superviseExit = (proc: WatchedProcess): void => {
    if (stopping || proc !== current) return;
    restarting = (async () => {
      let delay = RESTART_BACKOFF_MS.first;
      opts.onEvent?.({ type: 'exited', address, detail: proc.exitInfo() ?? 'exited', restartInMs: delay });
      for (;;) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (stopping) return;
        try {
          await freePort(port); // something else may have taken the port meanwhile
          await launch();
          if (stopping) return; // stop() stops `current`
          opts.onEvent?.({ type: 'restarted', address });
          return;
        } catch (e) {
          if (stopping) return;
          delay = Math.min(delay * 2, RESTART_BACKOFF_MS.max);
          opts.onEvent?.({ type: 'restart-failed', error: (e as Error).message, restartInMs: delay });
        }
      }
    })();
  };

  // The CLI picks its HTTP, metrics and internal service ports itself, and a port found free may be
  // taken before the server binds it: when several servers start at once (parallel test files), a
  // start-up can lose such a race and exit. Start again, on a new frontend port if it was ours to pick.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (e) {
      if (!(e instanceof StartFailure) || !e.exitedEarly || attempt >= START_ATTEMPTS) throw e;
      opts.log?.(`${(e as Error).message.split('\n')[0]}; starting again (attempt ${attempt + 1} of ${START_ATTEMPTS})`);
      if (opts.port === 0) {
        port = await freePort(0);
        address = `127.0.0.1:${port}`;
      }
    }
  }
  return {
    address,
    uiUrl: opts.headless ? '' : `http://127.0.0.1:${uiPort}`,
    async stop() {
      stopping = true;
      wake?.();
      await current?.stop();
      await restarting;
      await current?.stop(); // one a restart may have spawned meanwhile
    },
  };
}

/**
 * Waits until the frontend at `address` answers for `namespace` (or `exited()` says the server is
 * gone), and returns the connection; throws after `timeoutMs`.
 */
export async function waitForFrontend(
  address: string,
  namespace: string,
  timeoutMs: number,
  exited: () => string | undefined,
): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`temporal ${gone}`);
    // A local subchannel pool: a shared one would inherit the reconnect backoff (up to 120 s) of
    // other connections of this process to the same address, e.g. after the server restarted.
    const connection = Connection.lazy({ address, connectTimeout: 2_000, channelArgs: { 'grpc.use_local_subchannel_pool': 1 } });
    try {
      // The frontend can answer before the namespace registry has loaded the namespace.
      await connection.ensureConnected();
      await connection.workflowService.describeNamespace({ namespace });
      return connection;
    } catch (e) {
      lastError = e;
      await connection.close().catch(() => undefined);
      await sleep(250);
    }
  }
  throw new Error(`no answer within ${timeoutMs} ms (last error: ${(lastError as Error | undefined)?.message})`);
}
