// Loading the calendar through the API (docs/calendar.md): the national authority's head previews a
// made-up 2027 State Council notice and confirms it; the calendar answers 2027 as final; a separate
// process (worker deps on a connection pool of their own) picks the new version up within
// CALENDAR_MAX_AGE; a correction supersedes it; a stale preview is refused; a province loads its own
// days; who may load; and bad input is refused with problem details and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeadlineActivities } from '../activities/case/deadlines';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { loadCalendar, loadJurisdictionTree } from '../db/directory';
import { textHash, structuredHash } from '../db/calendar';
import { WorkingDayCalendar } from '../rules/calendar';
import { startTestApp, type TestApp } from './helpers/app';
import { CORRECTED_2027, LIAONING_AUTHORITY, MADE_UP_2027, MADE_UP_2027_TEXT, NATIONAL_AUTHORITY } from './helpers/calendarLoads';
import { problemBody } from './helpers/problems';
import { writtenRows } from './helpers/rowCounts';
import { insertCase } from './helpers/syntheticCases';
import { bearer } from './helpers/tokens';

/** The worker's (and this test's) bound on a process's calendar. */
const MAX_AGE_MS = 400;
let app: TestApp;
let worker: DatabaseHandle;
let computeDeadline: ReturnType<typeof createDeadlineActivities>['computeDeadline'];
/** Today, for the app: in December, next year's notice is due. */
let today = new Date('2026-12-07T09:00:00+08:00');

beforeAll(async () => {
  app = await startTestApp({ now: () => today });
  // A provisional deadline the notice moves (2027-09-16 → 09-17), and one of 2026 it leaves alone.
  const packaged = new WorkingDayCalendar();
  const open = (startedAt: string, workingDays: number) => {
    const d = packaged.addWorkingDays(startedAt.slice(0, 10), workingDays, '110000');
    return { deadlines: [{ id: 1, kind: 'reply', status: 'open', workingDays, startedAt, dueAt: d.dueAt, dueDate: d.dueDate, provisional: d.provisional, dutyBearer: { role: 'provider', departmentId: '110000-public-security', jurisdictionCode: '110000' } }] };
  };
  await insertCase(app.database.db, { id: 'sr-2027-provisional', state: open('2027-09-10T10:00:00+08:00', 3) });
  await insertCase(app.database.db, { id: 'sr-2026', state: open('2026-10-09T10:00:00+08:00', 3) });
  // The worker: another pool on the same database, its calendar checked within MAX_AGE_MS.
  worker = await openDatabase({ kind: 'pg', url: app.database.url, poolSize: 2 });
  const calendar = await loadCalendar(worker.db, await loadJurisdictionTree(worker.db), { maxAgeMs: MAX_AGE_MS });
  computeDeadline = createDeadlineActivities({ calendar }).computeDeadline;
});
afterAll(async () => {
  await worker?.close();
  await app?.close();
});

async function call(method: string, path: string, as?: string, body?: unknown) {
  const res = await fetch(app.url + path, {
    method,
    headers: { ...(as ? await bearer(as) : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, location: res.headers.get('location'), type: res.headers.get('content-type') };
}
const preview = (body: unknown, as = NATIONAL_AUTHORITY) => call('POST', '/calendar/notices', as, body);
const confirm = (id: string, as = NATIONAL_AUTHORITY, body: unknown = {}) => call('POST', `/calendar/previews/${id}/confirmation`, as, body);
const deadline = async (query: string) => (await call('GET', `/calendar/deadline?${query}`)).body;
const fromSeptember10 = 'from=2027-09-10&workingDays=3';
const workerDeadline = () => computeDeadline({ startedAt: '2027-09-10T10:00:00+08:00', workingDays: 3, jurisdiction: '110000' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a State Council notice, previewed and confirmed', () => {
  let first: { id: string };
  let record: number;

  it('when the 2027 notice is previewed, then the answer shows the days it changes and the open deadlines it reaches, and nothing of the calendar changes', async () => {
    const before = await writtenRows(app.database.db);
    const res = await preview({ notice: MADE_UP_2027 });
    expect(res.status).toBe(201);
    expect(res.location).toBe(`/calendar/previews/${res.body.id}`);
    expect(res.body).toMatchObject({ kind: 'notice', status: 'pending', year: 2027, jurisdiction: null, source: MADE_UP_2027.source, textHash: structuredHash(MADE_UP_2027), supersedes: null, confirmation: null });
    expect(res.body.openDeadlines).toEqual({ examined: 2, affected: 1, cases: 1, caseIds: ['sr-2027-provisional'] });
    const { changes } = res.body;
    // The make-up working day on a Sunday, and the Monday given off against it.
    expect(changes.workingDays.find((d: { date: string }) => d.date === '2027-09-12')).toEqual({ date: '2027-09-12', working: true, reason: '调休上班 make-up working day: 中秋节 Mid-Autumn Festival (国办发明电〔2026〕99号)', was: { working: false, reason: '周末 weekend (周日 Sunday)', provisional: true } });
    // Beyond the statutory days and their 补假 (counted provisionally), the notice gives these off, and these weekend days work.
    expect(changes.daysOff.map((d: { date: string }) => d.date)).toEqual(['2027-02-11', '2027-05-05', '2027-09-13', '2027-09-14', '2027-10-06', '2027-10-07']);
    expect(changes.workingDays.map((d: { date: string }) => d.date)).toEqual(['2027-02-20', '2027-04-25', '2027-09-12', '2027-10-09']);
    expect(changes.becomesFinal).toBe(true);
    expect(await deadline(fromSeptember10)).toMatchObject({ dueDate: '2027-09-16', provisional: true });
    expect(await writtenRows(app.database.db)).toEqual({ ...before, calendar_previews: before.calendar_previews + 1 });
    first = res.body;
  });

  it("when the authority's staff read the preview, then they see it; another department's head does not (404)", async () => {
    expect(await call('GET', `/calendar/previews/${first.id}`, `${NATIONAL_AUTHORITY}-staff`)).toMatchObject({ status: 200, body: { id: first.id, status: 'pending' } });
    expect(await call('GET', `/calendar/previews/${first.id}`, LIAONING_AUTHORITY)).toMatchObject({ status: 404, body: problemBody(404, 'NOT_FOUND') });
    expect(await call('GET', `/calendar/previews/${first.id}`)).toMatchObject({ status: 401, body: problemBody(401, 'UNAUTHENTICATED') });
  });

  it("when someone other than the authority's head confirms, then it is refused: 403 for its staff, 404 for another authority, 401 without a token", async () => {
    const before = await writtenRows(app.database.db);
    expect(await confirm(first.id, `${NATIONAL_AUTHORITY}-staff`)).toMatchObject({ status: 403, body: problemBody(403, 'FORBIDDEN') });
    expect(await confirm(first.id, LIAONING_AUTHORITY)).toMatchObject({ status: 404, body: problemBody(404, 'NOT_FOUND') });
    expect(await confirm(first.id, '110000-market-regulation')).toMatchObject({ status: 404 });
    expect(await call('POST', `/calendar/previews/${first.id}/confirmation`, undefined, {})).toMatchObject({ status: 401 });
    expect(await confirm(first.id, NATIONAL_AUTHORITY, { confirm: true })).toMatchObject({ status: 400, body: problemBody(400, 'VALIDATION_FAILED') });
    expect(await writtenRows(app.database.db)).toEqual(before);
  });

  it('when its head confirms, then 202 names the new record and version and links the recomputation of the cases it reaches; the API answers 2027 as final at once, and the audit says who, when and the hash', async () => {
    const version = (await call('GET', '/calendar/years')).body.version;
    const res = await confirm(first.id);
    expect(res.status).toBe(202);
    record = res.body.record;
    expect(res.location).toBe(`/calendar/recomputations/${version + 1}`);
    expect(res.body).toMatchObject({ previewId: first.id, kind: 'notice', year: 2027, version: version + 1, supersedes: null, confirmedBy: `${NATIONAL_AUTHORITY}-head`, openDeadlines: { examined: 2, affected: 1, cases: 1, caseIds: ['sr-2027-provisional'] }, recomputation: res.location });
    // No Temporal here: the recomputation is recorded, pending until a confirmation can start it.
    expect((await call('GET', res.location!)).body).toMatchObject({ version: version + 1, status: 'pending', cases: 1, rearmed: 0, jurisdiction: null, reason: expect.stringContaining(MADE_UP_2027.source) });
    expect(await call('GET', '/calendar/recomputations/999999')).toMatchObject({ status: 404, body: problemBody(404, 'NOT_FOUND') });
    for (const v of ['x', '0', '-1', '99999999999', '2147483648', '１']) expect(await call('GET', `/calendar/recomputations/${v}`), v).toMatchObject({ status: 404, body: problemBody(404, 'NOT_FOUND') });
    expect(await call('GET', '/calendar/recomputations/1%00')).toMatchObject({ status: 400, body: problemBody(400, 'INVALID_TEXT') });
    expect(await deadline(fromSeptember10)).toMatchObject({ dueDate: '2027-09-17', provisional: false });
    expect(await deadline('from=2027-09-10&workingDays=1')).toMatchObject({ dueDate: '2027-09-12', skipped: [{ date: '2027-09-11' }] });
    const [stored] = (await call('GET', '/calendar/notices?year=2027')).body.notices;
    expect(stored).toMatchObject({ id: record, year: 2027, origin: 'authority', source: MADE_UP_2027.source, textHash: structuredHash(MADE_UP_2027), loadedBy: `${NATIONAL_AUTHORITY}-head`, loadedByDepartment: NATIONAL_AUTHORITY, loadedAt: res.body.confirmedAt, version: version + 1, previewId: first.id, current: true, supersededBy: null });
    expect(stored.holidays).toEqual(MADE_UP_2027.holidays);
    expect((await call('GET', `/calendar/previews/${first.id}`, NATIONAL_AUTHORITY)).body).toMatchObject({ status: 'confirmed', confirmation: res.body });
  });

  it('when it is confirmed again, then the answer is the same (200) and nothing more is written', async () => {
    const before = await writtenRows(app.database.db);
    const again = await confirm(first.id);
    expect(again.status).toBe(200);
    expect(again.body.record).toBe(record);
    expect(await writtenRows(app.database.db)).toEqual(before);
  });

  it('when a separate process computes a deadline, then it uses the new calendar once CALENDAR_MAX_AGE has passed', async () => {
    await sleep(MAX_AGE_MS);
    expect(await workerDeadline()).toMatchObject({ dueDate: '2027-09-17', dueAt: '2027-09-18T00:00:00.000+08:00', provisional: false });
  });

  it("when the years are listed, then 2027 comes from the authority's notice at its version, the packaged years from the package", async () => {
    const { body } = await call('GET', '/calendar/years');
    const year = (y: number) => body.years.find((e: { year: number }) => e.year === y);
    expect(year(2027)).toMatchObject({ source: 'notice', notice: { id: record, origin: 'authority', loadedBy: `${NATIONAL_AUTHORITY}-head` }, adjustments: [] });
    expect(year(2026)).toMatchObject({ source: 'package', notice: { origin: 'package', version: 1 } });
    expect(body.years[0].year).toBe(2004);
    expect(body.years.at(-1).year).toBe(2027);
  });
});

describe('a stale preview, a correction and the notice as published', () => {
  it('when two previews are made and one is confirmed, then the other is stale: 409, nothing written, and it says so', async () => {
    const one = await preview({ notice: CORRECTED_2027 });
    const two = await preview({ notice: { ...CORRECTED_2027, source: '国办发明电〔2026〕101号' } });
    expect(one.body.supersedes).toMatchObject({ origin: 'authority', source: MADE_UP_2027.source });
    expect((await confirm(one.body.id)).status).toBe(202);
    const before = await writtenRows(app.database.db);
    const stale = await confirm(two.body.id);
    expect(stale).toMatchObject({ status: 409, type: expect.stringMatching(/^application\/problem\+json/), body: { ...problemBody(409, 'CALENDAR_PREVIEW_STALE'), baseVersion: two.body.baseVersion, version: two.body.baseVersion + 1 } });
    expect(await writtenRows(app.database.db)).toEqual(before);
    expect((await call('GET', `/calendar/previews/${two.body.id}`, NATIONAL_AUTHORITY)).body.status).toBe('stale');
  });

  it('when a correction was confirmed, then it superseded the first notice, which is kept, and the calendar follows the correction', async () => {
    const { notices } = (await call('GET', '/calendar/notices?year=2027')).body;
    expect(notices.map((n: { source: string; current: boolean }) => [n.source, n.current])).toEqual([
      [CORRECTED_2027.source, true],
      [MADE_UP_2027.source, false],
    ]);
    expect(notices[1]).toMatchObject({ supersededBy: notices[0].id, supersededAt: notices[0].loadedAt });
    expect(await deadline(fromSeptember10)).toMatchObject({ dueDate: '2027-09-16', provisional: false });
  });

  it('when the notice is loaded as published (its Chinese text), then it is read into the same days, and the text and its hash are kept', async () => {
    const res = await preview({ text: MADE_UP_2027_TEXT.replace(/\n/g, '\r\n') });
    expect(res.status).toBe(201);
    // Kept as received, with its line ends made \n and its outer blank lines trimmed.
    const kept = MADE_UP_2027_TEXT.trim();
    expect(res.body).toMatchObject({ source: MADE_UP_2027.source, textHash: textHash(kept), notice: { holidays: MADE_UP_2027.holidays, workdays: MADE_UP_2027.workdays } });
    const done = await confirm(res.body.id);
    const stored = (await call('GET', `/calendar/notices/${done.body.record}`)).body;
    expect(stored).toMatchObject({ text: kept, textHash: textHash(kept), publishedOn: '2026-11-30', origin: 'authority' });
    expect(await deadline(fromSeptember10)).toMatchObject({ dueDate: '2027-09-17', provisional: false });
  });
});

describe("next year's notice in /health/ready", () => {
  it('when it is December and next year has no notice, then readiness stays 200 and warns; once loaded, or before December, it does not', async () => {
    today = new Date('2027-12-01T00:30:00+08:00');
    const ready = await call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.warnings).toEqual([{ code: 'HOLIDAY_NOTICE_NOT_LOADED', year: 2028, detail: expect.stringContaining("holiday notice for 2028 is not loaded") }]);
    today = new Date('2027-11-30T23:30:00+08:00');
    expect((await call('GET', '/health/ready')).body.warnings).toEqual([]);
    today = new Date('2026-12-07T09:00:00+08:00');
    expect((await call('GET', '/health/ready')).body.warnings).toEqual([]);
  });
});

describe('a regional adjustment', () => {
  const qingyuan = { jurisdiction: '210423', year: 2027, source: '测试用虚构文件 清政办发〔2026〕1号', days: [{ date: '2027-03-15', kind: 'holiday', name: '测试用地方节日' }] };

  it("when Liaoning's head loads a day for a county within it and confirms, then duties owed there count it, and elsewhere they do not", async () => {
    const res = await call('POST', '/calendar/adjustments', LIAONING_AUTHORITY, qingyuan);
    expect(res).toMatchObject({ status: 201, body: { kind: 'adjustment', jurisdiction: '210423', days: qingyuan.days, notice: null } });
    expect(res.body.changes.daysOff).toEqual([expect.objectContaining({ date: '2027-03-15', working: false })]);
    expect(await call('GET', `/calendar/previews/${res.body.id}`, `${LIAONING_AUTHORITY}-staff`)).toMatchObject({ status: 200 });
    expect(await call('GET', `/calendar/previews/${res.body.id}`, NATIONAL_AUTHORITY)).toMatchObject({ status: 404 });
    const done = await confirm(res.body.id, LIAONING_AUTHORITY);
    expect(done).toMatchObject({ status: 202, location: `/calendar/recomputations/${done.body.version}` });
    expect(await deadline('from=2027-03-12&workingDays=1&jurisdiction=210423')).toMatchObject({ dueDate: '2027-03-16', skipped: expect.arrayContaining([{ date: '2027-03-15', reason: expect.stringContaining('地方放假 regional holiday: 测试用地方节日 (210423') }]) });
    expect(await deadline('from=2027-03-12&workingDays=1&jurisdiction=210400')).toMatchObject({ dueDate: '2027-03-15' });
    expect(await deadline('from=2027-03-12&workingDays=1')).toMatchObject({ dueDate: '2027-03-15' });
    expect((await call('GET', '/calendar/adjustments?jurisdiction=210423')).body.adjustments).toEqual([expect.objectContaining({ id: done.body.record, origin: 'authority', loadedBy: `${LIAONING_AUTHORITY}-head`, current: true })]);
    expect((await call('GET', `/calendar/adjustments/${done.body.record}`)).body).toMatchObject({ jurisdiction: '210423', year: 2027 });
    const y2027 = (await call('GET', '/calendar/years')).body.years.find((e: { year: number }) => e.year === 2027);
    expect(y2027.adjustments).toEqual([{ id: done.body.record, jurisdiction: '210423', source: qingyuan.source, version: done.body.version }]);
  });

  it.each([
    ['another province', LIAONING_AUTHORITY, { ...qingyuan, jurisdiction: '230000' }, 403],
    ['a city authority', '210400-data-sharing-authority', { ...qingyuan, jurisdiction: '210400' }, 403],
    ['the national authority', NATIONAL_AUTHORITY, { ...qingyuan, jurisdiction: '210000' }, 403],
    ["the province's staff", `${LIAONING_AUTHORITY}-staff`, qingyuan, 403],
    ['a department that is not an authority', '110000-market-regulation', { ...qingyuan, jurisdiction: '110000' }, 403],
    ['a government official', '210000-government-official', qingyuan, 403],
    ['the administrator', 'admin', qingyuan, 403],
    ['no token', undefined, qingyuan, 401],
  ])('when %s loads an adjustment, then it is refused and nothing is written', async (_who, as, body, status) => {
    const before = await writtenRows(app.database.db);
    const res = await call('POST', '/calendar/adjustments', as, body);
    expect(res).toMatchObject({ status, body: problemBody(status, status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN') });
    expect(await writtenRows(app.database.db)).toEqual(before);
  });
});

describe('who may load the State Council notice', () => {
  it.each([
    ["the authority's staff", `${NATIONAL_AUTHORITY}-staff`, 403],
    ["the authority's administrator of integrations", `${NATIONAL_AUTHORITY}-admin`, 403],
    ['a provincial authority head', LIAONING_AUTHORITY, 403],
    ['the head of a department', '110000-market-regulation', 403],
    ['a government official', '100000-government-official', 403],
    ['the administrator', 'admin', 403],
    ['no token', undefined, 401],
  ])('when %s loads it, then it is refused and nothing is written', async (_who, as, status) => {
    const before = await writtenRows(app.database.db);
    const res = await call('POST', '/calendar/notices', as, { notice: MADE_UP_2027 });
    expect(res).toMatchObject({ status, body: problemBody(status, status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN') });
    expect(await writtenRows(app.database.db)).toEqual(before);
  });
});

describe('bad input is refused with problem details, and nothing is written', () => {
  const line10 = MADE_UP_2027_TEXT.split('\n')[9]!;
  it.each([
    ['neither notice nor text', {}, 'VALIDATION_FAILED'],
    ['both notice and text', { notice: MADE_UP_2027, text: MADE_UP_2027_TEXT }, 'VALIDATION_FAILED'],
    ['a source beside the structured notice', { notice: MADE_UP_2027, source: 'x' }, 'VALIDATION_FAILED'],
    ['an unknown member', { notice: MADE_UP_2027, extra: 1 }, 'VALIDATION_FAILED'],
    ['a notice with an unknown member', { notice: { ...MADE_UP_2027, extra: 1 } }, 'VALIDATION_FAILED'],
    ['a year out of range', { notice: { ...MADE_UP_2027, year: 2100 } }, 'VALIDATION_FAILED'],
    ['a year as text', { notice: { ...MADE_UP_2027, year: '2027' } }, 'VALIDATION_FAILED'],
    ['a date that does not exist', { notice: { ...MADE_UP_2027, holidays: [{ date: '2027-02-30', name: '春节' }] } }, 'VALIDATION_FAILED'],
    ['a festival name with a control character', { notice: { ...MADE_UP_2027, holidays: [{ date: '2027-01-01', name: '元\u0007旦' }] } }, 'INVALID_TEXT'],
    ['a text too long', { text: '一'.repeat(20_001) }, 'VALIDATION_FAILED'],
    ['a text with a bidi override', { text: `${MADE_UP_2027_TEXT}\u202e` }, 'INVALID_TEXT'],
    ['a body that is not an object', [MADE_UP_2027], 'VALIDATION_FAILED'],
  ])('when the notice has %s, then 400', async (_what, body, code) => {
    const before = await writtenRows(app.database.db);
    expect(await preview(body)).toMatchObject({ status: 400, type: expect.stringMatching(/^application\/problem\+json/), body: problemBody(400, code as 'VALIDATION_FAILED') });
    expect(await writtenRows(app.database.db)).toEqual(before);
  });

  it.each([
    ['a make-up working day on a weekday', { ...MADE_UP_2027, workdays: [{ date: '2027-09-16', name: '中秋节' }] }, 'notice.workdays.0.date', /is a weekday/],
    ['a day in another year', { ...MADE_UP_2027, holidays: [{ date: '2028-01-01', name: '元旦' }] }, 'notice.holidays.0.date', /outside the notice's year/],
    ['a day listed twice', { ...MADE_UP_2027, workdays: [...MADE_UP_2027.workdays, MADE_UP_2027.workdays[0]!] }, 'notice.workdays.4.date', /more than once/],
  ])('when the structured notice has %s, then 400 INVALID_NOTICE names the field', async (_what, notice, path, message) => {
    const before = await writtenRows(app.database.db);
    const res = await preview({ notice });
    expect(res).toMatchObject({ status: 400, body: { ...problemBody(400, 'INVALID_NOTICE'), errors: [{ path, message: expect.stringMatching(message) }] } });
    expect(await writtenRows(app.database.db)).toEqual(before);
  });

  it('when the text has a malformed line, then 400 INVALID_NOTICE names the line', async () => {
    const before = await writtenRows(app.database.db);
    const bad = MADE_UP_2027_TEXT.replace(line10, line10.replace('（周三）放假1天', '（周四）放假1天'));
    const res = await preview({ text: bad });
    expect(res).toMatchObject({ status: 400, body: { ...problemBody(400, 'INVALID_NOTICE', expect.stringMatching(/^line 10 .*2027-06-09 is a 星期三, not the 周四/)), line: 10, lineText: expect.stringContaining('端午节') } });
    expect(await writtenRows(app.database.db)).toEqual(before);
  });

  it('when the text names another year than the one given, or no document number, then 400 INVALID_NOTICE', async () => {
    expect(await preview({ text: MADE_UP_2027_TEXT, year: 2028 })).toMatchObject({ status: 400, body: { code: 'INVALID_NOTICE', line: 1 } });
    const items = MADE_UP_2027_TEXT.split('\n').filter((l) => /^[一二三四五六七]、/.test(l)).join('\n');
    expect(await preview({ text: items, year: 2027 })).toMatchObject({ status: 400, body: { code: 'INVALID_NOTICE', detail: expect.stringMatching(/no document number/) } });
    expect((await preview({ text: items, year: 2027, source: '国办发明电〔2026〕99号' })).status).toBe(201);
  });

  it.each([
    ['a day in another year', { days: [{ date: '2028-03-15', kind: 'holiday', name: '节日' }] }, 'INVALID_ADJUSTMENT'],
    ['a make-up working day on a weekday', { days: [{ date: '2027-03-15', kind: 'workday', name: '节日' }] }, 'INVALID_ADJUSTMENT'],
    ['a day twice', { days: [{ date: '2027-03-15', kind: 'holiday', name: '节日' }, { date: '2027-03-15', kind: 'holiday', name: '节日' }] }, 'INVALID_ADJUSTMENT'],
    ['no day', { days: [] }, 'VALIDATION_FAILED'],
    ['an unknown kind', { days: [{ date: '2027-03-15', kind: 'half-day', name: '节日' }] }, 'VALIDATION_FAILED'],
    ['an unknown jurisdiction', { jurisdiction: '219999' }, 'UNKNOWN_JURISDICTION'],
    ['a malformed jurisdiction', { jurisdiction: 'LN' }, 'VALIDATION_FAILED'],
  ])('when an adjustment has %s, then 400', async (_what, over, code) => {
    const before = await writtenRows(app.database.db);
    const body = { jurisdiction: '210000', year: 2027, source: '辽政办发〔2026〕1号', days: [{ date: '2027-03-15', kind: 'holiday', name: '节日' }], ...over };
    expect(await call('POST', '/calendar/adjustments', LIAONING_AUTHORITY, body)).toMatchObject({ status: 400, body: problemBody(400, code as 'VALIDATION_FAILED') });
    expect(await writtenRows(app.database.db)).toEqual(before);
  });

  it.each([
    ['GET /calendar/previews/cp_000000000000000000000000', 'GET', '/calendar/previews/cp_000000000000000000000000'],
    ['GET /calendar/previews/not-an-id', 'GET', '/calendar/previews/not-an-id'],
    ['POST …/cp_000000000000000000000000/confirmation', 'POST', '/calendar/previews/cp_000000000000000000000000/confirmation'],
    ['GET /calendar/notices/0', 'GET', '/calendar/notices/0'],
    ['GET /calendar/notices/99999999', 'GET', '/calendar/notices/99999999'],
    ['GET /calendar/adjustments/x', 'GET', '/calendar/adjustments/x'],
  ])('when %s names nothing, then 404', async (_name, method, path) => {
    expect(await call(method, path, NATIONAL_AUTHORITY, method === 'POST' ? {} : undefined)).toMatchObject({ status: 404, body: problemBody(404, 'NOT_FOUND') });
  });

  it.each([
    ['/calendar/notices?year=27', 'VALIDATION_FAILED'],
    ['/calendar/notices?month=1', 'VALIDATION_FAILED'],
    ['/calendar/adjustments?jurisdiction=x', 'VALIDATION_FAILED'],
    ['/calendar/adjustments?year=2100', 'VALIDATION_FAILED'],
  ])('when %s is asked, then 400', async (path, code) => {
    expect(await call('GET', path)).toMatchObject({ status: 400, body: problemBody(400, code as 'VALIDATION_FAILED') });
  });
});
