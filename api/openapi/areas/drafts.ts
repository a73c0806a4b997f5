// Art. 20 drafts (api/shareRequest/drafts.ts): staff draft a submission or a reply; the sharing
// office head approves it (it is sent then, as the head's) or returns it with a note.
import { z } from 'zod';
import * as schemas from '../../shareRequest/schemas';
import { named, type ApiArea } from '../kit';
import { ShareRequest } from './caseViews';
import { CaseId } from './shareRequests';

const TAG = 'drafts';
const DraftId = z.object({ draftId: z.string() });
const instant = z.string();
const Draft = named(
  'Draft',
  z.object({
    id: z.string(),
    kind: z.enum(['share-request', 'reply']),
    caseId: z.string().optional(),
    status: z.enum(['draft', 'returned', 'approved', 'expired']),
    body: z.record(z.string(), z.unknown()).meta({ description: 'a submission or a reply body' }),
    note: z.string().optional(),
    createdBy: z.string(),
    createdAt: instant,
    updatedBy: z.string(),
    updatedAt: instant,
    expiresAt: instant,
    approvedBy: z.string().optional(),
    approvedAt: instant.optional(),
    resultCaseId: z.string().nullable().optional(),
  }),
);

export const draftArea: ApiArea = {
  when: (f) => f.shareRequests,
  register(doc) {
    doc.tag(TAG, 'Art. 20 drafts: seen by the drafting department only; sent only when its sharing office head approves');
    const op = { tag: TAG, errors: [403, 404, 409] };
    doc.operation({ ...op, method: 'post', path: '/share-requests/drafts', operationId: 'draftSubmission', summary: 'Draft a submission (staff or head)', body: schemas.SubmissionBody, responses: { 201: { description: 'The draft', schema: Draft } } });
    doc.operation({ ...op, method: 'get', path: '/share-requests/drafts', operationId: 'listDrafts', summary: "The department's drafts", errors: [], responses: { 200: { description: 'Drafts, newest first', schema: z.object({ drafts: z.array(Draft) }) } } });
    doc.operation({ ...op, method: 'get', path: '/share-requests/drafts/{draftId}', operationId: 'getDraft', summary: 'A draft', params: DraftId, errors: [404], responses: { 200: { description: 'The draft', schema: Draft } } });
    doc.operation({
      ...op,
      method: 'put',
      path: '/share-requests/drafts/{draftId}',
      operationId: 'editDraft',
      summary: 'Replace the body of a draft or a returned one',
      params: DraftId,
      body: z.union([schemas.SubmissionBody, schemas.ReplyBody]).meta({ description: "the draft kind's body: a submission or a reply" }),
      responses: { 200: { description: 'The draft', schema: Draft } },
    });
    doc.operation({
      ...op,
      method: 'post',
      path: '/share-requests/drafts/{draftId}/approval',
      operationId: 'approveDraft',
      summary: "The head approves: sent now, as the head's, at the server's time (Art. 20)",
      params: DraftId,
      responses: {
        201: { description: 'A submission: the case it opened', schema: ShareRequest },
        200: { description: 'A reply: the case after it; or approved before: the same case again', schema: ShareRequest },
      },
    });
    doc.operation({ ...op, method: 'post', path: '/share-requests/drafts/{draftId}/return', operationId: 'returnDraft', summary: 'The head returns it to staff with a note', params: DraftId, body: schemas.ReturnDraftBody, responses: { 200: { description: 'The draft', schema: Draft } } });
    doc.operation({
      ...op,
      method: 'post',
      path: '/share-requests/{id}/reply-draft',
      operationId: 'draftReply',
      summary: 'Draft a reply (the reply clock keeps running)',
      params: CaseId,
      body: schemas.ReplyBody,
      responses: { 201: { description: 'The draft', schema: Draft } },
    });
  },
};
