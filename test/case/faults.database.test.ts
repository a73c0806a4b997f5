// Fault: PostgreSQL stopped for 30 s mid-case, across a deadline. The API answers 503 meanwhile;
// the workflow's own write (the miss, at the deadline's instant) waits in its recorder's retries and
// lands when PostgreSQL is back; reconcile then finds no difference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { caseEvents, cases } from '../../db/schema';
import { seedDemo } from '../../db/seed';
import { reconcile } from '../../scripts/lib/reconcile';
import type { CaseState } from '../../workflows/shared';
import { BEIJING } from '../helpers/fixtures';
import { startFaultStack, type FaultStack } from '../helpers/faultStack';
import { eventually } from '../helpers/shareRequestHarness';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/throwawayPostgres';
import { bearer } from '../helpers/tokens';

let pg: ThrowawayPostgres;
let stack: FaultStack;
beforeAll(async () => {
  pg = await startThrowawayPostgres();
  const handle = await openDatabase({ kind: 'pg', url: pg.url });
  await seedDemo(handle.db);
  stack = await startFaultStack({ deadlineMs: 8_000, database: { ...handle, url: pg.url, drop: () => handle.close() } });
}, 180_000);
afterAll(async () => {
  await stack?.teardown();
  await pg?.destroy();
});

describe('PostgreSQL stopped for 30 s', () => {
  it('when PostgreSQL is down across a deadline, then the API answers 503, the miss lands at its instant once PostgreSQL is back, and reconcile finds nothing', async () => {
    await stack.startWorker();
    const opened = await stack.open();
    const api = (path: string, init?: RequestInit) => fetch(stack.app.url + path, init);
    await pg.stop();
    const stoppedAt = Date.now();

    const read = await api(`/share-requests/${opened.id}`, { headers: await bearer(BEIJING.requester) });
    expect(read.status).toBe(503);
    expect(((await read.json()) as { code: string }).code).toBe('DATABASE_UNAVAILABLE');
    const reply = await api(`/share-requests/${opened.id}/reply`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(await bearer(BEIJING.provider)) },
      body: JSON.stringify({ decision: 'agree' }),
    });
    expect(reply.status).toBe(503);
    expect((await api('/health/ready')).status).toBe(503);

    await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + 30_000 - Date.now())));
    expect(Date.now()).toBeGreaterThan(Date.parse(opened.dueAt));
    await pg.start();

    const db = stack.app.database.db;
    const row = await eventually(async () => {
      const [r] = await db.select().from(cases).where(eq(cases.id, opened.id));
      expect(r!.overdue).toBe(true);
      return r!;
    }, 90_000);
    expect((row.state as CaseState).deadlines[0]).toMatchObject({ status: 'missed', missedAt: opened.dueAt });
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, opened.id)).orderBy(asc(caseEvents.seq));
    expect(events.map((e) => `${e.seq}:${e.type}`)).toEqual(['1:received', '2:deadline_missed']);
    await eventually(async () => expect(await reconcile({ db, client: stack.client })).toEqual([]), 30_000);
    expect((await api(`/share-requests/${opened.id}`, { headers: await bearer(BEIJING.requester) })).status).toBe(200);
  }, 180_000);
});
