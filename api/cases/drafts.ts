// Drafts awaiting a head (Art. 20 for a share request and its reply; whatever opening or command a
// process marks with `draft`): staff draft, their head approves — only then is it sent, as the head's,
// naming who drafted and who edited it last — or returns it with a note. The head approves the
// version it read (If-Match or `version`): a draft changed since answers 409 and must be read again.
// Drafts are seen by their department only and are not cases: no list, ledger or overdue query has them.
import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cases as caseRows, drafts, type DraftRow } from '../../db/schema';
import { effectiveRole } from '../../identity/principal';
import { decideOnDraft, DRAFT_POLICY } from '../../identity/policy';
import { ErrorCodes, type ApprovedDraft } from '../../workflows/shared';
import { shanghaiIso } from '../../workflows/case/time';
import { callerOf, type Caller } from '../caller';
import { ApiError, badRequest, notFound, parseInput } from '../errors';
import { sendOutcome } from '../problem';
import type { ProcessRegistry, RegisteredProcess } from './registry';
import type { CaseService } from './service';
import { ApproveDraftBody, ReturnDraftBody } from './schemas';
import { caseView } from './view';

export const DEFAULT_DRAFT_EXPIRY_DAYS = 30;

/** The statuses a draft may be edited, returned or approved in. */
const OPEN_STATUSES = ['draft', 'returned'];

export const draftView = (d: DraftRow, now = new Date()) => ({
  id: d.id,
  process: d.process,
  action: d.action,
  ...(d.caseId ? { caseId: d.caseId } : {}),
  status: d.status !== 'approved' && d.expiresAt <= now ? 'expired' : d.status,
  version: d.version,
  body: d.body,
  ...(d.note ? { note: d.note } : {}),
  createdBy: d.createdBy,
  createdAt: shanghaiIso(d.createdAt),
  updatedBy: d.updatedBy,
  updatedAt: shanghaiIso(d.updatedAt),
  expiresAt: shanghaiIso(d.expiresAt),
  ...(d.approvedBy ? { approvedBy: d.approvedBy, approvedAt: shanghaiIso(d.approvedAt!), resultCaseId: d.resultCaseId } : {}),
});

/** The version a request names: If-Match ("3", W/"3") or the body's `version`. */
function versionNamed(req: Request, body: { version?: number }): number | undefined {
  const header = req.get('If-Match');
  if (header === undefined) return body.version;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw badRequest(ErrorCodes.VALIDATION_FAILED, 'If-Match names a draft version, e.g. "3"');
  return Number(m[1]);
}

export interface DraftDeps {
  db: Database;
  cases: CaseService;
  processes: ProcessRegistry;
  expiryDays?: number;
}

export function drafting({ db, cases, processes, expiryDays = DEFAULT_DRAFT_EXPIRY_DAYS }: DraftDeps) {
  const expiry = (from: Date) => new Date(from.getTime() + expiryDays * 86_400_000);

  /** The draft if the caller's department drafted it (else 404) and the policy allows `action` (else 403). */
  async function draftFor(req: Request, action: keyof typeof DRAFT_POLICY): Promise<{ caller: Caller; draft: DraftRow; p: RegisteredProcess }> {
    const caller = callerOf(req);
    const [draft] = await db.select().from(drafts).where(eq(drafts.id, String(req.params.draftId)));
    const p = draft ? processes.get(draft.process) : undefined;
    const decision = decideOnDraft(action, effectiveRole(caller), draft !== undefined && draft.departmentId === caller.department?.id);
    if (!draft || !p || decision === 'not-found') throw notFound(`no draft ${String(req.params.draftId)}`);
    if (decision === 'forbidden') throw new ApiError(403, ErrorCodes.FORBIDDEN, `only the sharing office head may ${action} a draft (Art. 20)`);
    return { caller, draft, p };
  }

  function stillOpen(d: DraftRow): void {
    if (d.status === 'approved') throw new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, 'the draft was approved and sent', { stage: 'approved' });
    if (d.status === 'sending') throw new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, 'the draft is being sent', { stage: 'sending' });
    if (d.expiresAt <= new Date()) throw new ApiError(409, ErrorCodes.DRAFT_EXPIRED, `the draft expired at ${shanghaiIso(d.expiresAt)}`, { stage: 'expired' });
  }

  /** The body schema of what the draft will send: the opening's or the command's. */
  const bodyOf = (p: RegisteredProcess, d: Pick<DraftRow, 'action' | 'caseId'>) => (d.caseId ? p.allCommands[d.action]!.body : p.opening.body);

  /** A new draft of an opening (no case) or of a command on `caseId`; the body is checked as it will be sent. */
  async function create(caller: Caller, p: RegisteredProcess, action: string, body: unknown, caseId?: string) {
    const now = new Date();
    const [row] = await db
      .insert(drafts)
      .values({
        id: `dr-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
        process: p.declaration.process,
        action,
        departmentId: caller.department!.id,
        caseId,
        body,
        version: 1,
        status: 'draft',
        createdBy: caller.userId,
        createdAt: now,
        updatedBy: caller.userId,
        updatedAt: now,
        expiresAt: expiry(now),
      })
      .returning();
    return draftView(row!);
  }

  /** Sends what the draft holds, as the approving head: opens the case, or sends the command on it. */
  async function send(head: Caller, p: RegisteredProcess, d: DraftRow): Promise<{ status: number; body: unknown; caseId: string }> {
    const draft: ApprovedDraft = { id: d.id, version: d.version, draftedBy: d.createdBy, editedBy: d.updatedBy };
    const key = `draft:${d.id}`;
    if (!d.caseId) {
      const { replayed, state } = await cases.open(p, head, p.opening.prepare(d.body), { key, draft });
      return { status: replayed ? 200 : 201, body: caseView(p, state), caseId: state.id };
    }
    const { outcome } = await cases.command(p, head, d.caseId, d.action, d.body, { key, draft });
    return { ...outcome, caseId: d.caseId };
  }

  const router = Router();

  router.get('/', async (req, res) => {
    const caller = callerOf(req);
    if (decideOnDraft('read', effectiveRole(caller), true) !== 'allow' || !caller.department) return void res.json({ drafts: [] });
    const rows = await db.select().from(drafts).where(eq(drafts.departmentId, caller.department.id)).orderBy(desc(drafts.updatedAt)).limit(200);
    res.json({ drafts: rows.map((d) => draftView(d)) });
  });

  router.get('/:draftId', async (req, res) => {
    const { draft } = await draftFor(req, 'read');
    res.set('ETag', `"${draft.version}"`).json(draftView(draft));
  });

  /** Staff (or the head) edit a draft or a returned one; each edit is a new version; the note stays until it is sent again. */
  router.put('/:draftId', async (req, res) => {
    const { caller, draft, p } = await draftFor(req, 'edit');
    stillOpen(draft);
    const body = parseInput(bodyOf(p, draft), req.body);
    const named = versionNamed(req, {});
    const [row] = await db
      .update(drafts)
      .set({ body, status: 'draft', version: sql`${drafts.version} + 1`, updatedBy: caller.userId, updatedAt: new Date() })
      .where(and(eq(drafts.id, draft.id), inArray(drafts.status, OPEN_STATUSES), eq(drafts.version, named ?? draft.version), sql`${drafts.expiresAt} > now()`))
      .returning();
    if (!row) throw new ApiError(409, ErrorCodes.DRAFT_CHANGED, 'the draft changed meanwhile; read it again', { stage: 'changed' });
    res.set('ETag', `"${row.version}"`).json(draftView(row));
  });

  /** Art. 20: the head approves the version it read — the draft is sent now, as the head's, at the server's time. */
  router.post('/:draftId/approval', async (req, res) => {
    const { caller, draft, p } = await draftFor(req, 'approve');
    const version = versionNamed(req, parseInput(ApproveDraftBody, req.body ?? {}));
    if (version === undefined) throw new ApiError(428, ErrorCodes.PRECONDITION_REQUIRED, 'name the draft version you read and approve: If-Match: "<version>" or {"version": n}');
    if (draft.status === 'approved') {
      const [c] = await db.select().from(caseRows).where(eq(caseRows.id, draft.resultCaseId!));
      return void res.status(200).set('Idempotent-Replayed', 'true').json(c ? caseView(p, c.state) : draftView(draft));
    }
    stillOpenOrSending(draft);
    // The draft is the head's to send from now: no edit slips in between the version read and the one sent.
    const [claimed] = await db
      .update(drafts)
      .set({ status: 'sending' })
      .where(and(eq(drafts.id, draft.id), inArray(drafts.status, [...OPEN_STATUSES, 'sending']), eq(drafts.version, version)))
      .returning();
    if (!claimed) throw new ApiError(409, ErrorCodes.DRAFT_CHANGED, `the draft is at version ${draft.version}, not ${version}: read it again`, { stage: 'changed' });
    let outcome: { status: number; body: unknown; caseId: string };
    try {
      outcome = await send(caller, p, claimed);
    } catch (err) {
      // Not sent (refused before Temporal, or Temporal unreachable): the draft is its staff's again.
      await reopen(claimed);
      throw err;
    }
    if (outcome.status < 300) await markApproved(caller, claimed, outcome.caseId);
    else await reopen(claimed);
    sendOutcome(res, outcome);
  });

  router.post('/:draftId/return', async (req, res) => {
    const { caller, draft } = await draftFor(req, 'return');
    stillOpen(draft);
    const { note } = parseInput(ReturnDraftBody, req.body ?? {});
    const [row] = await db
      .update(drafts)
      .set({ status: 'returned', note, updatedBy: caller.userId, updatedAt: new Date() })
      .where(and(eq(drafts.id, draft.id), inArray(drafts.status, OPEN_STATUSES)))
      .returning();
    if (!row) throw new ApiError(409, ErrorCodes.ILLEGAL_TRANSITION, 'the draft was approved meanwhile', { stage: 'approved' });
    res.json(draftView(row));
  });

  /** A draft being sent may be approved again (the first attempt's answer was lost): the send is idempotent. */
  function stillOpenOrSending(d: DraftRow): void {
    if (d.status !== 'sending') stillOpen(d);
  }

  async function reopen(d: DraftRow): Promise<void> {
    await db.update(drafts).set({ status: d.note ? 'returned' : 'draft' }).where(and(eq(drafts.id, d.id), eq(drafts.status, 'sending')));
  }

  async function markApproved(head: Caller, d: DraftRow, caseId: string): Promise<void> {
    const now = new Date();
    await db
      .update(drafts)
      .set({ status: 'approved', approvedBy: head.userId, approvedAt: now, resultCaseId: caseId })
      .where(and(eq(drafts.id, d.id), eq(drafts.status, 'sending')));
  }

  return { router, create, bodyOf };
}

export type Drafting = ReturnType<typeof drafting>;
