// The Java SDK's time-skipping test server: started by us, or through TestWorkflowEnvironment.
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment, type TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { indexedValueType, type SearchAttributeTypeName } from './devServer.js';
import { ensureTemporalBinaries, freePort, spawnTied, stopTied, testServerPath } from './temporalBinaries.js';

export interface TestServer {
  /** 127.0.0.1:port */
  address: string;
  port: number;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Spawns the test server on a free port (or `opts.port`) and waits until it answers gRPC.
 * Note: a plain client against it does not skip time; for that use createTimeSkippingEnv().
 */
export async function startTimeSkippingTestServer(
  opts: { port?: number; log?: (line: string) => void; startTimeoutMs?: number } = {},
): Promise<TestServer> {
  await ensureTemporalBinaries({ only: 'test-server' });
  const port = await freePort(opts.port ?? 0);
  const address = `127.0.0.1:${port}`;
  const recent: string[] = [];
  const child = spawnTied(testServerPath(), [String(port)], (line) => {
    recent.push(line);
    if (recent.length > 30) recent.shift();
    opts.log?.(line);
  });
  let exitInfo: string | undefined;
  child.once('exit', (code, signal) => (exitInfo = `exited with ${code ?? signal}`));
  const stop = (): Promise<void> => stopTied(child);

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exitInfo) break;
    const connection = Connection.lazy({ address, connectTimeout: 2_000 });
    try {
      await connection.ensureConnected();
      await connection.close();
      return { address, port, stop };
    } catch (e) {
      lastError = e;
      await connection.close().catch(() => undefined);
      await sleep(200);
    }
  }
  await stop();
  const why = exitInfo ?? `no answer (last error: ${(lastError as Error | undefined)?.message})`;
  throw new Error(`time-skipping test server on ${address} failed to start: ${why}\n${recent.join('\n')}`);
}

/**
 * Registers custom search attributes on a test server. It starts with none: starting a workflow
 * with an unknown one is rejected (INVALID_ARGUMENT), and upserting one fails the workflow task
 * (BadSearchAttributes) forever, which also stops time skipping for the whole server.
 * It implements AddSearchAttributes but not ListSearchAttributes, so existing ones are skipped
 * by their ALREADY_EXISTS error.
 */
export async function addTestServerSearchAttributes(
  connection: Connection,
  attrs: Record<string, SearchAttributeTypeName>,
  namespace = 'default',
): Promise<void> {
  for (const [name, type] of Object.entries(attrs)) {
    try {
      const searchAttributes = { [name]: indexedValueType[type] };
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
    } catch (e) {
      if ((e as { code?: number }).code !== 6 /* ALREADY_EXISTS */) throw e;
    }
  }
}

export type TimeSkippingEnvOptions = Omit<TimeSkippingTestWorkflowEnvironmentOptions, 'server'> & {
  /** Custom search attributes to register before returning. */
  searchAttributes?: Record<string, SearchAttributeTypeName>;
  /** Start attempts; default 3. */
  attempts?: number;
};

/**
 * A time-skipping TestWorkflowEnvironment backed by the pinned test server binary.
 *
 * createFromExistingServer() cannot be used: it hard-codes supportsTimeSkipping=false, so
 * env.sleep() would really sleep. createTimeSkipping() with an existing-path executable lets the
 * SDK spawn our binary; the SDK only waits 5 s for it to answer, which the native binary meets
 * easily (~0.3 s) and a JVM (Maven fallback, ~1.5 s) usually does; retries cover a busy machine.
 * Call env.teardown() when done; it stops the server.
 */
export async function createTimeSkippingEnv(opts: TimeSkippingEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  await ensureTemporalBinaries({ only: 'test-server' });
  const { attempts = 3, searchAttributes, ...envOpts } = opts;
  for (let attempt = 1; ; attempt++) {
    let env: TestWorkflowEnvironment;
    try {
      env = await TestWorkflowEnvironment.createTimeSkipping({
        ...envOpts,
        server: { executable: { type: 'existing-path', path: testServerPath() } },
      });
    } catch (e) {
      if (attempt >= attempts || !/did not start within/.test(String((e as Error).message))) throw e;
      continue;
    }
    if (searchAttributes) {
      await addTestServerSearchAttributes(env.connection, searchAttributes).catch(async (e: unknown) => {
        await env.teardown();
        throw e;
      });
    }
    return env;
  }
}
