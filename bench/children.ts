// Parent side of bench/host.ts: forks a worker or API host (through tsx), waits for it to be ready,
// asks for its memory, and stops it, killing it if it does not exit in time.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HostMessage, HostSpec } from './host';

const HOST = fileURLToPath(new URL('./host.ts', import.meta.url));
const PROFILES = fileURLToPath(new URL('./profiles/', import.meta.url));

export interface Host {
  pid: number;
  ready: Extract<HostMessage, { type: 'ready' }>;
  stats(): Promise<Extract<HostMessage, { type: 'stats' }>>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
/** Kills every host still running (used on the way out after an error or a signal). */
export function killAllHosts(): void {
  for (const c of live) c.kill('SIGKILL');
}

export async function startHost(spec: HostSpec, opts: { cpuProf?: boolean; label: string; startTimeoutMs?: number }): Promise<Host> {
  const execArgv = ['--import', 'tsx'];
  if (opts.cpuProf) {
    // One directory per host: every thread (main, tsx's loader, workflow threads) writes its own file.
    const dir = `${PROFILES}${opts.label}-${Date.now()}`;
    mkdirSync(dir, { recursive: true });
    execArgv.push('--cpu-prof', '--cpu-prof-dir', dir);
  }
  const child = fork(HOST, [JSON.stringify(spec)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  live.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (live.delete(child), resolve(code))));

  const waiters: Array<(m: HostMessage) => void> = [];
  child.on('message', (m: HostMessage) => waiters.shift()?.(m));
  const next = (timeoutMs: number, what: string) =>
    new Promise<HostMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${opts.label}: no ${what} within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((m) => (clearTimeout(timer), resolve(m)));
      void exited.then((code) => (clearTimeout(timer), reject(new Error(`${opts.label} exited with ${code} while waiting for ${what}`))));
    });

  const first = await next(opts.startTimeoutMs ?? 120_000, 'ready').catch((err) => {
    child.kill('SIGKILL');
    throw err;
  });
  if (first.type !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(`${opts.label} failed to start: ${first.type === 'error' ? first.message : first.type}`);
  }

  return {
    pid: child.pid!,
    ready: first,
    async stats() {
      const reply = next(10_000, 'stats');
      child.send({ cmd: 'stats' });
      const m = await reply;
      if (m.type !== 'stats') throw new Error(`${opts.label}: unexpected ${m.type}`);
      return m;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ cmd: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
