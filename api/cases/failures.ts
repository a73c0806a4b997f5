// The one mapping of Temporal failures to API errors, for every process: a rejected or failed
// command carries our code as its ApplicationFailure type and the case's stage in its details; a
// process's own codes come with their status and title from its declaration.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ERROR_STATUS, SERVER_UPDATE_FAILURES, type ErrorCode, type ProcessErrors } from '../../workflows/shared';
import { ApiError } from '../errors';

/**
 * The workflow's verdict on an update (its ApplicationFailure, whatever its type), if it gave one; the
 * server's own failures of an update (SERVER_UPDATE_FAILURES) are none: the update went unanswered.
 */
export const verdictOf = (err: unknown): ApplicationFailure | undefined =>
  err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && !SERVER_UPDATE_FAILURES.includes(err.cause.type ?? '') ? err.cause : undefined;

/** The ApiError of a rejected update — an engine code, or one of the process's `errors` — or undefined when `err` is not one. */
export function rejectedCommand(err: unknown, errors: ProcessErrors = {}): ApiError | undefined {
  const cause = verdictOf(err);
  const code = cause?.type;
  if (!cause || !code) return undefined;
  const stage = (cause.details?.[0] as { stage?: string } | undefined)?.stage;
  const details = stage ? { stage } : undefined;
  if (code in ERROR_STATUS) return new ApiError(ERROR_STATUS[code as ErrorCode], code, cause.message, details);
  const own = errors[code];
  return own ? new ApiError(own.status, code, cause.message, details, own.title) : undefined;
}
