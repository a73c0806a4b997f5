// /share-requests (共享申请, Art. 14, 15, 20–22, 39): submission, the list, one case, and one POST
// per command, with the bodies api/shareRequest/schemas.ts validates.
import { z } from 'zod';
import * as schemas from '../../shareRequest/schemas';
import { named, type ApiArea } from '../kit';
import { ShareRequest, ShareRequestListItem, ShareRequestWithHistory } from './caseViews';

const TAG = 'share requests';
export const CaseId = z.object({ id: z.string().meta({ description: 'the case ID (sr-…)' }) });
export const IdempotencyHeader = z.object({ 'Idempotency-Key': schemas.IdempotencyKey.optional().meta({ description: 'the same key and body answer the first outcome again (Idempotent-Replayed: true); another body is 409 IDEMPOTENCY_KEY_REUSED' }) });
const replayed = { 'Idempotent-Replayed': { description: 'true when this answers a retry with the first outcome', schema: { type: 'string' as const, enum: ['true', 'false'] } } };

/** The commands, in the order of the process; the workflow decides whether the stage allows each. */
const COMMANDS: Array<{ path: string; body: z.ZodType; operationId: string; summary: string }> = [
  { path: 'reply', body: schemas.ReplyBody, operationId: 'reply', summary: "The provider's head agrees or refuses (a refusal needs reasons, Art. 21; in Fushun its legal basis)" },
  { path: 'supplement-notice', body: schemas.SupplementNoticeBody, operationId: 'sendSupplementNotice', summary: 'Ask once for everything missing; stops the reply clock (Art. 21)' },
  { path: 'supplement', body: schemas.SupplementBody, operationId: 'supplement', summary: 'The requester supplies what was missing; the reply period restarts' },
  { path: 'extension-request', body: schemas.ExtensionRequestBody, operationId: 'requestExtension', summary: 'The provider asks for more working days (all together ≤ 10)' },
  { path: 'extension-decision', body: schemas.ExtensionDecisionBody, operationId: 'decideExtension', summary: "The provider's same-level authority approves or refuses the extension" },
  { path: 'delivery', body: schemas.DeliveryBody, operationId: 'deliver', summary: 'The provider delivers (Art. 22)' },
  { path: 'receipt-confirmation', body: schemas.EmptyBody, operationId: 'confirmReceipt', summary: 'The requester confirms receipt: the case completes' },
  { path: 'rectification-order', body: schemas.RectificationOrderBody, operationId: 'orderRectification', summary: 'Whoever a missed deadline reached orders rectification (Art. 39)' },
  { path: 'violation-decision', body: schemas.ViolationDecisionBody, operationId: 'decideViolation', summary: 'Excuse or withdraw a violation (Art. 39 (4): "without a proper reason")' },
  { path: 'withdrawal', body: schemas.WithdrawalBody, operationId: 'withdraw', summary: "The requester's head withdraws the request before the reply" },
  { path: 'assignment', body: schemas.AssignmentBody, operationId: 'assign', summary: "A head gives the case's work to a member of the same department" },
];

export const shareRequestArea: ApiArea = {
  when: (f) => f.shareRequests,
  register(doc) {
    doc.tag(TAG, '共享申请: one durable workflow per case; deadlines in working days escalate by themselves (Art. 14, 15, 20–22, 39)');
    doc.operation({
      method: 'post',
      path: '/share-requests',
      operationId: 'submitShareRequest',
      tag: TAG,
      summary: "Submit: the requester's sharing office head's submission is the approval (Art. 20)",
      description: 'A request for a not_shared catalogue entry is also 201, with stage refused and the catalogue\'s reason (Art. 14, 15).',
      headers: IdempotencyHeader,
      body: named('ShareRequestSubmission', schemas.SubmissionBody),
      errors: [403, 409],
      responses: {
        201: { description: 'The case, opened', schema: ShareRequest, headers: { Location: { description: '/share-requests/{id}', schema: { type: 'string' } }, ...replayed } },
        200: { description: 'A retry with the same Idempotency-Key: the same case', schema: ShareRequest, headers: replayed },
      },
    });
    doc.operation({
      method: 'get',
      path: '/share-requests',
      operationId: 'listShareRequests',
      tag: TAG,
      summary: "The caller's cases, newest first (authorities: their jurisdiction and below)",
      query: schemas.ListQuery,
      responses: { 200: { description: 'A page; pass nextCursor back as cursor', schema: z.object({ shareRequests: z.array(ShareRequestListItem), nextCursor: z.string().nullable() }) } },
    });
    doc.operation({
      method: 'get',
      path: '/share-requests/{id}',
      operationId: 'getShareRequest',
      tag: TAG,
      summary: 'One case: stage, parties, deadlines and the hash-chained event history',
      params: CaseId,
      errors: [404],
      responses: { 200: { description: 'The case', schema: ShareRequestWithHistory } },
    });
    for (const c of COMMANDS) {
      doc.operation({
        method: 'post',
        path: `/share-requests/{id}/${c.path}`,
        operationId: c.operationId,
        tag: TAG,
        summary: c.summary,
        params: CaseId,
        headers: IdempotencyHeader,
        body: c.body,
        errors: [403, 404, 409],
        responses: { 200: { description: 'The case after the command', schema: ShareRequest, headers: replayed } },
      });
    }
  },
};
