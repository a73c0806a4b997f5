// helmet's headers and Cache-Control: no-store on every answer: success, error, and case data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { startTestApp, type TestApp } from './helpers/app';
import { BEIJING } from './helpers/fixtures';
import { bearer } from './helpers/tokens';

let app: TestApp;
beforeAll(async () => {
  // The case routes' reads touch only the database: a Temporal client that is never called will do.
  app = await startTestApp({ temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }) });
});
afterAll(async () => {
  await app?.close();
});

const answers: Array<[string, string, Record<string, string>, number]> = [
  ['a directory read', '/rule-sets', {}, 200],
  ['a health probe', '/health/live', {}, 200],
  ['an unknown route', '/no-such-route', {}, 404],
  ['a list of share requests', '/share-requests', await bearer(BEIJING.requester), 200],
  ['a share request refused for want of a caller', '/share-requests', {}, 401],
];

describe('response headers', () => {
  it.each(answers)('when %s is answered, then helmet headers with a strict CSP and no X-Powered-By', async (_what, path, headers, status) => {
    const res = await fetch(app.url + path, { headers });
    expect(res.status).toBe(status);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "script-src-attr 'none'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it.each(answers)('when %s is answered, then Cache-Control: no-store', async (_what, path, headers, status) => {
    const res = await fetch(app.url + path, { headers });
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
