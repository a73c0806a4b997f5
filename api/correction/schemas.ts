// Request bodies of the correction API (zod): a missing or malformed field is a 400.
import { z } from 'zod';
import { CORRECTION_OUTCOMES, CORRECTION_SOURCES } from '../../workflows/correction/contract';
import { text } from '../text';
import { identifier } from '../validation';

const prose = (max = 2000) => text({ max, prose: true });

/** A person is named by an opaque reference only (letters, digits, '.', '_', ':', '-'): events are hashed and kept three years. */
const opaqueReference = text({ max: 128, pattern: { regex: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/, message: 'an opaque reference (letters, digits, ".", "_", ":", "-"), never a name or an ID number' } });

/** What each source needs: the share request (Art. 26), or under HLJ Art. 24 the catalogue entry (and a person's reference). */
const NEEDS = {
  requester: { shareRequestId: true, catalogueEntryId: false, subjectReference: false },
  data_subject: { shareRequestId: false, catalogueEntryId: true, subjectReference: true },
  authority_check: { shareRequestId: false, catalogueEntryId: true, subjectReference: false },
} as const;

export const CorrectionBody = z
  .object({
    source: z.enum(CORRECTION_SOURCES).default('requester'),
    shareRequestId: identifier.optional(),
    catalogueEntryId: identifier.optional(),
    subjectReference: opaqueReference.optional(),
    items: z.array(prose(500)).min(1).max(100),
    problem: prose(),
  })
  .strict()
  .superRefine((b, ctx) => {
    for (const [field, needed] of Object.entries(NEEDS[b.source])) {
      const given = b[field as keyof typeof b] !== undefined;
      if (needed && !given) ctx.addIssue({ code: 'custom', path: [field], message: `a correction of source ${b.source} names ${field}` });
      if (!needed && given) ctx.addIssue({ code: 'custom', path: [field], message: `a correction of source ${b.source} has no ${field}` });
    }
  });

export const ResultBody = z.object({ outcome: z.enum(CORRECTION_OUTCOMES), explanation: prose().optional() }).strict();
export const AcceptBody = z.object({}).strict();
export const ContestBody = z.object({ reason: prose() }).strict();
export const WithdrawalBody = z.object({ reason: prose().optional() }).strict();
