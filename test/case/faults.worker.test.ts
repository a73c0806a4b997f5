// Fault: the worker is killed (SIGKILL) mid-case and restarted later. The deadline still counts at
// its own instant (missedAt = dueAt), the miss is recorded once, and no event is written twice.
// Killed right after its recorder wrote an event, the worker leaves an attempt whose workflow task
// never completed: the retried task appends a superseding revision, and nothing is rewritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { verifyChain } from '../../audit/chain';
import { caseEvents, cases } from '../../db/schema';
import type { CaseState } from '../../workflows/shared';
import { startFaultStack, type FaultStack } from '../helpers/faultStack';
import { eventually } from '../helpers/shareRequestHarness';
import { BEIJING } from '../helpers/fixtures';
import { bearer } from '../helpers/tokens';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ deadlineMs: 8_000 });
}, 180_000);
afterAll(async () => {
  await stack?.teardown();
});

describe('the worker killed mid-case', () => {
  it('when the worker dies before a deadline and comes back after it, then the miss is recorded once, at the deadline itself, and no event is written twice', async () => {
    const worker = await stack.startWorker();
    const opened = await stack.open();
    process.kill(worker.pid, 'SIGKILL');
    // Down across the deadline, then back.
    await new Promise((r) => setTimeout(r, Date.parse(opened.dueAt) - Date.now() + 3_000));
    await stack.startWorker();

    const db = stack.app.database.db;
    const row = await eventually(async () => {
      const [r] = await db.select().from(cases).where(eq(cases.id, opened.id));
      expect(r!.overdue).toBe(true);
      return r!;
    }, 60_000);
    const missed = (row.state as CaseState).deadlines.find((d) => d.status === 'missed')!;
    expect(missed.missedAt).toBe(opened.dueAt);
    expect(Date.parse(missed.escalatedAt!)).toBeGreaterThanOrEqual(Date.parse(opened.dueAt) + 3_000);
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, opened.id)).orderBy(asc(caseEvents.seq));
    expect(events.map((e) => `${e.seq}:${e.type}`)).toEqual(['1:received', '2:deadline_missed']);
    expect(verifyChain(opened.id, events, { state: row.state })).toEqual({ events: 2, superseded: 0 });
  }, 120_000);

  it('when the worker dies right after recording the miss, before its workflow task completed, then the retried task appends a superseding revision: both attempts stay, the chain and the stored state verify, and the API serves the attempt apart', async () => {
    await stack.stopWorkers();
    const doomed = await stack.startWorker({ dieAfterRecording: 'deadline_missed' });
    const opened = await stack.open();
    const db = stack.app.database.db;
    const rowsOf = () => db.select().from(caseEvents).where(eq(caseEvents.caseId, opened.id)).orderBy(asc(caseEvents.seq), asc(caseEvents.revision));
    await eventually(async () => {
      expect((await rowsOf()).map((e) => `${e.seq}.${e.revision}`)).toEqual(['1.0', '2.0']);
      expect(() => process.kill(doomed.pid, 0)).toThrow(); // gone, its workflow task never completed
    }, 60_000);
    await stack.startWorker();

    const events = await eventually(async () => {
      const rows = await rowsOf();
      expect(rows.map((e) => `${e.seq}.${e.revision}:${e.type}`)).toEqual(['1.0:received', '2.0:deadline_missed', '2.1:deadline_missed']);
      return rows;
    }, 60_000);
    const [, abandoned, retried] = events;
    expect(retried!.prevHash).toBe(abandoned!.prevHash);
    expect(retried!.at.getTime()).toBeGreaterThan(abandoned!.at.getTime());
    const [row] = await db.select().from(cases).where(eq(cases.id, opened.id));
    const missed = (row!.state as CaseState).deadlines.find((d) => d.status === 'missed')!;
    expect(missed).toMatchObject({ missedAt: opened.dueAt, escalatedAt: (retried!.data as { escalatedAt: string }).escalatedAt });
    expect(verifyChain(opened.id, events, { state: row!.state })).toEqual({ events: 3, superseded: 1 });

    const read = await fetch(`${stack.app.url}/share-requests/${opened.id}`, { headers: await bearer(BEIJING.requester) });
    const body = (await read.json()) as { events: Array<{ seq: number; revision: number }>; supersededEvents: Array<{ seq: number; revision: number }>; recordedState: unknown };
    expect(body.events.map((e) => `${e.seq}.${e.revision}`)).toEqual(['1.0', '2.1']);
    expect(body.supersededEvents.map((e) => `${e.seq}.${e.revision}`)).toEqual(['2.0']);
    expect(verifyChain(opened.id, [...body.events, ...body.supersededEvents] as never, { state: body.recordedState })).toEqual({ events: 3, superseded: 1 });
  }, 150_000);
});
