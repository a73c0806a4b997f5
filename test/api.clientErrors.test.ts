// Requests Node's HTTP parser refuses before the app (oversized request line and headers, a
// malformed request line) still answer the API's JSON error with a machine-readable code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app';
import { sendRaw } from './helpers/rawHttp';
import { connect } from 'node:net';
import { problemBody } from './helpers/problems';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ http: { requestTimeoutMs: 2_000, headersTimeoutMs: 1_000 } });
});
afterAll(async () => {
  await app?.close();
});

/** Sends `text` and reads until the server closes (a client that sends no more, however long that takes). */
function rawBytes(text: string): Promise<string> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests refused by the HTTP parser', () => {
  it('when the request line is over 16 KiB, then 431 HEADERS_TOO_LARGE as problem details', async () => {
    const res = await sendRaw(app.url, { method: 'GET', path: `/departments/${'%E4%B8%AD'.repeat(2000)}` });
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(res.text)).toEqual(problemBody(431, 'HEADERS_TOO_LARGE'));
  });

  it('when the request line is malformed, then 400 VALIDATION_FAILED as problem details', async () => {
    const answer = await rawBytes('GET /health HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/Content-Type: application\/problem\+json; charset=utf-8\r\n/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual(problemBody(400, 'VALIDATION_FAILED', 'the HTTP request is malformed'));
  });

  it('when a client sends the headers of a body and then only part of it, then 408 REQUEST_TIMEOUT as problem details once HTTP_REQUEST_TIMEOUT has passed, not minutes later', async () => {
    const started = Date.now();
    const answer = await rawBytes('POST /share-requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"catalogueEntryId":');
    const took = Date.now() - started;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual(problemBody(408, 'REQUEST_TIMEOUT', 'the request was not received in time'));
    expect(took).toBeGreaterThanOrEqual(1_900);
    expect(took).toBeLessThan(5_000);
  });

  it('when a client sends its headers slowly, then 408 REQUEST_TIMEOUT once HTTP_HEADERS_TIMEOUT has passed', async () => {
    const started = Date.now();
    const answer = await rawBytes('GET /health/live HTTP/1.1\r\nHost: x\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it.each(['x-custom', '200-ok', 'continue'])('when a request carries Expect: %s, then 417 EXPECTATION_FAILED as problem details', async (expectation) => {
    const res = await sendRaw(app.url, { method: 'GET', path: '/health/live', headers: [['Expect', expectation]] });
    expect(res.status).toBe(417);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(res.text)).toEqual(problemBody(417, 'EXPECTATION_FAILED', 'only Expect: 100-continue is supported'));
  });

  it('when a request carries Expect: 100-continue, then the server says continue and the app answers as usual', async () => {
    const answer = await rawBytes('POST /calendar/deadline HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 404 /);
  });

  it('when the request is fine, then the app answers as usual', async () => {
    expect((await sendRaw(app.url, { method: 'GET', path: '/health/live' })).status).toBe(200);
  });
});
