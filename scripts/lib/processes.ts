// Processes by their command lines (Linux /proc): the benchmark finds the servers it measures, tests
// find a dev server to kill behind its supervisor's back, or whatever still runs on a cleaned-up directory.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Every process's command line (none where there is no /proc). */
export function commandLines(): Array<{ pid: number; argv: string[] }> {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((p) => {
      try {
        return [{ pid: Number(p), argv: readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0') }];
      } catch {
        return []; // gone meanwhile
      }
    });
}
