// `npm run restore -- --from DIR [--temporal-db URL ...]`: a backup of `npm run backup` into fresh
// databases (DATABASE_URL's, created if missing, refused if it holds tables; PGlite's directory and
// the dev server's SQLite file must not exist). Then start the service and run `npm run audit:verify`
// and `npm run reconcile`; see docs/operations.md "Backup and restore".
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { restore } from './lib/backup';

try {
  const { values } = parseArgs({ options: { from: { type: 'string' }, 'temporal-db': { type: 'string', multiple: true } } });
  if (!values.from) throw new Error('usage: npm run restore -- --from <backup directory> [--temporal-db <url> ...]');
  const config = loadConfig();
  await restore({ config, from: values.from, temporalDatabases: values['temporal-db'], say: (l) => process.stdout.write(`  ${l}\n`) });
  process.stdout.write('restored. Next: start the service, then `npm run audit:verify` and `npm run reconcile` (both must pass).\n');
} catch (err) {
  process.stderr.write(`restore failed: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
