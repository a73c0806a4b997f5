// Finds the `temporal server start-dev` process of a dev server (Linux /proc), so a test can kill
// the server it started the way a crash or the OOM killer would, behind the supervisor's back.
import { readdirSync, readFileSync } from 'node:fs';

/** The PID of the dev server running on `dbFile`. */
export function devServerPid(dbFile: string): number {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (argv[0]?.endsWith('/temporal') && argv.includes('start-dev') && argv.includes(dbFile)) return Number(pid);
  }
  throw new Error(`no dev server process on ${dbFile}`);
}

export { portAnswers } from '../../scripts/lib/temporalBinaries';
