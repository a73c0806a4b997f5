// The one way to open a case and the one way to send it a command, for every registered process;
// reads come from the read model. Temporal is asked only after PostgreSQL has decided idempotency.
import { createHash, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { caseEvents, caseLinks, caseNotes, caseParties, cases, type CaseRow } from '../../db/schema';
import type { JurisdictionTree } from '../../rules/jurisdictions';
import { ErrorCodes, openedUpdate, TASK_QUEUE, workflowIdFor, type ApprovedDraft, type CaseState } from '../../workflows/shared';
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
import type { PreparedOpening, ProcessRegistry, RegisteredProcess } from './registry';
import { caseView } from './view';
import { statusOf, untilAnswered } from './unanswered';

export interface CaseServiceDeps {
  db: Database;
  tree: JurisdictionTree;
  temporal: Client;
  processes: ProcessRegistry;
  /** Deadline of every call into Temporal (TEMPORAL_CALL_TIMEOUT_MS). */
  callTimeoutMs?: number;
  /** MAX_OPEN_CASES_PER_REQUESTER: cases a department has opened and that are not closed; 0 or absent: no cap. */
  maxOpenCasesPerOpener?: number;
}

/**
 * The same department and key always name the same case, so a retry finds its case; without a key,
 * a fresh one.
 */
export function caseIdFor(prefix: string, departmentId: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  return `${prefix}-${createHash('sha256').update(`${departmentId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

/** A command key names one command of one department on one case: another party's same key is another command. */
const updateIdFor = (caseId: string, departmentId: string, key: string) => `cmd-${createHash('sha256').update(`${caseId}\n${departmentId}\n${key}`).digest('hex').slice(0, 32)}`;

export function caseService({ db, tree, temporal, processes, callTimeoutMs = 10_000, maxOpenCasesPerOpener = 0 }: CaseServiceDeps) {
  const call = <R>(fn: () => Promise<R>) => callTemporal(temporal, callTimeoutMs, fn);

  /** The case if the caller may see it; otherwise 404, as if it did not exist. */
  async function visibleCase(caller: Caller, p: RegisteredProcess, id: string): Promise<{ row: CaseRow; state: CaseState }> {
    const [row] = await db.select().from(cases).where(and(eq(cases.id, id), eq(cases.process, p.declaration.process)));
    if (!row || !canSee(tree, caller, p.policy, row.state.parties)) throw notFound(`no ${p.label} ${id}`);
    return { row, state: row.state };
  }

  /** The case if the policy lets the caller do `action` on it: 404 if it may not see it, 403 if it may not act. */
  async function actionableCase(caller: Caller, p: RegisteredProcess, id: string, action: string) {
    const found = await visibleCase(caller, p, id);
    if (decisionOn(tree, caller, p.policy, found.state.parties, action) !== 'allow') {
      throw new ApiError(403, ErrorCodes.FORBIDDEN, `your role may not ${action.replace(/-/g, ' ')} on this ${p.label}`);
    }
    return found;
  }

  /** The open-case cap, asked of new submissions only (a retry replays); a refused key is given back. */
  async function refuseOverCap(departmentId: string, key?: string): Promise<void> {
    try {
      await checkOpenCaseCap(db, processes, departmentId, maxOpenCasesPerOpener);
    } catch (err) {
      if (key) await releaseSubmission(db, departmentId, key);
      throw err;
    }
  }

  /** The stage the read model has for a case (after its workflow closed under a command). */
  async function endedAnswer(id: string, fallback: string): Promise<ApiError> {
    const [now] = await db.select({ stage: cases.stage }).from(cases).where(eq(cases.id, id));
    const stage = now?.stage ?? fallback;
    return new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, `the case has ended (${stage})`, { stage });
  }

  return {
    visibleCase,
    actionableCase,

    /**
     * Opens a case with update-with-start (one round trip). A repeated key answers the same case as a
     * replay — also while the first request is still opening it: exactly one answer is 201.
     */
    async open(p: RegisteredProcess, caller: Caller, prepared: PreparedOpening, o: { key?: string; draft?: ApprovedDraft } = {}): Promise<{ replayed: boolean; state: CaseState }> {
      const departmentId = caller.organisationId;
      const caseId = caseIdFor(p.declaration.idPrefix, departmentId, o.key);
      const { input, summary } = await prepared.build({ db, tree, caller, id: caseId, receivedAt: new Date() });
      let first = true;
      if (o.key) {
        ({ first } = await claimSubmission(db, { departmentId, key: o.key, process: p.declaration.process, hash: requestHash(prepared.body), caseId }));
        if (!first) {
          const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
          if (row) return { replayed: true, state: row.state };
          // Opened by a request still in flight, or by one that never reached Temporal: either way
          // the business workflow ID joins this one to that case (USE_EXISTING) and it is a replay.
          // The first request passed the cap (a refused one gives its key back).
        } else await refuseOverCap(departmentId, o.key);
      } else await refuseOverCap(departmentId);
      try {
        const state = await call(() =>
          asActor({ ...actorOf(caller), ...(o.draft ? { draft: o.draft } : {}) }, () =>
            temporal.workflow.executeUpdateWithStart(openedUpdate, {
              startWorkflowOperation: new WithStartWorkflowOperation(p.declaration.workflowType, {
                taskQueue: TASK_QUEUE,
                workflowId: workflowIdFor(p.declaration.process, caseId),
                args: [{ input }],
                // A retried POST finds the running case; a case whose opening failed may be opened again.
                workflowIdConflictPolicy: 'USE_EXISTING',
                workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
                staticSummary: summary,
              }),
            }),
          ),
        );
        return { replayed: !first, state };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
          if (row) return { replayed: true, state: row.state };
          // Temporal has a closed case the record lacks (a restored database): never open it twice.
          throw new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, 'this case was opened before and has ended, but the record does not have it');
        }
        const rejected = rejectedCommand(err, p.declaration.errors);
        if (rejected && o.key && first) await releaseSubmission(db, departmentId, o.key);
        throw rejected ?? err;
      }
    },

    /** Sends a command (a workflow update); with a key, its first outcome is replayed to any retry of the same department. */
    async command(
      p: RegisteredProcess,
      caller: Caller,
      id: string,
      name: string,
      raw: unknown,
      o: { key?: string; draft?: ApprovedDraft } = {},
    ): Promise<{ replayed: boolean; outcome: StoredOutcome }> {
      const spec = p.allCommands[name]!;
      const { row } = await actionableCase(caller, p, id, name);
      const prepared = spec.prepare(raw);
      const departmentId = caller.organisationId;
      let first = true;
      let updateId: string = randomUUID();
      if (o.key) {
        updateId = updateIdFor(id, departmentId, o.key);
        const claim = await claimCommand(db, { caseId: id, key: o.key, departmentId, command: name, hash: requestHash({ command: name, body: prepared.body }), updateId });
        if (claim.outcome) return { replayed: true, outcome: claim.outcome };
        first = claim.first;
      }
      const ctx = { db, tree, caller, caseId: id };
      let outcome: StoredOutcome;
      try {
        await prepared.precheck(ctx);
        const handle = temporal.workflow.getHandle(row.workflowId);
        const state = await untilAnswered(
          () => call(() => asActor({ ...actorOf(caller), ...(o.draft ? { draft: o.draft } : {}) }, () => prepared.send(handle, updateId))),
          () => call(() => statusOf(() => handle.describe())),
        );
        if (state === 'ended') throw await endedAnswer(id, row.stage);
        outcome = { status: 200, body: caseView(p, state) };
      } catch (err) {
        let apiError = err instanceof ApiError ? err : rejectedCommand(err, p.declaration.errors);
        // The workflow has ended (or left retention): the read model says how.
        if (!apiError && err instanceof WorkflowNotFoundError) apiError = await endedAnswer(id, row.stage);
        // Temporal or PostgreSQL unavailable, or no verdict: nothing is stored, a retry goes through.
        if (!apiError || apiError.status >= 500) throw err;
        await prepared.undo(ctx);
        // Stored as answered: problem details.
        outcome = { status: apiError.status, body: problemOf(apiError) };
      }
      if (o.key) await storeOutcome(db, { caseId: id, departmentId, key: o.key }, outcome);
      return { replayed: !first, outcome };
    },

    /**
     * One case with its hash-chained events, served exactly as they were hashed, and the state as
     * recorded: a party recomputes the whole chain and the last stateHash from this answer alone
     * (Art. 29, 35; docs/audit.md "Verifying a case"). Superseded attempts are served too, apart;
     * the cases that name it; and the notes meant for the caller's department.
     */
    async read(caller: Caller, p: RegisteredProcess, id: string) {
      const { row, state } = await visibleCase(caller, p, id);
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
      const linkedFrom = await db
        .select({ caseId: caseLinks.caseId, relation: caseLinks.relation, process: cases.process, stage: cases.stage, parties: sql<CaseState['parties']>`${cases.state}->'parties'` })
        .from(caseLinks)
        .innerJoin(cases, eq(cases.id, caseLinks.caseId))
        .where(eq(caseLinks.linkedCaseId, id))
        .orderBy(asc(caseLinks.createdAt), asc(caseLinks.caseId));
      const own = await db.select().from(caseNotes).where(and(eq(caseNotes.caseId, id), eq(caseNotes.departmentId, caller.organisationId)));
      const noteSeq = new Map(chain.flatMap((e) => ((e.data as { noteHash?: unknown } | null)?.noteHash ? [[(e.data as { noteHash: string }).noteHash, e.seq] as const] : [])));
      return {
        view: caseView(p, state),
        recordedState: row.state,
        events: chain.map(served),
        supersededEvents: superseded.map(served),
        // A linking case the caller may not see stays unnamed.
        linkedFrom: linkedFrom
          .filter((l) => {
            const lp = processes.get(l.process);
            return lp !== undefined && canSee(tree, caller, lp.policy, l.parties);
          })
          .map(({ parties: _parties, ...l }) => l),
        notes: own.filter((n) => noteSeq.has(n.noteHash)).map((n) => ({ seq: noteSeq.get(n.noteHash)!, noteHash: n.noteHash, nonce: n.nonce, note: n.note })),
      };
    },

    /**
     * A page of the process's cases the caller may see, newest first. A department's own cases are
     * read through its `case_parties` rows (one index range, newest first); an authority's through the
     * jurisdictions it supervises.
     */
    async list(caller: Caller, p: RegisteredProcess, q: { party?: string; stage?: string; overdue?: boolean; jurisdiction?: string; limit: number; cursor?: string }, extra: Record<string, SQL> = {}) {
      // A role that reads no case (a department's administrator) lists none, whatever its department.
      if (!readsCases([p.policy], effectiveRole(caller))) return { items: [], nextCursor: null };
      const throughParties = caller.department !== undefined && caller.department.sector !== AUTHORITY_SECTOR;
      const [orderAt, orderId] = throughParties ? [caseParties.openedAt, caseParties.caseId] : [cases.openedAt, cases.id];
      const filters: SQL[] = [
        throughParties ? and(eq(caseParties.departmentId, caller.organisationId), inArray(caseParties.standing, ['party', 'coordinator']))! : visibleTo(tree, caller),
        eq(cases.process, p.declaration.process),
      ];
      if (q.party) filters.push(sql`${cases.id} IN (SELECT pp.case_id FROM ${caseParties} pp WHERE pp.department_id = ${q.party} AND pp.standing <> 'authority')`);
      if (q.stage) filters.push(eq(cases.stage, q.stage));
      if (q.overdue !== undefined) filters.push(eq(cases.overdue, q.overdue));
      if (q.jurisdiction) filters.push(eq(cases.jurisdictionCode, q.jurisdiction));
      if (q.cursor) {
        const c = decodeCursor(q.cursor);
        filters.push(or(lt(orderAt, c.at), and(eq(orderAt, c.at), lt(orderId, c.id)))!);
      }
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
        parties: sql<Record<string, string>>`(SELECT json_object_agg(pp.role, pp.department_id) FROM ${caseParties} pp WHERE pp.case_id = ${cases.id})`,
        ...extra,
      };
      // A department's own list through its parties' rows; everyone else's through the cases.
      const base = throughParties ? db.select(columns).from(caseParties).innerJoin(cases, eq(cases.id, caseParties.caseId)) : db.select(columns).from(cases);
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

export type CaseService = ReturnType<typeof caseService>;
