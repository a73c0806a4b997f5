// The database as the calendar's single runtime source (db/calendar.ts): the packaged data and the
// notice files only seed it, its records keep their history, a process's calendar follows the
// version within CALENDAR_MAX_AGE, and the open deadlines a calendar would move are counted.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarVersion, DatabaseCalendar, lockCalendar, nextVersion, readCalendarRecords, replaceNotice, seedCalendar, structuredHash } from '../db/calendar';
import { loadCalendar, loadJurisdictionTree } from '../db/directory';
import { openDeadlinesAffected } from '../db/openDeadlines';
import { calendarVersions, holidayNotices } from '../db/schema';
import { seedDemo } from '../db/seed';
import { WorkingDayCalendar } from '../rules/calendar';
import { PACKAGE_SOURCE, PACKAGE_YEARS } from '../rules/packagedNotices';
import { freshDatabase, type TestDatabase } from './helpers/db';
import { insertCase } from './helpers/syntheticCases';
import { caseViolations } from '../db/schema';
import { MADE_UP_2027 } from './helpers/calendarLoads';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  await seedDemo(database.db);
});
afterAll(async () => {
  await database?.drop();
});

const national = (code: string) => [code];
const db = () => database.db;

describe('seeding the calendar', () => {
  it('when a fresh database is seeded, then every packaged year is a record of version 1, and its calendar is the packaged calendar day by day', async () => {
    expect(await seedCalendar(db())).toEqual({ version: 1, seeded: [...PACKAGE_YEARS] });
    const records = await readCalendarRecords(db());
    expect(records.version).toBe(1);
    expect(records.notices.map((n) => [n.year, n.origin, n.source, n.version])).toEqual([...PACKAGE_YEARS].map((y) => [y, 'package', PACKAGE_SOURCE, 1]));
    const fromDatabase = (await DatabaseCalendar.open(db(), national, { maxAgeMs: 60_000 })).lastKnown().calendar;
    const packaged = new WorkingDayCalendar();
    for (let d = new Date('2003-12-01T00:00:00Z'); d <= new Date('2027-12-31T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
      const date = d.toISOString().slice(0, 10);
      expect(fromDatabase.dayInfo(date), date).toEqual(packaged.dayInfo(date));
    }
  });

  it('when it is seeded again, then nothing is written', async () => {
    expect(await seedCalendar(db())).toEqual({ version: 1, seeded: [] });
    expect(await calendarVersion(db())).toBe(1);
  });

  it('when a notice file appears and is later edited, then the file supersedes its year, keeping the history; a year an authority loaded is left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gds-notices-'));
    try {
      writeFileSync(join(dir, '2027.json'), JSON.stringify(MADE_UP_2027));
      expect(await seedCalendar(db(), { noticesDir: dir })).toEqual({ version: 2, seeded: [2027] });
      writeFileSync(join(dir, '2027.json'), JSON.stringify({ ...MADE_UP_2027, workdays: [] }));
      expect(await seedCalendar(db(), { noticesDir: dir })).toEqual({ version: 3, seeded: [2027] });
      const history = await db().select().from(holidayNotices).where(eq(holidayNotices.year, 2027)).orderBy(holidayNotices.id);
      expect(history.map((h) => [h.origin, h.version, h.supersededBy])).toEqual([
        ['file', 2, history[1]!.id],
        ['file', 3, null],
      ]);
      // An authority's load of 2027 (as a confirmation writes it) outranks any file.
      await db().transaction(async (tx) => {
        await lockCalendar(tx);
        const version = await nextVersion(tx, 'test: 2027 by an authority');
        await replaceNotice(tx, history[1], { origin: 'authority', source: MADE_UP_2027.source, textHash: structuredHash(MADE_UP_2027), version, year: 2027, notice: MADE_UP_2027, text: null, loadedBy: 'someone' });
      });
      writeFileSync(join(dir, '2027.json'), JSON.stringify({ ...MADE_UP_2027, holidays: [] }));
      expect(await seedCalendar(db(), { noticesDir: dir })).toEqual({ version: 4, seeded: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the history of the calendar is kept by the database itself', () => {
  const owner = async (query: string) => {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try {
      return await c.query(query);
    } finally {
      await c.end();
    }
  };

  it.each([
    ['editing a notice', `UPDATE holiday_notices SET notice = '{}' WHERE year = 2026`],
    ['editing a notice while superseding it', `UPDATE holiday_notices SET superseded_at = now(), superseded_by = 1, source = 'x' WHERE year = 2026`],
    ['superseding a superseded notice again', `UPDATE holiday_notices SET superseded_at = now(), superseded_by = 1 WHERE superseded_at IS NOT NULL`],
    ['deleting a notice', `DELETE FROM holiday_notices WHERE year = 2004`],
    ['emptying the notices', `TRUNCATE holiday_notices`],
    ['emptying the adjustments', `TRUNCATE calendar_adjustments`],
    ['rewriting a version', `UPDATE calendar_versions SET change = 'x'`],
    ['deleting a version', `DELETE FROM calendar_versions`],
  ])('when %s is tried, even by the owner, then it is refused', async (_what, query) => {
    await expect(owner(query)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/keeps the calendar's history: (UPDATE|DELETE|TRUNCATE) refused/) });
  });

  it('when a record is superseded once, then that is the one change allowed', async () => {
    const [row] = await db().select().from(holidayNotices).where(eq(holidayNotices.year, 2005));
    await expect(owner(`UPDATE holiday_notices SET superseded_at = now(), superseded_by = ${row!.id} WHERE id = ${row!.id}`)).resolves.toMatchObject({ rowCount: 1 });
  });
});

describe('a process follows the calendar version within CALENDAR_MAX_AGE', () => {
  it('when another process records a change, then this one goes on with its calendar until its last check is maxAgeMs old, then uses the new one', async () => {
    let now = 1_000_000;
    const calendar = await DatabaseCalendar.open(db(), national, { maxAgeMs: 5_000, clock: () => now });
    const before = calendar.lastKnown().version;
    await db().insert(calendarVersions).values({ version: before + 1, change: 'test: another process' });
    now += 4_999;
    expect((await calendar.snapshot()).version).toBe(before);
    now += 1;
    expect((await calendar.snapshot()).version).toBe(before + 1);
  });

  it('when the database cannot be asked once the bound has passed, then the calendar is not used past it: the computation fails', async () => {
    const other = await freshDatabase();
    await seedCalendar(other.db);
    let now = 0;
    const calendar = await DatabaseCalendar.open(other.db, national, { maxAgeMs: 1_000, clock: () => now });
    await other.drop();
    now = 999;
    await expect(calendar.current()).resolves.toBeInstanceOf(WorkingDayCalendar);
    now = 1_000;
    await expect(calendar.current()).rejects.toThrow();
  });

  it('when many computations need a check at once, then one query answers them all', async () => {
    let now = 0;
    const calendar = await DatabaseCalendar.open(db(), national, { maxAgeMs: 1_000, clock: () => now });
    now = 5_000;
    const answers = await Promise.all(Array.from({ length: 20 }, () => calendar.snapshot()));
    expect(new Set(answers).size).toBe(1);
  });

  it('when loadCalendar is given a maxAgeMs, then the process calendar keeps it (CALENDAR_MAX_AGE)', async () => {
    const calendar = await loadCalendar(db(), await loadJurisdictionTree(db()), { maxAgeMs: 1234 });
    expect(calendar.maxAgeMs).toBe(1234);
  });
});

describe('openDeadlinesAffected', () => {
  it('when a calendar is given, then the open deadlines of open cases it would move or make final are counted, and no others', async () => {
    const packaged = new WorkingDayCalendar();
    const deadline = (id: number, startedAt: string, workingDays: number, status = 'open', over: object = {}) => {
      const d = packaged.addWorkingDays(startedAt.slice(0, 10), workingDays, '110000');
      return { id, kind: 'reply', workingDays, startedAt, dueAt: d.dueAt, dueDate: d.dueDate, provisional: d.provisional, status, dutyBearer: { role: 'provider', departmentId: '110000-public-security', jurisdictionCode: '110000' }, ...over };
    };
    // Provisional: the notice moves 2027-09-16 to 09-17 and makes it final.
    await insertCase(db(), { id: 'sr-cal-moved', state: { deadlines: [deadline(1, '2027-09-10T10:00:00+08:00', 3)] } });
    // Provisional, the same date under the notice (1–3 January off either way): made final.
    await insertCase(db(), { id: 'sr-cal-final', state: { deadlines: [deadline(1, '2026-12-31T10:00:00+08:00', 1)] } });
    // In 2026: untouched. Met, or of a closed case, or on the fast clock: not looked at.
    await insertCase(db(), { id: 'sr-cal-2026', state: { deadlines: [deadline(1, '2026-10-09T10:00:00+08:00', 3), deadline(2, '2027-09-10T10:00:00+08:00', 3, 'met')] } });
    await insertCase(db(), { id: 'sr-cal-closed', closedAt: new Date(), state: { deadlines: [deadline(1, '2027-09-10T10:00:00+08:00', 3)] } });
    await insertCase(db(), { id: 'sr-cal-fast', state: { fastClock: true, deadlines: [deadline(1, '2027-09-10T10:00:00+08:00', 3)] } });
    expect(await openDeadlinesAffected(db(), packaged)).toEqual({ examined: 3, affected: 0, cases: 0, caseIds: [] });
    const with2027 = new WorkingDayCalendar({ notices: [MADE_UP_2027] });
    expect(await openDeadlinesAffected(db(), with2027)).toEqual({ examined: 3, affected: 2, cases: 2, caseIds: ['sr-cal-final', 'sr-cal-moved'] });
  });

  it('when the open cases are more than a batch, then every one is examined', async () => {
    const many = Array.from({ length: 1_100 }, (_, i) => `sr-batch-${String(i).padStart(4, '0')}`);
    const state = { deadlines: [{ id: 1, kind: 'reply', workingDays: 3, startedAt: '2027-09-10T10:00:00+08:00', dueAt: 'x', dueDate: '2027-09-16', provisional: true, status: 'open', dutyBearer: { role: 'provider', departmentId: 'x', jurisdictionCode: '110000' } }] };
    for (let i = 0; i < many.length; i += 50) await Promise.all(many.slice(i, i + 50).map((id) => insertCase(db(), { id, state })));
    const counted = await openDeadlinesAffected(db(), new WorkingDayCalendar({ notices: [MADE_UP_2027] }));
    expect(counted.examined).toBe(3 + many.length);
    expect(counted.affected).toBe(2 + many.length);
    expect(counted.caseIds).toHaveLength(100);
    expect(counted.cases).toBe(2 + many.length);
  });

  it('when a deadline was missed and its violation is open, then it is reached only if the calendar now puts it later; a missed one whose violation is closed is not looked at', async () => {
    const packaged = new WorkingDayCalendar();
    // 2027-09-10 + 3 working days: provisionally 09-16 (中秋 09-15 off); under the notice 09-17 (13–15 off, Sunday 12 worked).
    const d = packaged.addWorkingDays('2027-09-10', 3, '110000');
    const missed = (id: string, violation: 'open' | 'rectified') => ({
      deadlines: [{ id: 1, kind: 'reply', workingDays: 3, startedAt: '2027-09-10T10:00:00+08:00', dueAt: d.dueAt, dueDate: d.dueDate, provisional: true, status: 'missed', dutyBearer: { role: 'provider', departmentId: 'p', jurisdictionCode: '110000' } }],
      violations: [{ id: 1, deadlineId: 1, duty: 'reply', article: 'Art. 39', party: 'p', ordersRectification: 'a', at: d.dueAt, status: violation }],
      id,
    });
    const scratch = await freshDatabase();
    await seedDemo(scratch.db);
    try {
      for (const [id, v] of [['sr-missed-open', 'open'], ['sr-missed-rectified', 'rectified']] as const) {
        await insertCase(scratch.db, { id, state: missed(id, v) });
        await scratch.db.insert(caseViolations).values({ caseId: id, id: 1, process: 'share-request', deadlineId: 1, duty: 'reply', article: 'Art. 39', party: 'p', jurisdictionCode: '110000', status: v, at: new Date(d.dueAt), version: 1, record: missed(id, v).violations[0] as never });
      }
      expect(await openDeadlinesAffected(scratch.db, new WorkingDayCalendar({ notices: [MADE_UP_2027] }))).toEqual({ examined: 1, affected: 1, cases: 1, caseIds: ['sr-missed-open'] });
      // A calendar that puts it no later: not reached.
      expect(await openDeadlinesAffected(scratch.db, packaged)).toEqual({ examined: 1, affected: 0, cases: 0, caseIds: [] });
    } finally {
      await scratch.drop();
    }
  });
});

describe('migration 0011', () => {
  it('when notices and day-by-day adjustments were stored before it, then they become version 1 records, the adjustments one per jurisdiction and year', async () => {
    const scratch = await freshDatabase();
    const c = new pg.Client({ connectionString: scratch.url });
    await c.connect();
    try {
      // freshDatabase applied every migration: undo 0010 by rebuilding the old tables in a schema of their own.
      await c.query('CREATE SCHEMA old; SET search_path = old, public');
      const dir = new URL('../db/migrations/', import.meta.url);
      const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
      const run = async (file: string) => {
        for (const statement of readFileSync(new URL(file, dir), 'utf8').split('--> statement-breakpoint')) if (statement.trim()) await c.query(statement.replaceAll('"public".', ''));
      };
      for (const file of files.slice(0, files.indexOf('0011_calendar_administration.sql'))) await run(file);
      await c.query(`INSERT INTO jurisdictions VALUES ('100000', 'PRC', '中华人民共和国', 'national', NULL, 'a', 'g'), ('650000', 'Xinjiang', '新疆维吾尔自治区', 'province', '100000', 'a', 'g')`);
      await c.query(`INSERT INTO holiday_notices (year, source, notice) VALUES (2027, 'a file', '{"year": 2027, "source": "a file", "holidays": [], "workdays": []}')`);
      await c.query(`INSERT INTO calendar_adjustments VALUES ('650000', '2027-03-21', 'holiday', '肉孜节'), ('650000', '2027-03-20', 'holiday', '肉孜节'), ('650000', '2028-03-10', 'workday', '补班')`);
      await run('0011_calendar_administration.sql');
      expect((await c.query('SELECT year, origin, version, text_hash ~ $1 AS hashed, superseded_at FROM holiday_notices', ['^sha256:[0-9a-f]{64}$'])).rows).toEqual([{ year: 2027, origin: 'file', version: 1, hashed: true, superseded_at: null }]);
      expect((await c.query('SELECT jurisdiction_code, year, days, version FROM calendar_adjustments ORDER BY year')).rows).toEqual([
        { jurisdiction_code: '650000', year: 2027, version: 1, days: [{ date: '2027-03-20', kind: 'holiday', name: '肉孜节' }, { date: '2027-03-21', kind: 'holiday', name: '肉孜节' }] },
        { jurisdiction_code: '650000', year: 2028, version: 1, days: [{ date: '2028-03-10', kind: 'workday', name: '补班' }] },
      ]);
      expect((await c.query('SELECT version FROM calendar_versions')).rows).toEqual([{ version: 1 }]);
    } finally {
      await c.end();
      await scratch.drop();
    }
  });
});
