// /share-requests: submission, one POST per command, and reads. Every route needs X-Department-Id.
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
  type ShareRequestInput,
} from '../../workflows/shared';
import { callerOf, identifyCaller } from '../caller';
import { notFound, parseInput } from '../errors';
import { caseService, type CaseServiceDeps } from '../cases/service';
import { assembleShareRequestInput, checkApproval } from './input';
import * as schemas from './schemas';
import { normalizeShareRequest, shareRequestView } from './view';

const PROCESS = 'share-request';

function idempotencyKeyOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : parseInput(schemas.IdempotencyKey, header);
}

function replayedHeader(res: Response, replayed: boolean): Response {
  return res.set('Idempotent-Replayed', String(replayed));
}

export function shareRequestRoutes(deps: CaseServiceDeps): Router {
  const router = Router();
  const cases = caseService(deps);
  router.use(identifyCaller(deps.db));

  router.param('id', (_req, _res, next, id: string) => {
    if (!isValidCaseId(id)) throw notFound(`no share request ${id}`);
    next();
  });

  router.post('/', async (req, res) => {
    const body = parseInput(schemas.SubmissionBody, req.body);
    const caller = callerOf(req);
    const { replayed, state } = await cases.open<ShareRequestInput>({
      process: PROCESS,
      caller,
      body,
      key: idempotencyKeyOf(req.get('Idempotency-Key')),
      build: (id, receivedAt) => assembleShareRequestInput(deps.db, caller.department, body, id, receivedAt),
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

  /** One POST per command (Art. 20–22, 39): body validated here, the transition by the workflow. */
  function command<S extends z.ZodType>(path: string, schema: S, update: UpdateDefinition<unknown, [never]>, approvalOf?: (body: z.infer<S>) => { approverId: string; approvedAt: string }) {
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
        key: idempotencyKeyOf(req.get('Idempotency-Key')),
        normalize: normalizeShareRequest,
        precheck: approvalOf ? () => checkApproval(deps.db, caller.department.id, approvalOf(body)) : undefined,
        view: shareRequestView,
      });
      replayedHeader(res.status(outcome.status), replayed).json(outcome.body);
    });
  }

  const as = (u: unknown) => u as UpdateDefinition<unknown, [never]>;
  command('reply', schemas.ReplyBody, as(replyUpdate), (b) => b.approval);
  command('supplement-notice', schemas.SupplementNoticeBody, as(supplementNoticeUpdate));
  command('supplement', schemas.SupplementBody, as(supplementUpdate));
  command('extension-request', schemas.ExtensionRequestBody, as(extensionRequestUpdate));
  command('extension-decision', schemas.ExtensionDecisionBody, as(extensionDecisionUpdate));
  command('delivery', schemas.DeliveryBody, as(deliveryUpdate));
  command('receipt-confirmation', schemas.EmptyBody, as(receiptConfirmationUpdate));
  command('rectification-order', schemas.RectificationOrderBody, as(rectificationOrderUpdate));
  command('violation-decision', schemas.ViolationDecisionBody, as(violationDecisionUpdate));
  command('withdrawal', schemas.WithdrawalBody, as(withdrawalUpdate));

  return router;
}
