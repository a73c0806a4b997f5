// Paths to the pinned Temporal binaries, plus helpers shared by devServer.ts and testServer.ts
// for running them as children that cannot outlive this process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const scriptsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = path.resolve(scriptsDir, '..', '.tools');
const obtainScript = path.join(scriptsDir, 'obtain-temporal-binaries.mjs');

/** Path to the `temporal` CLI: $TEMPORAL_CLI_PATH, else .tools/temporal. */
export function temporalCliPath(): string {
  return process.env.TEMPORAL_CLI_PATH || path.join(toolsDir, 'temporal');
}

/** Path to the time-skipping test server (native binary or java wrapper; takes `<port>`). */
export function testServerPath(): string {
  return process.env.TEMPORAL_TEST_SERVER_PATH || path.join(toolsDir, 'temporal-test-server');
}

/** Path to libfaketime's multi-threaded library: $FAKETIME_LIB_PATH, else .tools/faketime/libfaketimeMT.so.1. */
export function faketimeLibPath(): string {
  return process.env.FAKETIME_LIB_PATH || path.join(toolsDir, 'faketime', 'libfaketimeMT.so.1');
}

export type TemporalBinary = 'cli' | 'test-server' | 'faketime';

const markerFile = (which: TemporalBinary): string =>
  which === 'faketime'
    ? path.join(toolsDir, 'faketime.installed.json')
    : `${which === 'cli' ? temporalCliPath() : testServerPath()}.installed.json`;

/** What obtain-temporal-binaries.mjs installed (route pypi|go|maven|apt and version), if it did. */
export function installedInfo(which: TemporalBinary): { route: string; version: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(markerFile(which), 'utf8')) as { route: string; version: string };
  } catch {
    return undefined;
  }
}

// Versions the obtain script may have installed (pin or fallback pin) per binary.
function acceptableVersions(which: TemporalBinary): string[] {
  const pins = JSON.parse(fs.readFileSync(path.join(scriptsDir, 'temporal-binaries.json'), 'utf8'));
  if (which === 'faketime') return [pins.faketime.version];
  return which === 'cli'
    ? [pins.cli.version, pins.cli.goFallback.version]
    : [pins.testServer.version, pins.testServer.mavenFallback.version];
}

const envVarOf = { cli: 'TEMPORAL_CLI_PATH', 'test-server': 'TEMPORAL_TEST_SERVER_PATH', faketime: 'FAKETIME_LIB_PATH' } as const;
const pathOf = { cli: temporalCliPath, 'test-server': testServerPath, faketime: faketimeLibPath } as const;

function needsObtaining(which: TemporalBinary): boolean {
  const bin = pathOf[which]();
  if (process.env[envVarOf[which]]) {
    if (!fs.existsSync(bin)) throw new Error(`${bin} (from ${envVarOf[which]}) does not exist`);
    return false;
  }
  const info = installedInfo(which);
  return !fs.existsSync(bin) || !info || !acceptableVersions(which).includes(info.version);
}

function runObtainScript(only?: TemporalBinary): void {
  const args = [obtainScript, '--quiet-if-cached', ...(only ? ['--only', only] : [])];
  const res = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) {
    throw new Error(`obtaining Temporal binaries failed (node ${args.join(' ')} exited ${res.status ?? res.signal})`);
  }
}

// A failure to obtain libfaketime, remembered per FAKETIME_LIB_PATH so it is tried once per process.
let faketimeFailure: { key: string; error: Error } | undefined;
const faketimeFailed = (): Error | undefined =>
  faketimeFailure?.key === (process.env.FAKETIME_LIB_PATH ?? '') ? faketimeFailure.error : undefined;
const rememberFaketimeFailure = (error: Error): void => {
  faketimeFailure = { key: process.env.FAKETIME_LIB_PATH ?? '', error };
};

/**
 * Makes sure the binaries exist at a pinned version, running the obtain script (synchronously, it
 * is a one-off download) when one is missing or was installed for an older pin.
 *
 * Without `only`: the CLI and the test server (failure throws) and libfaketime, best effort: if it
 * cannot be obtained the script has printed why and this returns anyway (it is tried once per
 * process). With `only: 'faketime'` failure throws.
 */
export async function ensureTemporalBinaries(opts: { only?: TemporalBinary } = {}): Promise<void> {
  const failed = opts.only === 'faketime' ? faketimeFailed() : undefined;
  if (failed) throw failed;
  const required: TemporalBinary[] = opts.only ? [opts.only] : ['cli', 'test-server'];
  let missing: TemporalBinary[];
  try {
    missing = required.filter(needsObtaining);
    if (missing.length > 0) runObtainScript(missing.length === 1 ? missing[0] : undefined);
  } catch (e) {
    if (opts.only === 'faketime') rememberFaketimeFailure(e as Error);
    throw e;
  }
  if (opts.only || missing.length === 2 /* that run included faketime */) return;
  if (faketimeFailed()) return;
  let needed: boolean;
  try {
    needed = needsObtaining('faketime');
  } catch (e) {
    rememberFaketimeFailure(e as Error);
    console.error(`[temporal-binaries] WARNING: libfaketime: ${(e as Error).message}`);
    return;
  }
  if (!needed) return;
  try {
    runObtainScript('faketime');
  } catch (e) {
    rememberFaketimeFailure(e as Error); // the script printed the reason and how to get it
  }
}

/**
 * Returns a free loopback port when `port` is 0, else `port` itself after checking nothing listens
 * there (otherwise a readiness probe could happily talk to some other server on it).
 */
export async function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} on 127.0.0.1 is already in use`) : e),
    );
    srv.listen(port, '127.0.0.1', () => {
      const { port: p } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(p));
    });
  });
}

/** Does anything accept connections on the loopback port? */
export async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const live = new Set<ChildProcess>();
let hooksInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

// The children die with us: at exit (this hook), on a signal nobody else handles (below), and by
// the sh watchdog in spawnTied when we are SIGKILLed.
function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => live.forEach((c) => killGroup(c, 'SIGKILL')));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      // Another handler owns this signal and stops in order (npm start: HTTP, then the worker's
      // drain, which needs the server, then the server). Killing the children here pulled the dev
      // server from under the draining worker. The exit hook still kills whatever is left.
      if (process.listenerCount(sig) > 1) return;
      live.forEach((c) => killGroup(c, 'SIGKILL'));
      // Alone on this signal we would swallow it: restore the default and re-raise so the process still dies.
      process.off(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/** Where a tied child runs and with which environment (default: ours). */
export interface SpawnTiedOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Spawns `cmd args` in its own process group under a tiny sh watchdog that kills it once this
 * process disappears (even by SIGKILL), and forwards its output lines to `log`.
 */
export function spawnTied(cmd: string, args: string[], log?: (line: string) => void, options: SpawnTiedOptions = {}): ChildProcess {
  installHooks();
  const watchdog =
    '"$@" & c=$!; trap \'kill $c 2>/dev/null; wait $c; exit 0\' TERM INT; ' +
    `while kill -0 ${process.pid} 2>/dev/null && kill -0 $c 2>/dev/null; do sleep 1; done; ` +
    'kill $c 2>/dev/null; wait $c';
  const child = spawn('/bin/sh', ['-c', watchdog, 'sh', cmd, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
    env: options.env,
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      lines.forEach((l) => log?.(l));
    });
  }
  return child;
}

/** SIGTERM the child's process group, SIGKILL it after `graceMs`; resolves once it has exited. */
export async function stopTied(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  live.delete(child);
}

/** A tied child that remembers its last output lines and how it exited, for start-up errors. */
export interface WatchedProcess {
  child: ChildProcess;
  /** The last 30 lines it printed. */
  recent: string[];
  /** Its first 10 lines and its last 30 (a Go panic names its cause first), for error messages. */
  output(): string;
  /** "exited with <code|signal>" once it has exited. */
  exitInfo(): string | undefined;
  stop(): Promise<void>;
}

export function spawnWatched(cmd: string, args: string[], log?: (line: string) => void, options?: SpawnTiedOptions): WatchedProcess {
  const recent: string[] = [];
  const head: string[] = [];
  let lines = 0;
  const child = spawnTied(cmd, args, (line) => {
    if (head.length < 10) head.push(line);
    lines += 1;
    recent.push(line);
    if (recent.length > 30) recent.shift();
    log?.(line);
  }, options);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  const output = (): string => {
    const tail = recent.slice(Math.max(0, recent.length - (lines - head.length)));
    const gap = lines > head.length + tail.length ? [`… (${lines - head.length - tail.length} lines)`] : [];
    return [...head, ...gap, ...tail].join('\n');
  };
  return { child, recent, output, exitInfo: () => exited, stop: () => stopTied(child) };
}
