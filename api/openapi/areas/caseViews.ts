// The bodies the share-request routes answer (api/cases/view.ts, api/shareRequest/view.ts and the
// case service's read), shared by the share-request and draft areas. Instants are ISO 8601 in
// +08:00 with milliseconds.
import { z } from 'zod';
import { SHARE_REQUEST_STAGES, SHARING_METHODS } from '../../../workflows/shared';
import { named } from '../kit';

const instant = z.string().meta({ description: 'ISO 8601, +08:00, milliseconds', example: '2026-10-16T00:00:00.000+08:00' });
const Party = z.object({ departmentId: z.string(), jurisdictionCode: z.string() });
const Approval = named(
  'Approval',
  z.object({
    approverId: z.string().meta({ description: 'the authenticated sharing office head (Art. 20)' }),
    approvedAt: instant,
    actingFor: z.string().optional().meta({ description: 'approved by an acting head (代理) for this head' }),
    draftId: z.string().optional(),
    draftedBy: z.string().optional(),
  }),
);

const Deadline = named(
  'CaseDeadline',
  z.object({
    id: z.number().int(),
    kind: z.string(),
    dutyBearer: z.object({ role: z.string(), departmentId: z.string(), jurisdictionCode: z.string() }),
    workingDays: z.number().int().optional(),
    months: z.number().int().optional(),
    startedAt: instant,
    dueAt: instant,
    dueDate: z.string(),
    provisional: z.boolean(),
    ruleSet: z.string(),
    article: z.string(),
    breach: z.object({ article: z.string(), clause: z.string().optional() }),
    rung: z.number().int(),
    status: z.enum(['open', 'met', 'missed', 'superseded', 'cancelled']),
    missedAt: instant.optional(),
  }),
);

const Violation = named(
  'Violation',
  z.object({
    id: z.number().int(),
    deadlineId: z.number().int(),
    duty: z.string(),
    article: z.string(),
    clause: z.string().optional(),
    party: z.string().meta({ description: 'the department in breach' }),
    ordersRectification: z.string().meta({ description: 'a department ID or government:<code>' }),
    at: instant,
    status: z.enum(['open', 'rectified', 'excused', 'withdrawn']),
    resolution: z.object({ by: z.string().optional(), reason: z.string(), at: instant }).optional(),
  }),
);

/** What every case shows, whatever its process (caseCoreView). */
const CaseCore = z.object({
  id: z.string(),
  process: z.string(),
  stage: z.string(),
  overdue: z.boolean().meta({ description: 'an open violation exists' }),
  ruleSet: z.string().nullable(),
  jurisdiction: z.string(),
  dueAt: instant.nullable().meta({ description: 'the running deadline' }),
  provisional: z.boolean(),
  openedAt: instant,
  parties: z.array(Party.extend({ role: z.string() })),
  deadlines: z.array(Deadline),
  violations: z.array(Violation),
  version: z.number().int(),
  fastClock: z.literal(true).optional(),
});

export const ShareRequest = named(
  'ShareRequest',
  CaseCore.extend({
    stage: z.enum(SHARE_REQUEST_STAGES),
    requester: Party,
    provider: Party,
    authority: Party.extend({ authorityName: z.string(), governmentName: z.string() }),
    catalogueEntry: z.object({
      id: z.string(),
      nameZh: z.string(),
      sharingAttribute: z.enum(['unconditional', 'conditional', 'not_shared']),
      notSharedReason: z.string().nullable(),
      legalBasis: z.string().nullable(),
    }),
    submission: z.object({
      catalogueEntryId: z.string(),
      legalBasis: z.string(),
      usageScenario: z.string(),
      usageScope: z.string(),
      sharingMethod: z.enum(SHARING_METHODS),
      usagePeriod: z.object({ from: z.string(), to: z.string() }),
      approval: Approval,
    }),
    receivedAt: instant,
    supplementNotice: z.object({ missingItems: z.array(z.string()), noticeAt: instant }).nullable(),
    supplement: z.object({ items: z.array(z.string()), note: z.string().optional(), receivedAt: instant }).nullable(),
    extensions: z.array(
      z.object({
        workingDays: z.number().int(),
        reason: z.string(),
        requestedAt: instant,
        decision: z.object({ approved: z.boolean(), note: z.string().optional(), decidedAt: instant, deciderId: z.string().optional() }).optional(),
        closed: z.object({ by: z.enum(['reply', 'supplement_notice']), at: instant }).optional(),
      }),
    ),
    reply: z
      .object({ decision: z.enum(['agree', 'refuse']), reasons: z.string().optional(), legalBasis: z.string().optional(), approval: Approval, repliedAt: instant, automatic: z.boolean().optional() })
      .nullable(),
    delivery: z.object({ method: z.enum(SHARING_METHODS), reference: z.string(), deliveredAt: instant }).nullable(),
    receiptConfirmedAt: instant.nullable(),
    withdrawal: z.object({ reason: z.string().optional(), withdrawnAt: instant }).nullable(),
  }),
);

/** An event as it was hashed (README "Verifying a case"). */
const CaseEvent = named(
  'CaseEvent',
  z.object({
    seq: z.number().int(),
    revision: z.number().int(),
    type: z.string(),
    at: instant,
    actor: z.record(z.string(), z.unknown()).nullable(),
    data: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
    stateHash: z.string().nullable(),
    hashFormat: z.number().int(),
  }),
);

export const ShareRequestWithHistory = named(
  'ShareRequestWithHistory',
  ShareRequest.extend({
    recordedState: z.record(z.string(), z.unknown()).meta({ description: 'the state as the last event recorded it (its stateHash)' }),
    events: z.array(CaseEvent),
    supersededEvents: z.array(CaseEvent),
  }),
);

export const ShareRequestListItem = named(
  'ShareRequestListItem',
  z.object({
    id: z.string(),
    process: z.string(),
    stage: z.string(),
    overdue: z.boolean(),
    ruleSet: z.string().nullable(),
    jurisdiction: z.string(),
    catalogueEntryId: z.string().nullable(),
    dueAt: instant.nullable(),
    provisional: z.boolean(),
    openViolations: z.number().int(),
    receivedAt: instant,
    updatedAt: instant,
    requester: z.string().nullable(),
    provider: z.string().nullable(),
  }),
);
