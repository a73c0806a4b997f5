// Calls into Temporal carry a deadline, and failures of the infrastructure (Temporal, PostgreSQL)
// become 503s with a code, never a 500 or a hang.
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { ErrorCodes, ERROR_STATUS } from '../workflows/shared';
import { ApiError } from './errors';

/** TEMPORAL_CALL_TIMEOUT_MS when the app is built without one (tests, other callers of createApp). */
export const DEFAULT_TEMPORAL_CALL_TIMEOUT_MS = 10_000;

/** What a 503 tells the caller to wait before trying again (Retry-After, seconds). */
export const RETRY_AFTER_SECONDS = 5;

/** Our own answer when Temporal has not answered by the deadline (see callTemporal). */
export class TemporalCallTimeoutError extends Error {
  override name = 'TemporalCallTimeoutError';
}

// The deadline alone can overshoot by seconds with a client whose gRPC retry sleeps its back-off
// before it notices the deadline (the SDK's default; not the API's client, see worker/connections.ts).
// The SDK's own DEADLINE_EXCEEDED gets this much head start before we give up on our side.
const DEADLINE_GRACE_MS = 100;

/**
 * `work`'s outcome, or a rejection with `onTimeout()` once `ms` have passed, whichever comes first.
 * A failure of `work` after that is dropped (not an unhandled rejection).
 */
export async function settleWithin<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `fn` (one or more Temporal calls) with a deadline of `timeoutMs` from now, and answers by
 * then whatever the SDK is doing. A call that is still in flight may still take effect: a timed-out
 * command is "unknown", not "not done" (the caller reads the case before retrying).
 */
export function callTemporal<R>(client: Client, timeoutMs: number, fn: () => Promise<R>): Promise<R> {
  return settleWithin(
    client.withDeadline(Date.now() + timeoutMs, fn),
    timeoutMs + DEADLINE_GRACE_MS,
    () => new TemporalCallTimeoutError(`no answer from Temporal within ${timeoutMs} ms`),
  );
}

/** The error and its causes (ServiceError → gRPC error, DrizzleQueryError → pg error, AggregateError). */
function* chain(err: unknown): Generator<Record<string, unknown>> {
  const queue: unknown[] = [err];
  for (let seen = 0; queue.length > 0 && seen < 20; seen++) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null) continue;
    yield e as Record<string, unknown>;
    const { cause, errors } = e as { cause?: unknown; errors?: unknown };
    if (cause) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
}

// gRPC status codes (@grpc/grpc-js `status`): the server is down or unreachable, did not answer by
// the deadline, or sheds load. Anything else (NOT_FOUND, INVALID_ARGUMENT, …) is an answer.
const GRPC_UNAVAILABLE = new Set([
  4, // DEADLINE_EXCEEDED
  8, // RESOURCE_EXHAUSTED
  14, // UNAVAILABLE
]);

function isTemporalUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    if (e instanceof TemporalCallTimeoutError || e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && GRPC_UNAVAILABLE.has(e.code)) return true;
  }
  return false;
}

// SQLSTATEs of a server that is going away or not there yet: class 08 (connection exception) is
// matched by prefix; 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting
// up, shutting down, recovering), 53300 too_many_connections.
const SQLSTATE_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);

// Socket errors: only pg opens sockets on a request's path (Temporal's arrive as gRPC statuses).
const SOCKET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// pg and pg-pool throw these without a code (pg 8: pg-pool/index.js, pg/lib/client.js).
const PG_CONNECTION_MESSAGES = new Set([
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
]);

function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    if (isGrpcServiceError(e)) return false;
    const code = typeof e.code === 'string' ? e.code : '';
    if (/^08[0-9A-Z]{3}$/.test(code) || SQLSTATE_UNAVAILABLE.has(code) || SOCKET_UNAVAILABLE.has(code)) return true;
    if (typeof e.message === 'string' && PG_CONNECTION_MESSAGES.has(e.message)) return true;
  }
  return false;
}

/** The 503 for an error of Temporal or PostgreSQL being unreachable or too slow; undefined otherwise. */
export function infrastructureError(err: unknown): ApiError | undefined {
  if (isTemporalUnavailable(err)) {
    return new ApiError(
      ERROR_STATUS.TEMPORAL_UNAVAILABLE,
      ErrorCodes.TEMPORAL_UNAVAILABLE,
      'the workflow engine (Temporal) is unavailable or did not answer in time; try again later',
    );
  }
  if (isDatabaseUnavailable(err)) {
    return new ApiError(ERROR_STATUS.DATABASE_UNAVAILABLE, ErrorCodes.DATABASE_UNAVAILABLE, 'the database is unavailable; try again later');
  }
  return undefined;
}
