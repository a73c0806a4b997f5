// Inputs every process's routes take the same way: the Idempotency-Key, the list's query (its stages
// from the declaration), a draft's return note. Built on text() like every string schema.
import { z } from 'zod';
import { MAX_CURSOR_LENGTH } from '../cursor';
import { text } from '../text';
import { identifier, jurisdictionCode, wholeNumber } from '../validation';

/** Printable ASCII, at most 200 characters. */
export const IdempotencyKey = text({ max: 200, pattern: { regex: /^[\x21-\x7e]+$/, message: 'Idempotency-Key must be printable ASCII' } });

/** The filters of a process's list; `stage` among its declared stages. */
export function listQuery(stages: readonly string[]) {
  return z.object({
    party: identifier.optional(),
    stage: z.enum(stages as [string, ...string[]]).optional(),
    overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    jurisdiction: jurisdictionCode.optional(),
    limit: wholeNumber('limit', { min: 1, max: 100 }).default(20),
    cursor: text({ max: MAX_CURSOR_LENGTH }).optional(),
  });
}

/** A head returns a draft to its staff with a note (Art. 20). */
export const ReturnDraftBody = z.object({ note: text({ max: 2000, prose: true }) }).strict();

/** The head names the draft version it read and approves (the body's alternative to If-Match). */
export const ApproveDraftBody = z.object({ version: z.number().int().min(1).optional() }).strict();
