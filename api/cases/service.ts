// The one way to open a case and the one way to send it a command, for every process; reads come
// from the read model. Temporal is asked only after PostgreSQL has decided idempotency.
import { createHash, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { caseEvents, caseParties, cases, type CaseRow } from '../../db/schema';
import type { JurisdictionTree } from '../../rules/jurisdictions';
import { CASE_ID_PREFIX, ErrorCodes, openedUpdate, TASK_QUEUE, workflowIdFor, type Actor, type CaseState, type Process } from '../../workflows/shared';
import { shanghaiIso } from '../../workflows/case/time';
import type { Caller } from '../caller';
import { encodeCursor, decodeCursor } from '../cursor';
import { ApiError, notFound } from '../errors';
import { callTemporal } from '../infrastructure';
import { problemOf } from '../problem';
import { rejectedCommand } from './failures';
import { checkOpenCaseCap } from './openCap';
import { claimCommand, claimSubmission, releaseSubmission, requestHash, storeOutcome, type StoredOutcome } from './idempotency';
import { AUTHORITY_SECTOR } from '../../rules/seedData';
import { canSee, decisionOn, visibleTo } from './visibility';
import { actorOf } from '../actor';
import { asActor } from '../../identity/temporalHeaders';
import { effectiveRole } from '../../identity/principal';
import { readsCases } from '../../identity/policy';
import { splitChain } from '../../audit/chain';

export interface CaseServiceDeps {
  db: Database;
  tree: JurisdictionTree;
  temporal: Client;
  /** Deadline of every call into Temporal (TEMPORAL_CALL_TIMEOUT_MS). */
  callTimeoutMs?: number;
  /** MAX_OPEN_CASES_PER_REQUESTER; 0 or absent: no cap. */
  maxOpenCasesPerRequester?: number;
}

/** How one process's states are read (its pre-engine shape upgraded). */
export type NormalizeState = (state: unknown) => CaseState;

/**
 * The same department and key always name the same case (the formula share requests used before
 * the engine, so a retry across the upgrade finds its case); without a key, a fresh one.
 */
export function caseIdFor(process: Process, departmentId: string, idempotencyKey: string | undefined): string {
  const prefix = CASE_ID_PREFIX[process];
  if (!idempotencyKey) return `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  return `${prefix}-${createHash('sha256').update(`${departmentId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

const processLabel = (p: Process) => p.replace('-', ' ');

export function caseService({ db, tree, temporal, callTimeoutMs = 10_000, maxOpenCasesPerRequester = 0 }: CaseServiceDeps) {
  const call = <R>(fn: () => Promise<R>) => callTemporal(temporal, callTimeoutMs, fn);

  /** The case if the caller may see it; otherwise 404, as if it did not exist. */
  async function visibleCase(caller: Caller, process: Process, id: string, normalize: NormalizeState): Promise<{ row: CaseRow; state: CaseState }> {
    const [row] = await db.select().from(cases).where(and(eq(cases.id, id), eq(cases.process, process)));
    const state = row ? normalize(row.state) : undefined;
    if (!row || !state || !canSee(tree, caller, { process, parties: state.parties })) {
      throw notFound(`no ${processLabel(process)} ${id}`);
    }
    return { row, state };
  }

  /** The case if the policy lets the caller do `action` on it: 404 if it may not see it, 403 if it may not act. */
  async function actionableCase(caller: Caller, process: Process, id: string, action: string, normalize: NormalizeState) {
    const found = await visibleCase(caller, process, id, normalize);
    if (decisionOn(tree, caller, { process, parties: found.state.parties }, action) !== 'allow') {
      throw new ApiError(403, ErrorCodes.FORBIDDEN, `your role may not ${action.replace(/-/g, ' ')} on this ${processLabel(process)}`);
    }
    return found;
  }

  /** The open-case cap, asked of new submissions only (a retry replays); a refused key is given back. */
  async function refuseOverCap(departmentId: string, key?: string): Promise<void> {
    try {
      await checkOpenCaseCap(db, departmentId, maxOpenCasesPerRequester);
    } catch (err) {
      if (key) await releaseSubmission(db, departmentId, key);
      throw err;
    }
  }

  return {
    visibleCase,
    actionableCase,

    /** Opens a case with update-with-start (one round trip); a repeated key replays the first outcome. */
    async open<I>(o: {
      process: Process;
      caller: Caller;
      body: unknown;
      key?: string;
      build: (caseId: string, receivedAt: Date) => Promise<I>;
      summary: (input: I) => string;
      normalize: NormalizeState;
    }): Promise<{ replayed: boolean; state: CaseState }> {
      const departmentId = o.caller.organisationId;
      const caseId = caseIdFor(o.process, departmentId, o.key);
      const input = await o.build(caseId, new Date());
      let first = true;
      if (o.key) {
        ({ first } = await claimSubmission(db, { departmentId, key: o.key, process: o.process, hash: requestHash(o.body), caseId }));
        if (!first) {
          const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
          if (row) return { replayed: true, state: o.normalize(row.state) };
          // The first attempt claimed the key but never opened the case (e.g. Temporal was down): this
          // one does. That attempt passed the cap (a refused one gives its key back), so this is not asked again.
          first = true;
        } else await refuseOverCap(departmentId, o.key);
      } else await refuseOverCap(departmentId);
      try {
        const state = await call(() => asActor(actorOf(o.caller), () =>
          temporal.workflow.executeUpdateWithStart(openedUpdate, {
            startWorkflowOperation: new WithStartWorkflowOperation(workflowTypeOf(o.process), {
              taskQueue: TASK_QUEUE,
              workflowId: workflowIdFor(o.process, caseId),
              args: [{ input }],
              // A retried POST finds the running case; a case whose opening failed may be opened again.
              workflowIdConflictPolicy: 'USE_EXISTING',
              workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
              staticSummary: o.summary(input),
            }),
          })),
        );
        return { replayed: !first, state: o.normalize(state) };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
          if (row) return { replayed: true, state: o.normalize(row.state) };
          // Temporal has a closed case the record lacks (a restored database): never open it twice.
          throw new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, 'this case was opened before and has ended, but the record does not have it');
        }
        const rejected = rejectedCommand(err);
        if (rejected && o.key && first) await releaseSubmission(db, departmentId, o.key);
        throw rejected ?? err;
      }
    },

    /** Sends a command (a workflow update); with a key, its first outcome is replayed to any retry. */
    async command<C extends { actor: Actor }>(o: {
      process: Process;
      caller: Caller;
      id: string;
      name: string;
      update: UpdateDefinition<unknown, [C]>;
      body: Omit<C, 'actor'>;
      key?: string;
      normalize: NormalizeState;
      /** Checks that need the database, after the policy. */
      precheck?: () => Promise<void>;
      /** What the server adds to the body (e.g. the Art. 20 approval and its time); not part of the idempotency hash. */
      enrich?: () => Record<string, unknown>;
      view: (state: CaseState) => unknown;
    }): Promise<{ replayed: boolean; outcome: StoredOutcome }> {
      const { row } = await actionableCase(o.caller, o.process, o.id, o.name, o.normalize);
      const departmentId = o.caller.organisationId;
      let first = true;
      let updateId: string = randomUUID();
      if (o.key) {
        updateId = `cmd-${createHash('sha256').update(`${o.id}\n${o.key}`).digest('hex').slice(0, 32)}`;
        const claim = await claimCommand(db, { caseId: o.id, key: o.key, departmentId, command: o.name, hash: requestHash({ command: o.name, body: o.body }), updateId });
        if (claim.outcome) return { replayed: true, outcome: claim.outcome };
        first = claim.first;
      }
      let outcome: StoredOutcome;
      try {
        await o.precheck?.();
        // The actor travels in the principal header (identity/temporalHeaders.ts), not in the body.
        const cmd = { ...o.body, ...o.enrich?.() } as C;
        const state = await call(() => asActor(actorOf(o.caller), () => temporal.workflow.getHandle(row.workflowId).executeUpdate(o.update, { args: [cmd], updateId })));
        outcome = { status: 200, body: o.view(o.normalize(state)) };
      } catch (err) {
        let apiError = err instanceof ApiError ? err : rejectedCommand(err);
        if (!apiError && err instanceof WorkflowNotFoundError) {
          // The workflow has ended (or left retention): the read model says how.
          const [now] = await db.select({ stage: cases.stage }).from(cases).where(eq(cases.id, o.id));
          apiError = new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, `the case has ended (${now?.stage ?? row.stage})`, { stage: now?.stage ?? row.stage });
        }
        if (!apiError) throw err; // Temporal or PostgreSQL unavailable: nothing is stored, a retry goes through
        // Stored as answered: problem details (outcomes stored before them are converted when replayed).
        outcome = { status: apiError.status, body: problemOf(apiError) };
      }
      if (o.key) await storeOutcome(db, o.id, o.key, outcome);
      return { replayed: !first, outcome };
    },

    /**
     * One case with its hash-chained events, served exactly as they were hashed, and the state as
     * recorded: a party recomputes the whole chain and the last stateHash from this answer alone
     * (Art. 29, 35; README "Verifying a case"). Superseded attempts are served too, apart.
     */
    async read(caller: Caller, process: Process, id: string, normalize: NormalizeState) {
      const { row, state } = await visibleCase(caller, process, id, normalize);
      const rows = await db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.seq), asc(caseEvents.revision));
      const served = (e: (typeof rows)[number]) => ({
        seq: e.seq,
        revision: e.revision,
        type: e.type,
        at: shanghaiIso(e.at),
        actor: e.actor,
        data: e.data,
        prevHash: e.prevHash,
        hash: e.hash,
        stateHash: e.stateHash,
        hashFormat: e.hashFormat,
      });
      const { chain, superseded } = splitChain(rows);
      return { state, recordedState: row.state, events: chain.map(served), supersededEvents: superseded.map(served) };
    },

    /**
     * A page of the cases the caller may see, newest first. A department's own cases are read
     * through its `case_parties` rows (one index range, newest first); an authority's through the
     * jurisdictions it supervises.
     */
    async list(caller: Caller, q: { process?: Process; party?: string; stage?: string; overdue?: boolean; jurisdiction?: string; limit: number; cursor?: string }, extra: Record<string, SQL> = {}) {
      // A role that reads no case (a department's administrator) lists none, whatever its department.
      if (!readsCases(effectiveRole(caller))) return { items: [], nextCursor: null };
      const throughParties = caller.department !== undefined && caller.department.sector !== AUTHORITY_SECTOR;
      const [orderAt, orderId] = throughParties ? [caseParties.openedAt, caseParties.caseId] : [cases.openedAt, cases.id];
      const filters: SQL[] = [throughParties ? and(eq(caseParties.departmentId, caller.organisationId), inArray(caseParties.role, ['requester', 'provider']))! : visibleTo(tree, caller)];
      if (q.process) filters.push(eq(cases.process, q.process));
      if (q.party) filters.push(sql`${cases.id} IN (SELECT p.case_id FROM ${caseParties} p WHERE p.department_id = ${q.party} AND p.role <> 'authority')`);
      if (q.stage) filters.push(eq(cases.stage, q.stage));
      if (q.overdue !== undefined) filters.push(eq(cases.overdue, q.overdue));
      if (q.jurisdiction) filters.push(eq(cases.jurisdictionCode, q.jurisdiction));
      if (q.cursor) {
        const c = decodeCursor(q.cursor);
        filters.push(or(lt(orderAt, c.at), and(eq(orderAt, c.at), lt(orderId, c.id)))!);
      }
      const partyOf = (role: string) => sql<string | null>`(SELECT p.department_id FROM ${caseParties} p WHERE p.case_id = ${cases.id} AND p.role = ${role} LIMIT 1)`;
      const columns = {
        id: cases.id,
        process: cases.process,
        stage: cases.stage,
        overdue: cases.overdue,
        ruleSet: cases.ruleSet,
        jurisdiction: cases.jurisdictionCode,
        catalogueEntryId: cases.catalogueEntryId,
        dueAt: cases.dueAt,
        provisional: cases.provisional,
        openViolations: cases.openViolations,
        openedAt: cases.openedAt,
        updatedAt: cases.updatedAt,
        requester: partyOf('requester'),
        provider: partyOf('provider'),
        ...extra,
      };
      const base = throughParties
        ? db.select(columns).from(caseParties).innerJoin(cases, eq(cases.id, caseParties.caseId))
        : db.select(columns).from(cases);
      const rows = await base
        .where(and(...filters))
        .orderBy(desc(orderAt), desc(orderId))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({ ...r, dueAt: r.dueAt ? shanghaiIso(r.dueAt) : null, openedAt: shanghaiIso(r.openedAt), updatedAt: shanghaiIso(r.updatedAt) })),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.openedAt, last.id) : null,
      };
    },
  };
}

/** The workflow type of each process (its function's name in workflows/index.ts). */
function workflowTypeOf(process: Process): string {
  return process.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

export type CaseService = ReturnType<typeof caseService>;
