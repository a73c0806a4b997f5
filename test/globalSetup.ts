// Runs once before the suite: makes sure a real PostgreSQL server and the Temporal binaries are
// there, so `npm test` works on a fresh machine with nothing else.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureTemporalBinaries } from '../scripts/lib/temporalBinaries';

export default async function setup(): Promise<void> {
  await ensureTemporalBinaries();
  if (!process.env.DATABASE_URL) {
    // scripts/local-postgres.sh prints `export DATABASE_URL=...` (installing PostgreSQL if missing).
    const script = fileURLToPath(new URL('../scripts/local-postgres.sh', import.meta.url));
    const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const url = /DATABASE_URL=(\S+)/.exec(out)?.[1];
    if (!url) throw new Error(`local-postgres.sh printed no DATABASE_URL: ${out}`);
    process.env.DATABASE_URL = url;
  }
}
