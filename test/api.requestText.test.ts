// Text hygiene outside the body (api/requestText.ts): a path, query parameter or header the API reads
// that holds a NUL, an unpaired surrogate, a control or bidi character, or a malformed percent escape
// is a 400 INVALID_TEXT naming the field, never a 500, never an echo of the bad characters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textProblem } from '../api/text';
import { startLiveStack, type LiveStack } from './helpers/liveStack';
import { writtenRows } from './helpers/rowCounts';
import { rawRequest, type JsonResponse as RawResponse } from './helpers/rawHttp';
import { BEIJING, submission } from './helpers/fixtures';
import { bearer } from './helpers/tokens';

const AS_REQUESTER = await bearer(BEIJING.requester);
const AS_PROVIDER = await bearer(BEIJING.provider);

let live: LiveStack;
let caseId: string;
beforeAll(async () => {
  live = await startLiveStack();
  const created = await live.call('POST', '/share-requests', { as: BEIJING.requester, body: submission() });
  expect(created.status).toBe(201);
  caseId = created.body.id;
});
afterAll(async () => {
  await live?.teardown();
});

const written = () => writtenRows(live.app.database.db);

/** Sends a raw request and checks the refusal: 400 INVALID_TEXT naming `field`, nothing written, nothing bad echoed. */
async function expectRefused(send: () => Promise<RawResponse>, field: string, problem?: RegExp): Promise<void> {
  const before = await written();
  const res = await send();
  expect(res.status, res.text).toBe(400);
  expect(res.body.code).toBe('INVALID_TEXT');
  expect(res.body.detail.startsWith(`${field}: `), res.body.detail).toBe(true);
  if (problem) expect(res.body.detail).toMatch(problem);
  expect(res.body.errors).toEqual([{ path: field, message: expect.any(String) }]);
  // The answer repeats none of the characters it refused.
  expect(textProblem(res.text), res.text).toBeUndefined();
  expect(await written()).toEqual(before);
}

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(live.app.url, { path, headers });
const NOT_UTF8 = /not valid percent-encoded UTF-8/;

describe('the path', () => {
  it.each([
    ['a NUL', '/departments/%00', /U\+0000/],
    ['an overlong UTF-8 slash', '/departments/%C0%AF', NOT_UTF8],
    ['a truncated escape', '/departments/%E0%A4%A', NOT_UTF8],
    ['a surrogate encoded in UTF-8', '/departments/%ED%A0%80', NOT_UTF8],
    ['a right-to-left override', '/departments/%E2%80%AE', /U\+202E/],
    ['a C1 control', '/departments/%C2%85', /U\+0085/],
    ['a newline', '/catalogue-entries/x%0Ay', /U\+000A/],
    ['an escape that is not hex', '/jurisdictions/%ZZ', NOT_UTF8],
    ['a malformed escape on an unknown route', '/no-such-route/%ZZ', NOT_UTF8],
    ['a NUL in a share request id', '/share-requests/sr-a%00b', /U\+0000/],
  ])('when it holds %s, then 400 INVALID_TEXT naming the path', async (_name, path, problem) => {
    await expectRefused(() => get(path, AS_REQUESTER), 'path', problem);
  });

  it('when a command path holds a malformed escape, then 400 INVALID_TEXT and the case is unchanged', async () => {
    await expectRefused(
      () => rawRequest(live.app.url, {
        method: 'POST',
        path: `/share-requests/${caseId}%ZZ/withdrawal`,
        headers: { ...AS_REQUESTER, 'Content-Type': 'application/json' },
        body: '{}',
      }),
      'path',
      NOT_UTF8,
    );
    const res = await live.call('GET', `/share-requests/${caseId}`, { as: BEIJING.requester });
    expect(res.body.stage).toBe('awaiting_reply');
  });

  it.each([
    ['an escaped space', '/departments/a%20b'],
    ['an escaped slash', '/departments/a%2Fb'],
    ['Chinese text in UTF-8', '/departments/%E5%8C%97%E4%BA%AC'],
  ])('when an id holds %s, then it is well-formed text and the answer is 404 NOT_FOUND', async (_name, path) => {
    const res = await get(path, AS_REQUESTER);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});

describe('the query', () => {
  it.each([
    ['a NUL in a filter', '/catalogue-entries?provider=%00', 'query.provider', /U\+0000/],
    ['a NUL in a jurisdiction', '/departments?jurisdiction=%00', 'query.jurisdiction', /U\+0000/],
    ['an escape that is not hex in a parameter nobody reads', '/departments?x=%ZZ', 'query.x', NOT_UTF8],
    ['an overlong UTF-8 sequence', '/catalogue-entries?provider=%C0%AF', 'query.provider', NOT_UTF8],
    ['a surrogate encoded in UTF-8', '/catalogue-entries?provider=%ED%A0%80', 'query.provider', NOT_UTF8],
    ['a tab in a number', '/calendar/deadline?from=2026-09-25&workingDays=3%09', 'query.workingDays', /U\+0009/],
    ['a bidi isolate in a date', '/rule-sets/applicable?jurisdiction=230100&date=%E2%81%A62026-09-25', 'query.date', /U\+2066/],
    ['a malformed parameter name', '/departments?%ZZ=1', 'query', /a parameter name .*not valid/],
    ['a bidi override in a parameter name', '/departments?%E2%80%AE=1', 'query', /a parameter name .*U\+202E/],
    ['a NUL in the share-request party filter', '/share-requests?party=%00', 'query.party', /U\+0000/],
    ['a NUL in a share-request cursor', '/share-requests?cursor=abc%00', 'query.cursor', /U\+0000/],
  ])('when it holds %s, then 400 INVALID_TEXT naming the parameter', async (_name, path, field, problem) => {
    await expectRefused(() => get(path, AS_PROVIDER), field, problem);
  });

  it('when a parameter holds well-formed text that is not a valid value, then 400 VALIDATION_FAILED, not INVALID_TEXT', async () => {
    const res = await get('/catalogue-entries?provider=a+b');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('when the query is well-formed, then the route answers as before', async () => {
    const res = await get('/departments?jurisdiction=230100&unused=%E5%8C%97%E4%BA%AC');
    expect(res.status).toBe(200);
    expect(res.body.departments.length).toBeGreaterThan(0);
  });
});

describe('the headers the API reads', () => {
  // http.request writes header strings as Latin-1 bytes, and node reads them back the same way.
  const utf8AsLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

  it.each([
    ['Authorization', 'a tab', `${AS_REQUESTER.Authorization}\tx`, /U\+0009/],
    ['Authorization', 'a C1 control byte', `${AS_REQUESTER.Authorization}\u0085`, /U\+0085/],
    ['Authorization', 'a right-to-left override sent as raw UTF-8', utf8AsLatin1(`\u202e${AS_REQUESTER.Authorization}`), /U\+0080/],
    ['Authorization', 'a Latin-1 letter', `${AS_REQUESTER.Authorization}\u00e9`, /outside printable ASCII/],
    ['Idempotency-Key', 'a C1 control byte', 'key\u009b1', /U\+009B/],
    ['Idempotency-Key', 'Chinese sent as raw UTF-8', utf8AsLatin1('幂等键'), /U\+/],
  ])('when %s holds %s, then a submission is 400 INVALID_TEXT naming the header and nothing is written', async (header, _name, value, problem) => {
    const headers: Record<string, string> = { ...AS_REQUESTER, 'Content-Type': 'application/json', [header]: value };
    await expectRefused(
      () => rawRequest(live.app.url, { method: 'POST', path: '/share-requests', headers, body: JSON.stringify(submission()) }),
      `header ${header}`,
      problem,
    );
  });

  it('when a read carries a bad Authorization header, then it is refused the same way', async () => {
    await expectRefused(() => get(`/share-requests/${caseId}`, { Authorization: `${AS_REQUESTER.Authorization}\u0085` }), 'header Authorization');
  });

  it('when the headers are printable ASCII, then the submission goes through', async () => {
    const res = await rawRequest(live.app.url, {
      method: 'POST',
      path: '/share-requests',
      headers: { ...AS_REQUESTER, 'Content-Type': 'application/json; charset=UTF-8', 'Idempotency-Key': `ascii-${Date.now()}` },
      body: JSON.stringify(submission()),
    });
    expect(res.status, res.text).toBe(201);
  });
});

describe('the fields that cite law, and free prose', () => {
  const submit = (body: unknown) =>
    rawRequest(live.app.url, { method: 'POST', path: '/share-requests', headers: { ...AS_REQUESTER, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const LAW = '《政务数据共享条例》第二十条';

  it.each([
    ['a zero-width space', '\u200b'],
    ['a zero-width non-joiner', '\u200c'],
    ['a zero-width joiner', '\u200d'],
    ['a left-to-right mark', '\u200e'],
    ['a right-to-left mark', '\u200f'],
    ['a word joiner', '\u2060'],
    ['an invisible plus', '\u2064'],
    ['a byte order mark', '\ufeff'],
    ['a soft hyphen', '\u00ad'],
    ['a combining grapheme joiner', '\u034f'],
    ['an Arabic letter mark', '\u061c'],
    ['a Hangul choseong filler', '\u115f'],
    ['a Hangul jungseong filler', '\u1160'],
    ['a Hangul filler', '\u3164'],
    ['a halfwidth Hangul filler', '\uffa0'],
    ['a tag character', '\u{e0041}'],
  ])('when a submission\'s legal basis holds %s, then 400 INVALID_TEXT naming legalBasis and nothing is written', async (_name, c) => {
    await expectRefused(() => submit(submission({ legalBasis: `《政务数据共享条例》${c}第二十条` })), 'legalBasis', /invisible or format character U\+/);
  });

  it('when a refusal cites its law with a zero-width space, then 400 INVALID_TEXT naming legalBasis and the case still waits for its reply', async () => {
    const created = await live.call('POST', '/share-requests', { as: BEIJING.requester, body: submission() });
    await expectRefused(
      () => rawRequest(live.app.url, {
        method: 'POST',
        path: `/share-requests/${created.body.id}/reply`,
        headers: { ...AS_PROVIDER, 'Content-Type': 'application/json' },
        body: JSON.stringify({ decision: 'refuse', reasons: '不符合共享条件', legalBasis: '《抚顺市政务数据资源共享开放条例》\u200b第二十一条' }),
      }),
      'legalBasis',
    );
    expect((await live.call('GET', `/share-requests/${created.body.id}`, { as: BEIJING.requester })).body.stage).toBe('awaiting_reply');
  });

  it('when free prose holds Uyghur with ZWNJ, ZWJ and U+061C, then it is accepted as written', async () => {
    const uyghur = 'ئۇيغۇر\u200cچە\u200dمەتىن\u061cسىناق';
    const res = await submit(submission({ usageScenario: uyghur, usageScope: `本部门政务服务 ${uyghur}` }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.submission).toMatchObject({ usageScenario: uyghur, usageScope: `本部门政务服务 ${uyghur}` });
  });

  it('when text arrives decomposed (NFD), then it is stored NFC: one wording, one sequence of code points', async () => {
    const decomposed = `${LAW}（Re\u0301sume\u0301 ga\u0308ste）`;
    const res = await submit(submission({ legalBasis: decomposed, usageScenario: 'Cafe\u0301 核验' }));
    expect(res.status, res.text).toBe(201);
    const view = await live.call('GET', `/share-requests/${res.body.id}`, { as: BEIJING.requester });
    expect(view.body.submission.legalBasis).toBe(decomposed.normalize('NFC'));
    expect(view.body.submission.legalBasis).toContain('Résumé gäste');
    expect(view.body.submission.usageScenario).toBe('Café 核验');
  });
});
