// `npm run db:migrate`: applies the pending migrations to the configured database and exits. In
// production run it as the database's owner, then db/roles.sql (the service's role may not migrate).
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';

const database = await openDatabase(loadConfig().database);
await database.close();
process.stdout.write('migrations applied\n');
