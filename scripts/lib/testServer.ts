// The Java SDK's time-skipping test server: started by us, or through TestWorkflowEnvironment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment, type TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { indexedValueType, type SearchAttributeTypeName } from './devServer.js';
import {
  ensureTemporalBinaries,
  faketimeLibPath,
  freePort,
  spawnWatched,
  testServerPath,
} from './temporalBinaries.js';

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
  const proc = spawnWatched(testServerPath(), [String(port)], opts.log);
  const { output, stop } = proc;

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (proc.exitInfo()) break;
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
  const why = proc.exitInfo() ?? `no answer (last error: ${(lastError as Error | undefined)?.message})`;
  throw new Error(`time-skipping test server on ${address} failed to start: ${why}\n${output()}`);
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
  /**
   * Start the server's clock at this instant (it then runs and skips forward from there) instead of
   * now. A string needs an explicit offset or Z, e.g. '2026-09-24T12:00:00+08:00'; a number is epoch ms.
   * Needs libfaketime (Linux; see docs/development.md) and works with the native binary and the Maven fallback.
   */
  startAt?: Date | string | number;
  /** Custom search attributes to register before returning. */
  searchAttributes?: Record<string, SearchAttributeTypeName>;
  /** Start attempts; default 3. */
  attempts?: number;
};

function parseStartAt(startAt: Date | string | number): number {
  if (typeof startAt === 'string' && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(startAt.trim())) {
    throw new Error(`startAt "${startAt}" has no offset; write e.g. "2026-09-24T12:00:00+08:00" or "...Z"`);
  }
  const ms = startAt instanceof Date ? startAt.getTime() : typeof startAt === 'number' ? startAt : Date.parse(startAt);
  if (!Number.isFinite(ms)) throw new Error(`startAt ${String(startAt)} is not a valid instant`);
  return ms;
}

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const howToGetFaketime =
  'Run `node scripts/obtain-temporal-binaries.mjs --only faketime` (Debian/Ubuntu: apt-get download of the pinned ' +
  'libfaketime), or set FAKETIME_LIB_PATH to a libfaketimeMT.so.1 (e.g. from `apt-get install libfaketime`, ' +
  'or built from https://github.com/wolfcw/libfaketime).';

/**
 * Writes a wrapper that runs the test server under libfaketime with its clock starting at
 * `startMs` (FAKETIME "@..." is read in TZ, hence TZ=UTC; DONT_RESET keeps one clock for the
 * process). Returns its path; the caller removes its directory.
 */
async function faketimeWrapper(startMs: number): Promise<string> {
  if (process.platform !== 'linux') {
    throw new Error(`createTimeSkippingEnv({ startAt }) needs libfaketime (LD_PRELOAD), i.e. Linux; this is ${process.platform}`);
  }
  try {
    await ensureTemporalBinaries({ only: 'faketime' });
  } catch (e) {
    throw new Error(`createTimeSkippingEnv({ startAt }) needs libfaketime, which is not available (${(e as Error).message}). ${howToGetFaketime}`);
  }
  const lib = path.resolve(faketimeLibPath());
  if (/[\s:]/.test(lib)) throw new Error(`${lib}: LD_PRELOAD cannot take a path with blanks or colons; set FAKETIME_LIB_PATH to another copy`);
  const faketime = `@${new Date(startMs).toISOString().replace('T', ' ').replace('Z', '')}`; // '@2026-09-24 04:00:00.000'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-test-server-at-'));
  const wrapper = path.join(dir, 'temporal-test-server');
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\n# The time-skipping test server with its clock starting at ${new Date(startMs).toISOString()} (libfaketime).\n` +
      `LD_PRELOAD=${shQuote(lib)}\${LD_PRELOAD:+:\$LD_PRELOAD}\n` +
      `export LD_PRELOAD FAKETIME=${shQuote(faketime)} FAKETIME_DONT_RESET=1 TZ=UTC\n` +
      `exec ${shQuote(testServerPath())} "$@"\n`,
    { mode: 0o755 },
  );
  return wrapper;
}

/**
 * A time-skipping TestWorkflowEnvironment backed by the pinned test server binary.
 *
 * createFromExistingServer() cannot be used: it hard-codes supportsTimeSkipping=false, so
 * env.sleep() would really sleep. createTimeSkipping() with an existing-path executable lets the
 * SDK spawn our binary; the SDK only waits 5 s for it to answer, which the native binary meets
 * easily (~0.3 s) and a JVM (Maven fallback, ~1.5 s) usually does; retries cover a busy machine.
 * With `startAt` the binary runs under libfaketime (see faketimeWrapper), and the server's time
 * is checked to be startAt (plus the start-up time) before returning.
 * Each call starts its own server process. Call env.teardown() when done; it stops the server.
 */
export async function createTimeSkippingEnv(opts: TimeSkippingEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  const { attempts = 3, searchAttributes, startAt, ...envOpts } = opts;
  const startMs = startAt === undefined ? undefined : parseStartAt(startAt);
  await ensureTemporalBinaries({ only: 'test-server' });
  const executable = startMs === undefined ? testServerPath() : await faketimeWrapper(startMs);
  try {
    for (let attempt = 1; ; attempt++) {
      let env: TestWorkflowEnvironment;
      const spawnedAt = Date.now();
      try {
        env = await TestWorkflowEnvironment.createTimeSkipping({
          ...envOpts,
          server: { executable: { type: 'existing-path', path: executable } },
        });
      } catch (e) {
        if (attempt >= attempts || !/did not start within/.test(String((e as Error).message))) throw e;
        continue;
      }
      try {
        if (startMs !== undefined) {
          // The faked clock starts when the server process does, so it must read startAt plus at
          // most the time since the spawn; anything else means LD_PRELOAD did not take (a static binary?).
          const now = await env.currentTimeMs();
          if (now < startMs - 1_000 || now > startMs + (Date.now() - spawnedAt) + 1_000) {
            throw new Error(
              `the test server ignored libfaketime: its time is ${new Date(now).toISOString()}, expected ` +
                `${new Date(startMs).toISOString()} (is ${faketimeLibPath()} libfaketime, and ${testServerPath()} a ` +
                'dynamically linked binary or a JVM wrapper?)',
            );
          }
        }
        if (searchAttributes) await addTestServerSearchAttributes(env.connection, searchAttributes);
      } catch (e) {
        await env.teardown().catch(() => undefined);
        throw e;
      }
      return env;
    }
  } finally {
    // The SDK has exec'd the wrapper by now (or given up); the server does not need it any more.
    if (executable !== testServerPath()) fs.rmSync(path.dirname(executable), { recursive: true, force: true });
  }
}
