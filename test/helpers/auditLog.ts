// Hash-chained case events written straight into case_events (as the recorder writes them, without a
// workflow), and a database-owner connection that tampers with them with triggers off
// (session_replication_role = replica), as an insider with the owner's rights could.
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { caseEvents } from '../../db/schema';
import { eventHash, GENESIS_HASH, stateHash } from '../../activities/case/hash';

/** These helper chains are written in format 3; every event covers the state its case row stores (`{}` unless given). */
const HASH_FORMAT = 3;
import type { CaseEvent } from '../../workflows/case/contract';

export interface ChainEvent extends CaseEvent {
  prevHash: string;
  hash: string;
  stateHash: string;
}

/** Appends `count` events to the case's chain (after `after` events already written), one insert each. */
export async function writeChain(db: Database, caseId: string, count: number, { after = [] as ChainEvent[], t0 = Date.parse('2026-10-09T09:00:00+08:00'), state = {} as unknown } = {}): Promise<ChainEvent[]> {
  const chain = [...after];
  const covered = stateHash(state, HASH_FORMAT);
  for (let i = 0; i < count; i++) {
    const seq = chain.length + 1;
    const prevHash = chain.at(-1)?.hash ?? GENESIS_HASH;
    const event: CaseEvent = { seq, type: seq === 1 ? 'submitted' : 'noted', at: new Date(t0 + seq * 60_000).toISOString(), data: { n: seq } };
    const hash = eventHash(prevHash, caseId, { ...event, stateHash: covered }, HASH_FORMAT);
    await db.insert(caseEvents).values({ caseId, seq, process: 'share-request', type: event.type, at: new Date(event.at), data: event.data, prevHash, hash, stateHash: covered, hashFormat: HASH_FORMAT });
    chain.push({ ...event, prevHash, hash, stateHash: covered });
  }
  return chain.slice(after.length);
}

/** The rows of a case's chain as stored, oldest first. */
export async function storedChain(db: Database, caseId: string): Promise<ChainEvent[]> {
  const rows = await db.select().from(caseEvents).where(sql`${caseEvents.caseId} = ${caseId}`).orderBy(caseEvents.seq);
  return rows.map((r) => ({ seq: r.seq, type: r.type, at: r.at.toISOString(), actor: (r.actor ?? undefined) as CaseEvent['actor'], data: (r.data ?? undefined) as CaseEvent['data'], prevHash: r.prevHash, hash: r.hash, stateHash: r.stateHash }));
}

/** A connection as the database owner with every trigger off. */
export async function ownerWithoutTriggers(url: string): Promise<{ query: (text: string, values?: unknown[]) => Promise<pg.QueryResult>; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SET session_replication_role = replica`);
  return { query: (text, values) => client.query(text, values), close: () => client.end() };
}

/**
 * Tampering (b): changes a field of event `seq` and recomputes its hash and every later one, so the
 * case's own chain still verifies.
 */
export async function rewriteFromEvent(db: Database, url: string, caseId: string, seq: number, data: Record<string, unknown>): Promise<void> {
  const chain = await storedChain(db, caseId);
  const owner = await ownerWithoutTriggers(url);
  try {
    let prevHash = chain[seq - 2]?.hash ?? GENESIS_HASH;
    for (const e of chain.slice(seq - 1)) {
      const changed = e.seq === seq ? { ...e, data } : e;
      const hash = eventHash(prevHash, caseId, changed, HASH_FORMAT);
      await owner.query(`UPDATE case_events SET data = $1, prev_hash = $2, hash = $3 WHERE case_id = $4 AND seq = $5`, [changed.data ?? null, prevHash, hash, caseId, e.seq]);
      prevHash = hash;
    }
  } finally {
    await owner.close();
  }
}

/** Tampering (c): deletes the case's last event. */
export async function deleteLastEvent(url: string, caseId: string): Promise<void> {
  const owner = await ownerWithoutTriggers(url);
  try {
    await owner.query(`DELETE FROM case_events WHERE case_id = $1 AND seq = (SELECT max(seq) FROM case_events WHERE case_id = $1)`, [caseId]);
  } finally {
    await owner.close();
  }
}
