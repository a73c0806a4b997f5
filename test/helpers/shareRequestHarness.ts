// A time-skipping Temporal test server started at a chosen Asia/Shanghai instant, a worker with the
// real activities over a fresh PostgreSQL database, and helpers to drive one share request.
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { quietLogger } from './quietRuntime';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { createActivities } from '../../activities';
import { loadCalendar, loadJurisdictionTree } from '../../db/directory';
import { departments } from '../../db/schema';
import { seedDemo } from '../../db/seed';
import { assembleShareRequestInput } from '../../api/shareRequest/input';
import { createTimeSkippingEnv } from '../../scripts/lib/testServer';
import { bundleWorkflows } from '../../worker/worker';
import { shareRequest } from '../../workflows/shareRequest/workflow';
import { caseStateQuery, openedUpdate, SEARCH_ATTRIBUTES, shareRequestWorkflowId, type ShareRequestState, type SharingMethod } from '../../workflows/shared';
import { freshDatabase, type TestDatabase } from './db';


let bundle: Promise<{ code: string }> | undefined;
/** The workflow bundle, built once per test file. */
export const workflowBundle = () => (bundle ??= bundleWorkflows(quietLogger).then((code) => ({ code })));

export interface Harness {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  taskQueue: string;
  worker: Worker;
  now(): Promise<Date>;
  /** Skips server time to the instant (a worker must be running for timers to fire in workflows). */
  sleepUntil(instant: string): Promise<void>;
  submit(opts: { catalogueEntryId: string; requester: string; sharingMethod?: SharingMethod; id?: string; historyThreshold?: number; usageScenario?: string }): Promise<WorkflowHandle<typeof shareRequest>>;
  state(handle: WorkflowHandle): Promise<ShareRequestState>;
  teardown(): Promise<void>;
}

export async function createHarness(startAt: string): Promise<Harness> {
  const env = await createTimeSkippingEnv({ startAt, searchAttributes: SEARCH_ATTRIBUTES });
  const database = await freshDatabase();
  await seedDemo(database.db);
  const tree = await loadJurisdictionTree(database.db);
  const calendar = await loadCalendar(database.db, tree);
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db: database.db, calendar, tree }),
  });

  const now = async () => new Date(await env.currentTimeMs());
  return {
    env,
    database,
    taskQueue,
    worker,
    now,
    async sleepUntil(instant) {
      const ms = Date.parse(instant) - (await env.currentTimeMs());
      if (ms > 0) await env.sleep(ms);
    },
    async submit({ catalogueEntryId, requester, sharingMethod = 'service_api', id = `t-${randomUUID().slice(0, 8)}`, historyThreshold, usageScenario = '企业开办一网通办' }) {
      const [dept] = await database.db.select().from(departments).where(eq(departments.id, requester));
      const receivedAt = await now();
      const input = await assembleShareRequestInput(
        database.db,
        { userId: `${requester}-head`, organisationId: requester, roles: ['sharing_office_head'], department: dept! },
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
      const handle = await env.client.workflow.start(shareRequest, { taskQueue, workflowId: shareRequestWorkflowId(id), args: [{ input, historyThreshold }] });
      await handle.executeUpdate(openedUpdate).catch(() => undefined);
      return handle;
    },
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

/** A reply approval by the department's sharing office head (Art. 20). */
export const approvalOf = (departmentId: string, at = new Date()) => ({ approverId: `${departmentId}-head`, approvedAt: at.toISOString() });

