// An update Temporal answered without the workflow's verdict: it was admitted, then the case closed
// under it, or the workflow task that held it failed (a worker lost it, or the server refused the
// task while more updates arrived). A closed case refuses it (409 with its stage); a running one is
// asked again with the same update ID, which Temporal applies at most once; still no verdict, 503.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { ErrorCodes } from '../../workflows/shared';
import { ApiError } from '../errors';
import { verdictOf } from './failures';

/** Times an update is sent again when it came back without the workflow's verdict. */
export const UNANSWERED_RETRIES = 3;

const unanswered = (err: unknown): boolean => err instanceof WorkflowUpdateFailedError && verdictOf(err) === undefined;

/**
 * The workflow's answer to `send`, or 'ended' when the case's workflow closed without answering.
 * `status` describes the workflow ('RUNNING', 'COMPLETED', … or 'NOT_FOUND').
 */
export async function untilAnswered<T>(send: () => Promise<T>, status: () => Promise<string>, retries = UNANSWERED_RETRIES): Promise<T | 'ended'> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (!unanswered(err)) throw err;
      if ((await status()) !== 'RUNNING') return 'ended';
      if (attempt >= retries) {
        throw new ApiError(503, ErrorCodes.TEMPORAL_UNAVAILABLE, 'the case did not answer the command; send it again (with its Idempotency-Key it is applied at most once)');
      }
    }
  }
}

/** A workflow's status for untilAnswered: a missing one has ended too. */
export const statusOf = (describe: () => Promise<{ status: { name: string } }>): Promise<string> =>
  describe().then((d) => d.status.name, (err: unknown) => (err instanceof WorkflowNotFoundError ? 'NOT_FOUND' : Promise.reject(err)));
