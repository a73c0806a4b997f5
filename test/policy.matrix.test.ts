// Who may do what (issue 8): every endpoint of /share-requests that acts on a case × every role ×
// every relation to the case, through the real API, a real worker and real PostgreSQL, against a
// table written BY HAND from the statute — never read from identity/policy.ts, so a wrong policy (or
// a workflow that is finer or coarser than the statute) shows up here as a failing cell. Art. 20
// drafts and delegations, which are not cases, are in policy.matrix.drafts.test.ts.
//
// The case: Daoli District's market regulator (230102) asks Harbin's public security bureau (230100)
// for household registration data (conditional; Heilongjiang rules). Requester and provider are in
// different jurisdictions, so the authority over each is a different department:
//
//   requester            230102-market-regulation
//   provider             230100-public-security
//   provider-authority   230100-data-sharing-authority  (same level as the provider: Art. 21, 39)
//   requester-authority  230102-data-sharing-authority  (same level as the requester: Art. 40)
//   superior-authority   230000-data-sharing-authority  (Heilongjiang, above both)
//   government           230100 people's government     (the provider's level: a missed rectification
//                                                         is escalated to it, Art. 39–41)
//   none                 210400-public-security (Fushun), the Fushun government, the administrator
//
// Every department also has an acting head: a second staff member its head has named (代理) for a
// period running now (helpers/matrix.ts appointActingHeads).
//
// An allowed cell is proved by a 2xx on a fresh case in a stage where the command is legal. A refused
// cell is tried on a case in such a stage too (so the refusal is about who asks, not when), and must
// write nothing: 403 on a case the caller may read, 404 — with no stage in the answer — on one it may
// not, 401 without a token. Rectification orders and violation decisions need an open violation: the
// worker here computes the deadlines of chosen cases to fall a second after they start.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, desc, eq, max } from 'drizzle-orm';
import { caseIdFor } from '../api/cases/service';
import { caseEvents, cases, drafts } from '../db/schema';
import { workflowIdFor } from '../workflows/shared';
import { eventually } from './helpers/shareRequestHarness';
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
  SUPERIOR_AUTHORITY,
  WHO,
  type Cell,
  type Check,
  type KnownDisagreements,
  type MatrixStack,
  type Observed,
  type Role,
} from './helpers/matrix';

const RELATIONS = ['requester', 'provider', 'provider-authority', 'requester-authority', 'superior-authority', 'government', 'none'] as const;
type Relation = (typeof RELATIONS)[number];

const DEPARTMENT: Partial<Record<Relation, string>> = {
  requester: REQUESTER,
  provider: PROVIDER,
  'provider-authority': PROVIDER_AUTHORITY,
  'requester-authority': REQUESTER_AUTHORITY,
  'superior-authority': SUPERIOR_AUTHORITY,
  none: OUTSIDER,
};

/** The user who plays a role in a relation (undefined: no token). Only applicable cells ask. */
function callerFor(role: Role, relation: Relation): string | undefined {
  switch (role) {
    case 'staff':
    case 'sharing_office_head':
    case 'acting_head':
    case 'department_admin':
      return personOf(role, DEPARTMENT[relation]!);
    case 'government_official':
      return relation === 'government' ? GOVERNMENT_OFFICIAL : OUTSIDER_GOVERNMENT_OFFICIAL;
    case 'admin':
      return 'admin';
    case 'no token':
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The table, by hand from the statute
// ---------------------------------------------------------------------------------------------
//
// A cell is the status expected; for GET / it is L (listed: 200 and the case is in the list) or
// H (hidden: 200 without it). `_` is a caller that cannot exist: a government official or the
// administrator is never a department (so never a party or an authority), a department is never a
// people's government, and a request without a token has no relation to anything. POST / opens a
// case: whoever opens it is its requester (relation `requester`); a government official or the
// administrator would have no relation to it (`none`).
//
// The reasoning, row by row:
// - Parties act on their own duties only: the provider replies, asks for missing materials once,
//   asks for an extension, delivers (Art. 21, 22); the requester supplies materials, confirms
//   receipt, withdraws its own request. Staff may do the routine work; Art. 20 reserves the request
//   and the reply for the sharing office head, and a withdrawal undoes that approved request, so it
//   is the head's too. Staff may only draft the reply (the head approves the draft). Each may read
//   the case; the other side's commands are 403.
// - An acting head (代理) is the head while the delegation runs: every acting-head row is the head's.
// - Each party's head decides who in its own department does its work on the case (assignment): the
//   requester, the provider, and the provider's same-level authority, which has the case's own work
//   too (the extension decision, Art. 21; the rectification order, Art. 39). Other authorities only
//   watch: 403.
// - Authorities supervise and read: the provider's (Art. 39) and the requester's (Art. 40) same-level
//   authority, and an authority above them. Only the provider's same-level authority decides an
//   extension (Art. 21). A late reply is the provider's breach (Art. 39 (4)): its same-level authority
//   orders rectification and decides whether the lateness had a proper reason; the requester's
//   authority and a superior authority may not (403).
// - People's governments above the parties read the case (Art. 41); the one a missed rectification
//   was escalated to (here the provider's level, 230100) orders rectification and decides on that
//   violation. They act on nothing else (403).
// - Anyone else — an outside department, another region's government, the administrator — gets 404:
//   for them the case does not exist. No token: 401.
// - A department's administrator (integration settings: webhooks) acts in no case and reads none,
//   not even its own department's: 404 on every case, nothing in its lists, 403 on opening one.

type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell];
type Table = Record<Role, Row>;

const ENDPOINTS = [
  'POST /',
  'GET /',
  'GET /:id',
  'reply',
  'reply-draft',
  'supplement-notice',
  'supplement',
  'extension-request',
  'extension-decision',
  'delivery',
  'receipt-confirmation',
  'rectification-order',
  'violation-decision',
  'withdrawal',
  'assignment',
] as const;
type Endpoint = (typeof ENDPOINTS)[number];
type Command = Exclude<Endpoint, 'POST /' | 'GET /' | 'GET /:id'>;

// Reads: parties, their authorities and authorities above, governments above; nobody else.
const READ = (ok: Cell, hidden: Cell): Table => ({
  //                   requester provider p-auth r-auth superior gov  none
  staff:               [ok,      ok,      ok,    ok,    ok,      _,   hidden],
  sharing_office_head: [ok,      ok,      ok,    ok,    ok,      _,   hidden],
  acting_head:         [ok,      ok,      ok,    ok,    ok,      _,   hidden],
  department_admin:    [hidden,  hidden,  hidden, hidden, hidden, _,  hidden],
  government_official: [_,       _,       _,     _,     _,       ok,  hidden],
  admin:               [_,       _,       _,     _,     _,       _,   hidden],
  'no token':          [_,       _,       _,     _,     _,       _,   401],
});

// A department's administrator runs its integration settings and takes no part in its cases: for
// it every case is one that does not exist (404), whatever its department's relation.
const NO_CASES: Row = [404, 404, 404, 404, 404, _, 404];

/** A command the parties' or authorities' staff, head and acting head may all give, done by `who`. */
const BY = (who: 'requester' | 'provider' | 'provider-authority'): Table => {
  const row = RELATIONS.map((r) => (r === 'government' ? _ : r === 'none' ? 404 : r === who ? 200 : 403)) as unknown as Row;
  return {
    staff: row,
    sharing_office_head: row,
    acting_head: row,
    department_admin: NO_CASES,
    government_official: [_, _, _, _, _, 403, 404],
    admin: [_, _, _, _, _, _, 404],
    'no token': [_, _, _, _, _, _, 401],
  };
};

const TABLE: Record<Endpoint, Table> = {
  // Art. 20: a request is sent only with the requester's sharing office head's approval.
  'POST /': {
    //                   requester provider p-auth r-auth superior gov  none
    staff:               [403,     _,       _,     _,     _,       _,   _],
    sharing_office_head: [201,     _,       _,     _,     _,       _,   _],
    acting_head:         [201,     _,       _,     _,     _,       _,   _],
    department_admin:    [403,     _,       _,     _,     _,       _,   _],
    government_official: [_,       _,       _,     _,     _,       _,   403],
    admin:               [_,       _,       _,     _,     _,       _,   403],
    'no token':          [_,       _,       _,     _,     _,       _,   401],
  },
  'GET /': READ('L', 'H'),
  'GET /:id': READ(200, 404),
  // Art. 20: the reply is approved by the provider's sharing office head; staff may not give it.
  reply: {
    //                   requester provider p-auth r-auth superior gov  none
    staff:               [403,     403,     403,   403,   403,     _,   404],
    sharing_office_head: [403,     200,     403,   403,   403,     _,   404],
    acting_head:         [403,     200,     403,   403,   403,     _,   404],
    department_admin:    NO_CASES,
    government_official: [_,       _,       _,     _,     _,       403, 404],
    admin:               [_,       _,       _,     _,     _,       _,   404],
    'no token':          [_,       _,       _,     _,     _,       _,   401],
  },
  // Art. 20: the provider's staff (or head) draft the reply for the head; nobody else drafts it.
  'reply-draft': {
    //                   requester provider p-auth r-auth superior gov  none
    staff:               [403,     201,     403,   403,   403,     _,   404],
    sharing_office_head: [403,     201,     403,   403,   403,     _,   404],
    acting_head:         [403,     201,     403,   403,   403,     _,   404],
    department_admin:    NO_CASES,
    government_official: [_,       _,       _,     _,     _,       403, 404],
    admin:               [_,       _,       _,     _,     _,       _,   404],
    'no token':          [_,       _,       _,     _,     _,       _,   401],
  },
  // Art. 21: the provider tells the requester once, and all at once, what is missing.
  'supplement-notice': BY('provider'),
  // Art. 21: the requester supplies the missing materials.
  supplement: BY('requester'),
  // Art. 21: the provider asks for an extension for a special reason ...
  'extension-request': BY('provider'),
  // ... and only its same-level data-sharing authority agrees to it (not the requester's, not a superior).
  'extension-decision': BY('provider-authority'),
  // Art. 22: the provider shares the data.
  delivery: BY('provider'),
  'receipt-confirmation': BY('requester'),
  // Art. 39 (4): a late reply is the provider's breach; its same-level authority orders rectification;
  // a missed rectification goes to the people's government at that level (Art. 39–41), which orders it then.
  'rectification-order': {
    //                   requester provider p-auth r-auth superior gov  none
    staff:               [403,     403,     200,   403,   403,     _,   404],
    sharing_office_head: [403,     403,     200,   403,   403,     _,   404],
    acting_head:         [403,     403,     200,   403,   403,     _,   404],
    department_admin:    NO_CASES,
    government_official: [_,       _,       _,     _,     _,       200, 404],
    admin:               [_,       _,       _,     _,     _,       _,   404],
    'no token':          [_,       _,       _,     _,     _,       _,   401],
  },
  // Art. 39 (4) "without a proper reason": whoever orders rectification decides whether there was one.
  'violation-decision': {
    //                   requester provider p-auth r-auth superior gov  none
    staff:               [403,     403,     200,   403,   403,     _,   404],
    sharing_office_head: [403,     403,     200,   403,   403,     _,   404],
    acting_head:         [403,     403,     200,   403,   403,     _,   404],
    department_admin:    NO_CASES,
    government_official: [_,       _,       _,     _,     _,       200, 404],
    admin:               [_,       _,       _,     _,     _,       _,   404],
    'no token':          [_,       _,       _,     _,     _,       _,   401],
  },
  // The requester takes back the request its head approved (Art. 20): the head's decision.
  withdrawal: {
    //                   requester provider p-auth r-auth superior gov  none
    staff:               [403,     403,     403,   403,   403,     _,   404],
    sharing_office_head: [200,     403,     403,   403,   403,     _,   404],
    acting_head:         [200,     403,     403,   403,   403,     _,   404],
    department_admin:    NO_CASES,
    government_official: [_,       _,       _,     _,     _,       403, 404],
    admin:               [_,       _,       _,     _,     _,       _,   404],
    'no token':          [_,       _,       _,     _,     _,       _,   401],
  },
  // A department with work on the case gives it to a member of its own department.
  assignment: {
    //                   requester provider p-auth r-auth superior gov  none
    staff:               [403,     403,     403,   403,   403,     _,   404],
    sharing_office_head: [200,     200,     200,   403,   403,     _,   404],
    acting_head:         [200,     200,     200,   403,   403,     _,   404],
    department_admin:    NO_CASES,
    government_official: [_,       _,       _,     _,     _,       403, 404],
    admin:               [_,       _,       _,     _,     _,       _,   404],
    'no token':          [_,       _,       _,     _,     _,       _,   401],
  },
};

/**
 * Cells where what the service does disagrees with the statute, decided in the statute's favour: the
 * table keeps the statute's answer; this records what the service answers today, so the test stays
 * green while the fix is pending and fails (asking for this entry to go) once it lands.
 */
const KNOWN_DISAGREEMENTS: KnownDisagreements = {
  // (none: the assignment cells found here were decided for the service — the supervising authority has work on the case too)
};

const M = matrix('policy matrix (cases)', ENDPOINTS, RELATIONS, TABLE);
type CaseCheck = Check<Endpoint, Relation>;

// ---------------------------------------------------------------------------------------------
// Stages where each command is legal, and its body
// ---------------------------------------------------------------------------------------------

type Stage = 'awaiting_reply' | 'awaiting_supplement' | 'extension_pending' | 'awaiting_delivery' | 'delivered' | 'violation_to_authority' | 'violation_to_government';

const COMMANDS: Record<Command, { stage: Stage; body: (stage: Stage, relation: Relation) => unknown }> = {
  reply: { stage: 'awaiting_reply', body: () => ({ decision: 'agree' }) },
  'reply-draft': { stage: 'awaiting_reply', body: () => ({ decision: 'agree' }) },
  'supplement-notice': { stage: 'awaiting_reply', body: () => ({ missingItems: ['拟办理事项清单'] }) },
  supplement: { stage: 'awaiting_supplement', body: () => ({ items: ['拟办理事项清单'] }) },
  'extension-request': { stage: 'awaiting_reply', body: () => ({ workingDays: 3, reason: '核验系统升级改造' }) },
  'extension-decision': { stage: 'extension_pending', body: () => ({ approved: true }) },
  delivery: { stage: 'awaiting_delivery', body: () => ({ method: 'service_api', reference: 'API-230100-0001' }) },
  'receipt-confirmation': { stage: 'delivered', body: () => ({}) },
  'rectification-order': { stage: 'violation_to_authority', body: () => ({ workingDays: 5, instructions: '立即作出答复' }) },
  // Violation 1 is the late reply (to the authority); on a case escalated further, 2 is the missed rectification (to the government).
  'violation-decision': {
    stage: 'violation_to_authority',
    body: (stage) => ({ violationId: stage === 'violation_to_government' ? 2 : 1, status: 'excused', reason: '系统故障，有正当理由' }),
  },
  withdrawal: { stage: 'awaiting_reply', body: () => ({ reason: '需求变更' }) },
  // To a member of the caller's own department, so only who asks can be refused, never the assignee.
  assignment: { stage: 'awaiting_reply', body: (_stage, relation) => ({ assigneeUserId: `${DEPARTMENT[relation] ?? REQUESTER}-staff`, note: '请于三日内办理' }) },
};

/** Where a cell is tried: the people's government acts only on what a missed rectification brought to it. */
function stageOf(command: Command, relation: Relation): Stage {
  const escalated = relation === 'government' && (command === 'rectification-order' || command === 'violation-decision');
  return escalated ? 'violation_to_government' : COMMANDS[command].stage;
}

// ---------------------------------------------------------------------------------------------
// Cases in each stage
// ---------------------------------------------------------------------------------------------

let stack: MatrixStack;
const call: MatrixStack['call'] = (...args) => stack.call(...args);

/** A step that brings a case to a stage: it must succeed. */
async function step(id: string, command: Command, who: string, body: unknown): Promise<void> {
  const res = await call('POST', `/share-requests/${id}/${command}`, who, body);
  if (res.status !== 200) throw new Error(`setup: ${command} by ${who} answered ${res.status} ${JSON.stringify(res.body)}`);
}

async function openCase(fast = false): Promise<string> {
  const key = `matrix-${randomUUID()}`;
  // The key names the case, so its workflow is known before it starts (and computes its first deadline).
  if (fast) stack.fastWorkflows.add(workflowIdFor('share-request', caseIdFor('sr', REQUESTER, key)));
  const res = await call('POST', '/share-requests', `${REQUESTER}-head`, SUBMISSION, { 'Idempotency-Key': key });
  if (res.status !== 201) throw new Error(`setup: submission answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function untilOpenViolations(id: string, n: number): Promise<void> {
  await eventually(async () => {
    const res = await call('GET', `/share-requests/${id}`, `${PROVIDER_AUTHORITY}-head`);
    expect(res.body.violations.filter((v: { status: string }) => v.status === 'open')).toHaveLength(n);
  }, 30_000);
}

/** A new case in a stage, driven there through the API by the parties themselves. */
async function caseAt(stage: Stage): Promise<string> {
  switch (stage) {
    case 'awaiting_reply':
      return openCase();
    case 'awaiting_supplement': {
      const id = await openCase();
      await step(id, 'supplement-notice', `${PROVIDER}-head`, COMMANDS['supplement-notice'].body(stage, 'provider'));
      return id;
    }
    case 'extension_pending': {
      const id = await openCase();
      await step(id, 'extension-request', `${PROVIDER}-head`, COMMANDS['extension-request'].body(stage, 'provider'));
      return id;
    }
    case 'awaiting_delivery': {
      const id = await openCase();
      await step(id, 'reply', `${PROVIDER}-head`, COMMANDS.reply.body(stage, 'provider'));
      return id;
    }
    case 'delivered': {
      const id = await caseAt('awaiting_delivery');
      await step(id, 'delivery', `${PROVIDER}-head`, COMMANDS.delivery.body(stage, 'provider'));
      return id;
    }
    case 'violation_to_authority': {
      // The reply is late (Art. 39 (4)): the violation goes to the provider's same-level authority.
      const id = await openCase(true);
      await untilOpenViolations(id, 1);
      return id;
    }
    case 'violation_to_government': {
      // The authority orders rectification, which is missed too: it climbs to the people's government.
      const id = await caseAt('violation_to_authority');
      await step(id, 'rectification-order', `${PROVIDER_AUTHORITY}-head`, { workingDays: 1, instructions: '立即作出答复' });
      await untilOpenViolations(id, 2);
      return id;
    }
  }
}

/** Cases the refusals are tried on (a refusal writes nothing, so they share one per stage). */
const shared = new Map<Stage, Promise<string>>();
const sharedCase = (stage: Stage): Promise<string> => {
  let c = shared.get(stage);
  if (!c) shared.set(stage, (c = caseAt(stage)));
  return c;
};
/** A fresh case for each allowed cell (a success moves the case on). */
const fresh = new Map<string, Promise<string>>();

/** What a refusal must leave untouched: the record's version and stage, its event chain, and the drafts on it. */
async function footprint(id: string) {
  const db = stack.app.database.db;
  const [row] = await db.select({ version: cases.version, stage: cases.stage }).from(cases).where(eq(cases.id, id));
  const [ev] = await db.select({ n: count(), last: max(caseEvents.seq) }).from(caseEvents).where(eq(caseEvents.caseId, id));
  const [dr] = await db.select({ n: count() }).from(drafts).where(eq(drafts.caseId, id));
  return { ...row, events: ev!.n, lastSeq: ev!.last, drafts: dr!.n };
}

async function lastEvent(id: string) {
  const [e] = await stack.app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(desc(caseEvents.seq)).limit(1);
  return e!;
}

const caseCount = async () => (await stack.app.database.db.select({ n: count() }).from(cases))[0]!.n;

/** Every page of GET /share-requests as `who`: is the case in it? */
async function inList(who: string | undefined, id: string): Promise<{ status: number; listed?: boolean }> {
  let cursor: string | null = null;
  for (;;) {
    const res = await call('GET', `/share-requests?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, who);
    if (res.status !== 200) return { status: res.status };
    if ((res.body.shareRequests as Array<{ id: string }>).some((r) => r.id === id)) return { status: 200, listed: true };
    cursor = res.body.nextCursor as string | null;
    if (!cursor) return { status: 200, listed: false };
  }
}

// ---------------------------------------------------------------------------------------------
// The cells
// ---------------------------------------------------------------------------------------------

const isCommand = (e: Endpoint): e is Command => e !== 'POST /' && e !== 'GET /' && e !== 'GET /:id';

/** The actor a success must record: the caller, and for an acting head, the head it acted for. */
const actorOf = (c: CaseCheck, who: string | undefined) => ({ userId: who, ...(c.role === 'acting_head' ? { actingFor: `${DEPARTMENT[c.relation]!}-head` } : {}) });

async function runCell(c: CaseCheck): Promise<Observed> {
  const who = callerFor(c.role, c.relation);
  const notFound = (id: string) => `no share request ${id}`;

  if (c.endpoint === 'POST /') {
    const before = await caseCount();
    const res = await call('POST', '/share-requests', who, SUBMISSION);
    if (res.status === 201) {
      expect(res.body).toMatchObject({ stage: 'awaiting_reply', requester: { departmentId: REQUESTER } });
      expect((await lastEvent(res.body.id)).actor).toMatchObject(actorOf(c, who));
    } else {
      expectRefusal(res);
      expect(await caseCount()).toBe(before);
    }
    return { observed: res.status, code: res.body?.code };
  }

  if (c.endpoint === 'GET /') {
    const id = await sharedCase('awaiting_reply');
    const r = await inList(who, id);
    return { observed: r.status === 200 ? (r.listed ? 'L' : 'H') : r.status };
  }

  if (c.endpoint === 'GET /:id') {
    const id = await sharedCase('awaiting_reply');
    const res = await call('GET', `/share-requests/${id}`, who);
    if (res.status === 200) {
      expect(res.body.id).toBe(id);
      expect(res.body.events.length).toBeGreaterThan(0);
    } else expectRefusal(res, notFound(id));
    return { observed: res.status, code: res.body?.code };
  }

  const command = c.endpoint as Command;
  const stage = stageOf(command, c.relation);
  const allowedByStatute = isSuccess(c.expected);
  const id = allowedByStatute ? await fresh.get(M.key(c))! : await sharedCase(stage);
  const before = await footprint(id);
  const res = await call('POST', `/share-requests/${id}/${command}`, who, COMMANDS[command].body(stage, c.relation));
  const after = await footprint(id);
  if (isSuccess(res.status) && command === 'reply-draft') {
    // Art. 20: a draft for the head, kept apart from the case — the reply clock keeps running.
    expect(res.body).toMatchObject({ process: 'share-request', action: 'reply', caseId: id, status: 'draft', version: 1, createdBy: who });
    expect(after).toEqual({ ...before, drafts: before.drafts + 1 });
  } else if (isSuccess(res.status)) {
    // Done, and recorded as done by this person (the verified principal is the event's actor).
    expect(after.events).toBe(before.events + 1);
    const event = await lastEvent(id);
    expect(event.actor).toMatchObject(actorOf(c, who));
    if (command === 'assignment') expect(event).toMatchObject({ type: 'work_assigned', data: { departmentId: DEPARTMENT[c.relation], assignee: `${DEPARTMENT[c.relation]!}-staff` } });
    // A refusal case that accepted a command is no longer in its stage: the next refusal gets another.
    if (!allowedByStatute) shared.delete(stage);
  } else {
    expectRefusal(res, notFound(id));
    expect(after).toEqual(before);
  }
  return { observed: res.status, code: res.body?.code };
}

beforeAll(async () => {
  stack = await startMatrixStack();
  await appointActingHeads(stack, Object.values(DEPARTMENT));

  // Every case the cells need, prepared at once (the late ones wait out their deadlines together).
  for (const c of M.checks) {
    if (isCommand(c.endpoint) && isSuccess(c.expected)) fresh.set(M.key(c), caseAt(stageOf(c.endpoint, c.relation)));
  }
  for (const c of M.checks) if (isCommand(c.endpoint) && !isSuccess(c.expected)) void sharedCase(stageOf(c.endpoint, c.relation));
  void sharedCase('awaiting_reply');
  await Promise.all([...fresh.values(), ...shared.values()]);
}, 180_000);

afterAll(async () => {
  console.log(M.summary());
  await stack?.close();
});

const OF: Record<Relation, string> = {
  requester: 'of the requester',
  provider: 'of the provider',
  'provider-authority': "of the provider's same-level authority",
  'requester-authority': "of the requester's same-level authority",
  'superior-authority': 'of an authority above both',
  government: "of the provider's people's government",
  none: 'of an outside department',
};

M.register({
  route: (e) => (isCommand(e) ? `POST /share-requests/:id/${e}` : e.replace(' /', ' /share-requests/').replace(/\/$/, '')),
  who: (c) => {
    const of = c.role === 'government_official' && c.relation === 'none' ? "of another region's government" : OF[c.relation];
    return c.role === 'admin' || c.role === 'no token' ? WHO[c.role] : `${WHO[c.role]} ${of}`;
  },
  run: runCell,
  known: KNOWN_DISAGREEMENTS,
});

describe('rectification by a people\'s government (Art. 41)', () => {
  it('when a missed deadline has reached only the authority, then the government may not order rectification yet (403 WRONG_PARTY) and nothing is written', async () => {
    const id = await sharedCase('violation_to_authority');
    const before = await footprint(id);
    const res = await call('POST', `/share-requests/${id}/rectification-order`, GOVERNMENT_OFFICIAL, COMMANDS['rectification-order'].body('violation_to_authority', 'government'));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('WRONG_PARTY');
    expect(await footprint(id)).toEqual(before);
  });
});
