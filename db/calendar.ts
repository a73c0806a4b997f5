// The working-day calendar as the database holds it: its single runtime source (docs/calendar.md).
// The packaged data and notice files only seed it; every process builds its calendar from the
// current records and checks the version before using it, at most CALENDAR_MAX_AGE after its last
// check, so separate API and worker processes agree within that bound.
import { existsSync } from 'node:fs';
import { desc, eq, getTableName, isNull, sql } from 'drizzle-orm';
import type { Database } from './client';
import { calendarAdjustments, calendarVersions, holidayNotices, type CalendarAdjustmentRow, type HolidayNoticeRow } from './schema';
import { WorkingDayCalendar, type CalendarSource } from '../rules/calendar';
import { loadNoticesFromDir, type HolidayNotice } from '../rules/holidayNotice';
import { packagedNotice, PACKAGE_SOURCE, PACKAGE_YEARS } from '../rules/packagedNotices';
import { canonicalJson, sha256 } from '../activities/case/hash';
import type { Logger } from '../logger';

/** How a record's text is fingerprinted in the audit columns. */
export const textHash = (text: string): string => `sha256:${sha256(text)}`;
/** The fingerprint of a structured notice or adjustment: its canonical JSON's. */
export const structuredHash = (value: unknown): string => textHash(canonicalJson(value));

/** Changes to the calendar happen one at a time (seeds of processes starting together, confirmations). */
export async function lockCalendar(tx: Pick<Database, 'execute'>): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('gds:calendar'))`);
}

/** The latest version (0: nothing recorded yet). */
export async function calendarVersion(db: Pick<Database, 'select'>): Promise<number> {
  const [row] = await db.select({ version: calendarVersions.version }).from(calendarVersions).orderBy(desc(calendarVersions.version)).limit(1);
  return row?.version ?? 0;
}

/** Records the next version; the caller holds lockCalendar. */
export async function nextVersion(tx: Database, change: string): Promise<number> {
  const version = (await calendarVersion(tx)) + 1;
  await tx.insert(calendarVersions).values({ version, change });
  return version;
}

/** The current (not superseded) records at one version. */
export interface CalendarRecords {
  version: number;
  notices: HolidayNoticeRow[];
  adjustments: CalendarAdjustmentRow[];
}

/** The current records, read in one snapshot so the version and the rows agree. */
export async function readCalendarRecords(db: Database): Promise<CalendarRecords> {
  return db.transaction(async (tx) => currentRecords(tx), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** The current records as `tx` sees them. */
export async function currentRecords(tx: Database): Promise<CalendarRecords> {
  const version = await calendarVersion(tx);
  const notices = await tx.select().from(holidayNotices).where(isNull(holidayNotices.supersededAt)).orderBy(holidayNotices.year);
  const adjustments = await tx.select().from(calendarAdjustments).where(isNull(calendarAdjustments.supersededAt)).orderBy(calendarAdjustments.jurisdictionCode, calendarAdjustments.year);
  return { version, notices, adjustments };
}

/** What a calendar is built from: a year's notice, a jurisdiction's days for a year. */
export interface CalendarInputs {
  notices: Array<Pick<HolidayNoticeRow, 'year' | 'origin' | 'notice'>>;
  adjustments: Array<Pick<CalendarAdjustmentRow, 'jurisdictionCode' | 'year' | 'source' | 'days'>>;
}

/** The calendar of a set of records; nothing but them (no package fallback). */
export function buildCalendar(records: CalendarInputs, ancestorsOf: (code: string) => string[]): WorkingDayCalendar {
  return new WorkingDayCalendar({
    ancestorsOf,
    packageData: false,
    originNotices: records.notices.map((r) => ({ notice: r.notice, origin: r.origin === 'package' ? 'package' : 'notice' })),
    adjustments: records.adjustments.flatMap((a) => a.days.map((d) => ({ jurisdiction: a.jurisdictionCode, date: d.date, kind: d.kind, name: d.name, source: a.source }))),
  });
}

/**
 * Seeds the database from the packaged data (chinese-days) and the notice files of `noticesDir`
 * (a file wins over the package for its year). A year an authority loaded through the API is never
 * touched; a seeded year is superseded only when its seed changed (a new package version, an edited
 * file). Idempotent, and safe for processes starting together.
 */
export async function seedCalendar(db: Database, opts: { noticesDir?: string; log?: Logger } = {}): Promise<{ version: number; seeded: number[] }> {
  const wanted = new Map<number, { notice: HolidayNotice; origin: 'package' | 'file' }>();
  for (const year of PACKAGE_YEARS) wanted.set(year, { notice: packagedNotice(year)!, origin: 'package' });
  for (const notice of opts.noticesDir && existsSync(opts.noticesDir) ? loadNoticesFromDir(opts.noticesDir) : []) wanted.set(notice.year, { notice, origin: 'file' });
  return db.transaction(async (tx) => {
    await lockCalendar(tx);
    const current = new Map((await tx.select().from(holidayNotices).where(isNull(holidayNotices.supersededAt))).map((r) => [r.year, r]));
    const changes = [...wanted].filter(([year, w]) => {
      const now = current.get(year);
      if (!now) return true;
      if (now.origin === 'authority' || (now.origin === 'file' && w.origin === 'package')) {
        if (w.origin === 'file' && now.textHash !== structuredHash(w.notice)) opts.log?.info({ year, file: w.notice.source }, 'a notice file differs from the notice an authority loaded for its year; the loaded one stays');
        return false;
      }
      return now.textHash !== structuredHash(w.notice);
    });
    if (changes.length === 0) return { version: await calendarVersion(tx), seeded: [] };
    const sources = [...new Set(changes.map(([, w]) => (w.origin === 'package' ? PACKAGE_SOURCE : 'notice files')))];
    const version = await nextVersion(tx, `seed: ${changes.map(([y]) => y).join(', ')} from ${sources.join(' and ')}`);
    for (const [year, w] of changes) {
      await replaceNotice(tx, current.get(year), {
        year,
        origin: w.origin,
        source: w.notice.source,
        notice: w.notice,
        text: null,
        textHash: structuredHash(w.notice),
        version,
      });
    }
    return { version, seeded: changes.map(([y]) => y) };
  });
}

/**
 * Supersedes `previous` (if any) by a record inserted after it, in the caller's transaction: the
 * new record's id is drawn first, so the year never has two current records, even for a moment.
 */
async function supersede<T extends { id: number }>(tx: Database, table: typeof holidayNotices | typeof calendarAdjustments, previous: { id: number } | undefined, insert: (id: number) => Promise<T>): Promise<T> {
  const drawn = (await tx.execute(sql`SELECT nextval(pg_get_serial_sequence(${getTableName(table)}, 'id')) AS id`)) as unknown as { rows: Array<{ id: string | number }> };
  const id = Number(drawn.rows[0]!.id);
  // now() is the transaction's time: the loaded_at of the record inserted below.
  if (previous) await tx.update(table).set({ supersededAt: sql`now()`, supersededBy: id }).where(eq(table.id, previous.id));
  return insert(id);
}

/** Inserts a year's notice and supersedes the one it replaces. */
export async function replaceNotice(tx: Database, previous: HolidayNoticeRow | undefined, row: Omit<typeof holidayNotices.$inferInsert, 'id'>): Promise<HolidayNoticeRow> {
  return supersede(tx, holidayNotices, previous, async (id) => (await tx.insert(holidayNotices).values({ ...row, id }).returning())[0]!);
}

/** Inserts a jurisdiction's adjustment for a year and supersedes the one it replaces. */
export async function replaceAdjustment(tx: Database, previous: CalendarAdjustmentRow | undefined, row: Omit<typeof calendarAdjustments.$inferInsert, 'id'>): Promise<CalendarAdjustmentRow> {
  return supersede(tx, calendarAdjustments, previous, async (id) => (await tx.insert(calendarAdjustments).values({ ...row, id }).returning())[0]!);
}

export interface CalendarSnapshot extends CalendarRecords {
  calendar: WorkingDayCalendar;
}

/**
 * The calendar a process uses: rebuilt from the database when its version moved. A calendar is used
 * only if its version was checked at most `maxAgeMs` ago, so a change committed at T is used by every
 * computation of every process that starts after T + maxAgeMs (checks are coalesced; a failed check
 * fails the computation rather than use an older calendar past the bound).
 */
export class DatabaseCalendar implements CalendarSource {
  private snap: CalendarSnapshot;
  private checkedAt: number;
  private pending: { startedAt: number; done: Promise<CalendarSnapshot> } | undefined;

  private constructor(
    private readonly db: Database,
    private readonly ancestorsOf: (code: string) => string[],
    readonly maxAgeMs: number,
    private readonly clock: () => number,
    first: CalendarRecords,
    readAt: number,
  ) {
    this.snap = { ...first, calendar: buildCalendar(first, ancestorsOf) };
    this.checkedAt = readAt;
  }

  static async open(db: Database, ancestorsOf: (code: string) => string[], opts: { maxAgeMs: number; clock?: () => number }): Promise<DatabaseCalendar> {
    const clock = opts.clock ?? Date.now;
    const readAt = clock();
    return new DatabaseCalendar(db, ancestorsOf, opts.maxAgeMs, clock, await readCalendarRecords(db), readAt);
  }

  /** The jurisdiction's ancestors, nearest first (the tree the calendar was built with). */
  ancestors(code: string): string[] {
    return this.ancestorsOf(code);
  }

  /** The snapshot as last read, without asking the database (readiness, the start banner). */
  lastKnown(): CalendarSnapshot {
    return this.snap;
  }

  async current(): Promise<WorkingDayCalendar> {
    return (await this.snapshot()).calendar;
  }

  /** The snapshot, checked against the database if the last check is older than maxAgeMs. */
  async snapshot(): Promise<CalendarSnapshot> {
    const now = this.clock();
    if (now - this.checkedAt < this.maxAgeMs) return this.snap;
    if (this.pending && now - this.pending.startedAt < this.maxAgeMs) return this.pending.done;
    return this.refresh();
  }

  /** Checks now (after any check in flight), e.g. right after this process changed the calendar. */
  refresh(): Promise<CalendarSnapshot> {
    const previous = this.pending?.done.catch(() => undefined);
    const startedAt = this.clock();
    const done = (async () => {
      await previous;
      const version = await calendarVersion(this.db);
      if (version !== this.snap.version) {
        const records = await readCalendarRecords(this.db);
        if (records.version !== this.snap.version) this.snap = { ...records, calendar: buildCalendar(records, this.ancestorsOf) };
      }
      this.checkedAt = Math.max(this.checkedAt, startedAt);
      return this.snap;
    })();
    const pending = { startedAt, done };
    this.pending = pending;
    void done.finally(() => {
      if (this.pending === pending) this.pending = undefined;
    }).catch(() => undefined);
    return done;
  }
}
