// The fuzz oracle (test/helpers/fuzz.ts) against a scripted server and scripted row counts: each rule
// catches what it is for, and the one allowance (a rejected command's stored outcome) is exact.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFuzzer } from '../helpers/fuzz';
import type { RowCounter, RowCounts } from '../helpers/rowCounts';

/** What the scripted server answers next, and which rows that answer "writes". */
let script: { status: number; body: string; writes?: Partial<RowCounts>; hang?: boolean; replayed?: boolean } = { status: 200, body: '{}' };
let stored: { status: number | null; body: unknown } | undefined;
const counts: RowCounts = { cases: 0, case_parties: 0, case_events: 0, case_submissions: 0, case_commands: 0, case_deadlines: 0, case_violations: 0, notifications: 0, webhook_subscriptions: 0, webhook_deliveries: 0, webhook_delivery_attempts: 0, holiday_notices: 0, calendar_adjustments: 0, calendar_versions: 0, calendar_previews: 0, calendar_recomputations: 0, case_versions: 0 };
const rows: RowCounter = { counts: async () => ({ ...counts }), storedOutcome: async () => stored, close: async () => undefined };

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (script.hang) return;
    for (const [t, n] of Object.entries(script.writes ?? {})) counts[t as keyof RowCounts] += n;
    res.writeHead(script.status, { 'Content-Type': script.status >= 400 ? 'application/problem+json' : 'application/json', ...(script.replayed ? { 'Idempotent-Replayed': 'true' } : {}) }).end(script.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const error = (code: string, status = 400) => JSON.stringify({ type: `urn:gds:problem:${code.toLowerCase().replaceAll('_', '-')}`, title: 't', status, detail: 'm', code });
async function problems(s: typeof script, method = 'POST', expectation = {}): Promise<string[]> {
  script = s;
  const fuzzer = createFuzzer({ baseUrl, rows, collect: true, timeoutMs: 300 });
  await fuzzer.exchange('g', { method, path: '/x' }, expectation);
  return fuzzer.findings().flatMap((f) => f.problems);
}

describe('the fuzz oracle', () => {
  it('when an answer is a clean 2xx or 4xx that wrote nothing, then it finds nothing', async () => {
    expect(await problems({ status: 201, body: '{}', writes: { cases: 1 } })).toEqual([]);
    expect(await problems({ status: 404, body: error('NOT_FOUND', 404) }, 'GET')).toEqual([]);
  });

  it('when the server answers 5xx, late, or with an error of the wrong shape or code, then each is a finding', async () => {
    expect(await problems({ status: 500, body: error('INTERNAL', 500) })).toEqual(['server error 500']);
    expect(await problems({ status: 200, body: '{}', hang: true })).toEqual(['no answer within 300 ms']);
    expect(await problems({ status: 400, body: 'Bad Request' })).toContain('error body is not JSON');
    expect(await problems({ status: 400, body: '{"message":"x"}' })).toEqual(['error body is not problem details { type, title, status, detail, code }']);
    expect(await problems({ status: 400, body: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'm' } }) })).toEqual(['error body is not problem details { type, title, status, detail, code }']);
    expect(await problems({ status: 400, body: error('NOT_FOUND', 404) })).toEqual(["error status member 404 is not the answer's 400"]);
    expect(await problems({ status: 400, body: JSON.stringify({ ...JSON.parse(error('NOT_FOUND')), type: 'about:blank' }) })).toEqual(['error type "about:blank" is not urn:gds:problem:not-found']);
    expect(await problems({ status: 400, body: error('SOMETHING_ELSE') })).toEqual(['error code "SOMETHING_ELSE" is not one of ErrorCodes']);
  });

  it('when Object.prototype gains a property while a request is answered, then that is a finding', async () => {
    script = { status: 200, body: '{}' };
    const fuzzer = createFuzzer({ baseUrl, rows, collect: true });
    const pending = fuzzer.exchange('g', { method: 'GET', path: '/x' });
    Object.defineProperty(Object.prototype, 'polluted', { value: true, configurable: true });
    try {
      await pending;
    } finally {
      delete (Object.prototype as { polluted?: unknown }).polluted;
    }
    expect(fuzzer.findings().flatMap((f) => f.problems)).toEqual(['Object.prototype was polluted']);
  });

  it('when a rejected request, a replay or any GET changes rows, then that is a finding', async () => {
    expect(await problems({ status: 400, body: error('VALIDATION_FAILED'), writes: { case_submissions: 1 } })).toEqual(['a rejected request changed rows {"case_submissions":1}']);
    expect(await problems({ status: 409, body: error('ILLEGAL_TRANSITION', 409), writes: { case_versions: 1 } })).toEqual(['a rejected request changed rows {"case_versions":1}']);
    expect(await problems({ status: 200, body: '{}', writes: { notifications: 1 } }, 'GET')).toEqual(['a GET changed rows {"notifications":1}']);
    expect(await problems({ status: 200, body: '{}', writes: { case_events: 1 }, replayed: true })).toEqual(['a replay changed rows {"case_events":1}']);
  });

  it('when a rejected command with an Idempotency-Key stores exactly its answer, then that one row is allowed; any other row or answer is not', async () => {
    const key = { commandKey: { caseId: 'sr-1', key: 'k' } };
    const answer = { status: 409, body: error('ILLEGAL_TRANSITION', 409), writes: { case_commands: 1 } };
    stored = { status: 409, body: JSON.parse(answer.body) };
    expect(await problems(answer, 'POST', key)).toEqual([]);
    expect(await problems(answer, 'POST')).toHaveLength(1);
    expect(await problems({ ...answer, writes: { case_commands: 1, case_events: 1 } }, 'POST', key)).toHaveLength(1);
    stored = { status: 200, body: {} };
    expect(await problems(answer, 'POST', key)).toEqual(['a rejected request changed rows {"case_commands":1} (stored outcome 200 differs from the answer)']);
  });
});
