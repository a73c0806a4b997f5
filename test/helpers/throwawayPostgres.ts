// A PostgreSQL server of a test's own (free port, own data dir), for tests that stop and start
// PostgreSQL: never the shared server of DATABASE_URL.
import { startLocalPostgres, type LocalPostgres } from '../../scripts/lib/localPostgres';

export type ThrowawayPostgres = LocalPostgres;

export function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  return startLocalPostgres({ dbName: 'gds_outage', watchPid: process.pid });
}
