// Finds processes by their command lines (Linux /proc): the `temporal server start-dev` process of a
// dev server, so a test can kill the server it started the way a crash or the OOM killer would,
// behind the supervisor's back; or whatever still runs on a directory a test has cleaned up.
import { commandLines } from '../../scripts/lib/processes';

export { commandLines };

/** The PID of the dev server running on `dbFile`. */
export function devServerPid(dbFile: string): number {
  const found = commandLines().find(({ argv }) => argv[0]?.endsWith('/temporal') && argv.includes('start-dev') && argv.includes(dbFile));
  if (!found) throw new Error(`no dev server process on ${dbFile}`);
  return found.pid;
}

export { portAnswers } from '../../scripts/lib/temporalBinaries';
