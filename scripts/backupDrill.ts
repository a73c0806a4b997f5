// `npm run backup:drill [-- --stack]`: proves a backup restores into a working service (see
// scripts/lib/backupDrill.ts): cases opened, backed up, the stores wiped and restored fresh,
// `audit:verify` and `reconcile` pass, and the cases continue.
// Without --stack, `npm start`'s topology: the PostgreSQL server of DATABASE_URL for databases of its
// own (created and dropped; DATABASE_URL's own database is never touched) and a dev server of its own.
// With --stack, the production stack's (scripts/lib/backupDrillStack.ts), in a directory of its own:
// the three databases go through `npm run backup` and `npm run restore` with --temporal-db.
import { parseArgs } from 'node:util';
import { runBackupDrill, type DrillReport } from './lib/backupDrill';
import { runStackBackupDrill } from './lib/backupDrillStack';

let stack: boolean;
try {
  stack = parseArgs({ options: { stack: { type: 'boolean', default: false } } }).values.stack;
} catch (err) {
  process.stderr.write(`${(err as Error).message}\nusage: npm run backup:drill [-- --stack]\n`);
  process.exit(2);
}
const serverUrl = process.env.DATABASE_URL;
if (!stack && !serverUrl) {
  process.stderr.write('backup:drill needs a PostgreSQL server: set DATABASE_URL (e.g. eval "$(bash scripts/local-postgres.sh)"), or run it on the stack (-- --stack)\n');
  process.exit(2);
}
const say = (l: string) => process.stdout.write(`${l}\n`);
try {
  const report: DrillReport = stack ? await runStackBackupDrill({ say }) : await runBackupDrill({ serverUrl: serverUrl!, say });
  for (const { command, output } of report.checks) process.stdout.write(`\n$ ${command}\n${output}\n`);
  process.stdout.write(`\ncases before the backup: ${JSON.stringify(report.beforeBackup)}\nafter the restore, moved on: ${JSON.stringify(report.continued)}\n`);
  process.exit(0);
} catch (err) {
  process.stderr.write(`backup drill FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
