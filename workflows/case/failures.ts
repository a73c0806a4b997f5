// Rejections of commands: a non-retryable ApplicationFailure whose type is our error code, with the
// case's current stage in its details, so the API answers e.g. 409 with the stage.
import { ApplicationFailure } from '@temporalio/workflow';
import { ErrorCodes, type ErrorCode } from './errors';

/** `code`: one of ErrorCodes, or of the process's own (its declaration's errors). */
export function reject(code: ErrorCode | string, message: string, stage?: string): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true, details: stage ? [{ stage }] : [] });
}

export function rejectNotReady(): never {
  reject(ErrorCodes.CASE_NOT_READY, 'the case is still being opened; send the command again in a moment');
}

export const nonEmpty = (s: string | undefined): s is string => typeof s === 'string' && s.trim().length > 0;
