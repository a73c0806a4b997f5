// Who may do what with a department's webhooks (integration settings, not cases): every endpoint ×
// every role × every relation to the webhook, through the real API over real PostgreSQL, against a
// table written BY HAND — never read from identity/policy.ts. The case endpoints are in
// policy.matrix.test.ts, drafts and delegations in policy.matrix.drafts.test.ts; the people in
// helpers/matrix.ts.
//
// The webhook belongs to Daoli District's market regulator (230102). Who stands how to it:
//   own-department     230102-market-regulation     (its staff, head, acting head and administrator)
//   other-department   230100-public-security       (a department it shares data with)
//   authority          230102-data-sharing-authority (the authority that supervises it)
//   government         230100 people's government   (above it)
//   none               210400-public-security (Fushun), the Fushun government, the system administrator
//
// An allowed cell is proved by a 2xx on a fresh webhook; a refused one is tried on a shared webhook
// and must write nothing: 403 inside the department, 404 — word for word what an unknown ID answers —
// for anyone else, 401 without a token.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema';
import {
  _,
  appointActingHeads,
  expectRefusal,
  GOVERNMENT_OFFICIAL,
  isSuccess,
  matrix,
  OUTSIDER,
  OUTSIDER_GOVERNMENT_OFFICIAL,
  personOf,
  PROVIDER,
  REQUESTER,
  REQUESTER_AUTHORITY,
  startRecordStack,
  WHO,
  type Cell,
  type Check,
  type KnownDisagreements,
  type MatrixStack,
  type Observed,
  type Role,
} from './helpers/matrix';

const RELATIONS = ['own-department', 'other-department', 'authority', 'government', 'none'] as const;
type Relation = (typeof RELATIONS)[number];
const DEPARTMENT: Record<Exclude<Relation, 'government'>, string> = { 'own-department': REQUESTER, 'other-department': PROVIDER, authority: REQUESTER_AUTHORITY, none: OUTSIDER };

// ---------------------------------------------------------------------------------------------
// The table, by hand
// ---------------------------------------------------------------------------------------------
//
// - A webhook is its department's integration setting: where the department's case events go. Its
//   administrator (`department_admin`) registers, changes, disables, deletes it, rotates its secret
//   and redelivers its events; nobody else does — not the sharing office head (Art. 20 makes the
//   head the approver of requests and replies, not of the department's systems), nor staff (403).
// - The department's people may see its webhooks and how deliveries went (200): the events are of
//   their own cases. Nobody outside the department sees them — not the other party, not the
//   authority that supervises it, not a people's government, not the system administrator (404).
// - Lists answer 200 to everyone and show the webhook to its department only (L, else H).
// - Registering is for a department's administrator; anyone else who asks is refused (403).
// - `_`: a government official or the administrator is never a department; a department is never a
//   people's government; registering has no other party; a request without a token has no relation.

type Row = readonly [Cell, Cell, Cell, Cell, Cell];
type Table = Record<Role, Row>;

const ENDPOINTS = ['POST /webhooks', 'GET /webhooks', 'GET /webhooks/:id', 'PATCH', 'DELETE', 'secret-rotation', 'GET deliveries', 'GET delivery', 'redeliver'] as const;
type Endpoint = (typeof ENDPOINTS)[number];

/** The department's people and its administrator see it (`ok`); everyone else gets `hidden`. */
const READ = (ok: Cell, hidden: Cell): Table => ({
  //                   own  other   auth    gov     none
  staff:               [ok, hidden, hidden, _,      hidden],
  sharing_office_head: [ok, hidden, hidden, _,      hidden],
  acting_head:         [ok, hidden, hidden, _,      hidden],
  department_admin:    [ok, hidden, hidden, _,      hidden],
  government_official: [_,  _,      _,      hidden, hidden],
  admin:               [_,  _,      _,      _,      hidden],
  'no token':          [_,  _,      _,      _,      401],
});

/** Only the department's administrator changes it (`done`); its people 403; everyone else 404. */
const MANAGE = (done: Cell): Table => ({
  //                   own   other auth gov  none
  staff:               [403,  404, 404, _,   404],
  sharing_office_head: [403,  404, 404, _,   404],
  acting_head:         [403,  404, 404, _,   404],
  department_admin:    [done, 404, 404, _,   404],
  government_official: [_,    _,   _,   404, 404],
  admin:               [_,    _,   _,   _,   404],
  'no token':          [_,    _,   _,   _,   401],
});

const TABLE: Record<Endpoint, Table> = {
  'POST /webhooks': {
    //                   own  other auth gov  none
    staff:               [403, _,   _,   _,   _],
    sharing_office_head: [403, _,   _,   _,   _],
    acting_head:         [403, _,   _,   _,   _],
    department_admin:    [201, _,   _,   _,   _],
    government_official: [_,   _,   _,   _,   403],
    admin:               [_,   _,   _,   _,   403],
    'no token':          [_,   _,   _,   _,   401],
  },
  'GET /webhooks': READ('L', 'H'),
  'GET /webhooks/:id': READ(200, 404),
  PATCH: MANAGE(200),
  DELETE: MANAGE(204),
  'secret-rotation': MANAGE(200),
  'GET deliveries': READ(200, 404),
  'GET delivery': READ(200, 404),
  redeliver: MANAGE(202),
};

const KNOWN_DISAGREEMENTS: KnownDisagreements = {};

const M = matrix('policy matrix (webhooks)', ENDPOINTS, RELATIONS, TABLE);
type WebhookCheck = Check<Endpoint, Relation>;

function callerFor(c: WebhookCheck): string | undefined {
  switch (c.role) {
    case 'staff':
    case 'sharing_office_head':
    case 'acting_head':
    case 'department_admin':
      return personOf(c.role, DEPARTMENT[c.relation as Exclude<Relation, 'government'>]);
    case 'government_official':
      return c.relation === 'government' ? GOVERNMENT_OFFICIAL : OUTSIDER_GOVERNMENT_OFFICIAL;
    case 'admin':
      return 'admin';
    case 'no token':
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The records
// ---------------------------------------------------------------------------------------------

let stack: Pick<MatrixStack, 'app' | 'call' | 'close'>;
const call: MatrixStack['call'] = (...args) => stack.call(...args);
const db = () => stack.app.database.db;
const BODY = { url: 'http://127.0.0.1:9/hooks', eventTypes: ['share-request.*'] };

/** A webhook of the requester's, registered by its administrator, with one failed delivery in its log. */
async function make(): Promise<{ id: string; delivery: string }> {
  const res = await call('POST', '/webhooks', `${REQUESTER}-admin`, BODY);
  if (res.status !== 201) throw new Error(`setup: registration answered ${res.status} ${JSON.stringify(res.body)}`);
  const delivery = `msg_${randomUUID().replace(/-/g, '')}`;
  await db()
    .insert(webhookDeliveries)
    .values({ id: delivery, subscriptionId: res.body.id, departmentId: REQUESTER, caseId: 'sr-matrix', seq: 1, revision: 0, process: 'share-request', eventType: 'received', relation: 'requester', occurredAt: new Date(), eventHash: '0'.repeat(64), status: 'failed', attempts: 3, step: 3, createdAt: new Date() });
  return { id: res.body.id, delivery };
}

let shared: Promise<{ id: string; delivery: string }>;
const fresh = new Map<string, Promise<{ id: string; delivery: string }>>();
const changes = (c: WebhookCheck) => isSuccess(c.expected) && ['PATCH', 'DELETE', 'secret-rotation', 'redeliver'].includes(c.endpoint);

/** Everything a refusal must leave as it was. */
const footprint = async () => ({
  webhooks: await db().select().from(webhookSubscriptions).orderBy(asc(webhookSubscriptions.id)),
  deliveries: await db().select().from(webhookDeliveries).orderBy(asc(webhookDeliveries.id)),
});

function request(e: Endpoint, r: { id: string; delivery: string }): [string, string, unknown?] {
  switch (e) {
    case 'POST /webhooks':
      return ['POST', '/webhooks', BODY];
    case 'GET /webhooks':
      return ['GET', '/webhooks'];
    case 'GET /webhooks/:id':
      return ['GET', `/webhooks/${r.id}`];
    case 'PATCH':
      return ['PATCH', `/webhooks/${r.id}`, { enabled: false, description: '停用' }];
    case 'DELETE':
      return ['DELETE', `/webhooks/${r.id}`];
    case 'secret-rotation':
      return ['POST', `/webhooks/${r.id}/secret-rotation`, {}];
    case 'GET deliveries':
      return ['GET', `/webhooks/${r.id}/deliveries`];
    case 'GET delivery':
      return ['GET', `/webhooks/${r.id}/deliveries/${r.delivery}`];
    case 'redeliver':
      return ['POST', `/webhooks/${r.id}/deliveries/${r.delivery}/redeliver`, {}];
  }
}

/** What a success must show: done, by this person, and never a secret except where one is made. */
async function expectDone(c: WebhookCheck, who: string, res: { status: number; body: any }, r: { id: string; delivery: string }) {
  const [row] = await db().select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, res.body?.id ?? r.id));
  if (c.endpoint === 'POST /webhooks' || c.endpoint === 'secret-rotation') expect(res.body.secret).toMatch(/^whsec_/);
  else if (res.body) expect(JSON.stringify(res.body)).not.toContain('whsec_');
  switch (c.endpoint) {
    case 'POST /webhooks':
      expect(row).toMatchObject({ departmentId: REQUESTER, createdBy: who });
      break;
    case 'PATCH':
    case 'secret-rotation':
      expect(row).toMatchObject({ updatedBy: who });
      break;
    case 'DELETE':
      expect(row!.deletedAt).not.toBeNull();
      break;
    case 'redeliver':
      expect(res.body).toMatchObject({ id: r.delivery, status: 'pending' });
      break;
    case 'GET /webhooks/:id':
      expect(res.body).toMatchObject({ id: r.id, departmentId: REQUESTER });
      break;
    case 'GET deliveries':
      expect(res.body.deliveries.map((d: { id: string }) => d.id)).toEqual([r.delivery]);
      break;
    case 'GET delivery':
      expect(res.body).toMatchObject({ id: r.delivery, attemptLog: [] });
      break;
    default:
      break;
  }
}

async function runCell(c: WebhookCheck): Promise<Observed> {
  const who = callerFor(c);
  const record = changes(c) ? await fresh.get(M.key(c))! : await shared;
  const [method, path, body] = request(c.endpoint, record);
  if (c.endpoint === 'GET /webhooks') {
    const res = await call(method, path, who);
    if (res.status !== 200) {
      expectRefusal(res);
      return { observed: res.status, code: res.body?.code };
    }
    return { observed: (res.body.webhooks as Array<{ id: string }>).some((w) => w.id === record.id) ? 'L' : 'H' };
  }
  const before = await footprint();
  const res = await call(method, path, who, body);
  if (isSuccess(res.status)) await expectDone(c, who!, res, record);
  else {
    expectRefusal(res, 'no such webhook');
    expect(await footprint()).toEqual(before);
  }
  return { observed: res.status, code: res.body?.code };
}

beforeAll(async () => {
  stack = await startRecordStack();
  await appointActingHeads(stack, Object.values(DEPARTMENT));
  shared = make();
  for (const c of M.checks) if (changes(c)) fresh.set(M.key(c), make());
  await Promise.all([shared, ...fresh.values()]);
}, 180_000);

afterAll(async () => {
  console.log(M.summary());
  await stack?.close();
});

const OF: Record<Relation, string> = {
  'own-department': 'of the department whose webhook it is',
  'other-department': 'of a department it shares data with',
  authority: 'of the authority that supervises it',
  government: "of a people's government above it",
  none: 'of an outside department',
};

M.register({
  route: (e) => {
    const [method, path] = request(e, { id: ':webhookId', delivery: ':deliveryId' });
    return `${method} ${path}`;
  },
  who: (c) => {
    const of = c.role === 'government_official' && c.relation === 'none' ? "of another region's government" : OF[c.relation];
    return c.role === 'admin' || c.role === 'no token' ? WHO[c.role] : `${WHO[c.role]} ${of}`;
  },
  run: runCell,
  known: KNOWN_DISAGREEMENTS,
});
