// Property-based fuzzing of the HTTP API: one oracle that every generated request goes through, and
// the vitest/fast-check plumbing (seed, request count, findings).
//
// What every answer must satisfy, whatever was sent:
//   1. no 5xx;
//   2. an answer within the client's 10 s (AbortController);
//   3. a rejected request (4xx) writes no row — except that a rejected command carrying an
//      Idempotency-Key stores its outcome under (case, key) to replay it (api/cases/idempotency.ts):
//      that one row is allowed, and must hold exactly the status and body that were answered;
//      a GET or HEAD, and a replay (Idempotent-Replayed: true), write nothing whatever their status;
//   4. an error answers RFC 9457 problem details (application/problem+json) with a code from
//      ErrorCodes, its type URI, the answer's status and a detail;
//   5. Object.prototype of the process (the app runs in the test's process) gains no property.
//
// FUZZ_SEED=<n> replays a run (fast-check prints seed and path of a failure). FUZZ_FINDINGS=collect
// records every distinct finding instead of failing at the first,
// and prints them at the end.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorCodes } from '../../workflows/shared';
import { problemType } from '../../api/problem';
import { NoAnswerError, sendRaw, type RawRequest, type RawResponse } from './rawHttp';
import { countChanges, rowCounter, settled, type RowCounter } from './rowCounts';
import type { TestApp } from './app';
import { PROCESSES } from '../../processes';

export const FUZZ_TIMEOUT_MS = 10_000;
export const COLLECT_FINDINGS = process.env.FUZZ_FINDINGS === 'collect';
/** The engine's codes and every registered process's own. */
const KNOWN_CODES = new Set<string>([...Object.values(ErrorCodes), ...PROCESSES.all.flatMap((p) => Object.keys(p.declaration.errors ?? {}))]);
const MACHINE_CODE = /^[A-Z][A-Z0-9_]*$/;

export interface Expectation {
  /** The (case, key) under which a rejected command may store its outcome. */
  commandKey?: { caseId: string; key: string };
}

export interface Finding {
  generator: string;
  problems: string[];
  request: RawRequest;
  response?: { status: number; text: string };
  /** How many requests showed the same problems with the same status and code. */
  count: number;
}

/** The value of a header as the server sees it (node:http trims spaces and tabs). */
export const asReceived = (value: string): string => value.replace(/^[ \t]+|[ \t]+$/g, '');

const preview = (s: string, max = 400) => (s.length > max ? `${JSON.stringify(s.slice(0, max))}… (${s.length} chars)` : JSON.stringify(s));

/** A body as text: UTF-8 when it is, else its bytes in hex. */
function bodyText(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return `<bytes ${body.subarray(0, 200).toString('hex')}>`;
  }
}

export function describeExchange(f: Pick<Finding, 'request' | 'response'>): string {
  const { request: q, response: r } = f;
  const body = q.body === undefined ? '' : `\n    body (${Buffer.byteLength(q.body)} bytes): ${preview(Buffer.isBuffer(q.body) ? bodyText(q.body) : q.body)}`;
  const headers = q.headers?.length ? `\n    headers: ${preview(JSON.stringify(q.headers), 600)}` : '';
  return `  → ${q.method} ${preview(q.path, 300)}${headers}${body}\n  ← ${r ? `${r.status} ${preview(r.text, 500)}` : 'no answer'}`;
}

export type Fuzzer = ReturnType<typeof createFuzzer>;

export function createFuzzer({ baseUrl, rows, collect = COLLECT_FINDINGS, timeoutMs = FUZZ_TIMEOUT_MS }: { baseUrl: string; rows: RowCounter; collect?: boolean; timeoutMs?: number }) {
  const findings = new Map<string, Finding>();
  /** Per generator, how many answers of each status and error code ("404 NOT_FOUND"). */
  const answers = new Map<string, Map<string, number>>();
  let sent = 0;
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).length;

  /** Problems with a response by the rules above. */
  async function problemsOf(req: RawRequest, res: RawResponse, changes: ReturnType<typeof countChanges>, expectation: Expectation): Promise<{ problems: string[]; code?: string }> {
    const problems: string[] = [];
    if (res.status >= 500) problems.push(`server error ${res.status}`);
    let code: string | undefined;
    if (res.status >= 400 && req.method !== 'HEAD') {
      let body: unknown;
      try {
        body = JSON.parse(res.text);
      } catch {
        problems.push('error body is not JSON');
      }
      const problem = body as { type?: unknown; title?: unknown; status?: unknown; detail?: unknown; code?: unknown } | undefined;
      if (body !== undefined && (typeof problem?.code !== 'string' || typeof problem.detail !== 'string' || !problem.detail || typeof problem.title !== 'string')) {
        problems.push('error body is not problem details { type, title, status, detail, code }');
      } else if (typeof problem?.code === 'string') {
        code = problem.code;
        if (!MACHINE_CODE.test(code) || !KNOWN_CODES.has(code)) problems.push(`error code ${JSON.stringify(code)} is not one of ErrorCodes`);
        else if (problem.type !== problemType(code)) problems.push(`error type ${JSON.stringify(problem.type)} is not ${problemType(code)}`);
        if (problem.status !== res.status) problems.push(`error status member ${JSON.stringify(problem.status)} is not the answer's ${res.status}`);
      }
      if (!/^application\/problem\+json\b/.test(String(res.headers['content-type']))) problems.push(`error Content-Type is ${String(res.headers['content-type'])}`);
    }
    if (Object.getOwnPropertyNames(Object.prototype).length !== prototypeKeys) problems.push('Object.prototype was polluted');
    const written = Object.keys(changes).length > 0;
    if (written && (req.method === 'GET' || req.method === 'HEAD')) problems.push(`a ${req.method} changed rows ${JSON.stringify(changes)}`);
    else if (written && res.headers['idempotent-replayed'] === 'true') problems.push(`a replay changed rows ${JSON.stringify(changes)}`);
    else if (written && res.status >= 400) {
      const onlyItsOutcome = expectation.commandKey && isDeepStrictEqual(changes, { case_commands: 1 });
      const stored = onlyItsOutcome ? await rows.storedOutcome(expectation.commandKey!.caseId, expectation.commandKey!.key) : undefined;
      const matches = stored && stored.status === res.status && isDeepStrictEqual(stored.body, safeJson(res.text));
      if (!matches) problems.push(`a rejected request changed rows ${JSON.stringify(changes)}${stored ? ` (stored outcome ${stored.status} differs from the answer)` : ''}`);
    }
    return { problems, code };
  }

  function record(generator: string, problems: string[], request: RawRequest, response: Finding['response'], code?: string): void {
    const key = `${generator}|${problems.map((p) => p.replace(/\{.*\}/, '{…}')).join(';')}|${response?.status}|${code}`;
    const known = findings.get(key);
    if (known) known.count++;
    else findings.set(key, { generator, problems, request, response, count: 1 });
    if (!collect) throw new Error(`fuzz finding in "${generator}": ${problems.join('; ')}\n${describeExchange({ request, response })}`);
  }

  return {
    get sent() {
      return sent;
    },
    findings: () => [...findings.values()],
    /** One line per generator: its answers by status and code, most frequent first. */
    answers: () =>
      [...answers].map(([g, t]) => `${g}: ${[...t].sort((a, b) => b[1] - a[1]).map(([o, n]) => `${o} ×${n}`).join(', ')}`),

    /** Sends one generated request and checks its answer; throws on a finding unless collecting. */
    async exchange(generator: string, req: RawRequest, expectation: Expectation = {}): Promise<RawResponse | undefined> {
      const before = await rows.counts();
      sent++;
      let res: RawResponse;
      try {
        res = await sendRaw(baseUrl, req, timeoutMs);
      } catch (err) {
        record(generator, [err instanceof NoAnswerError ? err.message : `request failed: ${String(err)}`], req, undefined);
        return undefined;
      }
      const changes = countChanges(before, await rows.counts());
      const { problems, code } = await problemsOf(req, res, changes, expectation);
      const tally = answers.get(generator) ?? new Map<string, number>();
      const outcome = code ? `${res.status} ${code}` : String(res.status);
      answers.set(generator, tally.set(outcome, (tally.get(outcome) ?? 0) + 1));
      if (problems.length) record(generator, problems, req, { status: res.status, text: res.text }, code);
      // An accepted write may go on after its answer (a case telling a linked one): the next request
      // is measured once the rows are still, so what it is charged with is its own.
      if (res.status < 400 && req.method !== 'GET' && req.method !== 'HEAD') await settled(rows);
      return res;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The seed of this run: FUZZ_SEED, or a fresh one (printed, so the run can be repeated). */
export function fuzzSeed(file: string): number {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  console.log(`fuzz ${file}: seed ${seed} (repeat with FUZZ_SEED=${seed})`);
  return seed;
}

/**
 * The properties of one test file: `property()` registers one generator as one test; `finish()`
 * (in afterAll) prints the count, the time and any collected findings, and checks that every
 * planned request was sent.
 */
export function fuzzSuite({ file }: { file: string }) {
  const seed = fuzzSeed(file);
  const started = performance.now();
  let fuzzer: Fuzzer | undefined;
  let planned = 0;
  return {
    seed,
    use(f: Fuzzer) {
      fuzzer = f;
    },
    property<T>(name: string, numRuns: number, arbitrary: fc.Arbitrary<T>, run: (input: T) => Promise<unknown>, timeoutMs = 240_000): void {
      it(name, async () => {
        await fc.assert(
          fc.asyncProperty(arbitrary, async (input) => {
            await run(input);
          }),
          { seed, numRuns },
        );
        // Counted once it passed: a failed property reports itself, not a short count as well.
        planned += numRuns;
      }, timeoutMs);
    },
    finish(): void {
      const sent = fuzzer?.sent ?? 0;
      console.log(`fuzz ${file}: ${sent} requests sent (planned ${planned}) in ${((performance.now() - started) / 1000).toFixed(1)} s, seed ${seed}`);
      if (COLLECT_FINDINGS) console.log(`fuzz ${file}: answers\n${(fuzzer?.answers() ?? []).join('\n')}`);
      const findings = fuzzer?.findings() ?? [];
      if (findings.length) {
        console.log(`fuzz ${file}: ${findings.length} distinct findings\n${findings.map((f) => `[${f.generator}] ×${f.count} ${f.problems.join('; ')}\n${describeExchange(f)}`).join('\n')}`);
      }
      expect(sent).toBeGreaterThanOrEqual(planned);
    },
    /**
     * Starts the app before the properties and closes it after them, with a row counter on its
     * database and the fuzzer pointed at it; the suite finishes (and reports) first. Returns the app.
     */
    onApp(start: () => Promise<TestApp>): () => TestApp {
      let app: TestApp | undefined;
      let rows: RowCounter | undefined;
      beforeAll(async () => {
        app = await start();
        rows = await rowCounter(app.database.url);
        this.use(createFuzzer({ baseUrl: app.url, rows }));
      });
      afterAll(async () => {
        this.finish();
        await rows?.close();
        await app?.close();
      });
      return () => {
        if (!app) throw new Error('the fuzz app is not started yet');
        return app;
      };
    },
    /** Sends one request through the oracle (for the run functions). */
    exchange(generator: string, req: RawRequest, expectation?: Expectation) {
      if (!fuzzer) throw new Error('fuzzSuite.use(fuzzer) was not called in beforeAll');
      return fuzzer.exchange(generator, req, expectation);
    },
  };
}
