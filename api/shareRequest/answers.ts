// What a share request's view (shareRequestView, view.ts) answers, as a zod schema for the OpenAPI document.
import { z } from 'zod';
import { SHARING_METHODS } from '../../workflows/shareRequest/contract';
import { Approval, instant, Party } from '../openapi/areas/caseViews';

export const ShareRequestFields = z.object({
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
});
