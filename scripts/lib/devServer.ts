// Starts the Temporal CLI dev server (SQLite-backed) as a child process that cannot outlive us.
import { Connection } from '@temporalio/client';
import { ensureTemporalBinaries, freePort, spawnWatched, temporalCliPath } from './temporalBinaries.js';

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
}

export interface DevServer {
  /** host:port for Connection.connect / NativeConnection.connect. */
  address: string;
  /** http://127.0.0.1:<uiPort>, or '' when headless. */
  uiUrl: string;
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts `temporal server start-dev`, waits for the frontend, and checks the search attributes. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  await ensureTemporalBinaries({ only: 'cli' });
  const namespace = opts.namespace ?? 'default';
  const port = await freePort(opts.port ?? 7233);
  const uiPort = opts.headless ? 0 : await freePort(opts.uiPort ?? 8233);
  const address = `127.0.0.1:${port}`;

  const args = ['server', 'start-dev', '--db-filename', opts.dbFile, '--ip', '127.0.0.1', '--port', String(port)];
  args.push(...(opts.headless ? ['--headless'] : ['--ui-port', String(uiPort)]));
  // "default" always exists; naming it again is harmless but pointless.
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [name, type] of Object.entries(opts.searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
  args.push('--log-level', 'warn');

  const proc = spawnWatched(temporalCliPath(), args, opts.log);
  const { recent, stop } = proc;
  const exitInfo = proc.exitInfo;

  try {
    const connection = await waitForFrontend(address, namespace, opts.startTimeoutMs ?? 60_000, exitInfo);
    try {
      if (exitInfo()) throw new Error(`temporal ${exitInfo()}`);
      await registerSearchAttributes(connection, namespace, opts.searchAttributes);
    } finally {
      await connection.close();
    }
  } catch (e) {
    await stop();
    const detail = recent.length > 0 ? `\n--- temporal output ---\n${recent.join('\n')}` : '';
    throw new Error(`dev server on ${address} (db ${opts.dbFile}) failed to start: ${(e as Error).message}${detail}`);
  }
  return { address, uiUrl: opts.headless ? '' : `http://127.0.0.1:${uiPort}`, stop };
}

async function waitForFrontend(
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
