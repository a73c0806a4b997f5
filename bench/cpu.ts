// CPU seconds spent by each component during a phase, from /proc (Linux only; empty elsewhere):
// the Temporal dev server, the worker and API hosts, this process (the load generator), and our
// own PostgreSQL server (postmaster, its live backends, and the backends it has reaped).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { commandLines } from '../scripts/lib/processes';

const TICKS = 100; // USER_HZ on Linux

/** utime+stime (and cutime+cstime when `children`) of one process, in seconds; 0 if it is gone. */
function cpuOf(pid: number, children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    const own = Number(f[11]) + Number(f[12]);
    return (children ? own + Number(f[13]) + Number(f[14]) : own) / TICKS;
  } catch {
    return 0;
  }
}

function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The pid of the process whose argv[0] ends with `exe` and whose command line mentions `needle`. */
export function findProcess(exe: string, needle: string): number | undefined {
  return commandLines().find(({ argv }) => argv[0]?.endsWith(exe) && argv.some((a) => a.includes(needle)))?.pid;
}

export type Components = Partial<Record<'temporal' | 'worker' | 'api' | 'loadgen' | 'postgres', number>>;

function sample(c: Components): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(c)) {
    if (!pid) continue;
    out[name] = name === 'postgres' ? cpuOf(pid, true) + childrenOf(pid).reduce((n, p) => n + cpuOf(p), 0) : cpuOf(pid);
  }
  return out;
}

/** Starts counting; `stop()` answers CPU seconds per component since then. */
export function cpuMeter(c: Components): { stop(): Record<string, number> } {
  if (!existsSync('/proc')) return { stop: () => ({}) };
  const before = sample(c);
  return {
    stop() {
      const after = sample(c);
      return Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - (before[k] ?? 0)]));
    },
  };
}
