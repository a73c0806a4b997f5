// A time-skipping Temporal test server started at a chosen Asia/Shanghai instant, a worker with the
// real activities over a fresh PostgreSQL database, and helpers to drive one share request.
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { quietLogger } from './quietRuntime';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { asActor, principalHeaderInterceptor } from '../../identity/temporalHeaders';
import { ENGINE_COMMANDS } from '../../workflows/case/commands';
import { shareRequestDeclaration } from '../../workflows/shareRequest/contract';
import { eq } from 'drizzle-orm';
import { createActivities } from '../../activities';
import { loadCalendar, loadJurisdictionTree } from '../../db/directory';
import type { DatabaseCalendar } from '../../db/calendar';
import { departments } from '../../db/schema';
import { seedDemo } from '../../db/seed';
import { assembleShareRequestInput } from '../../api/shareRequest/input';
import { createTimeSkippingEnv } from '../../scripts/lib/testServer';
import { bundleWorkflows, WORKFLOWS_PATH } from '../../worker/worker';
import { shareRequest } from '../../workflows/shareRequest/workflow';
import { caseStateQuery, openedUpdate, SEARCH_ATTRIBUTES, workflowIdFor, type Actor } from '../../workflows/shared';
import type { ShareRequestState, SharingMethod } from '../../workflows/shareRequest/contract';
import { PROCESS_APIS, registryOf } from '../../processes';
import type { ProcessApi } from '../../api/cases/registry';
import { freshDatabase, type TestDatabase } from './db';


const bundles = new Map<string, Promise<{ code: string }>>();
/** The workflow bundle (of the service's workflows, or of another entry such as the test-only process's), built once per test file. */
export function workflowBundle(workflowsPath = WORKFLOWS_PATH): Promise<{ code: string }> {
  let b = bundles.get(workflowsPath);
  if (!b) bundles.set(workflowsPath, (b = bundleWorkflows(quietLogger, workflowsPath).then((code) => ({ code }))));
  return b;
}

export interface Harness {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  taskQueue: string;
  worker: Worker;
  /** The worker's calendar (the database's): refresh it after changing the calendar in a test. */
  calendar: DatabaseCalendar;
  now(): Promise<Date>;
  /** Skips server time to the instant (a worker must be running for timers to fire in workflows). */
  sleepUntil(instant: string): Promise<void>;
  submit(opts: { catalogueEntryId: string; requester: string; sharingMethod?: SharingMethod; id?: string; historyThreshold?: number; usageScenario?: string }): Promise<CaseHandle>;
  /** Opens a case of a registered process with the workflow's input, as `opener` (its principal header). */
  open(process: string, input: { id: string }, opener: Actor, historyThreshold?: number): Promise<CaseHandle>;
  state(handle: WorkflowHandle): Promise<ShareRequestState>;
  teardown(): Promise<void>;
}

/** `processes`: the registered processes (default the service's; tests add the test-only one with its bundle entry). */
export async function createHarness(startAt: string, o: { processes?: readonly ProcessApi[]; workflowsPath?: string } = {}): Promise<Harness> {
  const registry = registryOf(o.processes);
  const env = await createTimeSkippingEnv({ startAt, searchAttributes: SEARCH_ATTRIBUTES });
  const database = await freshDatabase();
  await seedDemo(database.db);
  const tree = await loadJurisdictionTree(database.db);
  const calendar = await loadCalendar(database.db, tree);
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(o.workflowsPath),
    activities: createActivities({ db: database.db, calendar, tree, temporal: env.client, taskQueue }, o.processes ?? PROCESS_APIS),
  });

  const now = async () => new Date(await env.currentTimeMs());
  // Updates carry the principal header, as the API's do (identity/temporalHeaders.ts).
  const principalClient = new Client({ connection: env.client.connection, namespace: env.client.options.namespace, interceptors: { workflow: [principalHeaderInterceptor] } });
  const open: Harness['open'] = async (process, input, opener, historyThreshold) => {
    const handle = await env.client.workflow.start(registry.get(process)!.declaration.workflowType, {
      taskQueue,
      workflowId: workflowIdFor(process, input.id),
      args: [{ input, opener, historyThreshold }],
    });
    await handle.executeUpdate(openedUpdate).catch(() => undefined);
    return asCommander(principalClient.workflow.getHandle(handle.workflowId));
  };
  return {
    env,
    database,
    taskQueue,
    worker,
    calendar,
    now,
    async sleepUntil(instant) {
      const ms = Date.parse(instant) - (await env.currentTimeMs());
      if (ms > 0) await env.sleep(ms);
    },
    async submit({ catalogueEntryId, requester, sharingMethod = 'service_api', id = `t-${randomUUID().slice(0, 8)}`, historyThreshold, usageScenario = '企业开办一网通办' }) {
      const [dept] = await database.db.select().from(departments).where(eq(departments.id, requester));
      const receivedAt = await now();
      const head = { userId: `${requester}-head`, organisationId: requester, roles: ['sharing_office_head' as const], department: dept! };
      const input = await assembleShareRequestInput(
        { db: database.db, caller: head },
        {
          catalogueEntryId,
          legalBasis: '《政务数据共享条例》第二十条',
          usageScenario,
          usageScope: '本部门审批业务',
          sharingMethod,
          usagePeriod: { from: '2026-01-01', to: '2028-12-31' },
        },
        id,
        receivedAt,
      );
      // The opener is the head who sent it (Art. 20), as the API's principal header would say.
      return open('share-request', input, actorOf(requester), historyThreshold);
    },
    open,

    state: async (handle) => (await handle.query(caseStateQuery)) as ShareRequestState,
    async teardown() {
      await env.teardown();
      await database.drop();
    },
  };
}

/** Retries an assertion until it passes (activities finish a moment after a timer fires). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The actor of a command, as the API's principal header would carry it (a department's head by default). */
export const actorOf = (departmentId: string, role = 'sharing_office_head'): Actor => ({ departmentId, userId: `${departmentId}-head`, role });

/** The share request's and the engine's commands' updates, by the names the tests use. */
const c = { ...shareRequestDeclaration.commands, ...ENGINE_COMMANDS };
export const replyUpdate = c.reply.update;
export const supplementNoticeUpdate = c['supplement-notice'].update;
export const supplementUpdate = c.supplement.update;
export const extensionRequestUpdate = c['extension-request'].update;
export const extensionDecisionUpdate = c['extension-decision'].update;
export const deliveryUpdate = c.delivery.update;
export const receiptConfirmationUpdate = c['receipt-confirmation'].update;
export const withdrawalUpdate = c.withdrawal.update;
export const rectificationOrderUpdate = c['rectification-order'].update;
export const violationDecisionUpdate = c['violation-decision'].update;
export const assignmentUpdate = c.assignment.update;

/**
 * A case's handle whose commands name their actor as the tests write them — `{ actor, ...body }` —
 * and send it in the principal header, as the API does; an actor without a role is its department's head.
 */
export type CaseHandle = WorkflowHandle<typeof shareRequest> & {
  executeUpdate(update: UpdateDefinition<any, [any]>, options: { args: [{ actor?: Partial<Actor> } & Record<string, unknown>]; updateId?: string }): Promise<ShareRequestState>;
};

function asCommander(handle: WorkflowHandle<typeof shareRequest>): CaseHandle {
  const executeUpdate = (update: UpdateDefinition<unknown, [unknown]>, options: { args: [{ actor?: Partial<Actor> } & Record<string, unknown>]; updateId?: string }) => {
    const { actor, ...body } = options.args[0];
    const who: Actor = { ...actorOf(actor?.departmentId ?? ''), ...actor };
    return asActor(who, () => handle.executeUpdate(update, { args: [body], ...(options.updateId ? { updateId: options.updateId } : {}) }));
  };
  return Object.assign(Object.create(handle) as WorkflowHandle<typeof shareRequest>, { executeUpdate }) as CaseHandle;
}
