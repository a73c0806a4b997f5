// `npm run reconcile [-- --repair]`: compares Temporal and the read model both ways and reports every
// difference (exit 1 while any remains). With --repair, each running workflow concerned re-projects
// itself through its own recorder. Uses the service's configuration (DATABASE_URL, TEMPORAL_ADDRESS);
// with the embedded defaults, run it while `npm start` is stopped (PGlite admits one process).
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { connectClient } from '../worker/connections';
import { reconcile } from './lib/reconcile';

const repair = process.argv.includes('--repair');
const config = loadConfig();
const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServer.port}`;
const database = await openDatabase(config.database);
const client = await connectClient(config.temporal, address);
try {
  const differences = await reconcile({ db: database.db, client, repair });
  for (const d of differences) {
    const state = d.repaired === undefined ? '' : d.repaired ? '  [repaired]' : '  [NOT repaired]';
    process.stdout.write(`${d.kind.padEnd(22)} ${d.workflowId}  ${d.detail}${state}\n`);
  }
  const left = differences.filter((d) => !d.repaired);
  process.stdout.write(`${differences.length} difference(s)${repair ? `, ${differences.length - left.length} repaired` : ''}.\n`);
  process.exitCode = left.length > 0 ? 1 : 0;
} finally {
  await client.connection.close();
  await database.close();
}
