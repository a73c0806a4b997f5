// A body that is not what its Content-Encoding says is the caller's error (400), not ours (500).
// Found by the fuzz tests (test/fuzz/): the body parser's 400 carried no type the error middleware knew.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app';
import { sendRaw } from './helpers/rawHttp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('request bodies and their Content-Encoding', () => {
  it.each(['gzip', 'deflate', 'br'])('when a body sent as %s is not compressed, then 400 VALIDATION_FAILED', async (encoding) => {
    const res = await sendRaw(app.url, { method: 'POST', path: '/departments', headers: [['Content-Type', 'application/json'], ['Content-Encoding', encoding]], body: '{"a":1}' });
    expect(res.status).toBe(400);
    const problem = JSON.parse(res.text);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.detail).toMatch(/Content-Encoding/);
  });

  it('when a gzip body is what it says, then it is read (and the route answers as usual)', async () => {
    const res = await sendRaw(app.url, { method: 'POST', path: '/departments', headers: [['Content-Type', 'application/json'], ['Content-Encoding', 'gzip']], body: gzipSync('{"a":1}') });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).code).toBe('NOT_FOUND');
  });
});
