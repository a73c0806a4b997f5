// The OpenAPI document: valid OpenAPI 3.1, every reference resolves, the paths follow what the app
// mounts, and it is served at /openapi.json with its Swagger UI page at /docs, every asset from
// this origin and nothing inline, under the app's strict CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Client, Connection } from '@temporalio/client';
import { openApiDocument, type OpenApiDocument } from '../api/openapi/document';
import { PROCESSES } from '../processes';
import { startTestApp, type TestApp } from './helpers/app';
import { sendRaw } from './helpers/rawHttp';
import { testIssuer } from './helpers/tokens';

const everything = openApiDocument({ processes: PROCESSES, cases: true, devIssuer: true, webhooks: true });
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function operationsOf(doc: OpenApiDocument) {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })),
  );
}

/** Every `$ref` in the document with where it sits. */
function refsIn(value: unknown, at = '#'): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [[at, v] as [string, string]] : refsIn(v, `${at}/${k}`)));
}

const resolve = (doc: unknown, ref: string): unknown =>
  ref
    .slice(2)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);

describe('the OpenAPI document', () => {
  it('when validated against the OpenAPI 3.1 schema, then it is valid', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(everything) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('when every $ref is followed, then each names a component that exists', () => {
    const refs = refsIn(everything);
    expect(refs.length).toBeGreaterThan(50);
    const dangling = refs.filter(([, ref]) => !ref.startsWith('#/') || resolve(everything, ref) === undefined);
    expect(dangling).toEqual([]);
  });

  it('when its operations are listed, then each has a unique operationId, security, and a documented error body for 400', () => {
    const ops = operationsOf(everything);
    expect(ops.length).toBeGreaterThan(40);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      expect(op.security, `${method} ${path}`).toBeDefined();
      expect(op.responses?.['400'], `${method} ${path}`).toEqual({ $ref: '#/components/responses/BadRequest' });
    }
  });

  it('when an operation needs a caller, then it names the bearer scheme and documents 401; a public one neither', () => {
    expect(everything.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const reply = everything.paths!['/share-requests/{id}/reply']!.post!;
    expect(reply.security).toEqual([{ bearerAuth: [] }]);
    expect(reply.responses!['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
    const ruleSets = everything.paths!['/rule-sets']!.get!;
    expect(ruleSets.security).toEqual([]);
    expect(ruleSets.responses!['401']).toBeUndefined();
    // Public, but inclusion proofs need a caller: anonymous or bearer.
    expect(everything.paths!['/audit/checkpoints']!.get!.security).toEqual([{}, { bearerAuth: [] }]);
  });

  it('when a request body is documented, then it is the zod schema the route validates with (strict: unknown keys refused)', () => {
    const body = everything.paths!['/share-requests']!.post!.requestBody as { content: Record<string, { schema: { $ref: string } }> };
    const submission = resolve(everything, body.content['application/json']!.schema.$ref) as Record<string, unknown>;
    expect(submission.additionalProperties).toBe(false);
    expect(submission.required).toEqual(['catalogueEntryId', 'legalBasis', 'usageScenario', 'usageScope', 'sharingMethod', 'usagePeriod']);
    expect((submission.properties as Record<string, unknown>).catalogueEntryId).toMatchObject({ maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
  });

  it('when the app mounts no share requests (no Temporal) and no development issuer, then the document has neither', () => {
    const bare = openApiDocument({ processes: PROCESSES, cases: false, devIssuer: false, webhooks: false });
    const paths = Object.keys(bare.paths ?? {});
    expect(paths.filter((p) => p.startsWith('/share-requests') || p.startsWith('/dev/'))).toEqual([]);
    expect(paths).toContain('/delegations');
    expect(Object.keys(everything.paths ?? {})).toEqual(expect.arrayContaining(['/share-requests/{id}/reply', '/dev/token']));
  });
});

describe('GET /openapi.json and GET /docs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), devIssuer: await testIssuer() });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('when /openapi.json is fetched without a token, then it is the document of this app', async () => {
    const res = await fetch(`${app.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(everything)));
  });

  it('when /docs is fetched, then the page loads only same-origin files, runs no inline script, and is served under the strict CSP', async () => {
    const res = await fetch(`${app.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = await res.text();
    // Every <script> has a src and no body; no inline style, handler or javascript: URL.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<script[^>]*>[^<\s]|\sstyle=|\son\w+=|javascript:|<style/i);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toEqual(['/docs/assets/favicon-32x32.png', '/docs/assets/swagger-ui.css', '/docs/assets/swagger-ui-bundle.js', '/docs/assets/docs-init.js']);
    const types = { png: /^image\/png/, css: /^text\/css/, js: /^(text|application)\/javascript/ };
    for (const url of urls) {
      const asset = await fetch(app.url + url);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type'), url).toMatch(types[url.split('.').at(-1) as keyof typeof types]);
      expect(asset.headers.get('content-security-policy'), url).toBe(csp);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(100);
    }
    const init = await (await fetch(`${app.url}/docs/assets/docs-init.js`)).text();
    expect(init).toContain("url: '/openapi.json'");
    expect(init).toContain('validatorUrl: null');
  });

  it.each([
    ['another file of swagger-ui-dist (its index.html has an inline script)', '/docs/assets/index.html'],
    ['its petstore initializer', '/docs/assets/swagger-initializer.js'],
    ['a path out of the folder', '/docs/assets/../../package.json'],
    ['an escaped path out of the folder', '/docs/assets/%2e%2e%2f%2e%2e%2fpackage.json'],
    ['an escaped slash', '/docs/assets/..%2fpackage.json'],
    ['a source map', '/docs/assets/swagger-ui-bundle.js.map'],
  ])('when %s is asked for, then 404 with an error code, nothing served', async (_what, path) => {
    const res = await sendRaw(app.url, { method: 'GET', path });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).code).toBe('NOT_FOUND');
  });

  it('when an asset is posted to, then 404 (only GET and HEAD serve files)', async () => {
    const res = await fetch(`${app.url}/docs/assets/swagger-ui.css`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('NOT_FOUND');
  });
});
