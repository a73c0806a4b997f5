// Property-based fuzzing of /corrections (STYLE.md, guideline 12) against a real Temporal dev server,
// a real worker and PostgreSQL: filing (each source, valid and not), the list, one case, and every
// command on real corrections kept at every stage, by the right and the wrong callers, with hostile
// bodies and paths. Every generated request goes through the oracle of test/helpers/fuzz.ts.
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { cases } from '../../db/schema';
import { BEIJING, submission } from '../helpers/fixtures';
import { asReceived, createFuzzer, fuzzSuite, type Expectation } from '../helpers/fuzz';
import { authorizationSeeds, CATALOGUE_IDS, callerHeaders, PROSE } from '../helpers/fuzzSeeds';
import { headerOf, headerValue, hostileString, objectBody, pathSegment, printableAscii, textField, toTree, wireBody, type Header, type JsonTree, type WireBody } from '../helpers/hostile';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { rowCounter, settled, type RowCounter } from '../helpers/rowCounts';
import { tokenFor } from '../helpers/tokens';

const { requester: REQUESTER, provider: PROVIDER, authority: AUTHORITY } = BEIJING;
const HARBIN_PROVIDER = '230100-public-security';
const CALLERS = [REQUESTER, `${REQUESTER}-staff`, PROVIDER, `${PROVIDER}-staff`, AUTHORITY, HARBIN_PROVIDER, '230100-data-sharing-authority', '210400-natural-resources', '110000-government-official', 'admin'];

const suite = fuzzSuite({ file: 'corrections' });
let live: LiveStack;
let rows: RowCounter;
let delivered: string;
const tokens = new Map<string, string>();
for (const who of CALLERS) tokens.set(who, `Bearer ${await tokenFor(who)}`);
const AUTH = await authorizationSeeds();
/** The caller's headers and sometimes an Idempotency-Key (a few repeated ones, any, or an invalid one). */
const headersOf = (actor: string) =>
  fc
    .tuple(
      callerHeaders(actor, tokens, AUTH),
      fc.oneof({ weight: 4, arbitrary: fc.constant<Header[]>([]) }, { weight: 2, arbitrary: headerOf('Idempotency-Key', fc.oneof(fc.constantFrom('co-1', 'co-2'), printableAscii(200), headerValue([], 260))) }),
    )
    .map(([a, k]) => [...a, ...k]);

// Real corrections at every stage; a generator names one, and a case that moved on is replaced.
const STAGES = ['awaiting_result', 'awaiting_acceptance', 'accepted', 'contested', 'withdrawn'] as const;
type Stage = (typeof STAGES)[number];
const STEPS: Record<Stage, Array<[string, string, unknown]>> = {
  awaiting_result: [],
  awaiting_acceptance: [['result', PROVIDER, { outcome: 'corrected' }]],
  accepted: [['result', PROVIDER, { outcome: 'corrected' }], ['accept', REQUESTER, {}]],
  contested: [['result', PROVIDER, { outcome: 'confirmed_accurate', explanation: '无误' }], ['contest', REQUESTER, { reason: '不符' }]],
  withdrawn: [['withdrawal', REQUESTER, {}]],
};
const pool = new Map<Stage, string>();
async function correctionAt(stage: Stage): Promise<string> {
  const known = pool.get(stage);
  if (known) {
    const [row] = await live.app.database.db.select({ stage: cases.stage }).from(cases).where(eq(cases.id, known));
    if (row?.stage === stage) return known;
  }
  const filed = await live.call('POST', '/corrections', { as: REQUESTER, body: { shareRequestId: delivered, items: ['地址'], problem: '不符' } });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  for (const [command, as, body] of STEPS[stage]) expect((await live.call('POST', `/corrections/${filed.body.id}/${command}`, { as, body })).status).toBe(200);
  pool.set(stage, filed.body.id);
  // The share request records the link by the correction's message, after the answer.
  await settled(rows);
  return filed.body.id;
}

beforeAll(async () => {
  live = await startLiveStack();
  rows = await rowCounter(live.app.database.url);
  suite.use(createFuzzer({ baseUrl: live.app.url, rows }));
  const { body } = await live.call('POST', '/share-requests', { as: REQUESTER, body: submission() });
  delivered = body.id;
  await live.call('POST', `/share-requests/${delivered}/reply`, { as: PROVIDER, body: { decision: 'agree' } });
  await live.call('POST', `/share-requests/${delivered}/delivery`, { as: PROVIDER, body: { method: 'service_api', reference: 'SVC-F' } });
  for (const stage of STAGES) await correctionAt(stage);
});
afterAll(async () => {
  suite.finish();
  await rows?.close();
  await live?.teardown();
});

const send = (generator: string, method: string, path: string, headers: readonly Header[], wire: WireBody, expectation?: Expectation) =>
  suite.exchange(generator, { method, path, headers: [...headers, ...wire.headers], ...(wire.body ? { body: wire.body } : {}) }, expectation);

const text = textField([...PROSE, '地址与实际不符', '户籍地址']);
const items = fc.oneof({ weight: 5, arbitrary: fc.array(textField(PROSE, { maxLength: 600 }), { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom<JsonTree>([], null, '地址', Array.from({ length: 101 }, (_, i) => `项${i}`)) });
const ids = (seeds: string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...seeds) }, { weight: 1, arbitrary: hostileString({ controls: true, maxLength: 140, seeds }) });
const filingBody = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null).map(() => toTree({ shareRequestId: delivered, items: ['地址'], problem: '不符' })) },
  {
    weight: 5,
    arbitrary: objectBody({
      source: fc.oneof({ weight: 4, arbitrary: fc.constantFrom<JsonTree>('requester', 'data_subject', 'authority_check') }, { weight: 1, arbitrary: fc.constantFrom<JsonTree>('person', '', null, 1) }),
      shareRequestId: fc.oneof({ weight: 3, arbitrary: fc.constant(null).map((): JsonTree => delivered) }, { weight: 1, arbitrary: ids(['sr-000000000000000000000000']) }),
      catalogueEntryId: ids(CATALOGUE_IDS),
      subjectReference: textField(['applicant:1', 'p-2026', '张三', '110101199003077777']),
      items,
      problem: text,
    }),
  },
);

describe('POST /corrections', () => {
  const name = 'POST /corrections';
  suite.property(name, 400, fc.record({ as: fc.constantFrom(REQUESTER, `${REQUESTER}-staff`, HARBIN_PROVIDER, '230100-data-sharing-authority'), body: filingBody }).chain((r) => fc.record({ headers: headersOf(r.as), wire: wireBody(fc.constant(r.body)) })), ({ headers, wire }) =>
    send(name, 'POST', '/corrections', headers, wire),
  );
});

describe('GET /corrections and /corrections/:id', () => {
  const query = fc.record({ stage: fc.constantFrom('', 'contested', 'awaiting_result', 'nope', '%00'), limit: fc.constantFrom('', '1', '100', '0', 'x'), cursor: fc.constantFrom('', 'abc', '%ff') });
  suite.property('GET /corrections', 150, fc.record({ q: query, headers: headersOf(REQUESTER) }), ({ q, headers }) => {
    const qs = Object.entries(q).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join('&');
    return send('GET /corrections', 'GET', `/corrections${qs ? `?${qs}` : ''}`, headers, { headers: [] });
  });
  const where = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...STAGES).map((s) => ({ stage: s })) }, { weight: 1, arbitrary: pathSegment({ seeds: ['co-000000000000000000000000'] }).map((segment) => ({ segment })) });
  suite.property('GET /corrections/:id', 150, fc.record({ where, headers: headersOf(PROVIDER) }), async ({ where: w, headers }) => {
    const segment = 'segment' in w ? w.segment : await correctionAt(w.stage);
    return send('GET /corrections/:id', 'GET', `/corrections/${segment}`, headers, { headers: [] });
  });
});

describe('POST /corrections/:id/<command>', () => {
  const COMMANDS: Array<{ command: string; actor: string; body: fc.Arbitrary<JsonTree> }> = [
    { command: 'result', actor: PROVIDER, body: objectBody({ outcome: fc.constantFrom<JsonTree>('corrected', 'confirmed_accurate', 'partly_corrected', 'wrong', null), explanation: text }) },
    { command: 'accept', actor: REQUESTER, body: objectBody({}) },
    { command: 'contest', actor: REQUESTER, body: objectBody({ reason: text }) },
    { command: 'withdrawal', actor: REQUESTER, body: objectBody({ reason: text }) },
    { command: 'assignment', actor: PROVIDER, body: objectBody({ assigneeUserId: ids([`${PROVIDER}-staff`, `${REQUESTER}-staff`]), note: text }) },
    { command: 'rectification-order', actor: AUTHORITY, body: objectBody({ workingDays: fc.constantFrom<JsonTree>(1, 5, 0, 61, '5'), instructions: text }) },
  ];
  for (const spec of COMMANDS) {
    const name = `POST /corrections/:id/${spec.command}`;
    suite.property(name, 100, fc.record({ stage: fc.constantFrom(...STAGES), headers: headersOf(spec.actor), wire: wireBody(spec.body) }), async ({ stage, headers, wire }) => {
      const caseId = await correctionAt(stage);
      const keys = headers.filter(([n]) => n.toLowerCase() === 'idempotency-key');
      const commandKey = keys.length === 1 ? { caseId, key: asReceived(keys[0]![1]) } : undefined;
      return send(name, 'POST', `/corrections/${caseId}/${spec.command}`, headers, wire, { commandKey });
    });
  }
});
