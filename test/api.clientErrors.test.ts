// Requests Node's HTTP parser refuses before the app (oversized request line and headers, a
// malformed request line) still answer the API's JSON error with a machine-readable code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app';
import { sendRaw } from './helpers/rawHttp';
import { connect } from 'node:net';
import { problemBody } from './helpers/problems';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

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

  it('when the request is fine, then the app answers as usual', async () => {
    expect((await sendRaw(app.url, { method: 'GET', path: '/health/live' })).status).toBe(200);
  });
});
