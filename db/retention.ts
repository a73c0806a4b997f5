// Art. 29: case records are kept at least 3 years. The configured retention (never less: config.ts)
// is written where the database's triggers read it (migration 0008), so a delete of a younger case
// is refused by PostgreSQL itself, whoever asks.
import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { recordRetention } from './schema';

export async function applyRecordRetention(db: Database, caseRecordYears: number): Promise<void> {
  await db
    .insert(recordRetention)
    .values({ id: true, caseRecordYears })
    .onConflictDoUpdate({ target: recordRetention.id, set: { caseRecordYears, updatedAt: sql`now()` } });
}
