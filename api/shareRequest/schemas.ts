// Request bodies of the share-request API (zod): a missing or malformed field is a 400.
import { z } from 'zod';
import { SHARE_REQUEST_STAGES, SHARING_METHODS } from '../../workflows/shared';
import { shanghaiIso } from '../../workflows/case/time';
import { text as textOf } from '../text';
import { isoDate } from '../validation';

const text = (max = 2000) => textOf({ max, prose: true });
/** An instant with its offset, stored as every instant is written (+08:00, milliseconds). */
const instant = z.iso.datetime({ offset: true }).transform((s) => shanghaiIso(s));
const approval = z.object({ approverId: text(128), approvedAt: instant });

/** Art. 20: what a request must carry, approved by the requester's sharing office head. */
export const SubmissionBody = z
  .object({
    catalogueEntryId: text(128),
    legalBasis: text(),
    usageScenario: text(),
    usageScope: text(),
    sharingMethod: z.enum(SHARING_METHODS),
    usagePeriod: z.object({ from: isoDate, to: isoDate }),
    approval,
  })
  .strict()
  .refine((b) => b.usagePeriod.from <= b.usagePeriod.to, { message: 'usagePeriod.from must not be after usagePeriod.to', path: ['usagePeriod'] });

export const ReplyBody = z
  .object({ decision: z.enum(['agree', 'refuse']), reasons: text().optional(), legalBasis: text().optional(), approval })
  .strict();
export const SupplementNoticeBody = z.object({ missingItems: z.array(text(500)).min(1).max(100) }).strict();
export const SupplementBody = z.object({ items: z.array(text(500)).min(1).max(100), note: text().optional() }).strict();
export const ExtensionRequestBody = z.object({ workingDays: z.number().int().min(1).max(3650), reason: text() }).strict();
export const ExtensionDecisionBody = z.object({ approved: z.boolean(), note: text().optional() }).strict();
export const DeliveryBody = z.object({ method: z.enum(SHARING_METHODS), reference: text(500) }).strict();
export const EmptyBody = z.object({}).strict();
export const RectificationOrderBody = z.object({ workingDays: z.number().int().min(1).max(60), instructions: text() }).strict();
export const ViolationDecisionBody = z.object({ violationId: z.number().int().min(1), status: z.enum(['excused', 'withdrawn']), reason: text() }).strict();
export const WithdrawalBody = z.object({ reason: text().optional() }).strict();

export const ListQuery = z.object({
  party: z.string().min(1).optional(),
  stage: z.enum(SHARE_REQUEST_STAGES).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  jurisdiction: z.string().regex(/^\d{6}$/).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

/** Printable ASCII, at most 200 characters. */
export const IdempotencyKey = z.string().max(200).regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be printable ASCII');
