// Idempotency is decided in PostgreSQL first, so it holds after the workflow closed, continued as
// new, or left Temporal's retention: a submission's (department, key) and a command's (case,
// department, key) are stored with the canonical hash of their body. Keys are each department's own:
// one party cannot block another's command by using its key.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { caseCommands, caseSubmissions } from '../../db/schema';
import { canonicalJson, sha256 } from '../../activities/case/hash';
import { ErrorCodes } from '../../workflows/shared';
import { ApiError } from '../errors';

export const requestHash = (value: unknown): string => sha256(canonicalJson(value));

const reused = () => new ApiError(409, ErrorCodes.IDEMPOTENCY_KEY_REUSED, 'this Idempotency-Key was used for a different request');

/** Claims (department, key) for a submission; answers whether this request was first. */
export async function claimSubmission(db: Database, s: { departmentId: string; key: string; process: string; hash: string; caseId: string }): Promise<{ first: boolean }> {
  const inserted = await db
    .insert(caseSubmissions)
    .values({ departmentId: s.departmentId, idempotencyKey: s.key, process: s.process, requestHash: s.hash, caseId: s.caseId })
    .onConflictDoNothing()
    .returning({ caseId: caseSubmissions.caseId });
  if (inserted.length > 0) return { first: true };
  const [existing] = await db
    .select()
    .from(caseSubmissions)
    .where(and(eq(caseSubmissions.departmentId, s.departmentId), eq(caseSubmissions.idempotencyKey, s.key)));
  if (!existing || existing.requestHash !== s.hash || existing.process !== s.process) throw reused();
  return { first: false };
}

/** Gives the key back when the opening was refused: nothing of a rejected request stays. */
export async function releaseSubmission(db: Database, departmentId: string, key: string): Promise<void> {
  await db.delete(caseSubmissions).where(and(eq(caseSubmissions.departmentId, departmentId), eq(caseSubmissions.idempotencyKey, key)));
}

export interface StoredOutcome {
  status: number;
  body: unknown;
}

/** Claims (case, department, key) for a command; a known outcome comes back to be replayed. */
export async function claimCommand(
  db: Database,
  c: { caseId: string; key: string; departmentId: string; command: string; hash: string; updateId: string },
): Promise<{ first: boolean; outcome?: StoredOutcome }> {
  const inserted = await db
    .insert(caseCommands)
    .values({ caseId: c.caseId, idempotencyKey: c.key, departmentId: c.departmentId, command: c.command, requestHash: c.hash, updateId: c.updateId })
    .onConflictDoNothing()
    .returning({ caseId: caseCommands.caseId });
  if (inserted.length > 0) return { first: true };
  const [existing] = await db
    .select()
    .from(caseCommands)
    .where(and(eq(caseCommands.caseId, c.caseId), eq(caseCommands.departmentId, c.departmentId), eq(caseCommands.idempotencyKey, c.key)));
  if (!existing || existing.requestHash !== c.hash) throw reused();
  return { first: false, ...(existing.responseStatus !== null ? { outcome: { status: existing.responseStatus, body: existing.response } } : {}) };
}

/** Stores a command's final outcome (2xx or the workflow's own 4xx), to be replayed as it was. */
export async function storeOutcome(db: Database, c: { caseId: string; departmentId: string; key: string }, outcome: StoredOutcome): Promise<void> {
  await db
    .update(caseCommands)
    .set({ responseStatus: outcome.status, response: outcome.body, completedAt: new Date() })
    .where(and(eq(caseCommands.caseId, c.caseId), eq(caseCommands.departmentId, c.departmentId), eq(caseCommands.idempotencyKey, c.key)));
}
