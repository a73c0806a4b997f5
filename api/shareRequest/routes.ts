// /share-requests: submission, one POST per command, and reads, for authenticated callers only;
// identity/policy.ts decides who may do what.
// The case engine's API (../cases/) does the opening, the commands, idempotency and visibility.
import { Router, type Response } from 'express';
import type { z } from 'zod';
import type { UpdateDefinition } from '@temporalio/common';
import {
  deliveryUpdate,
  extensionDecisionUpdate,
  extensionRequestUpdate,
  isValidCaseId,
  receiptConfirmationUpdate,
  rectificationOrderUpdate,
  replyUpdate,
  supplementNoticeUpdate,
  supplementUpdate,
  violationDecisionUpdate,
  withdrawalUpdate,
  assignmentUpdate,
  type ShareRequestInput,
} from '../../workflows/shared';
import { callerOf, type Caller } from '../caller';
import { assertMember } from '../members';
import { authorizeOpening } from '../cases/opening';
import { notFound, parseInput } from '../errors';
import { sendOutcome } from '../problem';
import { caseService, type CaseServiceDeps } from '../cases/service';
import { approvalBy, assembleShareRequestInput } from './input';
import { draftRoutes } from './drafts';
import * as schemas from './schemas';
import { normalizeShareRequest, shareRequestView } from './view';

const PROCESS = 'share-request';

function idempotencyKeyOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : parseInput(schemas.IdempotencyKey, header);
}

function replayedHeader(res: Response, replayed: boolean): Response {
  return res.set('Idempotent-Replayed', String(replayed));
}

export function shareRequestRoutes(deps: CaseServiceDeps & { draftExpiryDays?: number; usagePeriodMaxYears?: number }): Router {
  const router = Router();
  const cases = caseService(deps);
  const submissionBody = schemas.submissionBody({ maxYears: deps.usagePeriodMaxYears });
  // Art. 20 drafts, before /:id so the literal path wins.
  const drafts = draftRoutes({ db: deps.db, cases, expiryDays: deps.draftExpiryDays, submissionBody });
  router.use('/drafts', drafts.router);

  router.param('id', (_req, _res, next, id: string) => {
    if (!isValidCaseId(id)) throw notFound(`no share request ${id}`);
    next();
  });

  router.post('/', async (req, res) => {
    const caller = callerOf(req);
    authorizeOpening(caller, PROCESS, 'submit', 'requester');
    const body = parseInput(submissionBody, req.body);
    const { replayed, state } = await cases.open<ShareRequestInput>({
      process: PROCESS,
      caller,
      body,
      key: idempotencyKeyOf(req.get('Idempotency-Key')),
      build: (id, receivedAt) => assembleShareRequestInput(deps.db, caller, body, id, receivedAt),
      summary: (i) => `Share request ${i.catalogueEntry.nameZh}: ${i.requester.departmentId} → ${i.provider.departmentId}`,
      normalize: normalizeShareRequest,
    });
    replayedHeader(res.status(replayed ? 200 : 201).location(`/share-requests/${state.id}`), replayed).json(shareRequestView(state));
  });

  router.get('/', async (req, res) => {
    const q = parseInput(schemas.ListQuery, req.query);
    const page = await cases.list(callerOf(req), { ...q, process: PROCESS });
    res.json({ shareRequests: page.items.map(({ openedAt, ...r }) => ({ ...r, receivedAt: openedAt })), nextCursor: page.nextCursor });
  });

  router.get('/:id', async (req, res) => {
    const { state, ...record } = await cases.read(callerOf(req), PROCESS, req.params.id as string, normalizeShareRequest);
    res.json({ ...shareRequestView(state), ...record });
  });

  /** A reply drafted by the provider's staff: it waits for the head and does not stop the reply clock. */
  router.post('/:id/reply-draft', async (req, res) => {
    const caller = callerOf(req);
    await cases.actionableCase(caller, PROCESS, req.params.id as string, 'reply-draft', normalizeShareRequest);
    const body = parseInput(schemas.ReplyBody, req.body ?? {});
    res.status(201).json(await drafts.create(caller, 'reply', body, req.params.id as string));
  });

  /** One POST per command (Art. 20–22, 39): body validated here, the transition by the workflow. */
  /** `approved`: Art. 20 — the command carries the authenticated head's approval. */
  function command<S extends z.ZodType>(path: string, schema: S, update: UpdateDefinition<unknown, [never]>, approved = false, precheck?: (caller: Caller, body: z.infer<S>) => Promise<void>) {
    router.post(`/:id/${path}`, async (req, res) => {
      const body = parseInput(schema, req.body ?? {});
      const caller = callerOf(req);
      const { replayed, outcome } = await cases.command({
        process: PROCESS,
        caller,
        id: req.params.id as string,
        name: path,
        update,
        body: body as never,
        enrich: approved ? () => ({ approval: approvalBy(caller, new Date()) }) : undefined,
        precheck: precheck ? () => precheck(caller, body) : undefined,
        key: idempotencyKeyOf(req.get('Idempotency-Key')),
        normalize: normalizeShareRequest,
        view: shareRequestView,
      });
      sendOutcome(replayedHeader(res, replayed), outcome);
    });
  }

  const as = (u: unknown) => u as UpdateDefinition<unknown, [never]>;
  command('reply', schemas.ReplyBody, as(replyUpdate), true);
  command('supplement-notice', schemas.SupplementNoticeBody, as(supplementNoticeUpdate));
  command('supplement', schemas.SupplementBody, as(supplementUpdate));
  command('extension-request', schemas.ExtensionRequestBody, as(extensionRequestUpdate));
  command('extension-decision', schemas.ExtensionDecisionBody, as(extensionDecisionUpdate));
  command('delivery', schemas.DeliveryBody, as(deliveryUpdate));
  command('receipt-confirmation', schemas.EmptyBody, as(receiptConfirmationUpdate));
  command('rectification-order', schemas.RectificationOrderBody, as(rectificationOrderUpdate));
  command('violation-decision', schemas.ViolationDecisionBody, as(violationDecisionUpdate));
  command('withdrawal', schemas.WithdrawalBody, as(withdrawalUpdate));
  command('assignment', schemas.AssignmentBody, as(assignmentUpdate), false, (caller, body) => assertMember(deps.db, caller, body.assigneeUserId));

  return router;
}
