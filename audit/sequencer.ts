// The sequencer: appends the events not yet in the audit log, so no event insert waits on a global
// counter. A trigger queues every event as written (audit_log_pending, with its hash then); the
// sequencer takes the queue in order (queue id: within a case that is seq order), gives each event
// the next index, drops it from the queue and stores the subtrees it completes, all in one
// transaction under the log's advisory lock: two sequencers at once take turns and never leave a
// gap or an index twice.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import type { Hasher } from './merkle';
import { buildStoredNodes } from './tree';
import { dbNodeStore, logSize, withLogLock, writeNodes } from './logStore';

export interface SequenceOptions {
  /** Events per transaction. */
  batchSize?: number;
  /** Transactions per call at most (a large backlog is taken over several runs). */
  maxBatches?: number;
}

export interface SequenceResult {
  /** Events appended by this call. */
  appended: number;
  /** The log's size afterwards. */
  size: number;
}

interface BatchCounts extends Record<string, unknown> {
  appended: number;
  taken: number;
}

/** One batch: queue rows in id order; an event already in the log (same case, seq and hash) is not appended again. */
async function appendBatch(db: Database, h: Hasher, batchSize: number): Promise<BatchCounts & { size: number }> {
  return withLogLock(db, async (tx) => {
    const start = await logSize(tx);
    const result = await tx.execute<BatchCounts>(sql`
      WITH batch AS (
        SELECT id, case_id, seq, event_hash FROM audit_log_pending ORDER BY id LIMIT ${batchSize}
      ), fresh AS (
        SELECT DISTINCT ON (b.case_id, b.seq, b.event_hash) b.id, b.case_id, b.seq, b.event_hash FROM batch b
        WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.case_id = b.case_id AND l.seq = b.seq AND l.event_hash = b.event_hash)
        ORDER BY b.case_id, b.seq, b.event_hash, b.id
      ), appended AS (
        INSERT INTO audit_log (log_index, case_id, seq, event_hash)
        SELECT ${start}::bigint + row_number() OVER (ORDER BY id) - 1, case_id, seq, event_hash FROM fresh
        RETURNING log_index
      ), taken AS (
        DELETE FROM audit_log_pending WHERE id IN (SELECT id FROM batch) RETURNING id
      )
      SELECT (SELECT count(*)::int FROM appended) AS appended, (SELECT count(*)::int FROM taken) AS taken`);
    const { appended, taken } = (result as unknown as { rows: BatchCounts[] }).rows[0]!;
    const size = start + appended;
    if (appended > 0) await buildStoredNodes(h, dbNodeStore(tx, h), start, size, writeNodes(tx));
    return { appended, taken, size };
  });
}

/** Appends queued events to the log until the queue is empty (or maxBatches transactions have run). */
export async function sequencePending(db: Database, h: Hasher, { batchSize = 1000, maxBatches = 100 }: SequenceOptions = {}): Promise<SequenceResult> {
  let appended = 0;
  let size = await logSize(db);
  for (let i = 0; i < maxBatches; i++) {
    const batch = await appendBatch(db, h, batchSize);
    appended += batch.appended;
    size = batch.size;
    if (batch.taken < batchSize) break;
  }
  return { appended, size };
}
