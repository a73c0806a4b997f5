// /share-requests: submission, one POST per command, and reads. Every route needs X-Department-Id.
import { Router } from 'express';
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
  withdrawalUpdate,
  type ShareRequestState,
} from '../../workflows/shared';
import { callerOf, identifyCaller } from '../caller';
import { notFound, parseInput } from '../errors';
import * as schemas from './schemas';
import { shareRequestService, type ShareRequestDeps } from './service';

export function shareRequestRoutes(deps: ShareRequestDeps): Router {
  const router = Router();
  const service = shareRequestService(deps);
  router.use(identifyCaller(deps.db));

  router.param('id', (_req, _res, next, id: string) => {
    if (!isValidCaseId(id)) throw notFound(`no share request ${id}`);
    next();
  });

  router.post('/', async (req, res) => {
    const body = parseInput(schemas.SubmissionBody, req.body);
    const header = req.get('Idempotency-Key');
    const key = header ? parseInput(schemas.IdempotencyKey, header) : undefined;
    const { replayed, case: view } = await service.submit(callerOf(req), body, key);
    res.status(replayed ? 200 : 201).location(`/share-requests/${view.id}`).set('Idempotent-Replayed', String(replayed)).json(view);
  });

  router.get('/', async (req, res) => {
    res.json(await service.list(callerOf(req), parseInput(schemas.ListQuery, req.query)));
  });

  router.get('/:id', async (req, res) => {
    res.json(await service.get(callerOf(req), req.params.id as string));
  });

  /** One POST per command (Art. 20–22, 39): body validated here, the transition by the workflow. */
  function command<S extends z.ZodType, Cmd extends { actor: unknown }>(
    path: string,
    schema: S,
    update: UpdateDefinition<ShareRequestState, [Cmd]>,
    approvalOf?: (body: z.infer<S>) => { approverId: string; approvedAt: string },
  ) {
    router.post(`/:id/${path}`, async (req, res) => {
      const body = parseInput(schema, req.body ?? {});
      const view = await service.command(callerOf(req), req.params.id as string, update as never, body as never, approvalOf?.(body));
      res.json(view);
    });
  }

  command('reply', schemas.ReplyBody, replyUpdate, (b) => b.approval);
  command('supplement-notice', schemas.SupplementNoticeBody, supplementNoticeUpdate);
  command('supplement', schemas.SupplementBody, supplementUpdate);
  command('extension-request', schemas.ExtensionRequestBody, extensionRequestUpdate);
  command('extension-decision', schemas.ExtensionDecisionBody, extensionDecisionUpdate);
  command('delivery', schemas.DeliveryBody, deliveryUpdate);
  command('receipt-confirmation', schemas.EmptyBody, receiptConfirmationUpdate);
  command('rectification-order', schemas.RectificationOrderBody, rectificationOrderUpdate);
  command('withdrawal', schemas.WithdrawalBody, withdrawalUpdate);

  return router;
}
