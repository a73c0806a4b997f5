// The share-request API through a real Temporal dev server, a real worker and real PostgreSQL:
// happy path, idempotent start, wrong party, and every error path with its code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { caseEvents, cases } from '../../db/schema';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { eventually } from '../helpers/shareRequestHarness';
import { BEIJING, submission } from '../helpers/fixtures';
import { testIssuer } from '../helpers/tokens';

const { requester: REQUESTER, provider: PROVIDER, authority: AUTHORITY } = BEIJING;
const OUTSIDER = '210400-natural-resources';

let live: LiveStack;
beforeAll(async () => {
  live = await startLiveStack();
});
afterAll(async () => {
  await live?.teardown();
});

const rowCount = async () => (await live.app.database.db.select({ n: count() }).from(cases))[0]!.n;
const submit = (body: unknown = submission(), headers: Record<string, string> = {}, as = REQUESTER) =>
  live.call('POST', '/share-requests', { as, body, headers });

describe('POST /share-requests', () => {
  it('when a complete request is submitted, then 201 with the case, its rule set and a +08:00 due date, and the read model has it', async () => {
    const res = await submit();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ stage: 'awaiting_reply', ruleSet: 'national', provisional: false, overdue: false });
    expect(res.body.id).toMatch(/^sr-/);
    expect(res.body.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000\+08:00$/);
    expect(res.headers.get('location')).toBe(`/share-requests/${res.body.id}`);
    const [row] = await live.app.database.db.select().from(cases).where(eq(cases.id, res.body.id));
    expect(row).toMatchObject({ process: 'share-request', stage: 'awaiting_reply', jurisdictionCode: '110000' });
  });

  it('when the same Idempotency-Key is retried, then the same case comes back and no second one is started', async () => {
    const headers = { 'Idempotency-Key': `retry-${Date.now()}` };
    const first = await submit(submission(), headers);
    const before = await rowCount();
    const again = await submit(submission(), headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.dueAt).toBe(first.body.dueAt);
    expect(await rowCount()).toBe(before);
  });

  it('when an Idempotency-Key is reused for a different request, then 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const headers = { 'Idempotency-Key': `reuse-${Date.now()}` };
    expect((await submit(submission(), headers)).status).toBe(201);
    const res = await submit(submission({ usageScope: '另一个范围' }), headers);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('when a not-shared entry is requested, then the case is refused at once with the catalogue reason and legal basis (Art. 14, 15)', async () => {
    const requester = '230100-market-regulation';
    const res = await submit(submission({ catalogueEntryId: '230100-public-security-technical-investigation' }), {}, requester);
    expect(res.status).toBe(201);
    expect(res.body.stage).toBe('refused');
    expect(res.body.reply).toMatchObject({ decision: 'refuse', automatic: true });
    expect(res.body.reply.legalBasis).toBeTruthy();
  });

  it.each([
    ['a required field is missing', 400, 'VALIDATION_FAILED', () => submit({ ...submission(), legalBasis: undefined })],
    ['the usage scenario is blank', 400, 'VALIDATION_FAILED', () => submit(submission({ usageScenario: '  ' }))],
    ['the sharing method is unknown', 400, 'VALIDATION_FAILED', () => submit(submission({ sharingMethod: 'fax' }))],
    ['the usage period runs backwards', 400, 'VALIDATION_FAILED', () => submit(submission({ usagePeriod: { from: '2027-01-01', to: '2026-01-01' } }))],
    ['an unknown field is sent', 400, 'VALIDATION_FAILED', () => submit(submission({ extra: 1 }))],
    ['the body is not JSON', 400, 'VALIDATION_FAILED', () => submit('{not json')],
    ['the method is not one the catalogue offers', 400, 'VALIDATION_FAILED', () => submit(submission({ sharingMethod: 'file_download' }))],
    ['staff submit without their sharing office head (Art. 20)', 403, 'FORBIDDEN', () => submit(submission(), {}, `${REQUESTER}-staff`)],
    ['the body carries its own approval (Art. 20: the server records it)', 400, 'VALIDATION_FAILED', () => submit(submission({ approval: { approverId: `${REQUESTER}-head`, approvedAt: '2026-11-23T09:00:00.000+08:00' } }))],
    ['the catalogue entry does not exist', 400, 'CATALOGUE_ENTRY_NOT_PUBLISHED', () => submit(submission({ catalogueEntryId: 'no-such-entry' }))],
    ['a department requests its own data', 400, 'VALIDATION_FAILED', () => submit(submission(), {}, PROVIDER)],
    ['the Idempotency-Key has a space', 400, 'VALIDATION_FAILED', () => submit(submission(), { 'Idempotency-Key': 'a b' })],
    ['no bearer token is sent', 401, 'UNAUTHENTICATED', () => live.call('POST', '/share-requests', { body: submission() })],
    ['the token names an organisation nobody knows', 401, 'UNAUTHENTICATED', async () => live.call('POST', '/share-requests', { body: submission(), headers: { Authorization: `Bearer ${await (await testIssuer()).issueFor({ id: 'x-head', organisationId: 'no-such-department', roles: ['sharing_office_head'] })}` } })],
    ['a people\'s government official submits', 403, 'FORBIDDEN', () => submit(submission(), {}, '110000-government-official')],
  ])('when %s, then %i %s and nothing is written', async (_name, status, code, send) => {
    const before = await rowCount();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toEqual(expect.any(String));
    expect(await rowCount()).toBe(before);
  });
});

describe('commands', () => {
  it('when the parties drive a case to the end, then each step answers the new stage and the history records it', async () => {
    const { body: created } = await submit();
    const id = created.id;
    const reply = await live.call('POST', `/share-requests/${id}/reply`, { as: PROVIDER, body: { decision: 'agree' } });
    expect(reply.status).toBe(200);
    expect(reply.body.stage).toBe('awaiting_delivery');
    expect(reply.body.deadlines.find((d: any) => d.kind === 'delivery')).toMatchObject({ status: 'open', workingDays: 20, article: 'Art. 22' });
    const delivered = await live.call('POST', `/share-requests/${id}/delivery`, { as: PROVIDER, body: { method: 'service_api', reference: 'SVC-001' } });
    expect(delivered.body.stage).toBe('delivered');
    const confirmed = await live.call('POST', `/share-requests/${id}/receipt-confirmation`, { as: REQUESTER, body: {} });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.stage).toBe('completed');

    const detail = await live.call('GET', `/share-requests/${id}`, { as: REQUESTER });
    expect(detail.status).toBe(200);
    expect(detail.body.events.map((e: any) => e.type)).toEqual(['received', 'reply_agreed', 'delivered', 'receipt_confirmed']);
    expect(detail.body.deadlines.every((d: any) => /\+08:00$/.test(d.dueAt))).toBe(true);
  });

  it('when supplement notice, supplement, extension and decision are posted, then the clock follows Art. 21', async () => {
    const { body: created } = await submit();
    const id = created.id;
    const notice = await live.call('POST', `/share-requests/${id}/supplement-notice`, { as: PROVIDER, body: { missingItems: ['用途说明'] } });
    expect(notice.body.stage).toBe('awaiting_supplement');
    const second = await live.call('POST', `/share-requests/${id}/supplement-notice`, { as: PROVIDER, body: { missingItems: ['另一项'] } });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('SUPPLEMENT_NOTICE_ALREADY_SENT');
    const supplied = await live.call('POST', `/share-requests/${id}/supplement`, { as: REQUESTER, body: { items: ['用途说明'] } });
    expect(supplied.body.stage).toBe('awaiting_reply');
    expect(supplied.body.deadlines.filter((d: any) => d.kind === 'reply').map((d: any) => d.status)).toEqual(['superseded', 'open']);

    expect((await live.call('POST', `/share-requests/${id}/extension-request`, { as: PROVIDER, body: { workingDays: 11, reason: '数据量大' } })).body.code).toBe('EXTENSION_CAP_EXCEEDED');
    expect((await live.call('POST', `/share-requests/${id}/extension-request`, { as: PROVIDER, body: { workingDays: 4, reason: '数据量大' } })).status).toBe(200);
    const wrongDecider = await live.call('POST', `/share-requests/${id}/extension-decision`, { as: PROVIDER, body: { approved: true } });
    expect(wrongDecider.status).toBe(403);
    const decided = await live.call('POST', `/share-requests/${id}/extension-decision`, { as: AUTHORITY, body: { approved: true } });
    expect(decided.status).toBe(200);
    expect(decided.body.extensions).toEqual([expect.objectContaining({ workingDays: 4, decision: expect.objectContaining({ approved: true }) })]);
  });

  it('when the requester withdraws before a reply, then the case is withdrawn and a later reply is 409', async () => {
    const { body: created } = await submit();
    const withdrawn = await live.call('POST', `/share-requests/${created.id}/withdrawal`, { as: REQUESTER, body: { reason: '不再需要' } });
    expect(withdrawn.body.stage).toBe('withdrawn');
    const late = await live.call('POST', `/share-requests/${created.id}/reply`, { as: PROVIDER, body: { decision: 'agree' } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it.each([
    ['a department that may not see the case replies', 404, 'NOT_FOUND', 'reply', OUTSIDER, { decision: 'agree' }],
    ['the requester replies to itself', 403, 'FORBIDDEN', 'reply', REQUESTER, { decision: 'agree' }],
    ['a refusal has no reasons (Art. 21)', 400, 'REFUSAL_REASONS_REQUIRED', 'reply', PROVIDER, { decision: 'refuse' }],
    ['staff reply without their sharing office head (Art. 20)', 403, 'FORBIDDEN', 'reply', `${PROVIDER}-staff`, { decision: 'agree' }],
    ['the reply carries its own approval (Art. 20: the server records it)', 400, 'VALIDATION_FAILED', 'reply', PROVIDER, { decision: 'agree', approval: { approverId: `${PROVIDER}-head`, approvedAt: '2026-11-23T10:00:00.000+08:00' } }],
    ['the decision is neither agree nor refuse', 400, 'VALIDATION_FAILED', 'reply', PROVIDER, { decision: 'maybe' }],
    ['delivery comes before agreement', 409, 'ILLEGAL_TRANSITION', 'delivery', PROVIDER, { method: 'service_api', reference: 'x' }],
    ['receipt is confirmed before delivery', 409, 'ILLEGAL_TRANSITION', 'receipt-confirmation', REQUESTER, {}],
    ['rectification is ordered while nothing is overdue', 409, 'ILLEGAL_TRANSITION', 'rectification-order', AUTHORITY, { workingDays: 3, instructions: '整改' }],
    ['a supplement comes without a notice', 409, 'ILLEGAL_TRANSITION', 'supplement', REQUESTER, { items: ['x'] }],
    ['an extension decision has no request', 409, 'ILLEGAL_TRANSITION', 'extension-decision', AUTHORITY, { approved: true }],
    ['an extension asks for zero days', 400, 'VALIDATION_FAILED', 'extension-request', PROVIDER, { workingDays: 0, reason: 'x' }],
    ['the provider withdraws', 403, 'FORBIDDEN', 'withdrawal', PROVIDER, {}],
  ])('when %s, then %i %s and the case is unchanged', async (_name, status, code, command, as, body) => {
    const { body: created } = await submit();
    const res = await live.call('POST', `/share-requests/${created.id}/${command}`, { as, body });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    const events = await live.app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, created.id));
    expect(events.map((e) => e.type)).toEqual(['received']);
  });

  it('when a command names an unknown case, then 404', async () => {
    const res = await live.call('POST', '/share-requests/sr-doesnotexist/reply', { as: PROVIDER, body: { decision: 'agree' } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});

describe('reads', () => {
  it('when a case is read by a party, its authority, or an outsider, then 200, 200 and 404 (as if it did not exist); an unknown id is 404', async () => {
    const { body: created } = await submit();
    expect((await live.call('GET', `/share-requests/${created.id}`, { as: PROVIDER })).status).toBe(200);
    expect((await live.call('GET', `/share-requests/${created.id}`, { as: AUTHORITY })).status).toBe(200);
    expect((await live.call('GET', `/share-requests/${created.id}`, { as: '100000-data-sharing-authority' })).status).toBe(200);
    const outsider = await live.call('GET', `/share-requests/${created.id}`, { as: OUTSIDER });
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('NOT_FOUND');
    expect(JSON.stringify(outsider.body)).not.toMatch(/awaiting|public-security|market-regulation/);
    expect((await live.call('GET', '/share-requests/sr-nope', { as: REQUESTER })).status).toBe(404);
    expect((await live.call('GET', '/share-requests/bad:id', { as: REQUESTER })).status).toBe(404);
  });

  it('when the list is filtered and paged, then only matching cases come back, newest first, and the cursor continues', async () => {
    for (let i = 0; i < 3; i++) await submit();
    const page1 = await live.call('GET', '/share-requests?stage=awaiting_reply&limit=2', { as: PROVIDER });
    expect(page1.status).toBe(200);
    expect(page1.body.shareRequests).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await live.call('GET', `/share-requests?stage=awaiting_reply&limit=2&cursor=${page1.body.nextCursor}`, { as: PROVIDER });
    const ids = [...page1.body.shareRequests, ...page2.body.shareRequests].map((r: any) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of [...page1.body.shareRequests, ...page2.body.shareRequests]) expect(r.stage).toBe('awaiting_reply');
    const times = page1.body.shareRequests.map((r: any) => r.receivedAt);
    expect([...times].sort().reverse()).toEqual(times);

    const overdue = (await live.call('GET', '/share-requests?overdue=true', { as: PROVIDER })).body.shareRequests;
    expect(overdue, JSON.stringify(overdue)).toEqual([]);
    const byJurisdiction = await live.call('GET', '/share-requests?jurisdiction=110000&party=110000-market-regulation', { as: AUTHORITY });
    expect(byJurisdiction.body.shareRequests.length).toBeGreaterThan(0);
    expect((await live.call('GET', '/share-requests', { as: OUTSIDER })).body.shareRequests).toEqual([]);
  });

  it.each([
    ['limit=0', 'VALIDATION_FAILED'],
    ['limit=1000', 'VALIDATION_FAILED'],
    ['stage=unknown', 'VALIDATION_FAILED'],
    ['overdue=maybe', 'VALIDATION_FAILED'],
    ['cursor=not-a-cursor', 'VALIDATION_FAILED'],
  ])('when the list is asked with %s, then 400 %s', async (query, code) => {
    const res = await live.call('GET', `/share-requests?${query}`, { as: PROVIDER });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });
});

describe('Temporal UI', () => {
  it('when a case is running, then a visibility query over the custom search attributes finds it', async () => {
    const { body: created } = await submit();
    await eventually(async () => {
      const found: string[] = [];
      for await (const wf of live.client.workflow.list({ query: `GdsProcess = 'share-request' AND GdsProvider = '${PROVIDER}' AND GdsStage = 'awaiting_reply' AND GdsRuleSet = 'national' AND GdsOverdue = false` })) {
        found.push(wf.workflowId);
      }
      expect(found).toContain(`share-request:${created.id}`);
    }, 15_000);
  });
});
