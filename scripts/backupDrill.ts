// `npm run backup:drill`: proves a backup restores into a working service (see scripts/lib/backupDrill.ts):
// cases opened, backed up, both stores wiped and restored fresh, `audit:verify` and `reconcile` pass,
// and the cases continue. Uses the PostgreSQL server of DATABASE_URL for databases of its own
// (created and dropped; DATABASE_URL's own database is never touched) and a dev server of its own.
import { runBackupDrill } from './lib/backupDrill';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  process.stderr.write('backup:drill needs a PostgreSQL server: set DATABASE_URL (e.g. eval "$(bash scripts/local-postgres.sh)")\n');
  process.exit(2);
}
try {
  const report = await runBackupDrill({ serverUrl, say: (l) => process.stdout.write(`${l}\n`) });
  for (const { command, output } of report.checks) process.stdout.write(`\n$ ${command}\n${output}\n`);
  process.stdout.write(`\ncases before the backup: ${JSON.stringify(report.beforeBackup)}\nafter the restore, moved on: ${JSON.stringify(report.continued)}\n`);
  process.exit(0);
} catch (err) {
  process.stderr.write(`backup drill FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
