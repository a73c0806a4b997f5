// What a correction's view (correctionView, view.ts) answers, as a zod schema for the OpenAPI document.
import { z } from 'zod';
import { CORRECTION_OUTCOMES, CORRECTION_SOURCES } from '../../workflows/correction/contract';
import { instant, Party } from '../openapi/areas/caseViews';

export const CorrectionFields = z.object({
  source: z.enum(CORRECTION_SOURCES),
  shareRequestId: z.string().nullable(),
  subjectReference: z.string().nullable().meta({ description: 'an opaque reference to the person who applied (HLJ Art. 24)' }),
  catalogueEntry: z.object({ id: z.string(), nameZh: z.string() }),
  items: z.array(z.string()),
  problem: z.string(),
  requester: Party.nullable(),
  provider: Party,
  authority: Party.extend({ authorityName: z.string(), governmentName: z.string() }),
  receivedAt: instant,
  result: z.object({ outcome: z.enum(CORRECTION_OUTCOMES), explanation: z.string().optional(), reportedAt: instant, late: z.boolean() }).nullable(),
  acceptedAt: instant.nullable(),
  contest: z.object({ reason: z.string(), contestedAt: instant }).nullable(),
  withdrawal: z.object({ reason: z.string().optional(), withdrawnAt: instant }).nullable(),
});
