// What the policy matrix files (test/policy.matrix*.test.ts) share: the people, the stack they run
// against, a request as one of them, what a refusal must look like, and the count printed at the
// end. Nothing here says who may do what: each file's table says that, by hand, from the statute.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { PROCESS_APIS } from '../../processes';
import { aYearFrom } from '../../api/validation';
import { shanghaiDate } from '../../rules/calendar';
import { loadCalendar, loadJurisdictionTree } from '../../db/directory';
import { staff } from '../../db/schema';
import { startDevServer } from '../../scripts/lib/devServer';
import { CLIENT_CONNECTION_OPTIONS } from '../../worker/connections';
import { shanghaiIso } from '../../workflows/case/time';
import { SEARCH_ATTRIBUTES, TASK_QUEUE, type ComputedDeadline, type DeadlineInput } from '../../workflows/shared';
import { SHARE_REQUEST_STAGES } from '../../workflows/shareRequest/contract';
import { startTestApp, type TestApp } from './app';
import { workflowBundle } from './shareRequestHarness';
import { testIssuer, tokenFor } from './tokens';
import { problemBody } from './problems';

// ---------------------------------------------------------------------------------------------
// Who is who: Daoli District's market regulator (230102) asks Harbin's public security bureau
// (230100) for household registration data; each has its same-level authority, Heilongjiang's is
// above both, Harbin's people's government above the provider; Fushun (210400) has nothing to do with it.
// ---------------------------------------------------------------------------------------------

export const REQUESTER = '230102-market-regulation';
export const PROVIDER = '230100-public-security';
export const ENTRY = '230100-public-security-household-registration';
export const PROVIDER_AUTHORITY = '230100-data-sharing-authority';
export const REQUESTER_AUTHORITY = '230102-data-sharing-authority';
export const SUPERIOR_AUTHORITY = '230000-data-sharing-authority';
export const GOVERNMENT_OFFICIAL = '230100-government-official';
export const OUTSIDER = '210400-public-security';
export const OUTSIDER_GOVERNMENT_OFFICIAL = '210400-government-official';

export const SUBMISSION = {
  catalogueEntryId: ENTRY,
  legalBasis: '《政务数据共享条例》第二十条',
  usageScenario: '市场主体登记中核验自然人身份',
  usageScope: '本部门政务服务',
  sharingMethod: 'service_api',
  usagePeriod: aYearFrom(shanghaiDate(new Date())),
};

/**
 * The roles a caller plays. `acting_head` is a staff member whom the department's head has named
 * acting head (代理) for a period that is running now: for Art. 20 they are the head, but they may
 * not delegate further. `department_admin` runs the department's integration settings (webhooks):
 * a department's account that takes no part in its cases.
 */
export const ROLES = ['staff', 'sharing_office_head', 'acting_head', 'department_admin', 'government_official', 'admin', 'no token'] as const;
export type Role = (typeof ROLES)[number];
export type DepartmentRole = 'staff' | 'sharing_office_head' | 'acting_head' | 'department_admin';

export const WHO: Record<Role, string> = {
  staff: 'a staff member',
  sharing_office_head: 'the sharing office head',
  acting_head: 'the acting head (staff with a running delegation)',
  department_admin: "the department's administrator (integration settings)",
  government_official: 'a government official',
  admin: 'the administrator',
  'no token': 'a caller without a token',
};

const ACTING = '-deputy';
/** The staff member each department's head names acting head for the run (appointActingHeads). */
export const actingHeadOf = (department: string) => `${department}${ACTING}`;

/** The demo user (or added deputy) who plays a department role. */
export function personOf(role: DepartmentRole, department: string): string {
  if (role === 'department_admin') return `${department}-admin`;
  return role === 'staff' ? `${department}-staff` : role === 'sharing_office_head' ? `${department}-head` : actingHeadOf(department);
}

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

/** A cell is the status expected; for a list, L (200 and listed) or H (200 without it); null (`_`): a caller that cannot exist. */
export type Cell = 200 | 201 | 202 | 204 | 401 | 403 | 404 | 'L' | 'H' | null;
export type Expected = Exclude<Cell, null>;
export const _ = null;
export type Observed = { observed: Expected | number; code?: string };

export const isSuccess = (x: Expected | number) => x === 'L' || x === 'H' || (typeof x === 'number' && x >= 200 && x < 300);

export interface Check<E extends string, R extends string> {
  endpoint: E;
  role: Role;
  relation: R;
  expected: Expected;
}

/** Service answers that disagree with the statute, recorded so the run stays green until the fix lands (then the entry must go). */
export type KnownDisagreements = Partial<Record<string, Observed & { why: string }>>;

/** The cells of a hand-written table (rows: ROLES; columns: relations), what each answered, and the printed count. */
export function matrix<E extends string, R extends string>(name: string, endpoints: readonly E[], relations: readonly R[], table: Record<E, Record<Role, readonly Cell[]>>) {
  const key = (c: { endpoint: E; role: Role; relation: R }) => `${c.endpoint} | ${c.role} | ${c.relation}`;
  for (const e of endpoints) for (const r of ROLES) if (table[e][r].length !== relations.length) throw new Error(`table ${e} / ${r}: ${table[e][r].length} cells, ${relations.length} relations`);
  const all = endpoints.flatMap((endpoint) => ROLES.flatMap((role) => relations.map((relation, i) => ({ endpoint, role, relation, expected: table[endpoint][role][i]! }))));
  const checks = all.filter((c): c is Check<E, R> => c.expected !== null);
  const observed = new Map<string, Observed>();

  function summary(): string {
    const classOf = (x: Expected | number) => (isSuccess(x) ? '2xx' : String(x));
    const tally = (xs: Array<Expected | number>) => {
      const n = (k: string) => xs.filter((x) => classOf(x) === k).length;
      return `2xx ${n('2xx')}, 403 ${n('403')}, 404 ${n('404')}, 401 ${n('401')}`;
    };
    const seen = [...observed.values()];
    const codes = (code: string) => seen.filter((o) => o.code === code).length;
    const disagreements = checks.filter((c) => observed.has(key(c)) && observed.get(key(c))!.observed !== c.expected);
    const lists = checks.filter((c) => c.expected === 'L' || c.expected === 'H');
    const width = Math.max(...endpoints.map((e) => e.length));
    const perEndpoint = endpoints.map((e) => {
      const mine = checks.filter((c) => c.endpoint === e);
      const statute = tally(mine.map((c) => c.expected));
      const service = tally(mine.filter((c) => observed.has(key(c))).map((c) => observed.get(key(c))!.observed));
      return `  ${e.padEnd(width)}  ${statute}${service === statute ? '' : `  (service: ${service})`}`;
    });
    return (
      `${name}: ${endpoints.length} endpoints × ${ROLES.length} roles × ${relations.length} relations = ${all.length} cells; ` +
      `${checks.length} applicable, ${observed.size} checked; ${all.length - checks.length} not applicable. ` +
      `Statute (the table): ${tally(checks.map((c) => c.expected))} (lists show the record to ${lists.filter((c) => c.expected === 'L').length} callers, hide it from ${lists.filter((c) => c.expected === 'H').length}). ` +
      `Service: ${tally(seen.map((o) => o.observed))} (403 by the policy FORBIDDEN ${codes('FORBIDDEN')}, by the workflow WRONG_PARTY ${codes('WRONG_PARTY')}). ` +
      `${disagreements.length} disagree${disagreements.length ? `: ${disagreements.map((c) => `${key(c)}: statute ${c.expected}, service ${observed.get(key(c))!.observed} ${observed.get(key(c))!.code ?? ''}`).join('; ')}` : ''}\n` +
      `per endpoint (statute):\n${perEndpoint.join('\n')}\n` +
      `per role (service): ${ROLES.map((r) => `${r}: ${tally(checks.filter((c) => c.role === r && observed.has(key(c))).map((c) => observed.get(key(c))!.observed))}`).join('; ')}`
    );
  }

  /** One describe per endpoint, one it per applicable cell; a known disagreement is asserted as what the service answers today. */
  function register(o: { route: (e: E) => string; who: (c: Check<E, R>) => string; run: (c: Check<E, R>) => Promise<Observed>; known: KnownDisagreements }) {
    const label = (e: Expected) => (e === 'L' ? '200 and it is listed' : e === 'H' ? '200 and it is not listed' : String(e));
    for (const endpoint of endpoints) {
      describe(o.route(endpoint), () => {
        for (const c of checks.filter((x) => x.endpoint === endpoint)) {
          const known = o.known[key(c)];
          const title = `when ${o.who(c)} calls, then ${label(c.expected)}${known ? ` — DISAGREES with the statute: the service answers ${known.observed} ${known.code ?? ''}` : ''}`;
          it(title, async () => {
            const seen = await o.run(c);
            observed.set(key(c), seen);
            if (!known) expect(seen.observed, key(c)).toBe(c.expected);
            // Fails once the service is fixed: then the entry of KNOWN_DISAGREEMENTS goes, and the table stands.
            else expect({ observed: seen.observed, code: seen.code }, `${key(c)}: ${known.why}`).toEqual({ observed: known.observed, code: known.code });
          });
        }
      });
    }
  }

  return { all, checks, key, observed, summary, register };
}

// ---------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------

const STAGE_NAMES = new RegExp(SHARE_REQUEST_STAGES.join('|'));

/** A refusal's shape. A 404 is word for word `notFound`, what a record that does not exist answers: nothing about it. */
export function expectRefusal(res: { status: number; body: any }, notFound?: string) {
  const code = res.body?.code as string | undefined;
  if (res.status === 401) expect(code).toBe('UNAUTHENTICATED');
  if (res.status === 403) expect(['FORBIDDEN', 'WRONG_PARTY']).toContain(code);
  if (res.status === 404) {
    expect(res.body).toEqual(problemBody(404, 'NOT_FOUND', notFound));
    expect(JSON.stringify(res.body)).not.toMatch(STAGE_NAMES);
  }
}

// ---------------------------------------------------------------------------------------------
// The stack: Temporal dev server, the API over a fresh seeded database, a worker whose chosen
// cases' deadlines (reply, rectification) fall FAST_MS after they start
// ---------------------------------------------------------------------------------------------

const FAST_MS = 1_000;

function fastDeadline(input: DeadlineInput): ComputedDeadline {
  const dueAt = shanghaiIso(Date.parse(input.startedAt) + FAST_MS);
  return { workingDays: input.workingDays, dueAt, dueDate: dueAt.slice(0, 10), provisional: false };
}

export type Answer = { status: number; body: any };

export interface MatrixStack {
  app: TestApp;
  /** Workflow IDs whose deadlines fall a second after they start. */
  fastWorkflows: Set<string>;
  /** A request as a demo user, an acting head (`<department>-deputy`) or nobody (undefined). */
  call(method: string, path: string, who: string | undefined, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}

const deputyTokens = new Map<string, Promise<string>>();
function tokenOf(who: string): Promise<string> {
  if (!who.endsWith(ACTING)) return tokenFor(who);
  let t = deputyTokens.get(who);
  if (!t) deputyTokens.set(who, (t = testIssuer().then((i) => i.issueFor({ id: who, organisationId: who.slice(0, -ACTING.length), roles: ['staff'] }))));
  return t;
}

/** Requests to the app as a demo user, an acting head (`<department>-deputy`) or nobody. */
function callerOn(app: TestApp): MatrixStack['call'] {
  return async (method, path, who, body, headers = {}) => {
    const res = await fetch(app.url + path, {
      method,
      headers: { ...(who ? { Authorization: `Bearer ${await tokenOf(who)}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** The API alone over a fresh seeded database: for records that are not cases (webhooks), no Temporal needed. */
export async function startRecordStack(): Promise<Pick<MatrixStack, 'app' | 'call' | 'close'>> {
  const app = await startTestApp();
  return { app, call: callerOn(app), close: () => app.close() };
}

export async function startMatrixStack(): Promise<MatrixStack> {
  const dir = mkdtempSync(join(tmpdir(), 'gds-matrix-'));
  const server = await startDevServer({ dbFile: join(dir, 'temporal.sqlite'), port: 0, headless: true, searchAttributes: SEARCH_ATTRIBUTES });
  const connection = await Connection.connect({ address: server.address, ...CLIENT_CONNECTION_OPTIONS });
  const temporal = new Client({ connection });
  const app = await startTestApp({ temporal });
  const tree = await loadJurisdictionTree(app.database.db);
  const calendar = await loadCalendar(app.database.db, tree);
  const real = createActivities({ db: app.database.db, calendar, tree, temporal }, PROCESS_APIS);
  const fastWorkflows = new Set<string>();
  const workerConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: workerConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: {
      ...real,
      computeDeadline: (input: DeadlineInput) =>
        fastWorkflows.has(Context.current().info.workflowExecution?.workflowId ?? '') ? Promise.resolve(fastDeadline(input)) : real.computeDeadline(input),
    },
  });
  const running = worker.run();

  return {
    app,
    fastWorkflows,
    call: callerOn(app),
    async close() {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await app.close();
      await connection.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A delegation's period that is running now (from a minute ago, for a day). */
export const runningPeriod = () => ({ from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() });

/**
 * Each department gets a second staff member (`<department>-deputy`; the directory has one staff
 * member per department, whose cells must stay plain staff), and its head names them acting head
 * through the API for a period that is running now.
 */
export async function appointActingHeads(stack: Pick<MatrixStack, 'app' | 'call'>, departments: readonly string[]): Promise<void> {
  await stack.app.database.db.insert(staff).values(departments.map((d) => ({ id: actingHeadOf(d), departmentId: d, name: '代理负责人', role: 'staff' as const })));
  await Promise.all(
    departments.map(async (d) => {
      const res = await stack.call('POST', '/delegations', `${d}-head`, { actingUserId: actingHeadOf(d), ...runningPeriod() });
      if (res.status !== 201) throw new Error(`setup: delegation in ${d} answered ${res.status} ${JSON.stringify(res.body)}`);
    }),
  );
}
