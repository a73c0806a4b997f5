// Fault: the worker is killed (SIGKILL) mid-case and restarted later. The deadline still counts at
// its own instant (missedAt = dueAt), the miss is recorded once, and no event is written twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { caseEvents, cases } from '../../db/schema';
import type { CaseState } from '../../workflows/shared';
import { startFaultStack, type FaultStack } from '../helpers/faultStack';
import { eventually } from '../helpers/shareRequestHarness';

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
  }, 120_000);
});
