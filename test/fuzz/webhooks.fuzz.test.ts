// Property-based fuzzing of /webhooks (STYLE.md, guideline 12) on the real app over PostgreSQL:
// registration, changes, deletion, rotation, the delivery log and redelivery, with hostile bodies,
// paths, queries and callers. Every generated request goes through the oracle of test/helpers/fuzz.ts
// (no 5xx, an answer within 10 s, a refusal writes no row, errors as problem details with their code).
// Target URLs resolve through a made-up resolver: nothing leaves the machine.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { webhookDeliveries, webhookSubscriptions } from '../../db/schema';
import { allowList, type Resolve } from '../../activities/webhooks/targets';
import { webhookEventTypes } from '../../api/webhooks/contract';
import { PROCESSES } from '../../processes';

const WEBHOOK_EVENT_TYPES = webhookEventTypes(PROCESSES).eventTypes;
import { startTestApp } from '../helpers/app';
import { fuzzSuite } from '../helpers/fuzz';
import { authorizationSeeds, callerHeaders, PROSE, WHOLE_NUMBERS } from '../helpers/fuzzSeeds';
import { hostileJson, hostileString, objectBody, pathSegment, queryString, queryValue, textField, wireBody, type Header, type JsonTree, type LocationOptions, type WireBody } from '../helpers/hostile';
import { tokenFor } from '../helpers/tokens';
import { testWebhookDeps } from '../helpers/webhooks';

/** The department whose webhooks are changed, deleted and redelivered; registrations come from another (each has a limit). */
const OWNER = '110000-market-regulation';
const REGISTRAR = '110000-housing-construction';
const OTHERS = ['110000-public-security', '110000-data-sharing-authority'];

const resolve: Resolve = async (host) => {
  const table: Record<string, string> = { 'hooks.example.cn': '93.184.215.14', 'intranet.example.cn': '10.1.2.3', 'metadata.example.cn': '169.254.169.254' };
  if (!table[host]) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return [{ address: table[host], family: 4 }];
};

const suite = fuzzSuite({ file: 'webhooks' });
/** `Bearer …` of each department role the generators name (made before the generators are). */
const tokens = new Map<string, string>();
for (const d of [OWNER, REGISTRAR, ...OTHERS]) for (const r of ['admin', 'staff', 'head']) tokens.set(`${d}-${r}`, `Bearer ${await tokenFor(`${d}-${r}`)}`);

const app = suite.onApp(() => startTestApp({ webhooks: testWebhookDeps({ policy: { allowed: allowList(['10.9.0.0/16']), allowHttp: true, resolve } }) }));

// ---------------------------------------------------------------------------------------------
// Real webhooks (each with one delivery in its log); one that a request deleted is replaced before use.

const SLOTS = 2;
const pool = new Map<number, { id: string; delivery: string }>();

async function webhookAt(slot: number): Promise<{ id: string; delivery: string }> {
  const known = pool.get(slot);
  const db = app().database.db;
  if (known && (await db.select().from(webhookSubscriptions).where(and(eq(webhookSubscriptions.id, known.id), isNull(webhookSubscriptions.deletedAt)))).length) return known;
  const res = await fetch(`${app().url}/webhooks`, {
    method: 'POST',
    headers: { Authorization: tokens.get(`${OWNER}-admin`)!, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: 'https://hooks.example.cn/gds', eventTypes: ['share-request.*'] }),
  });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  const delivery = `msg_${randomUUID().replace(/-/g, '')}`;
  await db.insert(webhookDeliveries).values({ id: delivery, subscriptionId: body.id, departmentId: OWNER, caseId: 'sr-fuzz', seq: 1, revision: 0, process: 'share-request', eventType: 'received', relation: 'requester', occurredAt: new Date(), eventHash: '0'.repeat(64), status: 'failed', createdAt: new Date() });
  const made = { id: body.id, delivery };
  pool.set(slot, made);
  return made;
}

/** A real webhook (its id, or its delivery's) or a path segment as written. */
type Target = { slot: number; upper: boolean } | { segment: string };
const target = (o: LocationOptions = {}): fc.Arbitrary<Target> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ slot: fc.nat({ max: SLOTS - 1 }), upper: fc.constantFrom(false, false, false, false, false, false, false, false, false, true) }) },
    { weight: 2, arbitrary: pathSegment({ seeds: ['wh_000000000000000000000000', 'msg_x'], ...o }).map((segment) => ({ segment })) },
  );
async function idsOf(t: Target): Promise<{ webhook: string; delivery: string }> {
  if ('segment' in t) return { webhook: t.segment, delivery: t.segment };
  const w = await webhookAt(t.slot);
  return t.upper ? { webhook: w.id.toUpperCase(), delivery: w.delivery.toUpperCase() } : { webhook: w.id, delivery: w.delivery };
}

// ---------------------------------------------------------------------------------------------
// Callers and bodies.

const AUTH = await authorizationSeeds();
const caller = (actor: string) => callerHeaders(actor, tokens, AUTH);

const URLS = [
  'https://hooks.example.cn/gds', 'https://hooks.example.cn:8443/a?b=c', 'http://10.9.0.5/gds', 'https://intranet.example.cn/x', 'https://metadata.example.cn/',
  'https://127.0.0.1/', 'https://[::1]/', 'https://[::ffff:127.0.0.1]/', 'https://169.254.169.254/latest/meta-data/', 'https://2130706433/', 'https://0x7f.1/',
  'http://hooks.example.cn/', 'https://user:pw@hooks.example.cn/', 'https://hooks.example.cn/#x', 'ftp://hooks.example.cn/', 'javascript:alert(1)', 'file:///etc/passwd',
  '//hooks.example.cn/', 'https://', 'https://nowhere.example.cn/', `https://hooks.example.cn/${'a'.repeat(2100)}`,
];
const url = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...URLS) }, { weight: 1, arbitrary: hostileString({ controls: true, maxLength: 200, seeds: URLS }) });
const eventTypes = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.constantFrom(...WEBHOOK_EVENT_TYPES, 'share-request.*', 'dispute.*'), { minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom<JsonTree>([], ['*'], ['share-request.nothing'], 'share-request.*', Array.from({ length: 51 }, () => 'share-request.*')) },
  { weight: 1, arbitrary: fc.array(hostileString({ controls: true, maxLength: 40 }), { maxLength: 3 }) },
);
const flag = fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom<JsonTree>('true', 1, null) });
const registration = objectBody({ url, eventTypes, description: textField(PROSE) });
const change = objectBody({ url, eventTypes, description: fc.oneof(textField(PROSE), fc.constant(null)), enabled: flag });
const empty = fc.oneof({ weight: 4, arbitrary: objectBody({}) }, { weight: 1, arbitrary: hostileJson });

const send = (generator: string, method: string, path: string, headers: readonly Header[], wire: WireBody) =>
  suite.exchange(generator, { method, path, headers: [...headers, ...wire.headers], ...(wire.body ? { body: wire.body } : {}) });

// ---------------------------------------------------------------------------------------------
// The properties.

describe('POST /webhooks', () => {
  const name = 'POST /webhooks';
  suite.property(name, 500, fc.record({ path: fc.constantFrom('/webhooks', '/webhooks/', '/webhooks?x=1'), headers: caller(`${REGISTRAR}-admin`), wire: wireBody(registration) }), ({ path, headers, wire }) =>
    send(name, 'POST', path, headers, wire),
  );
});

describe('changing, deleting, rotating, redelivering', () => {
  const at = (name: string, numRuns: number, method: string, path: (ids: { webhook: string; delivery: string }) => string, body: fc.Arbitrary<JsonTree> | undefined) =>
    suite.property(name, numRuns, fc.record({ t: target({ controls: true }), headers: caller(`${OWNER}-admin`), wire: body ? wireBody(body) : fc.constant<WireBody>({ headers: [] }) }), async ({ t, headers, wire }) =>
      send(name, method, path(await idsOf(t)), headers, wire),
    );
  at('PATCH /webhooks/:id', 400, 'PATCH', (i) => `/webhooks/${i.webhook}`, change);
  at('POST /webhooks/:id/secret-rotation', 200, 'POST', (i) => `/webhooks/${i.webhook}/secret-rotation`, empty);
  at('POST …/deliveries/:id/redeliver', 250, 'POST', (i) => `/webhooks/${i.webhook}/deliveries/${i.delivery}/redeliver`, empty);
  at('DELETE /webhooks/:id', 60, 'DELETE', (i) => `/webhooks/${i.webhook}`, undefined);
});

describe('reading', () => {
  const name = 'GET /webhooks/:id/deliveries';
  const query = (o: LocationOptions) => queryString({ status: queryValue(['pending', 'delivered', 'failed', 'cancelled', 'lost', '']), limit: queryValue(WHOLE_NUMBERS), cursor: queryValue(['AAAA', 'MjAyNi0xMS0yNFQwMDowMDowMC4wMDBafG1zZ194', '']) }, o);
  const one = fc.constantFrom(false, false, true);
  suite.property(name, 300, fc.record({ t: target(), q: fc.oneof(query({}), query({ controls: true }), query({ badEscapes: true })), single: one, headers: caller(`${OWNER}-staff`) }), async ({ t, q, single, headers }) => {
    const { webhook, delivery } = await idsOf(t);
    return send(name, 'GET', single ? `/webhooks/${webhook}/deliveries/${delivery}` : `/webhooks/${webhook}/deliveries${q}`, headers, { headers: [] });
  });
});
