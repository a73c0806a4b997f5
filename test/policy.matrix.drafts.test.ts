// Who may do what with Art. 20 drafts and delegations (代理), which are not cases: every endpoint ×
// every role × every relation to the record, through the real API, a real worker and real
// PostgreSQL, against a table written BY HAND from the statute — never read from identity/policy.ts.
// The case endpoints are in policy.matrix.test.ts; the people and the stack in helpers/matrix.ts.
//
// The records, and who stands how to each:
//
//                   own-department        other-party                 authority                 government          none
//   request draft   230102 market reg.    230100 public security      230102 authority          230100 government   210400 public security,
//                   (drafts it)           (the provider it will ask)  (the requester's level)   (above both)        Fushun government, admin
//   reply draft     230100 public security 230102 market regulation   230100 authority          230100 government
//                   (drafts the reply)    (the case's requester)      (supervises the case)     (reads the case)
//   delegation      230102 market reg.    230100 public security      230102 authority          230100 government
//                   (its head delegates)  (another department)        (same level)              (above it)
//
// Each of these departments also has an acting head: a second staff member its head has named (代理)
// for a period running now. The delegation the cells are tried on names the requester's staff member
// for a later day, so that person stays plain staff today — which every staff cell also shows.
//
// An allowed cell is proved by a 2xx on a fresh record; a refused one is tried on a shared record and
// must write nothing: 403 for the department's own record, 404 — word for word what an unknown ID
// answers — for anyone else's, 401 without a token.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { asc, count, desc, eq } from 'drizzle-orm';
import { caseEvents, cases, delegations, drafts } from '../db/schema';
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
  PROVIDER_AUTHORITY,
  REQUESTER,
  REQUESTER_AUTHORITY,
  startMatrixStack,
  SUBMISSION,
  WHO,
  type Cell,
  type Check,
  type KnownDisagreements,
  type MatrixStack,
  type Observed,
  type Role,
} from './helpers/matrix';

const RELATIONS = ['own-department', 'other-party', 'authority', 'government', 'none'] as const;
type Relation = (typeof RELATIONS)[number];

type Kind = 'request draft' | 'reply draft' | 'delegation';
const SIDES: Record<Kind, Record<'own-department' | 'other-party' | 'authority' | 'none', string>> = {
  'request draft': { 'own-department': REQUESTER, 'other-party': PROVIDER, authority: REQUESTER_AUTHORITY, none: OUTSIDER },
  'reply draft': { 'own-department': PROVIDER, 'other-party': REQUESTER, authority: PROVIDER_AUTHORITY, none: OUTSIDER },
  delegation: { 'own-department': REQUESTER, 'other-party': PROVIDER, authority: REQUESTER_AUTHORITY, none: OUTSIDER },
};

// ---------------------------------------------------------------------------------------------
// The table, by hand from the statute
// ---------------------------------------------------------------------------------------------
//
// - Art. 20: staff draft a request or a reply and may edit it; only the sharing office head
//   approves it (which sends it: the case opens, 201, or the reply is given, 200) or returns it.
// - A draft is the drafting department's internal work, not yet a request or a reply: nobody else
//   sees it — not the other party, not the authorities that supervise the case, not a people's
//   government, not the administrator (404, as for a draft that does not exist).
// - An acting head is the head for Art. 20 while the delegation runs, but a delegation is the head's
//   own act: the acting head neither grants nor revokes one (403). Staff may read their department's
//   delegations; nobody outside the department sees them (404).
// - Lists answer 200 to whoever may list anything and show only the caller's own department's
//   records (L for it, H for everyone else). Creating (a draft, a delegation) is for a department's
//   people only: a government official or the administrator is refused (403), as for POST /share-requests.
// - A department's administrator (integration settings: webhooks) has no part in drafts or
//   delegations, not even its own department's: it sees none (404, nothing listed) and may create
//   none (403, as a government official or the administrator).
// - `_`: a government official or the administrator is never a department; a department is never a
//   people's government; creating has no other party; a request without a token has no relation.

type Row = readonly [Cell, Cell, Cell, Cell, Cell];
type Table = Record<Role, Row>;

const ENDPOINTS = [
  'POST /drafts',
  'GET /drafts',
  'GET /drafts/:id',
  'PUT /drafts/:id',
  'approval',
  'return',
  'GET /drafts/:id (reply)',
  'approval (reply)',
  'POST /delegations',
  'GET /delegations',
  'revocation',
] as const;
type Endpoint = (typeof ENDPOINTS)[number];

const KIND: Record<Endpoint, Kind> = {
  'POST /drafts': 'request draft',
  'GET /drafts': 'request draft',
  'GET /drafts/:id': 'request draft',
  'PUT /drafts/:id': 'request draft',
  approval: 'request draft',
  return: 'request draft',
  'GET /drafts/:id (reply)': 'reply draft',
  'approval (reply)': 'reply draft',
  'POST /delegations': 'delegation',
  'GET /delegations': 'delegation',
  revocation: 'delegation',
};

/** Only the department's people see it (`ok`); everyone else gets `hidden`. */
const OWN_READ = (ok: Cell, hidden: Cell): Table => ({
  //                   own  other   auth    gov     none
  staff:               [ok, hidden, hidden, _,      hidden],
  sharing_office_head: [ok, hidden, hidden, _,      hidden],
  acting_head:         [ok, hidden, hidden, _,      hidden],
  department_admin:    [hidden, hidden, hidden, _,  hidden],
  government_official: [_,  _,      _,      hidden, hidden],
  admin:               [_,  _,      _,      _,      hidden],
  'no token':          [_,  _,      _,      _,      401],
});

/** Only the department acts: staff as `staff`, the head and the acting head as `head`; everyone else 404. */
const OWN = (staff: Cell, head: Cell, acting: Cell): Table => ({
  //                   own     other auth gov  none
  staff:               [staff,  404, 404, _,   404],
  sharing_office_head: [head,   404, 404, _,   404],
  acting_head:         [acting, 404, 404, _,   404],
  department_admin:    [404,    404, 404, _,   404],
  government_official: [_,      _,   _,   404, 404],
  admin:               [_,      _,   _,   _,   404],
  'no token':          [_,      _,   _,   _,   401],
});

/** Creating one's own department's record. */
const CREATE = (staff: Cell, head: Cell, acting: Cell): Table => ({
  //                   own     other auth gov  none
  staff:               [staff,  _,   _,   _,   _],
  sharing_office_head: [head,   _,   _,   _,   _],
  acting_head:         [acting, _,   _,   _,   _],
  department_admin:    [403,    _,   _,   _,   _],
  government_official: [_,      _,   _,   _,   403],
  admin:               [_,      _,   _,   _,   403],
  'no token':          [_,      _,   _,   _,   401],
});

const TABLE: Record<Endpoint, Table> = {
  // Art. 20: staff draft the request (the head may too).
  'POST /drafts': CREATE(201, 201, 201),
  'GET /drafts': OWN_READ('L', 'H'),
  'GET /drafts/:id': OWN_READ(200, 404),
  'PUT /drafts/:id': OWN(200, 200, 200),
  // Art. 20: only the head sends the request (the case opens) ...
  approval: OWN(403, 201, 201),
  // ... or sends it back with a note.
  return: OWN(403, 200, 200),
  'GET /drafts/:id (reply)': OWN_READ(200, 404),
  // Art. 20: only the provider's head gives the reply its staff drafted.
  'approval (reply)': OWN(403, 200, 200),
  // Delegation is the head's own act; an acting head does not delegate further.
  'POST /delegations': CREATE(403, 201, 403),
  'GET /delegations': OWN_READ('L', 'H'),
  revocation: OWN(403, 200, 403),
};

/** As in policy.matrix.test.ts: what the service answers today where it disagrees with the table. */
// Callers who are no department (a government official, the administrator) get 404 "no such delegation" from
// /delegations whatever they ask (api/routes/delegations.ts `allowed`, read → not-found), where the drafts
// answer them like every other collection: 403 on creating (POST /share-requests/drafts) and 200 with nothing
// on listing (GET /drafts). Nothing leaks either way; the two collections just disagree.
const KNOWN_DISAGREEMENTS: KnownDisagreements = {
  // (none: /delegations now answers non-departments as the drafts do — 403 to create, an empty list)
};

const M = matrix('policy matrix (drafts, delegations)', ENDPOINTS, RELATIONS, TABLE);
type RecordCheck = Check<Endpoint, Relation>;

function callerFor(c: RecordCheck): string | undefined {
  switch (c.role) {
    case 'staff':
    case 'sharing_office_head':
    case 'acting_head':
    case 'department_admin':
      return personOf(c.role, SIDES[KIND[c.endpoint]][c.relation as Exclude<Relation, 'government'>]);
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

let stack: MatrixStack;
const call: MatrixStack['call'] = (...args) => stack.call(...args);
const db = () => stack.app.database.db;

async function must(res: Promise<{ status: number; body: any }>, status: number, what: string): Promise<any> {
  const r = await res;
  if (r.status !== status) throw new Error(`setup: ${what} answered ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * A day of its own from tomorrow on, for each delegation granted (delegations to one person may not
 * overlap): the named staff member is not acting head today.
 */
let laterDay = 0;
const aLaterDay = () => {
  laterDay++;
  return { from: new Date(Date.now() + laterDay * 86_400_000).toISOString(), to: new Date(Date.now() + (laterDay + 1) * 86_400_000).toISOString() };
};

/** A new record of a kind, made through the API by the department's own people; returns its ID (and the case's, for a reply). */
async function make(kind: Kind): Promise<{ id: string; caseId?: string }> {
  switch (kind) {
    case 'request draft':
      return { id: (await must(call('POST', '/share-requests/drafts', `${REQUESTER}-staff`, SUBMISSION), 201, 'a request draft')).id };
    case 'reply draft': {
      const opened = await must(call('POST', '/share-requests', `${REQUESTER}-head`, SUBMISSION, { 'Idempotency-Key': `matrix-${randomUUID()}` }), 201, 'a submission');
      const drafted = await must(call('POST', `/share-requests/${opened.id}/reply-draft`, `${PROVIDER}-staff`, { decision: 'agree' }), 201, 'a reply draft');
      return { id: drafted.id, caseId: opened.id };
    }
    case 'delegation':
      return { id: (await must(call('POST', '/delegations', `${REQUESTER}-head`, { actingUserId: `${REQUESTER}-staff`, ...aLaterDay() }), 201, 'a delegation')).id };
  }
}

/** Records the refusals and reads are tried on (a refusal writes nothing, so they share one per kind). */
const shared = new Map<Kind, Promise<{ id: string; caseId?: string }>>();
const sharedRecord = (kind: Kind) => {
  let r = shared.get(kind);
  if (!r) shared.set(kind, (r = make(kind)));
  return r;
};
/** A fresh record for each allowed cell that changes one. */
const fresh = new Map<string, Promise<{ id: string; caseId?: string }>>();
const CREATES: readonly Endpoint[] = ['POST /drafts', 'POST /delegations'];
const READS: readonly Endpoint[] = ['GET /drafts', 'GET /drafts/:id', 'GET /drafts/:id (reply)', 'GET /delegations'];
const changesRecord = (c: RecordCheck) => isSuccess(c.expected) && !CREATES.includes(c.endpoint) && !READS.includes(c.endpoint);

/** What a refusal must leave untouched: every record of the kinds here, and the case a reply draft is on. */
async function footprint(caseId?: string) {
  const [d] = await db().select({ n: count() }).from(drafts);
  const [g] = await db().select({ n: count() }).from(delegations);
  const [k] = await db().select({ n: count() }).from(cases);
  const all = { drafts: await db().select().from(drafts).orderBy(asc(drafts.id)), delegations: await db().select().from(delegations).orderBy(asc(delegations.id)) };
  const onCase = caseId ? { case: (await db().select({ version: cases.version, stage: cases.stage }).from(cases).where(eq(cases.id, caseId)))[0], events: (await db().select({ n: count() }).from(caseEvents).where(eq(caseEvents.caseId, caseId)))[0]!.n } : {};
  return { counts: [d!.n, g!.n, k!.n], ...all, ...onCase };
}

const firstEvent = async (caseId: string) => (await db().select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq)).limit(1))[0]!;
const lastEvent = async (caseId: string) => (await db().select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(desc(caseEvents.seq)).limit(1))[0]!;

// ---------------------------------------------------------------------------------------------
// The cells
// ---------------------------------------------------------------------------------------------

const EDITED = { ...SUBMISSION, usageScope: '本部门居住证审批' };

/** The request each endpoint sends about record `id`. */
function request(e: Endpoint, id: string): [method: string, path: string, body?: unknown] {
  switch (e) {
    case 'POST /drafts':
      return ['POST', '/share-requests/drafts', SUBMISSION];
    case 'GET /drafts':
      return ['GET', '/drafts'];
    case 'GET /drafts/:id':
    case 'GET /drafts/:id (reply)':
      return ['GET', `/drafts/${id}`];
    case 'PUT /drafts/:id':
      return ['PUT', `/drafts/${id}`, EDITED];
    case 'approval':
    case 'approval (reply)':
      // The head names the version it read (a fresh record is at version 1).
      return ['POST', `/drafts/${id}/approval`, { version: 1 }];
    case 'return':
      return ['POST', `/drafts/${id}/return`, { note: '请补充使用范围' }];
    case 'POST /delegations':
      return ['POST', '/delegations', { actingUserId: `${REQUESTER}-staff`, ...aLaterDay() }];
    case 'GET /delegations':
      return ['GET', '/delegations'];
    case 'revocation':
      return ['POST', `/delegations/${id}/revocation`];
  }
}

/** What a success must show: done, and done by this person (an acting head for the head it acts for). */
async function expectDone(c: RecordCheck, who: string, res: { status: number; body: any }, record: { id: string; caseId?: string }) {
  const head = `${SIDES[KIND[c.endpoint]]['own-department']}-head`;
  const actor = { userId: who, ...(c.role === 'acting_head' ? { actingFor: head } : {}) };
  const [draft] = await db().select().from(drafts).where(eq(drafts.id, record.id));
  switch (c.endpoint) {
    case 'POST /drafts':
      expect(res.body).toMatchObject({ process: 'share-request', action: 'submit', status: 'draft', version: 1, createdBy: who });
      break;
    case 'GET /drafts/:id':
    case 'GET /drafts/:id (reply)':
      expect(res.body).toMatchObject({ id: record.id, process: 'share-request', action: KIND[c.endpoint] === 'reply draft' ? 'reply' : 'submit' });
      break;
    case 'PUT /drafts/:id':
      expect(res.body).toMatchObject({ id: record.id, status: 'draft', updatedBy: who, body: { usageScope: EDITED.usageScope } });
      break;
    case 'approval':
      // The case opens at the approval, as the head's, and says who drafted it.
      expect(res.body).toMatchObject({ stage: 'awaiting_reply', submission: { approval: { approverId: who, draft: { id: record.id, version: 1, draftedBy: `${REQUESTER}-staff`, editedBy: `${REQUESTER}-staff` } } } });
      if (c.role === 'acting_head') expect(res.body.submission.approval.actingFor).toBe(head);
      expect((await firstEvent(res.body.id)).actor).toMatchObject(actor);
      expect(draft).toMatchObject({ status: 'approved', approvedBy: who, resultCaseId: res.body.id });
      break;
    case 'return':
      expect(res.body).toMatchObject({ id: record.id, status: 'returned', note: '请补充使用范围', updatedBy: who });
      break;
    case 'approval (reply)': {
      expect(res.body).toMatchObject({ id: record.caseId, stage: 'awaiting_delivery' });
      const reply = await lastEvent(record.caseId!);
      expect(reply).toMatchObject({ type: 'reply_agreed', actor });
      expect(JSON.stringify(reply.data)).toContain(`"draftedBy":"${PROVIDER}-staff"`);
      expect(draft).toMatchObject({ status: 'approved', approvedBy: who });
      break;
    }
    case 'POST /delegations':
      expect(res.body).toMatchObject({ departmentId: REQUESTER, headUserId: who, actingUserId: `${REQUESTER}-staff` });
      break;
    case 'revocation':
      expect(res.body).toMatchObject({ id: record.id, revokedBy: who });
      break;
    default:
      break;
  }
}

async function runCell(c: RecordCheck): Promise<Observed> {
  const who = callerFor(c);
  const kind = KIND[c.endpoint];
  const record = changesRecord(c) ? await fresh.get(M.key(c))! : await sharedRecord(kind);
  const [method, path, body] = request(c.endpoint, record.id);

  if (c.endpoint === 'GET /drafts' || c.endpoint === 'GET /delegations') {
    const res = await call(method, path, who);
    if (res.status !== 200) {
      expectRefusal(res, 'no such delegation');
      return { observed: res.status, code: res.body?.code };
    }
    const items = (c.endpoint === 'GET /drafts' ? res.body.drafts : res.body.delegations) as Array<{ id: string }>;
    return { observed: items.some((x) => x.id === record.id) ? 'L' : 'H' };
  }

  const before = await footprint(record.caseId);
  const res = await call(method, path, who, body);
  if (isSuccess(res.status)) await expectDone(c, who!, res, record);
  else {
    expectRefusal(res, kind === 'delegation' ? 'no such delegation' : `no draft ${record.id}`);
    expect(await footprint(record.caseId)).toEqual(before);
  }
  return { observed: res.status, code: res.body?.code };
}

beforeAll(async () => {
  stack = await startMatrixStack();
  await appointActingHeads(stack, [REQUESTER, PROVIDER, REQUESTER_AUTHORITY, PROVIDER_AUTHORITY, OUTSIDER]);
  for (const c of M.checks) if (changesRecord(c)) fresh.set(M.key(c), make(KIND[c.endpoint]));
  for (const kind of ['request draft', 'reply draft', 'delegation'] as const) void sharedRecord(kind);
  await Promise.all([...fresh.values(), ...shared.values()]);
}, 180_000);

afterAll(async () => {
  console.log(M.summary());
  await stack?.close();
});

const OF: Record<Kind, Record<Relation, string>> = {
  'request draft': {
    'own-department': 'of the drafting department (the requester)',
    'other-party': 'of the provider it will ask',
    authority: "of the requester's same-level authority",
    government: "of a people's government above both",
    none: 'of an outside department',
  },
  'reply draft': {
    'own-department': 'of the drafting department (the provider)',
    'other-party': "of the case's requester",
    authority: "of the provider's same-level authority, which supervises the case",
    government: "of the provider's people's government, which reads the case",
    none: 'of an outside department',
  },
  delegation: {
    'own-department': 'of the department whose delegation it is',
    'other-party': 'of another department',
    authority: 'of its same-level authority',
    government: "of a people's government above it",
    none: 'of an outside department',
  },
};

M.register({
  route: (e) => {
    const [method, path] = request(e, ':id');
    return `${method} ${path.replace('/drafts/:id', '/drafts/:draftId')}${e.endsWith('(reply)') ? ' (a drafted reply)' : ''}`;
  },
  who: (c) => {
    const of = c.role === 'government_official' && c.relation === 'none' ? "of another region's government" : OF[KIND[c.endpoint]][c.relation];
    return c.role === 'admin' || c.role === 'no token' ? WHO[c.role] : `${WHO[c.role]} ${of}`;
  },
  run: runCell,
  known: KNOWN_DISAGREEMENTS,
});
