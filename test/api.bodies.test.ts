// Request bodies (api/body.ts, api/errors.ts): JSON in UTF-8 only; every error body-parser raises
// has a status and a code; text() catches what valid JSON can still smuggle in ("\u0000", "\ud800").
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import express, { type Request, type Response } from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { jsonBody } from '../api/body';
import { BODY_PARSER_ERRORS, errorHandler } from '../api/errors';
import { textProblem } from '../api/text';
import { caseEvents } from '../db/schema';
import { startLiveStack, type LiveStack } from './helpers/liveStack';
import { writtenRows } from './helpers/rowCounts';
import { rawRequest, sendAndHangUp, type JsonResponse as RawResponse } from './helpers/rawHttp';
import { BEIJING, submission } from './helpers/fixtures';
import { bearer, tokenFor } from './helpers/tokens';

const { requester: REQUESTER, provider: PROVIDER } = BEIJING;

/** A logger that keeps what it logs, to tell our 500s (logged) from the caller's 4xx (not logged). */
function capturingLogger() {
  const lines: { msg: string }[] = [];
  const log = pino({ level: 'error' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

describe('the error middleware and body-parser', () => {
  it('when body-parser and raw-body are read, then every error type they can raise is mapped', () => {
    const root = fileURLToPath(new URL('../node_modules/', import.meta.url));
    const dir = join(root, 'body-parser/lib');
    const sources = [
      ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => join(dir, f)),
      join(root, 'raw-body/index.js'),
    ].map((f) => readFileSync(f, 'utf8'));
    const raised = new Set(sources.flatMap((s) => [...s.matchAll(/type: (?:err\.type \|\| )?'([a-z]+(?:\.[a-z]+)+)'/g)].map((m) => m[1]!)));
    expect(raised.size).toBeGreaterThanOrEqual(10);
    expect([...raised].filter((t) => !(t in BODY_PARSER_ERRORS))).toEqual([]);
  });

  const expected: [string, number, string][] = [
    ['entity.parse.failed', 400, 'VALIDATION_FAILED'],
    ['entity.verify.failed', 400, 'VALIDATION_FAILED'],
    ['request.aborted', 400, 'VALIDATION_FAILED'],
    ['request.size.invalid', 400, 'VALIDATION_FAILED'],
    ['entity.too.large', 413, 'VALIDATION_FAILED'],
    ['parameters.too.many', 413, 'VALIDATION_FAILED'],
    ['charset.unsupported', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['encoding.unsupported', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['stream.encoding.set', 500, 'INTERNAL'],
    ['stream.not.readable', 500, 'INTERNAL'],
  ];
  /** Runs the error middleware on `err` and returns what it answered. */
  function handle(err: unknown, log = capturingLogger().log): { status?: number; type?: string; body?: any } {
    const answer: { status?: number; type?: string; body?: any } = {};
    const res = {
      status(s: number) {
        answer.status = s;
        return res;
      },
      type(t: string) {
        answer.type = t;
        return res;
      },
      send(b: string) {
        answer.body = JSON.parse(b);
        return res;
      },
    };
    errorHandler(log)(err, { method: 'POST', path: '/x' } as Request, res as unknown as Response, () => {});
    return answer;
  }

  it.each(expected)('when body-parser raises %s, then the answer is %i %s with a message of ours; only a 500 is logged', (type, status, code) => {
    const { log, lines } = capturingLogger();
    // As body-parser makes them: http-errors with its status, `expose` and `type`, and a message that may quote input.
    const err = Object.assign(new Error('unsupported charset "\u202eLATIN1"'), { type, status: BODY_PARSER_ERRORS[type]!.status, expose: status < 500 });
    const answer = handle(err, log);
    expect([answer.status, answer.type, answer.body.status]).toEqual([status, 'application/problem+json', status]);
    expect(answer.body.code).toBe(code);
    expect(answer.body.detail).not.toContain('LATIN1');
    expect(lines.length).toBe(status >= 500 ? 1 : 0);
  });

  it.each([
    ['the router meets a malformed escape (URIError)', 400, 'INVALID_TEXT', new URIError('URI malformed')],
    ['zlib fails on a body', 400, 'VALIDATION_FAILED', Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR', status: 400, expose: true })],
    ['something else fails', 500, 'INTERNAL', new Error('a bug of ours')],
  ])('when %s, then %i %s', (_name, status, code, err) => {
    const answer = handle(err);
    expect([answer.status, answer.body.code]).toEqual([status, code]);
  });

  it('when something has set an encoding on the request stream before the parser, then 500 INTERNAL, logged (our bug, not the caller\'s)', async () => {
    const { log, lines } = capturingLogger();
    const app = express();
    app.use((req, _res, next) => {
      req.setEncoding('utf8');
      next();
    });
    app.use(jsonBody());
    app.post('/', (req, res) => void res.json(req.body));
    app.use(errorHandler(log));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await rawRequest(url, { method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('INTERNAL');
      expect(lines.map((l) => l.msg)).toEqual(['unhandled error']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('POST /share-requests bodies', () => {
  let live: LiveStack;
  let caseId: string;
  beforeAll(async () => {
    live = await startLiveStack();
    const created = await live.call('POST', '/share-requests', { as: REQUESTER, body: submission() });
    expect(created.status).toBe(201);
    caseId = created.body.id;
  });
  afterAll(async () => {
    await live?.teardown();
  });

  const written = () => writtenRows(live.app.database.db);
  const post = async (headers: Record<string, string>, body: string | Buffer, path = '/share-requests', as = REQUESTER) =>
    rawRequest(live.app.url, { method: 'POST', path, headers: { ...(await bearer(as)), ...headers }, body });
  const json = (over: Record<string, unknown> = {}) => JSON.stringify(submission(over));
  /** A submission whose usage scope is the raw `bytes`. */
  const withBytes = (bytes: number[]) => {
    const [head, tail] = json({ usageScope: '@@' }).split('@@');
    return Buffer.concat([Buffer.from(head!), Buffer.from(bytes), Buffer.from(tail!)]);
  };

  async function expectRefused(send: () => Promise<RawResponse>, status: number, code: string): Promise<RawResponse> {
    const before = await written();
    const res = await send();
    expect(res.status, res.text).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toEqual(expect.any(String));
    expect(textProblem(res.text), res.text).toBeUndefined();
    expect(await written()).toEqual(before);
    return res;
  }

  it.each([
    ['the charset is Latin-1', { 'Content-Type': 'application/json; charset=latin1' }, () => json()],
    ['the charset is UTF-16', { 'Content-Type': 'application/json; charset=utf-16' }, () => Buffer.from(json(), 'utf16le')],
    ['the media type is text/plain', { 'Content-Type': 'text/plain' }, () => json()],
    ['the media type is a form', { 'Content-Type': 'application/x-www-form-urlencoded' }, () => 'catalogueEntryId=x'],
    ['there is a body but no Content-Type', {}, () => json()],
    ['the Content-Type has a malformed parameter', { 'Content-Type': 'application/json; charset' }, () => json()],
    ['the Content-Encoding is unknown', { 'Content-Type': 'application/json', 'Content-Encoding': 'foo' }, () => json()],
  ] as [string, Record<string, string>, () => string | Buffer][])('when %s, then 415 UNSUPPORTED_MEDIA_TYPE and nothing is written', async (_name, headers, body) => {
    await expectRefused(() => post(headers, body()), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    ['the body is not JSON', 400, 'VALIDATION_FAILED', { 'Content-Type': 'application/json' }, () => '{not json'],
    ['the body says gzip but is not', 400, 'VALIDATION_FAILED', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, () => json()],
    ['the body is larger than 256 KiB', 413, 'VALIDATION_FAILED', { 'Content-Type': 'application/json' }, () => json({ usageScope: 'x'.repeat(300_000) })],
    ['the body inflates beyond 256 KiB', 413, 'VALIDATION_FAILED', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, () => gzipSync(json({ usageScope: 'x'.repeat(1_000_000) }))],
    ['the body holds bytes that are not UTF-8', 400, 'INVALID_TEXT', { 'Content-Type': 'application/json' }, () => withBytes([0xc0, 0xaf])],
  ] as [string, number, string, Record<string, string>, () => string | Buffer][])('when %s, then %i %s and nothing is written', async (_name, status, code, headers, body) => {
    await expectRefused(() => post(headers, body()), status, code);
  });

  it.each([
    ['a NUL in the usage scenario', { usageScenario: '居住证\u0000办理核验' }, 'usageScenario'],
    ['an unpaired surrogate in the legal basis', { legalBasis: '第二十条\ud800' }, 'legalBasis'],
    ['a right-to-left override in the usage scope', { usageScope: '本部门\u202e政务服务' }, 'usageScope'],
    ['a C1 control in the catalogue entry id', { catalogueEntryId: `${BEIJING.conditionalEntry}\u0085` }, 'catalogueEntryId'],
    ['a tab in the usage period', { usagePeriod: { from: '2026-12-01\t', to: '2027-12-31' } }, 'usagePeriod.from'],
  ])('when valid JSON carries %s, then text() answers 400 INVALID_TEXT on that field and nothing is written', async (_name, over, path) => {
    // JSON.stringify writes "\u0000" and "\ud800" as escapes: the body is valid JSON in UTF-8.
    const res = await expectRefused(() => post({ 'Content-Type': 'application/json' }, json(over)), 400, 'INVALID_TEXT');
    expect(res.body.errors.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('when a command body carries a NUL, then 400 INVALID_TEXT and the case is unchanged', async () => {
    const res = await expectRefused(
      () => post({ 'Content-Type': 'application/json' }, JSON.stringify({ reason: '不再\u0000需要' }), `/share-requests/${caseId}/withdrawal`),
      400,
      'INVALID_TEXT',
    );
    expect(res.body.errors[0].path).toBe('reason');
    const events = await live.app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(events.map((e) => e.type)).toEqual(['received']);
  });

  it('when a refusal reason is prose with newlines and tabs, then the text is kept (it is not a control in prose)', async () => {
    const { body: created } = await live.call('POST', '/share-requests', { as: REQUESTER, body: submission() });
    const reasons = '一、数据涉及个人隐私；\n\t二、超出共享范围。';
    const res = await post({ 'Content-Type': 'application/json' }, JSON.stringify({ decision: 'refuse', reasons }), `/share-requests/${created.id}/reply`, PROVIDER);
    expect(res.status, res.text).toBe(200);
    expect(res.body.reply.reasons).toBe(reasons);
  });

  it('when an unknown key holds a bidi override and a NUL, then 400 VALIDATION_FAILED and the message escapes them', async () => {
    const res = await expectRefused(() => post({ 'Content-Type': 'application/json' }, JSON.stringify({ ...submission(), 'x\u202ey\u0000': 1 })), 400, 'VALIDATION_FAILED');
    expect(res.body.detail).toContain('x\\u202Ey\\u0000');
  });

  it('when the client hangs up in the middle of a body, then nothing is written and the API keeps answering', async () => {
    const before = await written();
    const body = json();
    await sendAndHangUp(
      live.app.url,
      `POST /share-requests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${await tokenFor(REQUESTER)}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body) + 100}\r\n\r\n${body}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await written()).toEqual(before);
    expect((await rawRequest(live.app.url, { path: '/health' })).status).toBe(200);
  });

  it.each([
    ['a quoted UTF-8 charset', { 'Content-Type': 'application/json; charset="UTF-8"' }, (b: string) => b],
    ['a gzip-encoded body', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, (b: string) => gzipSync(b)],
  ])('when the body is JSON in UTF-8 with %s, then the case is created', async (_name, headers, encode) => {
    const before = await written();
    const res = await post(headers, encode(json()));
    expect(res.status, res.text).toBe(201);
    expect((await written()).cases).toBe(before.cases + 1);
  });
});
