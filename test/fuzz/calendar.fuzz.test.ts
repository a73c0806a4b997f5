// Property-based fuzzing of the calendar's administration (STYLE.md, guideline 12) on the real app
// over PostgreSQL: notices (structured, and as text) and regional adjustments previewed, previews
// read and confirmed, with hostile bodies, paths and callers. Every generated request goes through
// the oracle of test/helpers/fuzz.ts (no 5xx, an answer within 10 s, a refusal writes no row, errors
// as problem details with their code); the reads are fuzzed with the directory's (directory.fuzz.test.ts).
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { startTestApp } from '../helpers/app';
import { CORRECTED_2027, LIAONING_AUTHORITY, MADE_UP_2027, MADE_UP_2027_TEXT, NATIONAL_AUTHORITY } from '../helpers/calendarLoads';
import { fuzzSuite } from '../helpers/fuzz';
import { authorizationSeeds, callerHeaders, DATES, JURISDICTION_CODES } from '../helpers/fuzzSeeds';
import { hostileString, objectBody, pathSegment, textField, toTree, wireBody, type Header, type JsonTree, type WireBody } from '../helpers/hostile';
import { tokenFor } from '../helpers/tokens';

const suite = fuzzSuite({ file: 'calendar' });
const app = suite.onApp(() => startTestApp());

/** `Bearer …` of the callers the generators name: the two loading heads first, then who may not. */
const CALLERS = [NATIONAL_AUTHORITY, LIAONING_AUTHORITY, `${NATIONAL_AUTHORITY}-staff`, `${LIAONING_AUTHORITY}-staff`, '210400-data-sharing-authority', '110000-market-regulation', `${NATIONAL_AUTHORITY}-admin`, '100000-government-official', 'admin'];
const tokens = new Map<string, string>();
for (const who of CALLERS) tokens.set(who, `Bearer ${await tokenFor(who)}`);
const AUTH = await authorizationSeeds();
const caller = (actor: string) => callerHeaders(actor, tokens, AUTH);

const send = (generator: string, method: string, path: string, headers: readonly Header[], wire: WireBody) =>
  suite.exchange(generator, { method, path, headers: [...headers, ...wire.headers], ...(wire.body ? { body: wire.body } : {}) });

// ---------------------------------------------------------------------------------------------
// Bodies.

const FESTIVALS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节', '测试用地方节日'];
const date = textField([...DATES, '2027-09-12', '2027-09-13', '2027-02-30', '2028-01-01', '2026-12-31', '27-1-1']);
const year = fc.oneof({ weight: 6, arbitrary: fc.constantFrom<JsonTree>(2027, 2026, 2028) }, { weight: 1, arbitrary: fc.constantFrom<JsonTree>(1900, 2100, 2027.5, '2027', -1, null, 1e308) });
const day = objectBody({ date, name: textField(FESTIVALS, { maxLength: 80 }) });
const days = fc.oneof({ weight: 4, arbitrary: fc.array(day, { maxLength: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(toTree(MADE_UP_2027.holidays), toTree(Array.from({ length: 121 }, () => MADE_UP_2027.holidays[0]))) });
const structured = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(toTree(MADE_UP_2027), toTree(CORRECTED_2027)) },
  { weight: 3, arbitrary: objectBody({ year, source: textField([MADE_UP_2027.source, '国办发明电〔2026〕1号']), holidays: days, workdays: days }) },
);
/** The made-up text, whole or with one line broken, shuffled or hostile. */
const LINES = MADE_UP_2027_TEXT.split('\n');
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constant<JsonTree>(MADE_UP_2027_TEXT) },
  { weight: 3, arbitrary: fc.tuple(fc.nat({ max: LINES.length - 1 }), hostileString({ controls: false, maxLength: 40, seeds: ['一、元旦：', '1月1日', '至', '放假', '上班', '（周六）', '共3天', '补休', '。', '、'] })).map(([i, s]): JsonTree => LINES.map((l, j) => (j === i ? l.slice(0, l.length / 2) + s : l)).join('\n')) },
  { weight: 1, arbitrary: fc.shuffledSubarray(LINES).map((ls): JsonTree => ls.join('\n')) },
  { weight: 1, arbitrary: hostileString({ controls: true, huge: true, maxLength: 300 }) },
);
const noticeBody = fc.oneof(
  { weight: 3, arbitrary: objectBody({ notice: structured }) },
  { weight: 3, arbitrary: objectBody({ text }) },
  { weight: 1, arbitrary: objectBody({ text, source: textField(['国办发明电〔2026〕99号']), year }) },
  { weight: 1, arbitrary: objectBody({ notice: structured, text }) },
);
const adjustmentDay = objectBody({
  date: fc.oneof({ weight: 4, arbitrary: fc.constantFrom<JsonTree>('2027-03-15', '2027-03-13', '2027-03-16') }, { weight: 1, arbitrary: textField(['2026-03-16', '2027-02-29', ...DATES]) }),
  kind: fc.oneof({ weight: 6, arbitrary: fc.constantFrom<JsonTree>('holiday', 'workday') }, { weight: 1, arbitrary: fc.constantFrom<JsonTree>('half-day', '', null) }),
  name: textField(FESTIVALS),
});
const adjustmentBody = objectBody({
  jurisdiction: fc.oneof({ weight: 4, arbitrary: fc.constantFrom<JsonTree>('210000', '210400', '210423') }, { weight: 1, arbitrary: textField(JURISDICTION_CODES) }),
  year: fc.oneof({ weight: 4, arbitrary: fc.constant<JsonTree>(2027) }, { weight: 1, arbitrary: year }),
  source: textField(['辽政办发〔2026〕1号']),
  days: fc.oneof({ weight: 4, arbitrary: fc.array(adjustmentDay, { minLength: 1, maxLength: 2 }) }, { weight: 1, arbitrary: fc.constantFrom<JsonTree>([], null) }),
});
const empty = fc.oneof({ weight: 4, arbitrary: objectBody({}) }, { weight: 1, arbitrary: objectBody({ confirm: fc.constant<JsonTree>(true) }) });

// ---------------------------------------------------------------------------------------------
// Real previews (a new one now and then, so some are pending and some stale or confirmed).

const pool: string[] = [];
async function previewId(fresh: boolean): Promise<string> {
  if (pool.length > 0 && !fresh) return pool[pool.length - 1]!;
  const res = await fetch(`${app().url}/calendar/notices`, {
    method: 'POST',
    headers: { Authorization: tokens.get(NATIONAL_AUTHORITY)!, 'Content-Type': 'application/json' },
    body: JSON.stringify({ notice: pool.length % 2 ? MADE_UP_2027 : CORRECTED_2027 }),
  });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  pool.push(body.id);
  return body.id;
}
const target = fc.oneof(
  { weight: 6, arbitrary: fc.record({ fresh: fc.constantFrom(false, false, false, true), upper: fc.constantFrom(false, false, false, false, true) }) },
  { weight: 2, arbitrary: pathSegment({ seeds: ['cp_000000000000000000000000', 'cp_', '1'], controls: true }).map((segment) => ({ segment })) },
);
const idOf = async (t: { fresh: boolean; upper: boolean } | { segment: string }) => ('segment' in t ? t.segment : t.upper ? (await previewId(t.fresh)).toUpperCase() : previewId(t.fresh));

// ---------------------------------------------------------------------------------------------
// The properties.

describe('POST /calendar/notices and /calendar/adjustments', () => {
  suite.property('POST /calendar/notices', 500, fc.record({ headers: caller(NATIONAL_AUTHORITY), wire: wireBody(noticeBody) }), ({ headers, wire }) => send('POST /calendar/notices', 'POST', '/calendar/notices', headers, wire));
  suite.property('POST /calendar/adjustments', 350, fc.record({ headers: caller(LIAONING_AUTHORITY), wire: wireBody(adjustmentBody) }), ({ headers, wire }) =>
    send('POST /calendar/adjustments', 'POST', '/calendar/adjustments', headers, wire),
  );
});

describe('previews, read and confirmed', () => {
  suite.property('GET /calendar/previews/:id', 200, fc.record({ t: target, headers: caller(`${NATIONAL_AUTHORITY}-staff`) }), async ({ t, headers }) =>
    send('GET /calendar/previews/:id', 'GET', `/calendar/previews/${await idOf(t)}`, headers, { headers: [] }),
  );
  suite.property('POST /calendar/previews/:id/confirmation', 300, fc.record({ t: target, headers: caller(NATIONAL_AUTHORITY), wire: wireBody(empty) }), async ({ t, headers, wire }) =>
    send('POST /calendar/previews/:id/confirmation', 'POST', `/calendar/previews/${await idOf(t)}/confirmation`, headers, wire),
  );
});
