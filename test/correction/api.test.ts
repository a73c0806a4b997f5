// The correction API (校核, Art. 26; HLJ Art. 24) through a real Temporal dev server, a real worker
// and real PostgreSQL: filed on a delivered share request, answered, accepted or contested; listed and
// linked both ways; and every error path with its code, nothing written on a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { cases, notifications } from '../../db/schema';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { BEIJING, submission } from '../helpers/fixtures';
import { eventually } from '../helpers/shareRequestHarness';

const { requester: REQUESTER, provider: PROVIDER, authority: AUTHORITY } = BEIJING;
const OUTSIDER = '210400-natural-resources';
const HARBIN_PROVIDER = '230100-public-security';
const HARBIN_AUTHORITY = '230100-data-sharing-authority';
const HARBIN_ENTRY = '230100-public-security-household-registration';

let live: LiveStack;
let delivered: string;
beforeAll(async () => {
  live = await startLiveStack();
  delivered = await deliveredShareRequest();
});
afterAll(async () => {
  await live?.teardown();
});

async function deliveredShareRequest(): Promise<string> {
  const { body } = await live.call('POST', '/share-requests', { as: REQUESTER, body: submission() });
  expect((await live.call('POST', `/share-requests/${body.id}/reply`, { as: PROVIDER, body: { decision: 'agree' } })).status).toBe(200);
  expect((await live.call('POST', `/share-requests/${body.id}/delivery`, { as: PROVIDER, body: { method: 'service_api', reference: 'SVC-CO' } })).status).toBe(200);
  return body.id as string;
}

const correction = (over: Record<string, unknown> = {}) => ({ shareRequestId: delivered, items: ['居住证地址'], problem: '地址与登记不符', ...over });
const file = (body: unknown = correction(), as = `${REQUESTER}-staff`, headers: Record<string, string> = {}) => live.call('POST', '/corrections', { as, body, headers });
const caseCount = async () => (await live.app.database.db.select({ n: count() }).from(cases))[0]!.n;

describe('POST /corrections', () => {
  it('when the requester\'s staff file one on a delivered share request, then 201: the provider owes the result in 10 working days (Art. 26), the correction names the share request and the share request lists it', async () => {
    const res = await file();
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get('location')).toBe(`/corrections/${res.body.id}`);
    expect(res.body).toMatchObject({
      process: 'correction',
      stage: 'awaiting_result',
      ruleSet: 'national',
      overdue: false,
      source: 'requester',
      shareRequestId: delivered,
      items: ['居住证地址'],
      problem: '地址与登记不符',
      requester: { departmentId: REQUESTER },
      provider: { departmentId: PROVIDER },
      authority: { departmentId: AUTHORITY },
      links: [{ caseId: delivered, process: 'share-request', relation: 'corrects' }],
      result: null,
    });
    expect(res.body.id).toMatch(/^co-/);
    expect(res.body.deadlines).toEqual([expect.objectContaining({ kind: 'correction', workingDays: 10, article: 'Art. 26', status: 'open', dutyBearer: expect.objectContaining({ role: 'provider', departmentId: PROVIDER }) })]);
    expect(res.body.dueAt).toBe(res.body.deadlines[0].dueAt);
    const shareRequest = await live.call('GET', `/share-requests/${delivered}`, { as: REQUESTER });
    expect(shareRequest.body.linkedFrom).toEqual(expect.arrayContaining([{ caseId: res.body.id, process: 'correction', relation: 'corrects', stage: 'awaiting_result' }]));
    const detail = await live.call('GET', `/corrections/${res.body.id}`, { as: PROVIDER });
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['correction_requested']);
    // The share request records the link in its own chain too, as the system's (the correction's message).
    await eventually(async () => {
      const sr = await live.call('GET', `/share-requests/${delivered}`, { as: REQUESTER });
      expect(sr.body.events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'case_linked', data: { caseId: res.body.id, process: 'correction', relation: 'corrects' }, actor: { departmentId: 'system', role: 'system' } })]));
    }, 20_000);
    await eventually(async () => {
      const told = await live.app.database.db.select().from(notifications).where(eq(notifications.caseId, res.body.id));
      expect(told.map((n) => [n.recipient, n.kind])).toEqual([[PROVIDER, 'correction_received']]);
    });
  });

  it('when the result is reported and the requester accepts, then the case closes as accepted; a partly corrected result needs its explanation', async () => {
    const { body: c } = await file();
    const bare = await live.call('POST', `/corrections/${c.id}/result`, { as: `${PROVIDER}-staff`, body: { outcome: 'partly_corrected' } });
    expect([bare.status, bare.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const reported = await live.call('POST', `/corrections/${c.id}/result`, { as: `${PROVIDER}-staff`, body: { outcome: 'partly_corrected', explanation: '地址已更正，门牌号待核实' } });
    expect(reported.body).toMatchObject({ stage: 'awaiting_acceptance', result: { outcome: 'partly_corrected', late: false }, deadlines: [expect.objectContaining({ status: 'met' })] });
    const accepted = await live.call('POST', `/corrections/${c.id}/accept`, { as: REQUESTER, body: {} });
    expect(accepted.body).toMatchObject({ stage: 'accepted' });
    const again = await live.call('POST', `/corrections/${c.id}/accept`, { as: REQUESTER, body: {} });
    expect([again.status, again.body.code, again.body.stage]).toEqual([409, 'ILLEGAL_TRANSITION', 'accepted']);
  });

  it('when the requester contests the result, then the correction stays open as contested and lists as such', async () => {
    const { body: c } = await file();
    await live.call('POST', `/corrections/${c.id}/result`, { as: PROVIDER, body: { outcome: 'confirmed_accurate', explanation: '经核实无误' } });
    const contested = await live.call('POST', `/corrections/${c.id}/contest`, { as: REQUESTER, body: { reason: '实地核查不符' } });
    expect(contested.body).toMatchObject({ stage: 'contested', contest: { reason: '实地核查不符' } });
    const listed = await live.call('GET', '/corrections?stage=contested&limit=100', { as: AUTHORITY });
    expect(listed.body.corrections.map((x: { id: string }) => x.id)).toContain(c.id);
    expect(listed.body.corrections.find((x: { id: string }) => x.id === c.id).parties).toMatchObject({ requester: REQUESTER, provider: PROVIDER });
  });

  it('when the same correction is filed again with its Idempotency-Key, then the same case comes back (200, replayed)', async () => {
    const key = { 'Idempotency-Key': `co-${Date.now()}` };
    const first = await file(correction(), REQUESTER, key);
    const again = await file(correction(), REQUESTER, key);
    expect([first.status, again.status, again.headers.get('idempotent-replayed'), again.body.id]).toEqual([201, 200, 'true', first.body.id]);
  });

  it('when a Heilongjiang provider records a person\'s application (HLJ Art. 24), then 201 with 5 working days and the person as an opaque reference', async () => {
    const res = await file({ source: 'data_subject', catalogueEntryId: HARBIN_ENTRY, subjectReference: 'applicant:2026-0042', items: ['户籍地址'], problem: '本人地址有误' }, `${HARBIN_PROVIDER}-staff`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ source: 'data_subject', subjectReference: 'applicant:2026-0042', requester: null, ruleSet: 'heilongjiang' });
    expect(res.body.deadlines[0]).toMatchObject({ workingDays: 5, article: 'HLJ Art. 24' });
    const notice = await file({ source: 'authority_check', catalogueEntryId: HARBIN_ENTRY, items: ['户籍地址'], problem: '交叉核验不一致' }, HARBIN_AUTHORITY);
    expect([notice.status, notice.body.source]).toEqual([201, 'authority_check']);
  });

  it.each([
    ['no items', 400, 'VALIDATION_FAILED', () => file(correction({ items: [] }))],
    ['an empty problem', 400, 'VALIDATION_FAILED', () => file(correction({ problem: '' }))],
    ['an unknown field', 400, 'VALIDATION_FAILED', () => file(correction({ urgent: true }))],
    ['a NUL in an item', 400, 'INVALID_TEXT', () => file(correction({ items: ['a\u0000b'] }))],
    ['a catalogue entry with a share request', 400, 'VALIDATION_FAILED', () => file(correction({ catalogueEntryId: HARBIN_ENTRY }))],
    ['no share request', 400, 'VALIDATION_FAILED', () => file({ items: ['x'], problem: 'y' })],
    ['an unknown share request', 400, 'VALIDATION_FAILED', () => file(correction({ shareRequestId: 'sr-nope' }))],
    ['another department\'s share request', 400, 'VALIDATION_FAILED', () => file(correction(), `${OUTSIDER}-staff`)],
    ['the provider filing on the share request it provides (its request does not exist for it)', 400, 'VALIDATION_FAILED', () => file(correction(), `${PROVIDER}-staff`)],
    ['a person\'s name as the subject reference', 400, 'VALIDATION_FAILED', () => file({ source: 'data_subject', catalogueEntryId: HARBIN_ENTRY, subjectReference: '张三', items: ['x'], problem: 'y' }, HARBIN_PROVIDER)],
    ['a person\'s application outside Heilongjiang\'s rules', 400, 'VALIDATION_FAILED', () => file({ source: 'data_subject', catalogueEntryId: BEIJING.conditionalEntry, subjectReference: 'p-1', items: ['x'], problem: 'y' }, PROVIDER)],
    ['a person\'s application recorded by another department', 403, 'FORBIDDEN', () => file({ source: 'data_subject', catalogueEntryId: HARBIN_ENTRY, subjectReference: 'p-1', items: ['x'], problem: 'y' }, '230100-market-regulation')],
    ['a cross-check notice by another authority', 403, 'FORBIDDEN', () => file({ source: 'authority_check', catalogueEntryId: HARBIN_ENTRY, items: ['x'], problem: 'y' }, '230000-data-sharing-authority')],
    ['a government official', 403, 'FORBIDDEN', () => file(correction(), '110000-government-official')],
    ['no token', 401, 'UNAUTHENTICATED', () => live.call('POST', '/corrections', { body: correction() })],
  ])('when filed with %s, then %i %s and nothing is written', async (_what, status, code, send) => {
    const before = await caseCount();
    const res = await send();
    expect([res.status, res.body.code], JSON.stringify(res.body)).toEqual([status, code]);
    expect(await caseCount()).toBe(before);
  });

  it('when the share request was not delivered yet, then 409 naming its stage', async () => {
    const { body: open } = await live.call('POST', '/share-requests', { as: REQUESTER, body: submission() });
    const res = await file(correction({ shareRequestId: open.id }));
    expect([res.status, res.body.code, res.body.stage]).toEqual([409, 'ILLEGAL_TRANSITION', 'awaiting_reply']);
  });
});

describe('who sees and acts on a correction', () => {
  it('when outsiders, the wrong party or the wrong step come, then 404, 403 and 409, naming no third party', async () => {
    const { body: c } = await file();
    const outsider = await live.call('GET', `/corrections/${c.id}`, { as: OUTSIDER });
    expect([outsider.status, outsider.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await live.call('POST', `/corrections/${c.id}/result`, { as: OUTSIDER, body: { outcome: 'corrected' } })).status).toBe(404);
    expect((await live.call('GET', '/corrections?limit=100', { as: OUTSIDER })).body.corrections).toEqual([]);
    const wrong = await live.call('POST', `/corrections/${c.id}/result`, { as: REQUESTER, body: { outcome: 'corrected' } });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(wrong.body.detail).not.toMatch(/110000-/);
    const early = await live.call('POST', `/corrections/${c.id}/contest`, { as: REQUESTER, body: { reason: 'x' } });
    expect([early.status, early.body.stage]).toEqual([409, 'awaiting_result']);
    for (const who of [REQUESTER, PROVIDER, AUTHORITY, '100000-data-sharing-authority', '110000-government-official']) {
      expect((await live.call('GET', `/corrections/${c.id}`, { as: who })).status, who).toBe(200);
    }
    const withdrawn = await live.call('POST', `/corrections/${c.id}/withdrawal`, { as: REQUESTER, body: { reason: '已自行核实' } });
    expect(withdrawn.body).toMatchObject({ stage: 'withdrawn', deadlines: [expect.objectContaining({ status: 'cancelled' })] });
  });
});
