// Errors are RFC 9457 problem details: application/problem+json, { type, title, status, detail,
// code, errors? } with our code kept, whoever produces them — the error middleware, the HTTP
// parser's refusals (api/clientErrors.ts), and a command's stored outcome replayed, including one
// stored before problem details.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf, sendOutcome } from '../api/problem';
import { ErrorCodes } from '../workflows/shared';
import { startTestApp, type TestApp } from './helpers/app';
import { sendRaw } from './helpers/rawHttp';
import { BEIJING } from './helpers/fixtures';
import { bearer } from './helpers/tokens';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('problem details', () => {
  it('when a query is invalid, then 400 application/problem+json with the type URN, title, status, detail, code and the bad fields', async () => {
    const res = await fetch(`${app.url}/calendar/deadline?from=2026-02-30&workingDays=x`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = await res.json();
    expect(body).toEqual({
      type: 'urn:gds:problem:validation-failed',
      title: 'The request is not valid',
      status: 400,
      detail: expect.stringContaining('from: not a calendar date'),
      code: 'VALIDATION_FAILED',
      errors: expect.arrayContaining([{ path: 'from', message: 'not a calendar date' }, { path: 'workingDays', message: 'workingDays must be a whole number' }]),
    });
  });

  it('when no token is given, then 401 problem details and still WWW-Authenticate: Bearer', async () => {
    const res = await fetch(`${app.url}/delegations`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ type: 'urn:gds:problem:unauthenticated', status: 401, code: 'UNAUTHENTICATED' });
  });

  it.each([
    ['another media type', { 'Content-Type': 'text/plain' }, 'x', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['malformed JSON', { 'Content-Type': 'application/json' }, '{', 400, 'VALIDATION_FAILED'],
    ['a body over 256 KiB', { 'Content-Type': 'application/json' }, `"${'x'.repeat(300_000)}"`, 413, 'VALIDATION_FAILED'],
  ])('when a body is refused for %s, then %i problem details', async (_what, headers, body, status, code) => {
    const res = await fetch(`${app.url}/delegations`, { method: 'POST', headers, body });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status, code, type: `urn:gds:problem:${code.toLowerCase().replaceAll('_', '-')}` });
  });

  it('when the path holds a control character, then 400 INVALID_TEXT naming the field, and no member repeats it raw', async () => {
    const res = await sendRaw(app.url, { method: 'GET', path: '/jurisdictions/%07%E2%80%AE' });
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/[\u0007\u202e]/);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'INVALID_TEXT', detail: 'path: contains the control or bidi character U+0007', errors: [{ path: 'path', message: expect.any(String) }] });
  });

  it('when a body key quoted back holds controls, then detail and errors write them as \\uXXXX', async () => {
    const res = await fetch(`${app.url}/delegations`, {
      method: 'POST',
      headers: { ...(await bearer(BEIJING.requester)), 'Content-Type': 'application/json' },
      body: JSON.stringify({ actingUserId: `${BEIJING.requester}-staff`, from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z', 'k\u0007\u202e': 1 }),
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/[\u0007\u202e]/);
    const body = JSON.parse(text);
    expect(body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringContaining('k\\u0007\\u202E') });
    expect(JSON.stringify(body.errors)).toContain('k\\\\u0007');
  });

  it('when the HTTP parser refuses a request line, then the raw answer is problem details too', async () => {
    const res = await sendRaw(app.url, { method: 'GET', path: `/${'a'.repeat(20_000)}` });
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(res.text)).toMatchObject({ type: 'urn:gds:problem:headers-too-large', status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('when every code is made a problem, then its type is its own URN and its title is set', () => {
    const types = Object.values(ErrorCodes).map((code) => problemOf({ status: 400, code, message: 'm' }));
    expect(new Set(types.map((p) => p.type)).size).toBe(types.length);
    for (const p of types) {
      expect(p.type).toMatch(/^urn:gds:problem:[a-z]+(-[a-z]+)*$/);
      expect(p.title.length).toBeGreaterThan(3);
    }
  });

  it('when details are an object, then they become members, never overwriting type, title, status, detail or code', () => {
    expect(problemOf({ status: 409, code: 'ILLEGAL_TRANSITION', message: 'm', details: { stage: 'completed', code: 'X', status: 200, type: 'about:blank' } })).toEqual({
      type: 'urn:gds:problem:illegal-transition',
      title: PROBLEM_TITLE_ILLEGAL,
      status: 409,
      detail: 'm',
      code: 'ILLEGAL_TRANSITION',
      stage: 'completed',
    });
  });
});

const PROBLEM_TITLE_ILLEGAL = 'Not possible at the case’s current stage';

describe('a stored command outcome answered again', () => {
  const outcomes = express();
  outcomes.get('/:n', (req, res) => {
    const stored = [
      { status: 409, body: problemOf({ status: 409, code: 'ILLEGAL_TRANSITION', message: 'the case has ended (completed)', details: { stage: 'completed' } }) },
      { status: 200, body: { id: 'sr-1', stage: 'completed' } },
    ][Number(req.params.n)]!;
    sendOutcome(res, stored);
  });
  let url: string;
  beforeAll(async () => {
    const server = outcomes.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return () => void server.close();
  });

  it('when a refusal stored as problem details is replayed, then it answers the same problem details', async () => {
    const res = await fetch(`${url}/0`);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await res.json()).toEqual({ type: 'urn:gds:problem:illegal-transition', title: PROBLEM_TITLE_ILLEGAL, status: 409, detail: 'the case has ended (completed)', code: 'ILLEGAL_TRANSITION', stage: 'completed' });
  });

  it('when a success is replayed, then it is plain JSON', async () => {
    const res = await fetch(`${url}/1`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
  });
});
