// The webhook API against real PostgreSQL: registration by the department's administrator (and by
// nobody else), secrets shown once and stored sealed, rotation, disabling, deletion, the delivery log
// and redelivery, and what a hostile administrator might type. Delivery itself (Temporal, a receiver)
// is in delivery.test.ts.
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { webhookDeliveries, webhookSubscriptions } from '../../db/schema';
import { allowList, type Resolve } from '../../activities/webhooks/targets';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer } from '../helpers/tokens';
import { testWebhookDeps } from '../helpers/webhooks';
import { MAX_WEBHOOKS_PER_DEPARTMENT } from '../../api/webhooks/routes';

/** The 404 body, the same whether the webhook is another department's or does not exist (RFC 9457). */
const notFoundProblem = (detail: string) => ({ type: 'urn:gds:problem:not-found', title: 'Not found', status: 404, detail, code: 'NOT_FOUND' });

const DEPT = '110000-market-regulation';
const ADMIN = `${DEPT}-admin`;
const OTHER_ADMIN = '110000-public-security-admin';

// Made-up names: one public, one that resolves into the private network.
const resolve: Resolve = async (host) => {
  const table: Record<string, string> = { 'hooks.example.cn': '93.184.215.14', 'intranet.example.cn': '10.1.2.3', 'receiver.intranet': '10.9.0.5' };
  if (!table[host]) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return [{ address: table[host], family: 4 }];
};
const deps = testWebhookDeps({ policy: { allowed: allowList(['10.9.0.0/16']), allowHttp: true, resolve } });

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ webhooks: deps });
});
afterAll(async () => {
  await app?.close();
});

async function call(method: string, path: string, who: string | undefined, body?: unknown, raw?: string) {
  const res = await fetch(app.url + path, {
    method,
    headers: { ...(who ? await bearer(who) : {}), ...(body !== undefined || raw !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const valid = (o: Record<string, unknown> = {}) => ({ url: 'https://hooks.example.cn/gds', eventTypes: ['share-request.*'], description: '办件系统\n回调', ...o });
const db = () => app.database.db;
const stored = async () => db().select().from(webhookSubscriptions).orderBy(asc(webhookSubscriptions.createdAt));

async function register(who = ADMIN, body: unknown = valid()) {
  const res = await call('POST', '/webhooks', who, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string };
}

describe('registration', () => {
  it("when the department's administrator registers a webhook, then 201 with the secret once, stored sealed, and never shown again", async () => {
    const res = await call('POST', '/webhooks', ADMIN, valid());
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/webhooks/${res.body.id}`);
    expect(res.body).toMatchObject({ departmentId: DEPT, url: 'https://hooks.example.cn/gds', eventTypes: ['share-request.*'], enabled: true, createdBy: ADMIN, previousSecretValidUntil: null });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    const [row] = await db().select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, res.body.id));
    expect(row!.secret).not.toContain(res.body.secret.slice(6));
    expect(deps.secretKey.open(row!.secret!, row!.id)).toBe(res.body.secret);
    // Bound to its row: the same ciphertext does not open for another webhook.
    expect(() => deps.secretKey.open(row!.secret!, 'wh_other')).toThrow();

    for (const who of [ADMIN, `${DEPT}-staff`, `${DEPT}-head`]) {
      const one = await call('GET', `/webhooks/${res.body.id}`, who);
      expect(one.status).toBe(200);
      expect(JSON.stringify(one.body)).not.toMatch(/whsec_|secret"/);
      const list = await call('GET', '/webhooks', who);
      expect(list.body.webhooks.map((w: { id: string }) => w.id)).toContain(res.body.id);
      expect(JSON.stringify(list.body)).not.toContain('whsec_');
    }
  });

  it('when the key that seals secrets is logged or serialised, then its bytes do not appear', () => {
    expect(JSON.stringify({ key: deps.secretKey })).toBe('{"key":"[webhook secret key]"}');
    expect(inspect(deps.secretKey)).toBe('[webhook secret key]');
  });

  it('when anyone but the administrator tries, then: staff and head 403, a government official and the system administrator 403, no token 401 — and nothing is written', async () => {
    const before = await stored();
    for (const who of [`${DEPT}-staff`, `${DEPT}-head`, '110000-government-official', 'admin']) {
      const res = await call('POST', '/webhooks', who, valid());
      expect(res.status, who).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await call('POST', '/webhooks', undefined, valid())).status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it("when another department's administrator asks for it, then 404 on every route, as for one that does not exist, and nothing changes", async () => {
    const { id } = await register();
    const before = await stored();
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/webhooks/${id}`],
      ['PATCH', `/webhooks/${id}`, { enabled: false }],
      ['DELETE', `/webhooks/${id}`],
      ['POST', `/webhooks/${id}/secret-rotation`, {}],
      ['GET', `/webhooks/${id}/deliveries`],
      ['GET', `/webhooks/${id}/deliveries/msg_x`],
      ['POST', `/webhooks/${id}/deliveries/msg_x/redeliver`, {}],
    ];
    for (const [method, path, body] of routes) {
      for (const who of [OTHER_ADMIN, '110000-public-security-head', '110000-data-sharing-authority-head', '110000-government-official', 'admin']) {
        const res = await call(method, path, who, body);
        expect(res.status, `${method} ${path} as ${who}`).toBe(404);
        expect(res.body).toEqual(notFoundProblem('no such webhook'));
      }
    }
    expect((await call('GET', '/webhooks', OTHER_ADMIN)).body.webhooks.map((w: { id: string }) => w.id)).not.toContain(id);
    expect((await call('GET', '/webhooks', 'admin')).body).toEqual({ webhooks: [] });
    expect(await stored()).toEqual(before);
  });

  it('when the event types are listed, then every filter the registration accepts is there', async () => {
    const res = await call('GET', '/webhooks/event-types', `${DEPT}-staff`);
    expect(res.status).toBe(200);
    expect(res.body.eventTypes).toContain('share-request.deadline_missed');
    expect(res.body.wildcards).toContain('share-request.*');
  });
});

describe('hostile input at registration: 4xx with a code, nothing written', () => {
  const cases: Array<[string, unknown, number, string]> = [
    ['NUL in the URL', valid({ url: 'https://hooks.example.cn/\u0000x' }), 400, 'INVALID_TEXT'],
    ['a bidi override in the description', valid({ description: 'abc\u202Edef' }), 400, 'INVALID_TEXT'],
    ['a huge URL', valid({ url: `https://hooks.example.cn/${'a'.repeat(5000)}` }), 400, 'VALIDATION_FAILED'],
    ['a URL that is not one', valid({ url: 'not a url' }), 400, 'WEBHOOK_TARGET_REFUSED'],
    ['http to a public host', valid({ url: 'http://hooks.example.cn/gds' }), 400, 'WEBHOOK_TARGET_REFUSED'],
    ['credentials in the URL', valid({ url: 'https://user:pass@hooks.example.cn/gds' }), 400, 'WEBHOOK_TARGET_REFUSED'],
    ['loopback', valid({ url: 'https://127.0.0.1/gds' }), 400, 'WEBHOOK_TARGET_REFUSED'],
    ['IPv6 loopback', valid({ url: 'https://[::1]/gds' }), 400, 'WEBHOOK_TARGET_REFUSED'],
    ['IPv4-mapped loopback', valid({ url: 'https://[::ffff:127.0.0.1]/gds' }), 400, 'WEBHOOK_TARGET_REFUSED'],
    ['the metadata address', valid({ url: 'https://169.254.169.254/latest/meta-data/' }), 400, 'WEBHOOK_TARGET_REFUSED'],
    ['a private address', valid({ url: 'https://10.0.0.8/gds' }), 400, 'WEBHOOK_TARGET_REFUSED'],
    ['a name resolving into the private network', valid({ url: 'https://intranet.example.cn/gds' }), 400, 'WEBHOOK_TARGET_REFUSED'],
    ['a name that does not resolve', valid({ url: 'https://nowhere.example.cn/gds' }), 400, 'WEBHOOK_TARGET_REFUSED'],
    ['an unknown event type', valid({ eventTypes: ['share-request.everything'] }), 400, 'VALIDATION_FAILED'],
    ['no event type', valid({ eventTypes: [] }), 400, 'VALIDATION_FAILED'],
    ['an unknown field', valid({ secret: 'whsec_mine' }), 400, 'VALIDATION_FAILED'],
    ['no body', undefined, 400, 'VALIDATION_FAILED'],
    ['an array', [valid()], 400, 'VALIDATION_FAILED'],
  ];
  it.each(cases)('when the body has %s, then %i %s', async (_what, body, status, code) => {
    const before = await stored();
    const res = await call('POST', '/webhooks', ADMIN, body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await stored()).toEqual(before);
  });

  it('when the body is malformed JSON or too large, then 400 / 413 and nothing is written', async () => {
    const before = await stored();
    expect((await call('POST', '/webhooks', ADMIN, undefined, '{"url":')).status).toBe(400);
    const huge = await call('POST', '/webhooks', ADMIN, undefined, JSON.stringify(valid({ description: 'x'.repeat(300_000) })));
    expect(huge.status).toBe(413);
    expect(await stored()).toEqual(before);
  });

  it('when the target is on an allow-listed network, then http is accepted there (development), and the URL is stored as parsed', async () => {
    const res = await call('POST', '/webhooks', ADMIN, valid({ url: 'http://receiver.intranet:8080/a/../gds?x=1' }));
    expect(res.status).toBe(201);
    expect(res.body.url).toBe('http://receiver.intranet:8080/gds?x=1');
  });
});

describe('changing a webhook', () => {
  it('when the administrator disables it, changes its types and description, then the answer and the row say so; a refused new URL changes nothing', async () => {
    const { id } = await register();
    const res = await call('PATCH', `/webhooks/${id}`, ADMIN, { enabled: false, eventTypes: ['share-request.deadline_missed', 'share-request.deadline_missed'], description: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enabled: false, eventTypes: ['share-request.deadline_missed'], description: null, updatedBy: ADMIN });
    const before = await stored();
    const refused = await call('PATCH', `/webhooks/${id}`, ADMIN, { url: 'https://169.254.169.254/' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'WEBHOOK_TARGET_REFUSED', reason: 'address' });
    expect((await call('PATCH', `/webhooks/${id}`, ADMIN, {})).body.code).toBe('VALIDATION_FAILED');
    expect((await call('PATCH', `/webhooks/${id}`, `${DEPT}-head`, { enabled: true })).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('when the secret is rotated, then the new one is shown once, the previous one keeps signing for the grace period, and two rotations at once keep each other', async () => {
    const { id, secret: first } = await register();
    const rotated = await call('POST', `/webhooks/${id}/secret-rotation`, ADMIN, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(first);
    expect(Date.parse(rotated.body.previousSecretValidUntil)).toBeGreaterThan(Date.now() + 50_000);
    let [row] = await db().select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
    expect(deps.secretKey.open(row!.previousSecret!, id)).toBe(first);
    expect(deps.secretKey.open(row!.secret!, id)).toBe(rotated.body.secret);

    const [a, b] = await Promise.all([call('POST', `/webhooks/${id}/secret-rotation`, ADMIN), call('POST', `/webhooks/${id}/secret-rotation`, ADMIN)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    [row] = await db().select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
    const now = [deps.secretKey.open(row!.secret!, id), deps.secretKey.open(row!.previousSecret!, id)].sort();
    expect(now).toEqual([a.body.secret, b.body.secret].sort());

    expect((await call('POST', `/webhooks/${id}/secret-rotation`, `${DEPT}-staff`)).status).toBe(403);
    expect((await call('POST', `/webhooks/${id}/secret-rotation`, ADMIN, { grace: 1 })).body.code).toBe('VALIDATION_FAILED');
  });

  it('when it is deleted, then 204, its secrets are gone, its pending deliveries cancelled, and it is 404 from then on (a second delete too)', async () => {
    const { id } = await register();
    await insertDelivery(id, 'pending');
    const [del1, del2] = await Promise.all([call('DELETE', `/webhooks/${id}`, ADMIN), call('DELETE', `/webhooks/${id}`, ADMIN)]);
    expect([del1.status, del2.status].sort()).toEqual([204, 404]);
    const [row] = await db().select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
    expect(row).toMatchObject({ secret: null, previousSecret: null, enabled: false });
    expect(row!.deletedAt).not.toBeNull();
    expect((await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id))).map((d) => d.status)).toEqual(['cancelled']);
    expect((await call('GET', `/webhooks/${id}`, ADMIN)).status).toBe(404);
  });

  it('when registrations race past the limit, then exactly the limit are kept and the rest are 409 WEBHOOK_LIMIT', async () => {
    const dept = '110000-housing-construction';
    const results = await Promise.all(Array.from({ length: MAX_WEBHOOKS_PER_DEPARTMENT + 5 }, () => call('POST', '/webhooks', `${dept}-admin`, valid())));
    expect(results.filter((r) => r.status === 201)).toHaveLength(MAX_WEBHOOKS_PER_DEPARTMENT);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(5).fill('WEBHOOK_LIMIT'));
    expect((await call('GET', '/webhooks', `${dept}-admin`)).body.webhooks).toHaveLength(MAX_WEBHOOKS_PER_DEPARTMENT);
  });
});

/** A delivery row as the outbox trigger writes it (delivery.test.ts makes real ones through cases). */
async function insertDelivery(subscriptionId: string, status: string, extra: Partial<typeof webhookDeliveries.$inferInsert> = {}) {
  const id = `msg_${randomUUID().replace(/-/g, '')}`;
  await db()
    .insert(webhookDeliveries)
    .values({ id, subscriptionId, departmentId: DEPT, caseId: 'sr-test', seq: 1, revision: 0, process: 'share-request', eventType: 'received', relation: 'requester', occurredAt: new Date(), eventHash: 'ab'.repeat(32), status, createdAt: new Date(Math.floor(Date.now())), ...extra });
  return id;
}

describe('the delivery log and redelivery', () => {
  it('when a failed delivery is redelivered by the administrator, then 202 and it is pending again on a new schedule, marked manual; staff may read the log but not redeliver', async () => {
    const { id } = await register();
    const d = await insertDelivery(id, 'failed', { step: 7, attempts: 7, seq: 2 });
    const log = await call('GET', `/webhooks/${id}/deliveries?status=failed`, `${DEPT}-staff`);
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toEqual([expect.objectContaining({ id: d, status: 'failed', attempts: 7, eventType: 'share-request.received', caseId: 'sr-test' })]);
    expect((await call('POST', `/webhooks/${id}/deliveries/${d}/redeliver`, `${DEPT}-staff`)).status).toBe(403);

    const res = await call('POST', `/webhooks/${id}/deliveries/${d}/redeliver`, ADMIN);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: d, status: 'pending', attempts: 7 });
    const [row] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, d));
    expect(row).toMatchObject({ status: 'pending', step: 0, manual: true, leaseId: null });
    const detail = await call('GET', `/webhooks/${id}/deliveries/${d}`, ADMIN);
    expect(detail.body).toMatchObject({ id: d, attemptLog: [] });
  });

  it('when the same redelivery is asked twice at once, then both answer 202 and the delivery is queued once', async () => {
    const { id } = await register();
    const d = await insertDelivery(id, 'delivered', { seq: 4, attempts: 1, step: 1 });
    const answers = await Promise.all([0, 1].map(() => call('POST', `/webhooks/${id}/deliveries/${d}/redeliver`, ADMIN)));
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    const rows = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id));
    expect(rows.map((r) => [r.id, r.status, r.step, r.attempts])).toEqual([[d, 'pending', 0, 1]]);
    expect((await call('POST', `/webhooks/${id}/deliveries/${d}/redeliver`, ADMIN, { now: true })).body.code).toBe('VALIDATION_FAILED');
  });

  it('when the webhook is disabled, then a redelivery is 409 WEBHOOK_DISABLED and nothing changes; an unknown delivery is 404', async () => {
    const { id } = await register();
    const d = await insertDelivery(id, 'failed', { seq: 3 });
    await call('PATCH', `/webhooks/${id}`, ADMIN, { enabled: false });
    const res = await call('POST', `/webhooks/${id}/deliveries/${d}/redeliver`, ADMIN);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('WEBHOOK_DISABLED');
    expect((await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, d)))[0]!.status).toBe('failed');
    expect((await call('POST', `/webhooks/${id}/deliveries/msg_nope/redeliver`, ADMIN)).body).toEqual(notFoundProblem('no such delivery'));
  });

  it('when the log is paged, then every delivery comes once, newest first; a cursor not ours is 400', async () => {
    const { id } = await register();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await insertDelivery(id, 'delivered', { seq: 10 + i, createdAt: new Date(Date.now() + i) }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call('GET', `/webhooks/${id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`, ADMIN);
      expect(res.status).toBe(200);
      seen.push(...res.body.deliveries.map((d: { id: string }) => d.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const bad = await call('GET', `/webhooks/${id}/deliveries?cursor=AAAA`, ADMIN);
    expect(bad.status).toBe(400);
    expect((await call('GET', `/webhooks/${id}/deliveries?status=lost`, ADMIN)).body.code).toBe('VALIDATION_FAILED');
  });
});
