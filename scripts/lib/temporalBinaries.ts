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

/** What obtain-temporal-binaries.mjs installed (route pypi|go|maven and version), if it did. */
export function installedInfo(which: 'cli' | 'test-server'): { route: string; version: string } | undefined {
  const bin = which === 'cli' ? temporalCliPath() : testServerPath();
  try {
    return JSON.parse(fs.readFileSync(`${bin}.installed.json`, 'utf8')) as { route: string; version: string };
  } catch {
    return undefined;
  }
}

// Versions the obtain script may have installed (PyPI pin or fallback pin) per binary.
function acceptableVersions(which: 'cli' | 'test-server'): string[] {
  const pins = JSON.parse(fs.readFileSync(path.join(scriptsDir, 'temporal-binaries.json'), 'utf8'));
  return which === 'cli'
    ? [pins.cli.version, pins.cli.goFallback.version]
    : [pins.testServer.version, pins.testServer.mavenFallback.version];
}

function needsObtaining(which: 'cli' | 'test-server'): boolean {
  const overridden = which === 'cli' ? process.env.TEMPORAL_CLI_PATH : process.env.TEMPORAL_TEST_SERVER_PATH;
  const bin = which === 'cli' ? temporalCliPath() : testServerPath();
  if (overridden) {
    if (!fs.existsSync(bin)) throw new Error(`${bin} (from the environment) does not exist`);
    return false;
  }
  const info = installedInfo(which);
  return !fs.existsSync(bin) || !info || !acceptableVersions(which).includes(info.version);
}

/**
 * Makes sure the binaries exist at a pinned version, running the obtain script (synchronously, it
 * is a one-off download) when one is missing or was installed for an older pin.
 */
export async function ensureTemporalBinaries(opts: { only?: 'cli' | 'test-server' } = {}): Promise<void> {
  const want = opts.only ? [opts.only] : (['cli', 'test-server'] as const);
  const missing = want.filter(needsObtaining);
  if (missing.length === 0) return;
  const args = [obtainScript, '--quiet-if-cached', ...(missing.length === 1 ? ['--only', missing[0]!] : [])];
  const res = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) {
    throw new Error(`obtaining Temporal binaries failed (node ${args.join(' ')} exited ${res.status ?? res.signal})`);
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

const live = new Set<ChildProcess>();
let hooksInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

// Parent exit/Ctrl-C/SIGTERM kill the children; the sh watchdog in spawnTied covers SIGKILL of the parent.
function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => live.forEach((c) => killGroup(c, 'SIGKILL')));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      live.forEach((c) => killGroup(c, 'SIGKILL'));
      // Alone on this signal we would swallow it: restore the default and re-raise so the process still dies.
      if (process.listenerCount(sig) === 1) {
        process.off(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

/**
 * Spawns `cmd args` in its own process group under a tiny sh watchdog that kills it once this
 * process disappears (even by SIGKILL), and forwards its output lines to `log`.
 */
export function spawnTied(cmd: string, args: string[], log?: (line: string) => void): ChildProcess {
  installHooks();
  const watchdog =
    '"$@" & c=$!; trap \'kill $c 2>/dev/null; wait $c; exit 0\' TERM INT; ' +
    `while kill -0 ${process.pid} 2>/dev/null && kill -0 $c 2>/dev/null; do sleep 1; done; ` +
    'kill $c 2>/dev/null; wait $c';
  const child = spawn('/bin/sh', ['-c', watchdog, 'sh', cmd, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
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
