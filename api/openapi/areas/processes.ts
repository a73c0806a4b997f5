// Every registered process's paths, from its declaration (api/cases/registry.ts): open, list, one
// case, one POST per command (its own and the engine's) and drafts, with the same zod schemas the
// routes validate with; and /drafts, where a department's drafts are handled.
import { z } from 'zod';
import { ApproveDraftBody, IdempotencyKey, listQuery, ReturnDraftBody } from '../../cases/schemas';
import type { RegisteredProcess } from '../../cases/registry';
import { named, type ApiArea, type ApiDoc } from '../kit';
import { caseSchemas, instant, ListItem } from './caseViews';

export const CaseId = z.object({ id: z.string().meta({ description: 'the case ID' }) });
export const IdempotencyHeader = z.object({
  'Idempotency-Key': IdempotencyKey.optional().meta({
    description: "the same key and body from the same department answer the first outcome again (Idempotent-Replayed: true); another body is 409 IDEMPOTENCY_KEY_REUSED; another department's key is its own",
  }),
});
const replayed = { 'Idempotent-Replayed': { description: 'true when this answers a retry with the first outcome', schema: { type: 'string' as const, enum: ['true', 'false'] } } };

const DraftId = z.object({ draftId: z.string() });
const Draft = named(
  'Draft',
  z.object({
    id: z.string(),
    process: z.string(),
    action: z.string().meta({ description: "the opening's action (e.g. submit) or the command (e.g. reply)" }),
    caseId: z.string().optional(),
    status: z.enum(['draft', 'returned', 'sending', 'approved', 'expired']),
    version: z.number().int().meta({ description: 'increases with every edit; the head approves naming it (If-Match)' }),
    body: z.unknown().meta({ description: 'the body the opening or the command will be sent with' }),
    note: z.string().optional(),
    createdBy: z.string(),
    createdAt: instant,
    updatedBy: z.string().meta({ description: 'who edited it last' }),
    updatedAt: instant,
    expiresAt: instant,
    approvedBy: z.string().optional(),
    approvedAt: instant.optional(),
    resultCaseId: z.string().nullable().optional(),
  }),
);
const IfMatch = z.object({ 'If-Match': z.string().optional().meta({ description: 'the draft version read, e.g. "3" (or the body\'s version)' }) });
const ETag = { ETag: { description: 'the draft version, e.g. "3"', schema: { type: 'string' as const } } };

function registerProcess(doc: ApiDoc, p: RegisteredProcess): void {
  const tag = p.tag.name;
  const { View, WithHistory } = caseSchemas(p);
  doc.tag(tag, p.tag.description);
  doc.operation({
    method: 'post',
    path: p.route,
    ...p.opening.doc,
    tag,
    headers: IdempotencyHeader,
    body: named(`${p.schemaName}Opening`, p.opening.body),
    errors: [403, 409],
    responses: {
      201: { description: 'The case, opened', schema: View, headers: { Location: { description: `${p.route}/{id}`, schema: { type: 'string' } }, ...replayed } },
      200: { description: 'A retry with the same Idempotency-Key: the same case', schema: View, headers: replayed },
    },
  });
  doc.operation({
    method: 'get',
    path: p.route,
    operationId: `list${p.schemaName}s`,
    tag,
    summary: "The caller's cases, newest first (authorities: their jurisdiction and below)",
    query: listQuery(p.declaration.stages),
    responses: { 200: { description: 'A page; pass nextCursor back as cursor', schema: z.object({ [p.listKey]: z.array(ListItem), nextCursor: z.string().nullable() }) } },
  });
  doc.operation({
    method: 'get',
    path: `${p.route}/{id}`,
    operationId: `get${p.schemaName}`,
    tag,
    summary: 'One case: stage, parties, deadlines and the hash-chained event history',
    params: CaseId,
    errors: [404],
    responses: { 200: { description: 'The case', schema: WithHistory } },
  });
  const drafted = (summary: string, path: string, body: z.ZodType, operationId: string, params?: z.ZodObject) =>
    doc.operation({ method: 'post', path, operationId, tag, summary, ...(params ? { params } : {}), body, errors: [403, 404, 409], responses: { 201: { description: 'The draft', schema: Draft } } });
  if (p.opening.draft) drafted(`Draft it for the head to approve (${p.opening.action})`, `${p.route}/drafts`, p.opening.body, `draft${p.schemaName}`);
  for (const [name, c] of Object.entries(p.allCommands)) {
    // The engine's commands are every process's: their operations are named per process.
    const operationId = name in p.commands ? c.doc.operationId : `${c.doc.operationId}${p.schemaName}`;
    doc.operation({
      method: 'post',
      path: `${p.route}/{id}/${name}`,
      ...c.doc,
      operationId,
      tag,
      params: CaseId,
      headers: IdempotencyHeader,
      body: c.body,
      errors: [403, 404, 409],
      responses: { 200: { description: 'The case after the command', schema: View, headers: replayed } },
    });
    if (c.draft) drafted(`Draft ${name} for the head (the case's clocks keep running)`, `${p.route}/{id}/${name}-draft`, c.body, `draft${operationId[0]!.toUpperCase()}${operationId.slice(1)}`, CaseId);
  }
}

function registerDrafts(doc: ApiDoc, processes: readonly RegisteredProcess[]): void {
  const tag = 'drafts';
  doc.tag(tag, 'Drafts awaiting a head (Art. 20): seen by the drafting department only; sent only when its head approves the version it read');
  const op = { tag, errors: [403, 404, 409] };
  const sent = processes.map((p) => caseSchemas(p).View);
  const Sent = sent.length === 1 ? sent[0]! : z.union([sent[0]!, sent[1]!, ...sent.slice(2)]);
  doc.operation({ ...op, method: 'get', path: '/drafts', operationId: 'listDrafts', summary: "The department's drafts", errors: [], responses: { 200: { description: 'Drafts, newest first', schema: z.object({ drafts: z.array(Draft) }) } } });
  doc.operation({ ...op, method: 'get', path: '/drafts/{draftId}', operationId: 'getDraft', summary: 'A draft (ETag: its version)', params: DraftId, errors: [404], responses: { 200: { description: 'The draft', schema: Draft, headers: ETag } } });
  doc.operation({
    ...op,
    method: 'put',
    path: '/drafts/{draftId}',
    operationId: 'editDraft',
    summary: 'Replace the body of a draft or a returned one: a new version (If-Match: only if still at that version)',
    params: DraftId,
    headers: IfMatch,
    body: z.unknown().meta({ description: "the body of the draft's opening or command" }),
    responses: { 200: { description: 'The draft', schema: Draft, headers: ETag } },
  });
  doc.operation({
    ...op,
    method: 'post',
    path: '/drafts/{draftId}/approval',
    operationId: 'approveDraft',
    summary: "The head approves the version it read: sent now, as the head's, at the server's time (Art. 20)",
    params: DraftId,
    headers: IfMatch,
    body: ApproveDraftBody,
    errors: [403, 404, 409, 428],
    responses: {
      201: { description: 'An opening: the case it opened', schema: Sent },
      200: { description: 'A command: the case after it; or approved before: the same case again', schema: Sent },
    },
  });
  doc.operation({ ...op, method: 'post', path: '/drafts/{draftId}/return', operationId: 'returnDraft', summary: 'The head returns it to staff with a note', params: DraftId, body: ReturnDraftBody, responses: { 200: { description: 'The draft', schema: Draft } } });
}

export const processArea: ApiArea = {
  when: (f) => f.cases,
  register(doc, features) {
    const processes = features.processes.all;
    for (const p of processes) registerProcess(doc, p);
    registerDrafts(doc, processes);
  },
};
