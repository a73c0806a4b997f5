// Property-based fuzzing of /share-requests (STYLE.md, guideline 12) against a real Temporal dev
// server, a real worker and PostgreSQL: submission, list, read, every command, and routes and methods
// the API does not have. Commands go to real cases kept at every stage (a case that moved on is
// replaced before use). Every generated request goes through the oracle of test/helpers/fuzz.ts.
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { cases } from '../../db/schema';
import { BEIJING, submission } from '../helpers/fixtures';
import { asReceived, createFuzzer, fuzzSuite, type Expectation } from '../helpers/fuzz';
import { authorizationSeeds, CATALOGUE_IDS, DATES, DEPARTMENT_IDS, JURISDICTION_CODES, METHODS, PROSE, STAGES } from '../helpers/fuzzSeeds';
import {
  defectFragment,
  headerOf,
  headerValue,
  hostileJson,
  hostileString,
  objectBody,
  pathSegment,
  printableAscii,
  queryString,
  queryValue,
  textField,
  toTree,
  wireBody,
  withFragment,
  type Header,
  type JsonTree,
  type LocationOptions,
  type WireBody,
} from '../helpers/hostile';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { rowCounter, type RowCounter } from '../helpers/rowCounts';

const { requester: REQUESTER, provider: PROVIDER, authority: AUTHORITY } = BEIJING;
const OUTSIDER = '210400-natural-resources';
const NATIONAL_AUTHORITY = '100000-data-sharing-authority';
const PARTIES = [REQUESTER, PROVIDER, AUTHORITY, OUTSIDER, NATIONAL_AUTHORITY];

const suite = fuzzSuite({ file: 'share-requests' });
let live: LiveStack;
let rows: RowCounter;
/** Cursors this API gave out (GET /share-requests), for lists that page on. */
const issuedCursors: string[] = [];

// ---------------------------------------------------------------------------------------------
// Real cases at every stage. A generator names a stage and a slot; the case in that slot is used if
// it is still at that stage, else a new one is driven there (setup requests, not fuzzed).

const POOL_STAGES = ['awaiting_reply', 'awaiting_supplement', 'extension_pending', 'awaiting_delivery', 'delivered', 'completed', 'refused', 'withdrawn'] as const;
type PoolStage = (typeof POOL_STAGES)[number];
const SLOTS = 2;

const agree = { decision: 'agree' };
const deliver = { method: 'service_api', reference: 'SVC-1' };
const STEPS: Record<PoolStage, Array<[command: string, as: string, body: unknown]>> = {
  awaiting_reply: [],
  awaiting_supplement: [['supplement-notice', PROVIDER, { missingItems: ['用途说明'] }]],
  extension_pending: [['extension-request', PROVIDER, { workingDays: 5, reason: '数据量大，需要核对' }]],
  awaiting_delivery: [['reply', PROVIDER, agree]],
  delivered: [['reply', PROVIDER, agree], ['delivery', PROVIDER, deliver]],
  completed: [['reply', PROVIDER, agree], ['delivery', PROVIDER, deliver], ['receipt-confirmation', REQUESTER, {}]],
  refused: [['reply', PROVIDER, { decision: 'refuse', reasons: '不符合共享条件', legalBasis: '《政务数据共享条例》第二十一条' }]],
  withdrawn: [['withdrawal', REQUESTER, { reason: '不再需要' }]],
};
const pool = new Map<string, string>();

async function stageOf(id: string): Promise<PoolStage | undefined> {
  const [row] = await live.app.database.db.select({ stage: cases.stage, state: cases.state }).from(cases).where(eq(cases.id, id));
  if (!row) return undefined;
  const extensions = (row.state.data as { extensions?: Array<{ decision?: unknown; closed?: unknown }> }).extensions ?? [];
  return row.stage === 'awaiting_reply' && extensions.some((e) => !e.decision && !e.closed) ? 'extension_pending' : (row.stage as PoolStage);
}

async function caseAt(stage: PoolStage, slot: number): Promise<string> {
  const key = `${stage}#${slot % SLOTS}`;
  const known = pool.get(key);
  if (known && (await stageOf(known)) === stage) return known;
  const opened = await live.call('POST', '/share-requests', { as: REQUESTER, body: submission() });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const id = opened.body.id as string;
  for (const [command, as, body] of STEPS[stage]) {
    const res = await live.call('POST', `/share-requests/${id}/${command}`, { as, body });
    expect(res.status, `${command}: ${JSON.stringify(res.body)}`).toBe(200);
  }
  pool.set(key, id);
  return id;
}

/** How a real case's id is written in the path: as it is, percent-encoded (the same case), or upper-cased (no case). */
type Spelling = 'plain' | 'encoded' | 'upper';
/** Which case a request is about: a real one at a stage (spelled some way, maybe with a defect fragment), or a path segment as written. */
type Target = { stage: PoolStage; slot: number; spelling: Spelling; fragment?: [string, boolean] } | { segment: string };
/**
 * A real case (mostly at one of `stages`), a well-formed id of no case, or any path segment. With a
 * defect class in `o`, every target carries it (a real case's id gets the fragment before or after).
 */
const target = (o: LocationOptions = {}, stages: readonly PoolStage[] = POOL_STAGES): fc.Arbitrary<Target> => {
  const defect = defectFragment(o);
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        stage: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...stages) }, { weight: 2, arbitrary: fc.constantFrom(...POOL_STAGES) }),
        slot: fc.nat({ max: SLOTS - 1 }),
        spelling: fc.constantFrom<Spelling>('plain', 'plain', 'plain', 'plain', 'encoded', 'upper'),
        ...(defect ? { fragment: fc.tuple(defect, fc.boolean()) } : {}),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('sr-000000000000000000000000', 'cu-0123456789abcdef01234567', 'sr-ffffffffffffffffffffffff'), defect ?? fc.constant(''), fc.boolean()).map(([id, f, before]) => ({ segment: withFragment(id, f, before) })),
    },
    { weight: 2, arbitrary: pathSegment({ seeds: ['sr-000000000000000000000000'], ...o }).map((segment) => ({ segment })) },
  );
};
/** The id of the case the path names (if it names one of ours) and how the path writes it. */
async function resolve(t: Target): Promise<{ caseId?: string; segment: string }> {
  if ('segment' in t) return { segment: t.segment };
  const caseId = await caseAt(t.stage, t.slot);
  if (t.fragment) return { segment: withFragment(caseId, ...t.fragment) };
  if (t.spelling === 'upper') return { segment: caseId.toUpperCase() };
  return { caseId, segment: t.spelling === 'encoded' ? [...Buffer.from(caseId)].map((b) => `%${b.toString(16)}`).join('') : caseId };
}

beforeAll(async () => {
  live = await startLiveStack();
  rows = await rowCounter(live.app.database.url);
  suite.use(createFuzzer({ baseUrl: live.app.url, rows }));
  for (const stage of POOL_STAGES) await caseAt(stage, 0);
  for (const as of [REQUESTER, PROVIDER, AUTHORITY]) {
    for (const limit of [1, 2, 3]) {
      const page = await live.call('GET', `/share-requests?limit=${limit}`, { as });
      expect(page.status).toBe(200);
      if (page.body.nextCursor) issuedCursors.push(page.body.nextCursor as string);
    }
  }
  expect(issuedCursors.length).toBeGreaterThan(0);
});
afterAll(async () => {
  suite.finish();
  await rows?.close();
  await live?.teardown();
});

// ---------------------------------------------------------------------------------------------
// Headers and bodies.

/** Authorization: mostly `actor`'s head, else another party's head or staff, any demo user, or a forged or odd value; sometimes missing or repeated. */
const AUTH = await authorizationSeeds();
const authorizationHeader = (actor: string) =>
  headerOf(
    'Authorization',
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(AUTH.of(actor)) },
      { weight: 3, arbitrary: fc.constantFrom(...PARTIES.flatMap((p) => [AUTH.of(`${p}-head`), AUTH.of(`${p}-staff`)])) },
      { weight: 1, arbitrary: fc.constantFrom(...AUTH.valid) },
      { weight: 1, arbitrary: headerValue(AUTH.forged) },
    ),
  );
/** Idempotency-Key: often none; else one of a few keys (replays and reuse), any valid key, or an invalid one. */
const keyHeader = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Header[]>([]) },
  { weight: 3, arbitrary: headerOf('Idempotency-Key', fc.oneof(fc.constantFrom('fuzz-1', 'fuzz-2', 'fuzz-3'), printableAscii(200), headerValue([], 260))) },
);
const callerHeaders = (actor = REQUESTER) => fc.tuple(authorizationHeader(actor), keyHeader).map(([a, k]) => [...a, ...k]);

/** The (case, key) a rejected command may store its outcome under: one key, as the server reads it. */
function commandKeyOf(caseId: string | undefined, headers: readonly Header[]): Expectation['commandKey'] {
  const keys = headers.filter(([n]) => n.toLowerCase() === 'idempotency-key');
  return caseId && keys.length === 1 ? { caseId, key: asReceived(keys[0]![1]) } : undefined;
}

const text = textField(PROSE);
const whole = (valid: fc.Arbitrary<number>) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom<JsonTree>(0, -1, 1.5, 1e9, '5', null) });
const list = (item: fc.Arbitrary<JsonTree>) =>
  fc.oneof({ weight: 5, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom<JsonTree>([], Array.from({ length: 101 }, (_, i) => `项${i}`)) });

const submissionBody: fc.Arbitrary<JsonTree> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(toTree(submission())) },
  {
    weight: 5,
    arbitrary: objectBody({
      catalogueEntryId: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(BEIJING.conditionalEntry, ...CATALOGUE_IDS) }, { weight: 1, arbitrary: hostileString({ controls: true, maxLength: 140, seeds: CATALOGUE_IDS }) }),
      legalBasis: text,
      usageScenario: text,
      usageScope: text,
      sharingMethod: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: hostileJson }),
      usagePeriod: objectBody({ from: fc.constantFrom(...DATES), to: fc.constantFrom(...DATES) }),
    }),
  },
);

interface CommandSpec {
  command: string;
  /** Who may send it, and at which stages (workflows/shareRequest/validators.ts): generators lean towards them. */
  actor: string;
  stages: readonly PoolStage[];
  /** The body of api/shareRequest/schemas.ts, valid and not. */
  body: fc.Arbitrary<JsonTree>;
}
const items = list(textField(PROSE, { maxLength: 600 }));
const COMMANDS: CommandSpec[] = [
  { command: 'reply', actor: PROVIDER, stages: ['awaiting_reply', 'extension_pending'], body: objectBody({ decision: fc.constantFrom('agree', 'refuse'), reasons: text, legalBasis: text }) },
  { command: 'supplement-notice', actor: PROVIDER, stages: ['awaiting_reply'], body: objectBody({ missingItems: items }) },
  { command: 'supplement', actor: REQUESTER, stages: ['awaiting_supplement'], body: objectBody({ items, note: text }) },
  { command: 'extension-request', actor: PROVIDER, stages: ['awaiting_reply'], body: objectBody({ workingDays: whole(fc.integer({ min: 1, max: 20 })), reason: text }) },
  {
    command: 'extension-decision',
    actor: AUTHORITY,
    stages: ['extension_pending'],
    body: objectBody({ approved: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom<JsonTree>('true', 1, null) }), note: text }),
  },
  {
    command: 'delivery',
    actor: PROVIDER,
    stages: ['awaiting_delivery'],
    body: objectBody({ method: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: hostileJson }), reference: textField(PROSE, { maxLength: 600 }) }),
  },
  { command: 'receipt-confirmation', actor: REQUESTER, stages: ['delivered'], body: objectBody({}) },
  // No case here has missed a deadline (they are working days away), so these two meet only their refusals.
  { command: 'rectification-order', actor: AUTHORITY, stages: ['awaiting_reply'], body: objectBody({ workingDays: whole(fc.integer({ min: 1, max: 60 })), instructions: text }) },
  { command: 'violation-decision', actor: AUTHORITY, stages: ['awaiting_reply'], body: objectBody({ violationId: whole(fc.integer({ min: 1, max: 3 })), status: fc.constantFrom('excused', 'withdrawn', 'open'), reason: text }) },
  { command: 'withdrawal', actor: REQUESTER, stages: ['awaiting_reply', 'awaiting_supplement'], body: objectBody({ reason: text }) },
];

const send = (generator: string, method: string, path: string, headers: readonly Header[], wire: WireBody, expectation?: Expectation) =>
  suite.exchange(generator, { method, path, headers: [...headers, ...wire.headers], ...(wire.body ? { body: wire.body } : {}) }, expectation);

// ---------------------------------------------------------------------------------------------
// The properties.

describe('POST /share-requests', () => {
  const name = 'POST /share-requests';
  suite.property(name, 800, fc.record({ path: fc.constantFrom('/share-requests', '/share-requests', '/share-requests/', '/share-requests?x=1'), headers: callerHeaders(REQUESTER), wire: wireBody(submissionBody) }), ({ path, headers, wire }) =>
    send(name, 'POST', path, headers, wire),
  );
});

describe('GET /share-requests', () => {
  const listQuery = (o: LocationOptions) =>
    queryString(
      {
        party: queryValue([...PARTIES, ...DEPARTMENT_IDS]),
        stage: queryValue(STAGES),
        overdue: queryValue(['true', 'false', 'true', 'false', 'TRUE', '']),
        jurisdiction: queryValue(JURISDICTION_CODES),
        limit: queryValue(['1', '2', '5', '20', '100', '0', '101', '-1', '1.5', 'x']),
      },
      o,
    );
  /** Valid filters, so that what a variant adds (a defect in a value, a cursor) is what is tried. */
  const validQuery = (o: LocationOptions) =>
    queryString({ party: fc.constantFrom(...PARTIES), stage: fc.constantFrom(...STAGES), jurisdiction: fc.constantFrom('110000', '100000'), limit: fc.constantFrom('1', '5', '20') }, o);
  /** A list request; `cursor` decides whether and which cursor is appended. */
  const listing = (name: string, numRuns: number, query: fc.Arbitrary<string>, cursor: fc.Arbitrary<((issued: readonly string[]) => string) | undefined>) =>
    suite.property(name, numRuns, fc.record({ query, cursor, headers: callerHeaders(REQUESTER) }), ({ query, cursor: pick, headers }) => {
      const c = pick?.(issuedCursors);
      const path = `/share-requests${query}${c === undefined ? '' : `${query ? '&' : '?'}cursor=${c}`}`;
      return send(name, 'GET', path, headers, { headers: [] });
    });
  const issued = fc.nat().map((i) => (cs: readonly string[]) => cs[i % cs.length]!);
  const noneOrIssued = fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: issued });
  listing('GET /share-requests', 400, listQuery({}), noneOrIssued);
  listing('GET /share-requests — control characters', 60, validQuery({ controls: true }), noneOrIssued);
  listing('GET /share-requests — malformed percent escapes', 60, validQuery({ badEscapes: true }), noneOrIssued);
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const foreign = fc.oneof(
    hostileString({ controls: false, maxLength: 200 }).map((s) => encodeURIComponent(s)),
    fc.tuple(issued, fc.nat(), fc.constantFrom('A', '_', '-', '')).map(([pick, i, c]) => (cs: readonly string[]) => {
      const s = pick(cs);
      const at = i % s.length;
      return s.slice(0, at) + c + s.slice(at + 1);
    }),
    fc.constantFrom('0|x', '-271821-04-20T00:00:00.000Z|x', '+275760-09-13T00:00:00.000Z|x', '2026-01-01T00:00:00Z|a\u0000b', '2026-01-01T00:00:00Z|', '2026-01-01|sr-1|x', 'Infinity|x').map(b64),
  ).map((c) => (typeof c === 'string' ? () => c : c));
  listing('GET /share-requests — cursors the API did not issue', 150, validQuery({}), foreign);
});

describe('GET /share-requests/:id', () => {
  const reading = (name: string, numRuns: number, o: LocationOptions) =>
    suite.property(name, numRuns, fc.record({ target: target(o), headers: callerHeaders(REQUESTER), slash: fc.constantFrom('', '', '/') }), async ({ target: t, headers, slash }) => {
      const { segment } = await resolve(t);
      return send(name, 'GET', `/share-requests/${segment}${slash}`, headers, { headers: [] });
    });
  reading('GET /share-requests/:id', 300, {});
  reading('GET /share-requests/:id — control characters', 60, { controls: true });
  reading('GET /share-requests/:id — malformed percent escapes', 60, { badEscapes: true });
});

describe('POST /share-requests/:id/<command>', () => {
  /** Stands for the submission (POST /share-requests) where a generator mixes it with the commands. */
  const OPEN: CommandSpec = { command: '', actor: REQUESTER, stages: [], body: submissionBody };
  const commanding = (name: string, numRuns: number, specs: readonly CommandSpec[], o: LocationOptions, wire = (b: fc.Arbitrary<JsonTree>) => wireBody(b)) =>
    suite.property(
      name,
      numRuns,
      fc.constantFrom(...specs).chain((spec) => fc.record({ command: fc.constant(spec.command), target: target(o, spec.stages.length ? spec.stages : POOL_STAGES), headers: callerHeaders(spec.actor), wire: wire(spec.body) })),
      async ({ command, target: t, headers, wire: w }) => {
        if (command === OPEN.command) return send(name, 'POST', '/share-requests', headers, w);
        const { caseId, segment } = await resolve(t);
        return send(name, 'POST', `/share-requests/${segment}/${command}`, headers, w, { commandKey: commandKeyOf(caseId, headers) });
      },
    );
  for (const spec of COMMANDS) commanding(`POST /share-requests/:id/${spec.command}`, 150, [spec], {});
  commanding('POST /share-requests/:id/<command> — control characters', 60, COMMANDS, { controls: true });
  commanding('POST /share-requests/:id/<command> — malformed percent escapes', 60, COMMANDS, { badEscapes: true });
  commanding('POST share requests and commands — unsupported charset or Content-Encoding', 60, [OPEN, ...COMMANDS], {}, (b) => wireBody(b, { unsupported: true }));
});

describe('routes and methods the API does not have', () => {
  const name = 'unknown routes and methods';
  const METHODS_SENT = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'PURGE', 'LOCK', 'SEARCH', 'QUERY', 'MKCOL', 'COPY', 'MOVE', 'REPORT', 'LINK', 'NOTIFY', 'SUBSCRIBE'];
  const PREFIXES = ['', '/health', '/calendar', '/calendar/deadline', '/rule-sets', '/jurisdictions', '/departments', '/catalogue-entries', '/share-requests', '/api', '//share-requests', '/share-requests/%2e%2e', '/SHARE-REQUESTS', '/share-requests/{case}', '/share-requests/{case}/reply', '/share-requests/{case}/events'];
  suite.property(
    name,
    500,
    fc
      .record({
        method: fc.constantFrom(...METHODS_SENT),
        prefix: fc.constantFrom(...PREFIXES),
        rest: fc.array(pathSegment({ seeds: ['reply', 'withdrawal', 'admin', 'events', 'health', 'x'] }), { maxLength: 2 }),
        stage: fc.constantFrom(...POOL_STAGES),
        headers: callerHeaders(),
        wire: fc.oneof({ weight: 2, arbitrary: fc.constant<WireBody>({ headers: [] }) }, { weight: 1, arbitrary: wireBody(hostileJson) }),
      })
      // A real route with its own method is the other properties' business.
      .filter(({ method, prefix, rest }) => !isRoute(method, [prefix.replace('{case}', 'sr-x'), ...rest].join('/'))),
    async ({ method, prefix, rest, stage, headers, wire }) => {
      const withCase = prefix.includes('{case}') ? prefix.replace('{case}', await caseAt(stage, 0)) : prefix;
      return send(name, method, [withCase, ...rest].join('/') || '/', headers, wire);
    },
  );
});

/** True for a request the API does serve (method and path of a real route). */
function isRoute(method: string, path: string): boolean {
  const p = path.split('?')[0]!.replace(/\/$/, '');
  const get = ['GET', 'HEAD'].includes(method);
  if (get && /^\/(health|rule-sets|rule-sets\/applicable|calendar\/deadline|jurisdictions(\/[^/]+)?|departments(\/[^/]+)?|catalogue-entries(\/[^/]+)?|share-requests(\/[^/]+)?)$/i.test(p)) return true;
  if (method === 'POST' && /^\/share-requests(\/[^/]+\/(reply|supplement-notice|supplement|extension-request|extension-decision|delivery|receipt-confirmation|rectification-order|violation-decision|withdrawal))?$/i.test(p)) return true;
  return false;
}
