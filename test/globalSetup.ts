// Runs once before the suite: makes sure a real PostgreSQL server and the Temporal binaries are
// there, so `npm test` works on a fresh machine with nothing else. Without DATABASE_URL the run
// starts its own server on a free port with a data directory of its own, and stops it and removes
// the directory when the run ends (or, killed outright, when a watchdog sees the run gone).
import { ensureTemporalBinaries } from '../scripts/lib/temporalBinaries';
import { startLocalPostgres } from '../scripts/lib/localPostgres';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  await ensureTemporalBinaries();
  if (process.env.DATABASE_URL) return undefined;
  const server = await startLocalPostgres({ watchPid: process.pid });
  // Test files run in child processes, which inherit this.
  process.env.DATABASE_URL = server.url;
  return async () => {
    delete process.env.DATABASE_URL;
    await server.destroy();
  };
}
