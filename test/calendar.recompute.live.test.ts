// The recomputation of open cases after a calendar load, with the API in this process and the worker
// as a separate process against a real Temporal server and PostgreSQL — and the worker killed in the
// middle of it. Whatever today is, Beijing's authority loads a regional day off three working days
// from now: every open Beijing duty counted across that day (a share request's reply, Art. 21; a
// correction's result, Art. 26) moves one working day later, the case's history records the old and
// new instants, and the recomputation, resumed by the next worker, finishes with every case counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultStack, type FaultStack } from './helpers/faultStack';
import { BEIJING } from './helpers/fixtures';
import { eventually } from './helpers/shareRequestHarness';
import { bearer } from './helpers/tokens';

const BEIJING_AUTHORITY = '110000-data-sharing-authority';

let stack: FaultStack;
beforeAll(async () => {
  // deadlineMs 0: the worker counts real working days.
  stack = await startFaultStack({ deadlineMs: 0 });
}, 180_000);
afterAll(async () => {
  await stack?.teardown();
});

async function call(method: string, path: string, as?: string, body?: unknown) {
  const res = await fetch(stack.app.url + path, { method, headers: { ...(as ? await bearer(as) : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, location: res.headers.get('location') };
}
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** The day N working days after `from` in Beijing, as the API counts it now. */
const workingDaysAfter = async (from: string, n: number) => (await call('GET', `/calendar/deadline?from=${from}&workingDays=${n}&jurisdiction=110000`)).body.dueDate as string;

describe('a regional day off loaded while cases are open (Art. 21, 26 periods in working days)', () => {
  it('when Beijing loads a day off inside their periods, then each open Beijing duty moves one working day later — recorded in its history — and the recomputation finishes although its worker was killed mid-way', { timeout: 240_000 }, async () => {
    const doomed = await stack.startWorker({ dieAfterRecording: 'deadlines_rearmed' });
    // A share request awaiting the provider's reply; another delivered, and a correction of it awaiting the result.
    const awaiting = await stack.open();
    const delivered = await stack.open();
    expect((await call('POST', `/share-requests/${delivered.id}/reply`, BEIJING.provider, { decision: 'agree' })).status).toBe(200);
    expect((await call('POST', `/share-requests/${delivered.id}/delivery`, BEIJING.provider, { method: 'service_api', reference: 'SVC-RECOMPUTE' })).status).toBe(200);
    const filed = await call('POST', '/corrections', `${BEIJING.requester}-staff`, { shareRequestId: delivered.id, items: ['户籍地址'], problem: '地址与实际不符' });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const reply = (await call('GET', `/share-requests/${awaiting.id}`, BEIJING.requester)).body.deadlines[0];
    const correction = filed.body.deadlines[0];

    // Three working days from today: inside both periods (10 working days each).
    const dayOff = await workingDaysAfter(today(), 3);
    expect(dayOff < reply.dueDate && dayOff < correction.dueDate).toBe(true);
    const preview = await call('POST', '/calendar/adjustments', `${BEIJING_AUTHORITY}-head`, { jurisdiction: '110000', year: Number(dayOff.slice(0, 4)), source: '测试用虚构文件 京政办发〔测试〕1号', days: [{ date: dayOff, kind: 'holiday', name: '测试用地方假日' }] });
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    expect(preview.body.openDeadlines).toMatchObject({ affected: 2, cases: 2 });
    const confirmed = await call('POST', `/calendar/previews/${preview.body.id}/confirmation`, `${BEIJING_AUTHORITY}-head`, {});
    expect([confirmed.status, confirmed.location]).toEqual([202, `/calendar/recomputations/${confirmed.body.version}`]);
    expect(confirmed.body.recomputation).toBe(confirmed.location);

    // The worker dies right after the first case records its re-arm; the recomputation waits for the next one.
    await eventually(async () => expect(() => process.kill(doomed.pid, 0)).toThrow(), 60_000);
    expect((await call('GET', confirmed.location!)).body).toMatchObject({ status: 'running', rearmed: 0 });
    await stack.stopWorkers();
    await stack.startWorker();
    const done = await eventually(async () => {
      const r = (await call('GET', confirmed.location!)).body;
      expect(r.status).toBe('done');
      return r;
    }, 120_000);
    expect(done).toMatchObject({ cases: 2, rearmed: 2, unchanged: 0, skipped: 0, jurisdiction: '110000', reason: expect.stringContaining('京政办发〔测试〕1号') });

    // Each moved by exactly one working day: to the working day after its old last day, with the day off.
    for (const [path, before] of [[`/share-requests/${awaiting.id}`, reply], [`/corrections/${filed.body.id}`, correction]] as const) {
      const view = (await call('GET', path, BEIJING.provider)).body;
      const d = view.deadlines[0];
      const expected = await workingDaysAfter(before.dueDate, 1);
      expect(d.dueDate, path).toBe(expected);
      expect(d.rearms, path).toEqual([expect.objectContaining({ from: before.dueAt, to: d.dueAt })]);
      expect(view.events.filter((e: { type: string }) => e.type === 'deadlines_rearmed'), path).toEqual([
        expect.objectContaining({ actor: { departmentId: 'system', role: 'system' }, data: expect.objectContaining({ moved: [expect.objectContaining({ from: before.dueAt, to: d.dueAt })] }) }),
      ]);
    }
  });
});
