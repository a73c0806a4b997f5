// Art. 29: case records are kept at least 3 years. A configured retention below that stops the
// service at start; PostgreSQL itself refuses deleting a case (row and parties) that is open or whose
// last event is younger than the retention, and TRUNCATE; the floor holds whatever record_retention says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eq } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../config';
import { seedDemo } from '../db/seed';
import { applyRecordRetention } from '../db/retention';
import { recordRetention } from '../db/schema';
import { freshDatabase, type TestDatabase } from './helpers/db';
import { insertCase, insertEvent } from './helpers/syntheticCases';

const YEAR = 365.25 * 86_400_000;
const ago = (years: number) => new Date(Date.now() - years * YEAR);

let database: TestDatabase;
let owner: pg.Client;
beforeAll(async () => {
  database = await freshDatabase();
  await seedDemo(database.db);
  owner = new pg.Client({ connectionString: database.url });
  await owner.connect();
});
afterAll(async () => {
  await owner?.end();
  await database?.drop();
});

/** Deletes a case as an operator would (parties first: they reference it); the error's SQLSTATE and message, or 'deleted'. */
async function deleteCase(id: string): Promise<string> {
  try {
    await owner.query('BEGIN');
    await owner.query('DELETE FROM case_parties WHERE case_id = $1', [id]);
    const { rowCount } = await owner.query('DELETE FROM cases WHERE id = $1', [id]);
    await owner.query('COMMIT');
    return rowCount === 1 ? 'deleted' : 'no such case';
  } catch (err) {
    await owner.query('ROLLBACK');
    const e = err as { code?: string; message: string };
    return `${e.code}: ${e.message}`;
  }
}

const stillThere = async (id: string) => (await owner.query('SELECT (SELECT count(*) FROM cases WHERE id = $1)::int AS c, (SELECT count(*) FROM case_parties WHERE case_id = $1)::int AS p', [id])).rows[0];

describe('configuration', () => {
  it('when CASE_RECORD_RETENTION_YEARS is below 3, then the service refuses to start naming Art. 29; 3 is the default and more is allowed', () => {
    expect(loadConfig({}).retention).toEqual({ caseRecordYears: 3 });
    expect(loadConfig({ CASE_RECORD_RETENTION_YEARS: '10' }).retention).toEqual({ caseRecordYears: 10 });
    for (const bad of ['2', '0', '-3', '2.5', 'forever', '101']) {
      expect(() => loadConfig({ CASE_RECORD_RETENTION_YEARS: bad })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ CASE_RECORD_RETENTION_YEARS: '2' })).toThrow(/CASE_RECORD_RETENTION_YEARS: case records are kept at least 3 years \(Art\. 29\)/);
  });
});

describe('the database keeps case records', () => {
  it('when a case is open, or closed less than 3 years ago, then deleting it is refused (42501) and nothing is removed', async () => {
    await insertCase(database.db, { id: 'sr-open', openedAt: ago(5) });
    await insertEvent(database.db, { caseId: 'sr-open', seq: 1, type: 'submitted', at: ago(5) });
    await insertCase(database.db, { id: 'sr-recent', openedAt: ago(3), closedAt: ago(2.9) });
    await insertEvent(database.db, { caseId: 'sr-recent', seq: 1, type: 'submitted', at: ago(3) });
    expect(await deleteCase('sr-open')).toMatch(/^42501: DELETE on case_parties refused: case sr-open is open/);
    expect(await deleteCase('sr-recent')).toMatch(/^42501: DELETE on case_parties refused: case sr-recent closed or acted on less than 3 years ago/);
    expect(await stillThere('sr-open')).toEqual({ c: 1, p: 2 });
    expect(await stillThere('sr-recent')).toEqual({ c: 1, p: 2 });
    // The case row on its own too: the trigger refuses before the foreign key is even looked at.
    await expect(owner.query(`DELETE FROM cases WHERE id = 'sr-recent'`)).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('DELETE on cases refused') });
  });

  it('when closed_at is moved back to make a case look old, then its events still date it and the delete is refused', async () => {
    await insertCase(database.db, { id: 'sr-backdated', openedAt: ago(1), closedAt: ago(0.5) });
    await insertEvent(database.db, { caseId: 'sr-backdated', seq: 1, type: 'submitted', at: ago(1) });
    await insertEvent(database.db, { caseId: 'sr-backdated', seq: 2, type: 'receipt_confirmed', at: ago(0.5) });
    await owner.query(`UPDATE cases SET closed_at = now() - interval '10 years', opened_at = now() - interval '10 years' WHERE id = 'sr-backdated'`);
    expect(await deleteCase('sr-backdated')).toMatch(/^42501: .*sr-backdated closed or acted on less than 3 years ago/);
  });

  it('when a case closed and was last acted on more than 3 years ago, then it may be deleted', async () => {
    await insertCase(database.db, { id: 'sr-old', openedAt: ago(4), closedAt: ago(3.5) });
    await insertEvent(database.db, { caseId: 'sr-old', seq: 1, type: 'submitted', at: ago(4) });
    await insertEvent(database.db, { caseId: 'sr-old', seq: 2, type: 'receipt_confirmed', at: ago(3.5) });
    expect(await deleteCase('sr-old')).toBe('deleted');
    expect(await stillThere('sr-old')).toEqual({ c: 0, p: 0 });
    // Its events stay: they are append-only for good (migration 0004).
    await expect(owner.query(`DELETE FROM case_events WHERE case_id = 'sr-old'`)).rejects.toMatchObject({ code: '42501' });
  });

  it('when the configured retention is longer, then the database keeps cases that long; a row below 3 years is refused, and without the row 3 years still hold', async () => {
    await insertCase(database.db, { id: 'sr-4y', openedAt: ago(4.5), closedAt: ago(4) });
    await insertEvent(database.db, { caseId: 'sr-4y', seq: 1, type: 'receipt_confirmed', at: ago(4) });
    await applyRecordRetention(database.db, 5);
    expect(await database.db.select().from(recordRetention)).toMatchObject([{ id: true, caseRecordYears: 5 }]);
    expect(await deleteCase('sr-4y')).toMatch(/^42501: .*less than 5 years ago/);

    await expect(owner.query('UPDATE record_retention SET case_record_years = 1')).rejects.toMatchObject({ code: '23514' });
    await expect(owner.query('INSERT INTO record_retention (id, case_record_years) VALUES (false, 10)')).rejects.toMatchObject({ code: '23514' });
    await database.db.delete(recordRetention).where(eq(recordRetention.id, true));
    await insertCase(database.db, { id: 'sr-2y', openedAt: ago(2.5), closedAt: ago(2) });
    expect(await deleteCase('sr-2y')).toMatch(/^42501: .*less than 3 years ago/);
    expect(await deleteCase('sr-4y')).toBe('deleted');
    await applyRecordRetention(database.db, 3);
  });

  it('when cases or case_parties are truncated, then it is refused', async () => {
    for (const table of ['cases CASCADE', 'case_parties']) {
      await expect(owner.query(`TRUNCATE ${table}`)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/TRUNCATE of (cases|case_parties) refused: case records are kept at least 3 years \(Art\. 29\)/) });
    }
    expect((await owner.query('SELECT count(*)::int AS n FROM cases')).rows[0].n).toBeGreaterThan(0);
  });
});
