// Builds the in-memory jurisdiction tree and working-day calendar from what the database holds.
import type { Database } from './client';
import { jurisdictions } from './schema';
import { JurisdictionTree } from '../rules/jurisdictions';
import { DatabaseCalendar, seedCalendar } from './calendar';
import { DEFAULT_CALENDAR_MAX_AGE_MS } from '../config';
import type { Logger } from '../logger';

export async function loadJurisdictionTree(db: Database): Promise<JurisdictionTree> {
  return new JurisdictionTree(await db.select().from(jurisdictions));
}

/**
 * The working-day calendar of this process: the database seeded first (the packaged data, then the
 * notice files of `noticesDir`), then read from it, and checked again before use once `maxAgeMs`
 * (CALENDAR_MAX_AGE) has passed since the last check.
 */
export async function loadCalendar(
  db: Database,
  tree: JurisdictionTree,
  opts: { noticesDir?: string; maxAgeMs?: number; log?: Logger } = {},
): Promise<DatabaseCalendar> {
  await seedCalendar(db, { noticesDir: opts.noticesDir, log: opts.log });
  return DatabaseCalendar.open(db, (code) => (tree.has(code) ? tree.ancestorsOf(code).map((j) => j.code) : [code]), { maxAgeMs: opts.maxAgeMs ?? DEFAULT_CALENDAR_MAX_AGE_MS });
}
