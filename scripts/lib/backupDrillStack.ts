// The backup drill (backupDrill.ts) on the production stack (stack.ts): PostgreSQL with the databases
// gds, temporal and temporal_visibility, the Temporal server on them, the API and workers as
// processes. The API, the workers and the Temporal server are stopped (PostgreSQL stays, as a
// database server outlives the services on it), `npm run backup` takes all three databases, they are
// dropped, `npm run restore` brings them back as fresh ones, and the stack starts again on them: the
// Temporal workflows must have survived with the case records.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drill, npmScript, type DrillReport, type DrillTopology } from './backupDrill';
import { dropDatabase, sameServer } from './postgresTools';
import { startStack, type RunningStack } from './stack';
import { TEMPORAL_DATABASES } from './temporalServerProcess';

export interface StackDrillOptions {
  /** Build the Temporal server if it is not cached (minutes); default true. */
  build?: boolean;
  /** Workers of the stack (default 2, as `npm run stack`). */
  workers?: number;
  say?: (line: string) => void;
  /** Every line of every child of the stack. */
  log?: (source: string, line: string) => void;
}

export async function runStackBackupDrill({ build = true, workers = 2, say, log }: StackDrillOptions = {}): Promise<DrillReport> {
  const dir = mkdtempSync(join(tmpdir(), 'gds-drill-stack-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user when we are root: it must reach its data dir
  // The latest stack started; until a restored one has taken its PostgreSQL over, stopping it stops that.
  let stack: RunningStack | undefined;
  // The service's database and Temporal's two, as `npm run backup` and `npm run restore` are given them.
  const databases = () => {
    const app = stack!.databaseUrl;
    return { app, temporal: [sameServer(app, TEMPORAL_DATABASES.temporal), sameServer(app, TEMPORAL_DATABASES.visibility)] };
  };
  // What `npm run backup|restore|audit:verify|reconcile` are run with: the stack's own configuration.
  const envOf = (s: RunningStack): NodeJS.ProcessEnv => ({
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: dir,
    DATABASE_URL: s.databaseUrl,
    TEMPORAL_ADDRESS: s.temporalAddress,
  });
  const temporalDbArgs = () => databases().temporal.flatMap((url) => ['--temporal-db', url]);
  const sayOutput = (output: string, say: (line: string) => void) => output.split('\n').map((l) => l.trim()).filter(Boolean).forEach((l) => say(l));

  const topology: DrillTopology = {
    name: `the stack (PostgreSQL, Temporal server, API, ${workers} worker(s)) in ${dir}`,
    wipes: `databases gds, ${TEMPORAL_DATABASES.temporal} and ${TEMPORAL_DATABASES.visibility} dropped (PostgreSQL still running)`,
    restoresInto: 'fresh databases of the same names, then the stack started on them',
    async start() {
      // The second start takes over the PostgreSQL the first left running (stack.ts).
      stack = await startStack({
        dir,
        apiPort: 0,
        temporalPort: 0,
        postgresPort: 0,
        uiPort: false,
        workers,
        build,
        seedDemo: true,
        log,
        env: { NODE_ENV: 'development', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' },
      });
      const started = stack;
      return {
        apiUrl: started.apiUrl,
        temporalAddress: started.temporalAddress,
        databaseUrl: started.databaseUrl,
        config: started.config,
        env: envOf(started),
        // The API and workers first (drained), then Temporal; PostgreSQL stays for the backup.
        stop: () => started.stop({ keepPostgres: true }),
      };
    },
    async backup(out, say) {
      sayOutput((await npmScript('backup', envOf(stack!), ['--out', out, ...temporalDbArgs()])).output, say);
    },
    async wipe() {
      const { app, temporal } = databases();
      for (const url of [app, ...temporal]) await dropDatabase(url);
    },
    async restore(from, say) {
      sayOutput((await npmScript('restore', envOf(stack!), ['--from', from, ...temporalDbArgs()])).output, say);
    },
    async cleanUp() {
      await stack?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return drill(topology, join(dir, 'backup'), say);
}
