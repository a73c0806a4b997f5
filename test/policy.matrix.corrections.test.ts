// Who may do what on a data correction (校核, Art. 26, 39 (6); HLJ Art. 24): every endpoint of
// /corrections × every role × every relation to the case, through the real API, a real worker and
// real PostgreSQL, against a table written BY HAND from the statute — never read from the registry.
//
// The case: Daoli District's market regulator (230102), which was delivered Harbin public security's
// (230100) household registration data, asks it to correct the data. The parties and authorities are
// those of policy.matrix.test.ts; Heilongjiang's rules give the provider 5 working days (HLJ Art. 24).
//
// The reasoning, row by row:
// - The department that uses the data files the correction (Art. 26 prescribes no head's approval:
//   staff, the head and the acting head alike); it accepts or contests the result and may withdraw.
// - The provider verifies, corrects and reports the result (staff or head).
// - A late result is the provider's breach (Art. 39 (6)): its same-level authority orders rectification
//   and decides whether the lateness had a proper reason; a missed rectification goes to the people's
//   government at its level. Other authorities read and do not act (403).
// - A department with work on the case (the two parties and the provider's same-level authority, named
//   on the case) assigns its own work, head only.
// - Everyone else: 404; no token: 401; a department's administrator reads and acts on no case (404).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { count, desc, eq, max } from 'drizzle-orm';
import { caseIdFor } from '../api/cases/service';
import { caseEvents, cases } from '../db/schema';
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

function callerFor(role: Role, relation: Relation): string | undefined {
  if (role === 'government_official') return relation === 'government' ? GOVERNMENT_OFFICIAL : OUTSIDER_GOVERNMENT_OFFICIAL;
  if (role === 'admin') return 'admin';
  if (role === 'no token') return undefined;
  return personOf(role, DEPARTMENT[relation]!);
}

type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell];
type Table = Record<Role, Row>;
const ENDPOINTS = ['POST /', 'GET /', 'GET /:id', 'result', 'accept', 'contest', 'withdrawal', 'rectification-order', 'violation-decision', 'assignment'] as const;
type Endpoint = (typeof ENDPOINTS)[number];
type Command = Exclude<Endpoint, 'POST /' | 'GET /' | 'GET /:id'>;

const NO_CASES: Row = [404, 404, 404, 404, 404, _, 404];
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
/** A step the department in `who` takes, by its staff, head or acting head. */
const BY = (who: Relation): Table => {
  const row = RELATIONS.map((r) => (r === 'government' ? _ : r === 'none' ? 404 : r === who ? 200 : 403)) as unknown as Row;
  return { staff: row, sharing_office_head: row, acting_head: row, department_admin: NO_CASES, government_official: [_, _, _, _, _, 403, 404], admin: [_, _, _, _, _, _, 404], 'no token': [_, _, _, _, _, _, 401] };
};
/** Art. 39 (6), 41: the provider's same-level authority, then the people's government the miss climbed to. */
const SUPERVISION: Table = {
  //                   requester provider p-auth r-auth superior gov  none
  staff:               [403,     403,     200,   403,   403,     _,   404],
  sharing_office_head: [403,     403,     200,   403,   403,     _,   404],
  acting_head:         [403,     403,     200,   403,   403,     _,   404],
  department_admin:    NO_CASES,
  government_official: [_,       _,       _,     _,     _,       200, 404],
  admin:               [_,       _,       _,     _,     _,       _,   404],
  'no token':          [_,       _,       _,     _,     _,       _,   401],
};

const TABLE: Record<Endpoint, Table> = {
  // Art. 26: the department that uses the data files it; no head's approval is prescribed.
  'POST /': {
    //                   requester provider p-auth r-auth superior gov  none
    staff:               [201,     _,       _,     _,     _,       _,   _],
    sharing_office_head: [201,     _,       _,     _,     _,       _,   _],
    acting_head:         [201,     _,       _,     _,     _,       _,   _],
    department_admin:    [403,     _,       _,     _,     _,       _,   _],
    government_official: [_,       _,       _,     _,     _,       _,   403],
    admin:               [_,       _,       _,     _,     _,       _,   403],
    'no token':          [_,       _,       _,     _,     _,       _,   401],
  },
  'GET /': READ('L', 'H'),
  'GET /:id': READ(200, 404),
  result: BY('provider'),
  accept: BY('requester'),
  contest: BY('requester'),
  withdrawal: BY('requester'),
  'rectification-order': SUPERVISION,
  'violation-decision': SUPERVISION,
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

const M = matrix('policy matrix (corrections)', ENDPOINTS, RELATIONS, TABLE);
type CaseCheck = Check<Endpoint, Relation>;

type Stage = 'awaiting_result' | 'awaiting_acceptance' | 'violation_to_authority' | 'violation_to_government';
const COMMANDS: Record<Command, { stage: Stage; body: (stage: Stage, relation: Relation) => unknown }> = {
  result: { stage: 'awaiting_result', body: () => ({ outcome: 'corrected' }) },
  accept: { stage: 'awaiting_acceptance', body: () => ({}) },
  contest: { stage: 'awaiting_acceptance', body: () => ({ reason: '核查后仍不符' }) },
  withdrawal: { stage: 'awaiting_result', body: () => ({ reason: '已自行核实' }) },
  'rectification-order': { stage: 'violation_to_authority', body: () => ({ workingDays: 5, instructions: '立即核实更正' }) },
  'violation-decision': { stage: 'violation_to_authority', body: (stage) => ({ violationId: stage === 'violation_to_government' ? 2 : 1, status: 'excused', reason: '系统故障，有正当理由' }) },
  assignment: { stage: 'awaiting_result', body: (_stage, relation) => ({ assigneeUserId: `${DEPARTMENT[relation] ?? REQUESTER}-staff` }) },
};
const stageOf = (command: Command, relation: Relation): Stage =>
  relation === 'government' && (command === 'rectification-order' || command === 'violation-decision') ? 'violation_to_government' : COMMANDS[command].stage;

let stack: MatrixStack;
let shareRequestId: string;
const call: MatrixStack['call'] = (...args) => stack.call(...args);
const FILED = () => ({ shareRequestId, items: ['户籍地址'], problem: '地址与实际不符' });

async function step(id: string, command: Command, who: string, body: unknown): Promise<void> {
  const res = await call('POST', `/corrections/${id}/${command}`, who, body);
  if (res.status !== 200) throw new Error(`setup: ${command} by ${who} answered ${res.status} ${JSON.stringify(res.body)}`);
}

async function openCase(fast = false): Promise<string> {
  const key = `matrix-${randomUUID()}`;
  if (fast) stack.fastWorkflows.add(workflowIdFor('correction', caseIdFor('co', REQUESTER, key)));
  const res = await call('POST', '/corrections', `${REQUESTER}-staff`, FILED(), { 'Idempotency-Key': key });
  if (res.status !== 201) throw new Error(`setup: filing answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function untilOpenViolations(id: string, n: number): Promise<void> {
  await eventually(async () => {
    const res = await call('GET', `/corrections/${id}`, `${PROVIDER_AUTHORITY}-head`);
    expect(res.body.violations.filter((v: { status: string }) => v.status === 'open')).toHaveLength(n);
  }, 30_000);
}

async function caseAt(stage: Stage): Promise<string> {
  switch (stage) {
    case 'awaiting_result':
      return openCase();
    case 'awaiting_acceptance': {
      const id = await openCase();
      await step(id, 'result', `${PROVIDER}-staff`, { outcome: 'confirmed_accurate', explanation: '经核实无误' });
      return id;
    }
    case 'violation_to_authority': {
      const id = await openCase(true);
      await untilOpenViolations(id, 1);
      return id;
    }
    case 'violation_to_government': {
      const id = await caseAt('violation_to_authority');
      await step(id, 'rectification-order', `${PROVIDER_AUTHORITY}-head`, { workingDays: 1, instructions: '立即核实更正' });
      await untilOpenViolations(id, 2);
      return id;
    }
  }
}

const shared = new Map<Stage, Promise<string>>();
const sharedCase = (stage: Stage): Promise<string> => {
  let c = shared.get(stage);
  if (!c) shared.set(stage, (c = caseAt(stage)));
  return c;
};
const fresh = new Map<string, Promise<string>>();

async function footprint(id: string) {
  const db = stack.app.database.db;
  const [row] = await db.select({ version: cases.version, stage: cases.stage }).from(cases).where(eq(cases.id, id));
  const [ev] = await db.select({ n: count(), last: max(caseEvents.seq) }).from(caseEvents).where(eq(caseEvents.caseId, id));
  return { ...row, events: ev!.n, lastSeq: ev!.last };
}
const lastEvent = async (id: string) => (await stack.app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(desc(caseEvents.seq)).limit(1))[0]!;
const caseCount = async () => (await stack.app.database.db.select({ n: count() }).from(cases))[0]!.n;
const isCommand = (e: Endpoint): e is Command => e !== 'POST /' && e !== 'GET /' && e !== 'GET /:id';
const actorOf = (c: CaseCheck, who: string | undefined) => ({ userId: who, ...(c.role === 'acting_head' ? { actingFor: `${DEPARTMENT[c.relation]!}-head` } : {}) });

async function inList(who: string | undefined, id: string): Promise<{ status: number; listed?: boolean }> {
  let cursor: string | null = null;
  for (;;) {
    const res = await call('GET', `/corrections?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, who);
    if (res.status !== 200) return { status: res.status };
    if ((res.body.corrections as Array<{ id: string }>).some((r) => r.id === id)) return { status: 200, listed: true };
    cursor = res.body.nextCursor as string | null;
    if (!cursor) return { status: 200, listed: false };
  }
}

async function runCell(c: CaseCheck): Promise<Observed> {
  const who = callerFor(c.role, c.relation);
  if (c.endpoint === 'POST /') {
    const before = await caseCount();
    const res = await call('POST', '/corrections', who, FILED());
    if (res.status === 201) {
      expect(res.body).toMatchObject({ stage: 'awaiting_result', requester: { departmentId: REQUESTER }, provider: { departmentId: PROVIDER } });
      expect((await lastEvent(res.body.id)).actor).toMatchObject(actorOf(c, who));
    } else {
      expectRefusal(res);
      expect(await caseCount()).toBe(before);
    }
    return { observed: res.status, code: res.body?.code };
  }
  if (c.endpoint === 'GET /') {
    const r = await inList(who, await sharedCase('awaiting_result'));
    return { observed: r.status === 200 ? (r.listed ? 'L' : 'H') : r.status };
  }
  if (c.endpoint === 'GET /:id') {
    const id = await sharedCase('awaiting_result');
    const res = await call('GET', `/corrections/${id}`, who);
    if (res.status !== 200) expectRefusal(res, `no correction ${id}`);
    return { observed: res.status, code: res.body?.code };
  }
  const stage = stageOf(c.endpoint, c.relation);
  const allowed = isSuccess(c.expected);
  const id = allowed ? await fresh.get(M.key(c))! : await sharedCase(stage);
  const before = await footprint(id);
  const res = await call('POST', `/corrections/${id}/${c.endpoint}`, who, COMMANDS[c.endpoint].body(stage, c.relation));
  const after = await footprint(id);
  if (isSuccess(res.status)) {
    expect(after.events).toBe(before.events + 1);
    expect((await lastEvent(id)).actor).toMatchObject(actorOf(c, who));
    if (!allowed) shared.delete(stage);
  } else {
    expectRefusal(res, `no correction ${id}`);
    expect(after).toEqual(before);
  }
  return { observed: res.status, code: res.body?.code };
}

beforeAll(async () => {
  stack = await startMatrixStack();
  await appointActingHeads(stack, Object.values(DEPARTMENT));
  // The share request whose delivered data every correction here concerns.
  const opened = await call('POST', '/share-requests', `${REQUESTER}-head`, SUBMISSION);
  shareRequestId = opened.body.id;
  for (const [path, body] of [['reply', { decision: 'agree' }], ['delivery', { method: 'service_api', reference: 'API-230100-0001' }]] as const) {
    const res = await call('POST', `/share-requests/${shareRequestId}/${path}`, `${PROVIDER}-head`, body);
    if (res.status !== 200) throw new Error(`setup: ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
  }
  for (const c of M.checks) if (isCommand(c.endpoint) && isSuccess(c.expected)) fresh.set(M.key(c), caseAt(stageOf(c.endpoint, c.relation)));
  for (const c of M.checks) if (isCommand(c.endpoint) && !isSuccess(c.expected)) void sharedCase(stageOf(c.endpoint, c.relation));
  void sharedCase('awaiting_result');
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
  route: (e) => (isCommand(e) ? `POST /corrections/:id/${e}` : e.replace(' /', ' /corrections/').replace(/\/$/, '')),
  who: (c) => {
    const of = c.role === 'government_official' && c.relation === 'none' ? "of another region's government" : OF[c.relation];
    return c.role === 'admin' || c.role === 'no token' ? WHO[c.role] : `${WHO[c.role]} ${of}`;
  },
  run: runCell,
  known: {},
});
