// The audit log in PostgreSQL: its lock, its size and its stored tree (audit/tree.ts NodeStore).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog, auditLogNodes } from '../db/schema';
import { fromHex, leafHash, toHex, type Hasher } from './merkle';
import { STRIDE, type NodeStore } from './tree';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Queryable = Database | Tx;

/** The advisory lock every writer of the log holds: one sequencer or checkpointer at a time, in any process ('merkle'). */
export const AUDIT_LOG_LOCK = 0x6d65726b6c65;

/** Runs `fn` in a transaction holding the log's lock (released at commit or rollback). */
export function withLogLock<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOG_LOCK})`);
    return fn(tx);
  });
}

/** The number of leaves: one past the highest index (the sequencer never leaves a gap). */
export async function logSize(db: Queryable): Promise<number> {
  const [last] = await db.select({ i: auditLog.logIndex }).from(auditLog).orderBy(desc(auditLog.logIndex)).limit(1);
  return last ? last.i + 1 : 0;
}

/** A leaf's bytes: the event hash's hex, decoded. */
export function leafBytes(eventHash: string): Uint8Array {
  const b = fromHex(eventHash);
  if (!b) throw new Error(`event hash ${JSON.stringify(eventHash)} is not hex`);
  return b;
}

/** Indexes per query: well under PostgreSQL's 65,535 parameters (a long case's proofs read many). */
const READ_CHUNK = 5_000;

async function readChunked<T>(indexes: readonly number[], read: (chunk: number[]) => Promise<Array<[number, T]>>): Promise<Map<number, T>> {
  const out = new Map<number, T>();
  for (let i = 0; i < indexes.length; i += READ_CHUNK) for (const [k, v] of await read(indexes.slice(i, i + READ_CHUNK))) out.set(k, v);
  return out;
}

/** The stored tree: level 0 from the log's leaves, higher stored levels from audit_log_nodes. */
export function dbNodeStore(db: Queryable, h: Hasher): NodeStore {
  return {
    stride: STRIDE,
    read(level, indexes) {
      if (level === 0) {
        return readChunked(indexes, async (chunk) =>
          (await db.select({ i: auditLog.logIndex, e: auditLog.eventHash }).from(auditLog).where(inArray(auditLog.logIndex, chunk))).map((r) => [r.i, leafHash(h, leafBytes(r.e))]),
        );
      }
      return readChunked(indexes, async (chunk) =>
        (
          await db
            .select({ i: auditLogNodes.nodeIndex, hash: auditLogNodes.hash })
            .from(auditLogNodes)
            .where(and(eq(auditLogNodes.level, level), inArray(auditLogNodes.nodeIndex, chunk)))
        ).map((r) => [r.i, fromHex(r.hash)!]),
      );
    },
  };
}

/** Writes one level of completed subtrees (buildStoredNodes' `write`). */
export const writeNodes =
  (tx: Tx) =>
  async (level: number, rows: Array<{ index: number; hash: Uint8Array }>): Promise<void> => {
    await tx.insert(auditLogNodes).values(rows.map((r) => ({ level, nodeIndex: r.index, hash: toHex(r.hash) })));
  };
