// Art. 20 drafts: staff draft a share request or a reply; their sharing office head approves it —
// only then is it sent (a submission's receipt, which starts the provider's clock, is the moment of
// approval; a drafted reply does not stop the reply clock) — or returns it with a note. Drafts are
// seen by their department only and are not cases: no list, ledger or overdue query has them.
import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cases as caseRows, drafts, type DraftRow } from '../../db/schema';
import { effectiveRole } from '../../identity/principal';
import { decideOnDraft, DRAFT_POLICY } from '../../identity/policy';
import { ErrorCodes, replyUpdate, type ShareRequestInput } from '../../workflows/shared';
import { shanghaiIso } from '../../workflows/case/time';
import { callerOf, type Caller } from '../caller';
import { ApiError, notFound, parseInput } from '../errors';
import { sendOutcome } from '../problem';
import type { CaseService } from '../cases/service';
import { authorizeOpening } from '../cases/opening';
import { approvalBy, assembleShareRequestInput } from './input';
import * as schemas from './schemas';
import { normalizeShareRequest, shareRequestView } from './view';
import type { UpdateDefinition } from '@temporalio/common';

export const DEFAULT_DRAFT_EXPIRY_DAYS = 30;
const ReturnBody = schemas.ReturnDraftBody;

const draftView = (d: DraftRow, now = new Date()) => ({
  id: d.id,
  kind: d.kind,
  ...(d.caseId ? { caseId: d.caseId } : {}),
  status: d.status !== 'approved' && d.expiresAt <= now ? 'expired' : d.status,
  body: d.body,
  ...(d.note ? { note: d.note } : {}),
  createdBy: d.createdBy,
  createdAt: shanghaiIso(d.createdAt),
  updatedBy: d.updatedBy,
  updatedAt: shanghaiIso(d.updatedAt),
  expiresAt: shanghaiIso(d.expiresAt),
  ...(d.approvedBy ? { approvedBy: d.approvedBy, approvedAt: shanghaiIso(d.approvedAt!), resultCaseId: d.resultCaseId } : {}),
});

export interface DraftDeps {
  db: Database;
  cases: CaseService;
  expiryDays?: number;
  /** The submission's schema, with the usage period's bounds (USAGE_PERIOD_MAX_YEARS). */
  submissionBody?: typeof schemas.SubmissionBody;
}

export function draftRoutes({ db, cases, expiryDays = DEFAULT_DRAFT_EXPIRY_DAYS, submissionBody = schemas.SubmissionBody }: DraftDeps) {
  const expiry = (from: Date) => new Date(from.getTime() + expiryDays * 86_400_000);

  /** The draft if the caller's department drafted it (else 404) and the policy allows `action` (else 403). */
  async function draftFor(req: Request, action: keyof typeof DRAFT_POLICY): Promise<{ caller: Caller; draft: DraftRow }> {
    const caller = callerOf(req);
    const [draft] = await db.select().from(drafts).where(eq(drafts.id, String(req.params.draftId)));
    const decision = decideOnDraft(action, effectiveRole(caller), draft !== undefined && draft.departmentId === caller.department?.id);
    if (!draft || decision === 'not-found') throw notFound(`no draft ${String(req.params.draftId)}`);
    if (decision === 'forbidden') throw new ApiError(403, ErrorCodes.FORBIDDEN, `only the sharing office head may ${action} a draft (Art. 20)`);
    return { caller, draft };
  }

  function stillOpen(d: DraftRow): void {
    if (d.status === 'approved') throw new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, 'the draft was approved and sent', { stage: 'approved' });
    if (d.expiresAt <= new Date()) throw new ApiError(409, ErrorCodes.DRAFT_EXPIRED, `the draft expired at ${shanghaiIso(d.expiresAt)}`, { stage: 'expired' });
  }

  async function create(caller: Caller, kind: 'share-request' | 'reply', body: unknown, caseId?: string) {
    const now = new Date();
    const [row] = await db
      .insert(drafts)
      .values({ id: `dr-${randomUUID().replace(/-/g, '').slice(0, 24)}`, kind, departmentId: caller.department!.id, caseId, body, status: 'draft', createdBy: caller.userId, createdAt: now, updatedBy: caller.userId, updatedAt: now, expiresAt: expiry(now) })
      .returning();
    return draftView(row!);
  }

  /** Sends what the draft holds, as the approving head: opens the case, or replies on it. */
  async function send(head: Caller, d: DraftRow): Promise<{ status: number; body: unknown }> {
    const drafted = { draftId: d.id, draftedBy: d.createdBy };
    if (d.kind === 'share-request') {
      const body = parseInput(submissionBody, d.body);
      const { replayed, state } = await cases.open<ShareRequestInput>({
        process: 'share-request',
        caller: head,
        body,
        key: `draft:${d.id}`,
        build: async (id, receivedAt) => {
          const input = await assembleShareRequestInput(db, head, body, id, receivedAt);
          return { ...input, submission: { ...input.submission, approval: { ...input.submission.approval, ...drafted } } };
        },
        summary: (i) => `Share request ${i.catalogueEntry.nameZh}: ${i.requester.departmentId} → ${i.provider.departmentId}`,
        normalize: normalizeShareRequest,
      });
      await markApproved(head, d, state.id);
      return { status: replayed ? 200 : 201, body: shareRequestView(state) };
    }
    const { outcome } = await cases.command({
      process: 'share-request',
      caller: head,
      id: d.caseId!,
      name: 'reply',
      update: replyUpdate as unknown as UpdateDefinition<unknown, [never]>,
      body: parseInput(schemas.ReplyBody, d.body) as never,
      key: `draft:${d.id}`,
      normalize: normalizeShareRequest,
      enrich: () => ({ approval: { ...approvalBy(head, new Date()), ...drafted } }),
      view: shareRequestView,
    });
    if (outcome.status < 300) await markApproved(head, d, d.caseId!);
    return outcome;
  }

  async function markApproved(head: Caller, d: DraftRow, caseId: string): Promise<void> {
    const now = new Date();
    await db
      .update(drafts)
      .set({ status: 'approved', approvedBy: head.userId, approvedAt: now, resultCaseId: caseId, updatedBy: head.userId, updatedAt: now })
      .where(and(eq(drafts.id, d.id), inArray(drafts.status, ['draft', 'returned'])));
  }

  const router = Router();

  /** A submission drafted by the requester's staff (or head). */
  router.post('/', async (req, res) => {
    const caller = callerOf(req);
    authorizeOpening(caller, 'share-request', 'submission-draft', 'requester');
    const body = parseInput(submissionBody, req.body);
    res.status(201).json(await create(caller, 'share-request', body));
  });

  router.get('/', async (req, res) => {
    const caller = callerOf(req);
    if (decideOnDraft('read', effectiveRole(caller), true) !== 'allow' || !caller.department) return void res.json({ drafts: [] });
    const rows = await db.select().from(drafts).where(eq(drafts.departmentId, caller.department.id)).orderBy(desc(drafts.updatedAt)).limit(200);
    res.json({ drafts: rows.map((d) => draftView(d)) });
  });

  router.get('/:draftId', async (req, res) => {
    res.json(draftView((await draftFor(req, 'read')).draft));
  });

  /** Staff (or the head) edit a draft or a returned one; the note stays until it is sent again. */
  router.put('/:draftId', async (req, res) => {
    const { caller, draft } = await draftFor(req, 'edit');
    stillOpen(draft);
    const body = parseInput(draft.kind === 'reply' ? schemas.ReplyBody : submissionBody, req.body);
    const [row] = await db
      .update(drafts)
      .set({ body, status: 'draft', updatedBy: caller.userId, updatedAt: new Date() })
      .where(and(eq(drafts.id, draft.id), inArray(drafts.status, ['draft', 'returned']), sql`${drafts.expiresAt} > now()`))
      .returning();
    if (!row) throw new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, 'the draft changed meanwhile; read it again');
    res.json(draftView(row));
  });

  /** Art. 20: the head approves — the draft is sent now, as the head's, at the server's time. */
  router.post('/:draftId/approval', async (req, res) => {
    const { caller, draft } = await draftFor(req, 'approve');
    if (draft.status === 'approved') {
      const [c] = await db.select().from(caseRows).where(eq(caseRows.id, draft.resultCaseId!));
      return void res.status(200).set('Idempotent-Replayed', 'true').json(c ? shareRequestView(normalizeShareRequest(c.state)) : draftView(draft));
    }
    stillOpen(draft);
    sendOutcome(res, await send(caller, draft));
  });

  router.post('/:draftId/return', async (req, res) => {
    const { caller, draft } = await draftFor(req, 'return');
    stillOpen(draft);
    const { note } = parseInput(ReturnBody, req.body ?? {});
    const [row] = await db
      .update(drafts)
      .set({ status: 'returned', note, updatedBy: caller.userId, updatedAt: new Date() })
      .where(and(eq(drafts.id, draft.id), inArray(drafts.status, ['draft', 'returned'])))
      .returning();
    if (!row) throw new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, 'the draft was approved meanwhile', { stage: 'approved' });
    res.json(draftView(row));
  });

  return { router, create };
}
