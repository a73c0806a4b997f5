// `npm run backup [-- --out DIR] [--temporal-db URL ...]`: the application database (pg_dump custom
// format, or PGlite's directory) and Temporal's state (the dev server's SQLite file, or with
// --temporal-db each PostgreSQL database of a Temporal server) into one directory with a manifest of
// sha256 sums. Take it with the API and every worker stopped (for `npm start`: stop it), so both
// halves show the same moment; see docs/operations.md "Backup and restore".
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { backup } from './lib/backup';

try {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'temporal-db': { type: 'string', multiple: true } } });
  const config = loadConfig();
  const out = values.out ?? join(config.dataDir, 'backups', new Date().toISOString().replace(/[:.]/g, '-'));
  await backup({ config, out, temporalDatabases: values['temporal-db'], say: (l) => process.stdout.write(`  ${l}\n`) });
  process.stdout.write(`backup written to ${out}\n`);
} catch (err) {
  process.stderr.write(`backup failed: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
