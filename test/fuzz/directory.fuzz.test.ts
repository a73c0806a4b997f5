// Property-based fuzzing of the read side (STYLE.md, guideline 12): health, calendar (its records too), rule sets,
// the directory and the audit log's checkpoints, on the real app from createApp() over a fresh
// PostgreSQL database. Every generated request goes through the oracle of test/helpers/fuzz.ts (no
// 5xx, an answer within 10 s, nothing written, errors as problem details with a code).
import fc from 'fast-check';
import { describe } from 'vitest';
import { startTestApp } from '../helpers/app';
import { fuzzSuite } from '../helpers/fuzz';
import { authorizationSeeds, CATALOGUE_IDS, DATES, DEPARTMENT_IDS, JURISDICTION_CODES, WHOLE_NUMBERS } from '../helpers/fuzzSeeds';
import { headerOf, headerValue, pathSegment, queryString, queryValue, readRequest, type LocationOptions } from '../helpers/hostile';

const suite = fuzzSuite({ file: 'directory' });
suite.onApp(() => startTestApp());

const AUTH = await authorizationSeeds();
const department = headerOf('Authorization', headerValue([...AUTH.valid.slice(0, 40), ...AUTH.forged]));
const get = (name: string, numRuns: number, path: fc.Arbitrary<string>) =>
  suite.property(name, numRuns, readRequest(path, department), (req) => suite.exchange(name, req));

const at = (prefix: string, query: fc.Arbitrary<string>) => query.map((s) => prefix + s);
const noQuery = (o: LocationOptions) => queryString({ x: queryValue(['1']) }, o);
/** `prefix/<segment>` with an odd trailing slash or query now and then. */
const under = (prefix: string, seeds: readonly string[]) => (o: LocationOptions) =>
  fc.tuple(pathSegment({ seeds, ...o }), fc.constantFrom('', '', '', '/'), noQuery({})).map(([seg, slash, query]) => `${prefix}/${seg}${slash}${query}`);

const YEARS = ['2026', '2027', '2004', '1901', '2099', '1900', '2100', '27', '2026.0', ...WHOLE_NUMBERS];
const RECORD_IDS = ['1', '23', '24', '0', '-1', '01', '1e3', '999999999999999', '9999999999999999999', 'cp_000000000000000000000000'];

/** Each read endpoint: its paths, with the defect class of `o` in every path or query, and its share of the runs. */
const ENDPOINTS: Array<[name: string, numRuns: number, paths: (o: LocationOptions) => fc.Arbitrary<string>]> = [
  ['GET /health', 150, (o) => fc.tuple(fc.constantFrom('/health', '/health/', '/HEALTH'), noQuery(o)).map(([p, s]) => p + s)],
  ['GET /calendar/deadline', 800, (o) => at('/calendar/deadline', queryString({ from: queryValue(DATES), workingDays: queryValue(WHOLE_NUMBERS), jurisdiction: queryValue(JURISDICTION_CODES) }, o))],
  ['GET /calendar/years', 100, (o) => at('/calendar/years', noQuery(o))],
  ['GET /calendar/notices', 300, (o) => at('/calendar/notices', queryString({ year: queryValue(YEARS) }, o))],
  ['GET /calendar/notices/:id', 300, under('/calendar/notices', RECORD_IDS)],
  ['GET /calendar/adjustments', 200, (o) => at('/calendar/adjustments', queryString({ jurisdiction: queryValue(JURISDICTION_CODES), year: queryValue(YEARS) }, o))],
  ['GET /calendar/adjustments/:id', 150, under('/calendar/adjustments', RECORD_IDS)],
  ['GET /rule-sets', 150, (o) => at('/rule-sets', noQuery(o))],
  ['GET /rule-sets/applicable', 500, (o) => at('/rule-sets/applicable', queryString({ jurisdiction: queryValue(JURISDICTION_CODES), date: queryValue(DATES) }, o))],
  ['GET /jurisdictions', 100, (o) => at('/jurisdictions', noQuery(o))],
  ['GET /jurisdictions/common-superior', 400, (o) => at('/jurisdictions/common-superior', queryString({ a: queryValue(JURISDICTION_CODES), b: queryValue(JURISDICTION_CODES) }, o))],
  ['GET /jurisdictions/:code', 400, under('/jurisdictions', JURISDICTION_CODES)],
  ['GET /departments', 300, (o) => at('/departments', queryString({ jurisdiction: queryValue(JURISDICTION_CODES) }, o))],
  ['GET /departments/:id', 400, under('/departments', DEPARTMENT_IDS)],
  ['GET /catalogue-entries', 300, (o) => at('/catalogue-entries', queryString({ provider: queryValue(DEPARTMENT_IDS), sharingAttribute: queryValue(['unconditional', 'conditional', 'not_shared']) }, o))],
  ['GET /catalogue-entries/:id', 400, under('/catalogue-entries', CATALOGUE_IDS)],
  [
    'GET /audit/checkpoints',
    500,
    (o) => {
      const n = queryValue(WHOLE_NUMBERS);
      return at('/audit/checkpoints', queryString({ limit: n, cursor: n, caseId: queryValue(['sr-x', 'sr-1', 'a.b', '-', '']), size: n, from: n, to: n }, o));
    },
  ],
];

describe('health, calendar, rule sets and directory', () => {
  for (const [name, numRuns, paths] of ENDPOINTS) {
    get(name, numRuns, paths({}));
    get(`${name} — control characters`, 60, paths({ controls: true }));
    get(`${name} — malformed percent escapes`, 60, paths({ badEscapes: true }));
  }
});
