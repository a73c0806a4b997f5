// The share-request use cases behind the routes: submit (idempotent start), commands (updates),
// reads (read model in PostgreSQL). Temporal errors become typed API errors here.
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import { and, asc, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../db/client';
import { caseEvents, shareRequests } from '../../db/schema';
import type { JurisdictionTree } from '../../rules/jurisdictions';
import { AUTHORITY_SECTOR } from '../../rules/seedData';
import {
  ERROR_STATUS,
  ErrorCodes,
  shareRequestWorkflowId,
  startedUpdate,
  TASK_QUEUE,
  TERMINAL_STAGES,
  type Actor,
  type Approval,
  type ErrorCode,
  type ShareRequestState,
} from '../../workflows/shared';
import { ApiError, badRequest, notFound } from '../errors';
import { callTemporal, DEFAULT_TEMPORAL_CALL_TIMEOUT_MS } from '../infrastructure';
import type { Caller } from '../caller';
import type { ListQuery, SubmissionBody } from './schemas';
import { caseView, toShanghaiIso } from './view';
import { assembleShareRequestInput, checkApproval } from './input';

export interface ShareRequestDeps {
  db: Database;
  tree: JurisdictionTree;
  temporal: Client;
  /** Deadline of each call into Temporal (ms). */
  callTimeoutMs?: number;
}

/** The same requester and idempotency key always name the same case. */
export function caseIdFor(requesterId: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return `sr-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  return `sr-${createHash('sha256').update(`${requesterId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

/** Maps a rejected or failed update to its API error (the ApplicationFailure type is our code). */
function fromTemporal(err: unknown): never {
  if (err instanceof WorkflowNotFoundError) throw notFound('no such share request');
  const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type && cause.type in ERROR_STATUS) {
    const code = cause.type as ErrorCode;
    throw new ApiError(ERROR_STATUS[code], code, cause.message);
  }
  throw err;
}

export function shareRequestService({ db, tree, temporal, callTimeoutMs = DEFAULT_TEMPORAL_CALL_TIMEOUT_MS }: ShareRequestDeps) {
  const call = <R>(fn: () => Promise<R>) => callTemporal(temporal, callTimeoutMs, fn);

  async function loadRow(id: string) {
    const [row] = await db.select().from(shareRequests).where(eq(shareRequests.id, id));
    if (!row) throw notFound(`no share request ${id}`);
    return row;
  }

  function canSee(caller: Caller, row: { requesterDepartmentId: string; providerDepartmentId: string; jurisdictionCode: string }): boolean {
    const d = caller.department;
    if (d.id === row.requesterDepartmentId || d.id === row.providerDepartmentId) return true;
    // An authority supervises its own jurisdiction and everything below it.
    return d.sector === AUTHORITY_SECTOR && tree.isWithin(row.jurisdictionCode, d.jurisdictionCode);
  }

  async function readState(id: string): Promise<ShareRequestState> {
    const row = await loadRow(id);
    return row.state as ShareRequestState;
  }

  return {
    async submit(caller: Caller, body: z.infer<typeof SubmissionBody>, idempotencyKey?: string) {
      const id = caseIdFor(caller.department.id, idempotencyKey);
      const input = await assembleShareRequestInput(db, caller.department, body, id, new Date());
      let state: ShareRequestState;
      try {
        const handle = await call(() => temporal.workflow.start('shareRequest', {
          taskQueue: TASK_QUEUE,
          workflowId: shareRequestWorkflowId(id),
          args: [input],
          // A retried POST finds the running case; a finished case is never started again.
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          staticSummary: `Share request ${input.catalogueEntry.nameZh}: ${input.requester.departmentId} → ${input.provider.departmentId}`,
        }));
        // Answers once the first deadline is stored; a case that ends at once (not shared) is read back.
        state = await call(() => handle.executeUpdate(startedUpdate)).catch((err) => readState(id).catch(() => Promise.reject(err)));
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        state = await readState(id); // the case already ran to its end
      }
      const replayed = state.input.receivedAt !== input.receivedAt;
      if (replayed && JSON.stringify(state.input.submission) !== JSON.stringify(body)) {
        throw new ApiError(409, ErrorCodes.IDEMPOTENCY_KEY_REUSED, 'this Idempotency-Key was used for a different request');
      }
      return { replayed, case: caseView(state) };
    },

    async command<Cmd extends { actor: Actor }>(
      caller: Caller,
      id: string,
      update: UpdateDefinition<ShareRequestState, [Cmd]>,
      body: Omit<Cmd, 'actor'>,
      approval?: Approval,
    ) {
      const row = await loadRow(id);
      if (TERMINAL_STAGES.includes(row.stage)) {
        throw new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, `the case has ended (${row.stage})`);
      }
      if (approval) await checkApproval(db, caller.department.id, approval);
      const cmd = { ...body, actor: { departmentId: caller.department.id, staffId: caller.staffId } } as Cmd;
      try {
        const state = await call(() => temporal.workflow.getHandle(row.workflowId).executeUpdate(update, { args: [cmd] }));
        return caseView(state);
      } catch (err) {
        fromTemporal(err);
      }
    },

    async get(caller: Caller, id: string) {
      const row = await loadRow(id);
      if (!canSee(caller, row)) throw new ApiError(403, ErrorCodes.WRONG_PARTY, 'only the parties and their supervising authorities see this case');
      const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.seq));
      return {
        ...caseView(row.state as ShareRequestState),
        events: events.map((e) => ({ seq: e.seq, type: e.type, at: toShanghaiIso(e.at), actor: e.actor, data: e.data, hash: e.hash })),
      };
    },

    async list(caller: Caller, q: z.infer<typeof ListQuery>) {
      const d = caller.department;
      const filters: SQL[] = [];
      if (d.sector === AUTHORITY_SECTOR) {
        const scope = tree.list().filter((j) => tree.isWithin(j.code, d.jurisdictionCode)).map((j) => j.code);
        filters.push(inArray(shareRequests.jurisdictionCode, scope));
      } else {
        filters.push(or(eq(shareRequests.requesterDepartmentId, d.id), eq(shareRequests.providerDepartmentId, d.id))!);
      }
      if (q.party) filters.push(or(eq(shareRequests.requesterDepartmentId, q.party), eq(shareRequests.providerDepartmentId, q.party))!);
      if (q.stage) filters.push(eq(shareRequests.stage, q.stage));
      if (q.overdue !== undefined) filters.push(eq(shareRequests.overdue, q.overdue));
      if (q.jurisdiction) filters.push(eq(shareRequests.jurisdictionCode, q.jurisdiction));
      if (q.cursor) {
        const c = decodeCursor(q.cursor);
        filters.push(or(lt(shareRequests.receivedAt, c.at), and(eq(shareRequests.receivedAt, c.at), lt(shareRequests.id, c.id)))!);
      }
      const rows = await db
        .select({
          id: shareRequests.id,
          stage: shareRequests.stage,
          overdue: shareRequests.overdue,
          ruleSet: shareRequests.ruleSet,
          requester: shareRequests.requesterDepartmentId,
          provider: shareRequests.providerDepartmentId,
          catalogueEntryId: shareRequests.catalogueEntryId,
          jurisdiction: shareRequests.jurisdictionCode,
          sharingAttribute: shareRequests.sharingAttribute,
          dueAt: shareRequests.dueAt,
          receivedAt: shareRequests.receivedAt,
          provisional: shareRequests.provisional,
        })
        .from(shareRequests)
        .where(and(...filters))
        .orderBy(desc(shareRequests.receivedAt), desc(shareRequests.id))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        shareRequests: page.map((r) => ({ ...r, dueAt: r.dueAt ? toShanghaiIso(r.dueAt) : null, receivedAt: toShanghaiIso(r.receivedAt) })),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.receivedAt, last.id) : null,
      };
    },
  };
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime())) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'cursor is not one this API gave out');
  return { at: date, id };
}
