// PostgreSQL's refusals of the data itself will not go away on retry: a step that hits one fails
// at once, cleanly, instead of retrying for ever and wedging the case.
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCodes } from '../../workflows/case/errors';

/** The pg error (SQLSTATE and constraint), also when drizzle wrapped it. */
function pgError(err: unknown): { code: string; constraint?: string } | undefined {
  for (let e = err as { code?: unknown; cause?: unknown; constraint?: string } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return { code: e.code, constraint: e.constraint };
  }
  return undefined;
}

/** Two attempts of one recording racing: the loser's retry finds the event written (or supersedes it). */
const RECORDER_OWN_DUPLICATE = 'case_events_case_id_seq_revision_pk';

/**
 * Class 22 (data exception: NUL, bad encoding, out of range) and class 23 (integrity constraint)
 * become non-retryable DATA_REJECTED, but for the recorder's own duplicate of an identical event;
 * everything else (connection loss, …) is rethrown to retry.
 */
export function rejectDataErrors(err: unknown): never {
  const pg = pgError(err);
  const state = pg?.code;
  if (state === '23505' && pg?.constraint === RECORDER_OWN_DUPLICATE) throw err;
  if (state && (state.startsWith('22') || state.startsWith('23'))) {
    throw ApplicationFailure.create({ type: ErrorCodes.DATA_REJECTED, message: `the database refused the data (SQLSTATE ${state})`, nonRetryable: true });
  }
  throw err;
}
