// Rate limits: counted in the database (so two API processes share one count), per verified user on
// the case routes and per address elsewhere and for every request without a valid token; the address
// past the proxies TRUST_PROXY names; 429 RATE_LIMITED with Retry-After and draft-8 headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { count, eq } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { rateLimitHits } from '../db/schema';
import { NO_LIMITS } from '../config';
import { DatabaseRateLimitStore } from '../api/rateLimitStore';
import { startTestApp, type TestApp } from './helpers/app';
import { freshDatabase, type TestDatabase } from './helpers/db';
import { BEIJING } from './helpers/fixtures';
import { bearer } from './helpers/tokens';
import { problemBody } from './helpers/problems';

const LIMIT = 3;
const limits = { ...NO_LIMITS, ratePerMinute: LIMIT };
const noTemporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }); // the case routes' reads never call it
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Windows are whole minutes of the (same host's) database clock: keep a test inside one. */
async function awayFromWindowEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await sleep(60_000 - intoMinute + 200);
}

const get = async (app: TestApp, path: string, as?: string) => fetch(app.url + path, { headers: as ? await bearer(as) : {} });

let database: TestDatabase;
let one: TestApp;
let two: TestApp;
beforeAll(async () => {
  database = await freshDatabase();
  // Two API instances over one database, each with its own pool, as two processes would be.
  one = await startTestApp({ database, temporal: noTemporal, limits });
  const second = await openDatabase({ kind: 'pg', url: database.url, poolSize: 2 });
  two = await startTestApp({ database: { ...second, url: database.url, drop: () => second.close() }, seed: false, temporal: noTemporal, limits });
});
afterAll(async () => {
  await two?.close();
  await one?.close(); // drops the database
});

describe('rate limit per address (routes without a principal)', () => {
  it('when two instances together pass the limit, then the next answer is 429 RATE_LIMITED with Retry-After and RateLimit headers', async () => {
    await awayFromWindowEdge();
    const first = await get(one, '/rule-sets');
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit')).toMatch(new RegExp(`^"address"; r=${LIMIT - 1}; t=\\d+$`));
    expect(first.headers.get('ratelimit-policy')).toMatch(new RegExp(`^"address"; q=${LIMIT}; w=60; pk=:[A-Za-z0-9+/=]+:$`));
    expect((await get(two, '/jurisdictions')).status).toBe(200);
    expect((await get(one, '/calendar/deadline?from=2026-10-09&workingDays=1')).status).toBe(200);

    const over = await get(two, '/rule-sets');
    expect(over.status).toBe(429);
    expect(await over.json()).toEqual(problemBody(429, "RATE_LIMITED", expect.stringContaining(`${LIMIT} requests`)));
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(over.headers.get('ratelimit')).toMatch(/^"address"; r=0; t=\d+$/);
    expect(over.headers.get('cache-control')).toBe('no-store');
    expect((await get(one, '/rule-sets')).status).toBe(429);
  });

  it('when health is probed past the limit, then it still answers (probes are never limited)', async () => {
    const res = await get(one, '/health/live');
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit')).toBeNull();
  });
});

describe('rate limit per principal (case routes)', () => {
  it('when a department passes the limit across both instances, then it gets 429 and another department does not', async () => {
    await awayFromWindowEdge();
    for (const app of [one, two, one]) expect((await get(app, '/share-requests', BEIJING.requester)).status).toBe(200);
    const over = await get(two, '/share-requests', BEIJING.requester);
    expect(over.status).toBe(429);
    expect(((await over.json()) as { code: string }).code).toBe('RATE_LIMITED');
    expect(over.headers.get('ratelimit')).toMatch(/^"principal"; r=0; t=\d+$/);
    const other = await get(one, '/share-requests', BEIJING.provider);
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit')).toMatch(new RegExp(`^"principal"; r=${LIMIT - 1}; t=\\d+$`));
  });

});

describe('rate limit of requests without a valid token', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ temporal: noTemporal, limits });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('when requests to the case, delegation and webhook routes carry no valid token, then each 401 is counted by address with the public routes, and past the limit the answer is 429', async () => {
    await awayFromWindowEdge();
    const none = await get(app, '/share-requests');
    expect(none.status).toBe(401);
    expect(none.headers.get('ratelimit')).toMatch(new RegExp(`^"address"; r=${LIMIT - 1}; t=\\d+$`));
    const forged = await fetch(`${app.url}/delegations`, { headers: { Authorization: 'Bearer aaaa.bbbb.cccc' } });
    expect([forged.status, forged.headers.get('ratelimit')]).toEqual([401, expect.stringMatching(new RegExp(`^"address"; r=${LIMIT - 2};`))]);
    expect((await get(app, '/webhooks')).status).toBe(401);

    const over = await get(app, '/share-requests');
    expect(over.status).toBe(429);
    expect(((await over.json()) as { code: string }).code).toBe('RATE_LIMITED');
    expect((await get(app, '/rule-sets')).status).toBe(429);
    // A caller with a valid token from the same address is counted as itself, not by the address.
    expect((await get(app, '/share-requests', BEIJING.requester)).status).toBe(200);
  });
});

describe('trust proxy (TRUST_PROXY)', () => {
  const behind = async (app: TestApp, client: string) => fetch(`${app.url}/rule-sets`, { headers: { 'X-Forwarded-For': client } });
  let proxied: TestApp;
  let direct: TestApp;
  beforeAll(async () => {
    proxied = await startTestApp({ temporal: noTemporal, limits, trustProxy: ['loopback'] });
    direct = await startTestApp({ temporal: noTemporal, limits });
  });
  afterAll(async () => {
    await proxied?.close();
    await direct?.close();
  });

  it('when the API trusts the proxy it is reached through, then each client past it is limited on its own, not the proxy', async () => {
    await awayFromWindowEdge();
    for (let i = 0; i < LIMIT; i++) expect((await behind(proxied, '203.0.113.5')).status).toBe(200);
    expect((await behind(proxied, '203.0.113.5')).status).toBe(429);
    expect((await behind(proxied, '203.0.113.6')).status).toBe(200);
    // A client cannot pose as another by adding its own X-Forwarded-For: the address the proxy saw counts.
    expect((await behind(proxied, '203.0.113.6, 203.0.113.5')).status).toBe(429);
  });

  it('when no proxy is trusted (the default), then X-Forwarded-For is ignored: the socket\'s address is counted', async () => {
    await awayFromWindowEdge();
    for (let i = 0; i < LIMIT; i++) expect((await behind(direct, `198.51.100.${i}`)).status).toBe(200);
    expect((await behind(direct, '198.51.100.99')).status).toBe(429);
  });
});

describe('rate limit off (0)', () => {
  let off: TestApp;
  beforeAll(async () => {
    off = await startTestApp({ temporal: noTemporal, limits: NO_LIMITS });
  });
  afterAll(async () => {
    await off?.close();
  });

  it('when RATE_LIMIT_PER_MINUTE is 0, then no request is refused, no header sent and nothing counted', async () => {
    for (let i = 0; i < LIMIT * 3; i++) {
      const res = await get(off, i % 2 ? '/rule-sets' : '/share-requests', BEIJING.requester);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
    expect((await off.database.db.select({ n: count() }).from(rateLimitHits))[0]!.n).toBe(0);
  });
});

describe('DatabaseRateLimitStore', () => {
  it('when two stores with one prefix count a key, then they share the count; another prefix counts apart', async () => {
    const a = new DatabaseRateLimitStore(database.db, 60_000, 'shared:');
    const b = new DatabaseRateLimitStore(two.database.db, 60_000, 'shared:');
    const c = new DatabaseRateLimitStore(database.db, 60_000, 'other:');
    await awayFromWindowEdge();
    expect((await a.increment('k')).totalHits).toBe(1);
    const second = await b.increment('k');
    expect(second.totalHits).toBe(2);
    expect(second.resetTime!.getTime() % 60_000).toBe(0);
    expect(second.resetTime!.getTime()).toBeGreaterThan(Date.now() - 1_000);
    expect((await c.increment('k')).totalHits).toBe(1);
    await a.decrement('k');
    expect((await b.get('k'))?.totalHits).toBe(1);
    await b.resetKey('k');
    expect(await a.get('k')).toBeUndefined();
    expect((await c.get('k'))?.totalHits).toBe(1);
  });

  it('when concurrent increments race, then none is lost (the upsert is atomic)', async () => {
    const store = new DatabaseRateLimitStore(database.db, 60_000, 'race:');
    await awayFromWindowEdge();
    const hits = await Promise.all(Array.from({ length: 20 }, () => store.increment('k')));
    expect(hits.map((h) => h.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('when a window has ended, then the next count starts afresh and the ended window is deleted', async () => {
    const store = new DatabaseRateLimitStore(database.db, 300, 'short:');
    await store.increment('k');
    await store.increment('k');
    await sleep(700);
    expect((await store.increment('other')).totalHits).toBe(1);
    expect((await store.increment('k')).totalHits).toBe(1);
    const rows = await database.db.select().from(rateLimitHits).where(eq(rateLimitHits.key, 'short:k'));
    expect(rows).toHaveLength(1);
  });
});
