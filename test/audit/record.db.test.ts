// The record in PostgreSQL (Art. 29 records as evidence; Art. 35 tamper prevention): the recorder
// only ever appends (a retried step supersedes, it never rewrites), the triggers of migration 0004
// refuse UPDATE, DELETE and TRUNCATE to the owner too, and the role of db/roles.sql lacks them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import pg from 'pg';
import { createRecorderActivities } from '../../activities/case/recorder';
import { GENESIS_HASH } from '../../activities/case/hash';
import { verifyChain } from '../../audit/chain';
import { openDatabase } from '../../db/client';
import { caseEvents, cases } from '../../db/schema';
import { seedDemo } from '../../db/seed';
import type { CaseState } from '../../workflows/shared';
import { freshDatabase, type TestDatabase } from '../helpers/db';
import { BEIJING } from '../helpers/fixtures';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  await seedDemo(database.db);
});
afterAll(async () => {
  await database?.drop();
});

const recorder = (db = database.db) => createRecorderActivities({ db });
let n = 0;
const newCaseId = () => `sr-record${String(++n).padStart(4, '0')}`;
const stateOf = (id: string, version: number, stage: string): CaseState => ({
  id,
  process: 'share-request',
  stage,
  version,
  overdue: false,
  jurisdiction: '110000',
  ruleSet: 'national',
  parties: [
    { role: 'requester', standing: 'party', departmentId: BEIJING.requester, jurisdictionCode: '110000' },
    { role: 'provider', standing: 'party', departmentId: BEIJING.provider, jurisdictionCode: '110000' },
  ],
  openedAt: '2026-09-25T10:00:00.000+08:00',
  deadlines: [],
  violations: [],
  data: { note: `v${version}` },
});
const record = (id: string, seq: number, type: string, at: string, prevHash: string, stage = type, db = database.db) =>
  recorder(db).recordCaseEvent({ event: { seq, type, at, actor: { departmentId: BEIJING.provider } }, state: stateOf(id, seq, stage), prevHash, terminal: false });
const rowsOf = (id: string) => database.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.seq), asc(caseEvents.revision));
const storedState = async (id: string) => (await database.db.select().from(cases).where(eq(cases.id, id)))[0]!.state;

/** Runs SQL on its own connection as the owner (postgres), optionally as another role first. */
async function asOwner<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('the recorder appends', () => {
  it('when the same event is recorded twice (an activity retry), then it is written once and the same hash answers', async () => {
    const id = newCaseId();
    const first = await record(id, 1, 'received', '2026-09-25T10:00:00.000+08:00', GENESIS_HASH);
    expect(await record(id, 1, 'received', '2026-09-25T10:00:00.000+08:00', GENESIS_HASH)).toEqual(first);
    const rows = await rowsOf(id);
    expect(rows.map((r) => [r.seq, r.revision, r.hashFormat])).toEqual([[1, 0, 3]]);
    expect(verifyChain(id, rows, { state: await storedState(id) })).toEqual({ events: 1, superseded: 0 });
  });

  it('when a step is recorded again with a later time (its workflow task never completed), then a superseding revision is appended, both rows stay, the chain and the stored state verify, and a late try of the superseded attempt changes nothing', async () => {
    const id = newCaseId();
    const { hash: h1 } = await record(id, 1, 'received', '2026-09-25T10:00:00.000+08:00', GENESIS_HASH);
    const abandoned = await record(id, 2, 'deadline_missed', '2026-10-16T00:00:00.100+08:00', h1, 'first-attempt');
    const retried = await record(id, 2, 'deadline_missed', '2026-10-16T00:00:12.400+08:00', h1, 'retried');
    expect(retried.hash).not.toBe(abandoned.hash);
    expect(((await storedState(id)) as CaseState).stage).toBe('retried');
    const { hash: h3 } = await record(id, 3, 'reply_agreed', '2026-10-17T09:00:00.000+08:00', retried.hash);

    // The abandoned attempt's activity, late: answered with its own hash, nothing written or projected.
    expect(await record(id, 2, 'deadline_missed', '2026-10-16T00:00:00.100+08:00', h1, 'first-attempt')).toEqual(abandoned);
    const rows = await rowsOf(id);
    expect(rows.map((r) => [r.seq, r.revision, r.hash])).toEqual([[1, 0, h1], [2, 0, abandoned.hash], [2, 1, retried.hash], [3, 0, h3]]);
    expect(((await storedState(id)) as CaseState).stage).toBe('reply_agreed');
    expect(verifyChain(id, rows, { state: await storedState(id) })).toEqual({ events: 4, superseded: 1 });
  });

  it('when a different step or a wrong predecessor comes at a recorded seq, then CHAIN_CONFLICT and nothing is written', async () => {
    const id = newCaseId();
    const { hash: h1 } = await record(id, 1, 'received', '2026-09-25T10:00:00.000+08:00', GENESIS_HASH);
    await record(id, 2, 'reply_agreed', '2026-09-26T10:00:00.000+08:00', h1);
    await expect(record(id, 2, 'withdrawn', '2026-09-26T11:00:00.000+08:00', h1)).rejects.toMatchObject({ type: 'CHAIN_CONFLICT' });
    await expect(record(id, 2, 'reply_agreed', '2026-09-26T11:00:00.000+08:00', 'f'.repeat(64))).rejects.toMatchObject({ type: 'CHAIN_CONFLICT' });
    await expect(record(id, 1, 'received', '2026-09-25T11:00:00.000+08:00', GENESIS_HASH)).rejects.toMatchObject({ type: 'CHAIN_CONFLICT' });
    await expect(record(id, 4, 'delivered', '2026-09-27T10:00:00.000+08:00', h1)).rejects.toMatchObject({ type: 'CHAIN_CONFLICT' });
    expect(await rowsOf(id)).toHaveLength(2);
  });
});

describe('case_events is append-only in the database', () => {
  it.each([
    ['UPDATE', `UPDATE case_events SET data = '{"approverId":"someone-else"}'`],
    ['UPDATE', `UPDATE case_events SET seq = seq WHERE false`],
    ['DELETE', `DELETE FROM case_events WHERE case_id = 'sr-record0001'`],
    ['TRUNCATE', `TRUNCATE case_events`],
  ])('when the owner runs %s (%s), then the trigger refuses it with SQLSTATE 42501 and nothing changes', async (op, statement) => {
    const before = await database.db.select().from(caseEvents);
    const failure = await asOwner((c) => c.query(statement).then(() => undefined, (e: unknown) => e));
    expect(failure).toMatchObject({ code: '42501', message: `case_events is append-only: ${op} refused (Art. 29, Art. 35)` });
    expect(await database.db.select().from(caseEvents)).toEqual(before);
  });
});

describe('the production role (db/roles.sql)', () => {
  it('when the service runs as gds_app, then it records cases, but UPDATE, DELETE, TRUNCATE of case_events and switching the triggers off are denied', async () => {
    await asOwner((c) => c.query(readFileSync(new URL('../../db/roles.sql', import.meta.url), 'utf8')));
    const appUrl = Object.assign(new URL(database.url), { username: 'gds_app' }).toString();
    const app = await openDatabase({ kind: 'pg', url: appUrl, poolSize: 2 }); // reads the migrations, applies none
    try {
      const id = newCaseId();
      const { hash } = await record(id, 1, 'received', '2026-09-25T10:00:00.000+08:00', GENESIS_HASH, 'received', app.db);
      await record(id, 2, 'reply_agreed', '2026-09-26T10:00:00.000+08:00', hash, 'reply_agreed', app.db);
      expect(await rowsOf(id)).toHaveLength(2);
      for (const statement of ['UPDATE case_events SET type = type', 'DELETE FROM case_events', 'TRUNCATE case_events', 'SET session_replication_role = replica', 'ALTER TABLE case_events DISABLE TRIGGER USER']) {
        const failure = await asOwner(async (c) => {
          await c.query('SET ROLE gds_app');
          return c.query(statement).then(() => undefined, (e: unknown) => e);
        });
        expect(failure, statement).toMatchObject({ code: '42501' });
        expect((failure as Error).message, statement).toMatch(/^permission denied|must be owner/);
      }
    } finally {
      await app.close();
    }
  });
});
