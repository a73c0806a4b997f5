// Request bodies of the share-request API (zod): a missing or malformed field is a 400.
import { z } from 'zod';
import { SHARING_METHODS } from '../../workflows/shareRequest/contract';
import { citation, text } from '../text';
import { shanghaiDate } from '../../rules/calendar';
import { DEFAULT_USAGE_PERIOD_MAX_YEARS, identifier, isoDate, usagePeriodIssues } from '../validation';

const prose = (max = 2000) => text({ max, prose: true });

/**
 * Art. 20: what a request must carry. The approval is not in the body: it is the authenticated
 * sharing office head's, at the case's time. Its usage period lies within bounds around the day it
 * is sent (`maxYears`: USAGE_PERIOD_MAX_YEARS).
 */
export const submissionBody = ({ maxYears = DEFAULT_USAGE_PERIOD_MAX_YEARS, today = () => shanghaiDate(new Date()) }: { maxYears?: number; today?: () => string } = {}) =>
  z
    .object({
      catalogueEntryId: identifier,
      legalBasis: citation(),
      usageScenario: prose(),
      usageScope: prose(),
      sharingMethod: z.enum(SHARING_METHODS),
      usagePeriod: z.object({ from: isoDate, to: isoDate }).strict(),
    })
    .strict()
    .refine((b) => b.usagePeriod.from <= b.usagePeriod.to, { message: 'usagePeriod.from must not be after usagePeriod.to', path: ['usagePeriod'] })
    .superRefine((b, ctx) => {
      for (const issue of usagePeriodIssues(b.usagePeriod, { today: today(), maxYears })) ctx.addIssue({ code: 'custom', ...issue });
    });
export const SubmissionBody = submissionBody();

export const ReplyBody = z
  .object({ decision: z.enum(['agree', 'refuse']), reasons: prose().optional(), legalBasis: citation().optional() })
  .strict();
export const SupplementNoticeBody = z.object({ missingItems: z.array(prose(500)).min(1).max(100) }).strict();
export const SupplementBody = z.object({ items: z.array(prose(500)).min(1).max(100), note: prose().optional() }).strict();
export const ExtensionRequestBody = z.object({ workingDays: z.number().int().min(1).max(3650), reason: prose() }).strict();
export const ExtensionDecisionBody = z.object({ approved: z.boolean(), note: prose().optional() }).strict();
export const DeliveryBody = z.object({ method: z.enum(SHARING_METHODS), reference: text({ max: 500 }) }).strict();
export const EmptyBody = z.object({}).strict();
export const WithdrawalBody = z.object({ reason: prose().optional() }).strict();
