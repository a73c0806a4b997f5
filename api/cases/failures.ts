// The one mapping of Temporal failures to API errors, for every process: a rejected or failed
// command carries our code as its ApplicationFailure type and the case's stage in its details.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ERROR_STATUS, type ErrorCode } from '../../workflows/shared';
import { ApiError } from '../errors';

/** The ApiError of a rejected update, or undefined when `err` is not one. */
export function rejectedCommand(err: unknown): ApiError | undefined {
  const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || !cause.type || !(cause.type in ERROR_STATUS)) return undefined;
  const code = cause.type as ErrorCode;
  const stage = (cause.details?.[0] as { stage?: string } | undefined)?.stage;
  return new ApiError(ERROR_STATUS[code], code, cause.message, stage ? { stage } : undefined);
}
