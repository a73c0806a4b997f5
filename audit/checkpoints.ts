// Signed checkpoints of the audit log in PostgreSQL: taking one (under the log's lock, so its size
// and root agree), and reading them back as the API serves them.
import { desc, eq, inArray, lt } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditCheckpoints, auditSigningKeys, type AuditCheckpointRow } from '../db/schema';
import type { CryptoSuiteName } from '../crypto/suite';
import { shanghaiIso } from '../workflows/case/time';
import { toHex } from './merkle';
import { dbNodeStore, logSize, withLogLock, type Queryable } from './logStore';
import { rootAt } from './tree';
import { signedText, type CheckpointBody, type CheckpointSigner } from './signing';

/** An idle log is still signed this often, so a checkpoint also attests that nothing was added meanwhile. */
export const CHECKPOINT_HEARTBEAT_MS = 60 * 60 * 1000;

export interface Checkpoint extends CheckpointBody {
  signature: string;
  /** signedText() of the fields: the exact bytes the signature covers. */
  signedText: string;
}

export function checkpointOf(row: AuditCheckpointRow): Checkpoint {
  const body: CheckpointBody = { treeSize: row.treeSize, rootHash: row.rootHash, time: shanghaiIso(row.signedAt), suite: row.suite as CryptoSuiteName, keyId: row.keyId };
  return { ...body, signature: row.signature, signedText: signedText(body) };
}

export class LogSuiteMismatch extends Error {
  override name = 'LogSuiteMismatch';
}

/** The newest checkpoint, if any. */
export async function latestCheckpoint(db: Queryable): Promise<AuditCheckpointRow | undefined> {
  const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
  return row;
}

/**
 * The log's tree is hashed with one suite for good (its stored subtrees are): signing it with
 * another would mix two hashes in one tree. A new suite needs a new log.
 */
export function assertSameSuite(latest: AuditCheckpointRow | undefined, signer: CheckpointSigner): void {
  if (latest && latest.suite !== signer.suite.name) {
    throw new LogSuiteMismatch(`the audit log is hashed with the ${latest.suite} suite; it cannot be continued with ${signer.suite.name}`);
  }
}

/**
 * Signs the log as it is now when it grew since the newest checkpoint, when that one is older than
 * the heartbeat, or when there is none; otherwise returns undefined.
 */
export async function takeCheckpoint(db: Database, signer: CheckpointSigner, { now = () => new Date(), heartbeatMs = CHECKPOINT_HEARTBEAT_MS } = {}): Promise<Checkpoint | undefined> {
  return withLogLock(db, async (tx) => {
    const size = await logSize(tx);
    const latest = await latestCheckpoint(tx);
    assertSameSuite(latest, signer);
    const at = now();
    const fresh = latest && latest.treeSize === size && latest.keyId === signer.keyId && at.getTime() - latest.signedAt.getTime() < heartbeatMs;
    if (fresh) return undefined;
    await tx.insert(auditSigningKeys).values({ keyId: signer.keyId, suite: signer.suite.name, publicKey: signer.publicKey }).onConflictDoNothing();
    const root = await rootAt(signer.suite, dbNodeStore(tx, signer.suite), size);
    const body: CheckpointBody = { treeSize: size, rootHash: toHex(root), time: shanghaiIso(at), suite: signer.suite.name, keyId: signer.keyId };
    const [row] = await tx
      .insert(auditCheckpoints)
      .values({ treeSize: size, rootHash: body.rootHash, signedAt: at, suite: body.suite, keyId: body.keyId, signature: signer.sign(signedText(body)) })
      .returning();
    return checkpointOf(row!);
  });
}

/** Checkpoints newest first; `before` is the id of the last one of the previous page. */
export async function listCheckpoints(db: Queryable, { limit, before }: { limit: number; before?: number }): Promise<AuditCheckpointRow[]> {
  return db
    .select()
    .from(auditCheckpoints)
    .where(before === undefined ? undefined : lt(auditCheckpoints.id, before))
    .orderBy(desc(auditCheckpoints.id))
    .limit(limit);
}

/** The newest checkpoint of exactly this size. */
export async function checkpointOfSize(db: Queryable, size: number): Promise<AuditCheckpointRow | undefined> {
  const [row] = await db.select().from(auditCheckpoints).where(eq(auditCheckpoints.treeSize, size)).orderBy(desc(auditCheckpoints.id)).limit(1);
  return row;
}

/** The public keys of these checkpoints, as published. */
export async function keysOf(db: Queryable, rows: readonly AuditCheckpointRow[]) {
  const ids = [...new Set(rows.map((r) => r.keyId))];
  if (ids.length === 0) return [];
  const keys = await db.select().from(auditSigningKeys).where(inArray(auditSigningKeys.keyId, ids));
  return keys.map((k) => ({ keyId: k.keyId, suite: k.suite, publicKey: k.publicKey }));
}
