// Proofs served from the stored tree against signed checkpoints: inclusion of a case's events, and
// consistency between two checkpoints; and what a party does with them (Art. 29: the parties and
// the authority can inspect the record; Art. 35: and see it was not rewritten).
import { and, asc, eq, lt } from 'drizzle-orm';
import { auditLog, type AuditCheckpointRow } from '../db/schema';
import { cryptoSuite, type CryptoSuiteName } from '../crypto/suite';
import { fromHex, leafHash, toHex, verifyInclusion } from './merkle';
import { dbNodeStore, type Queryable } from './logStore';
import { consistencyPath, inclusionPaths } from './tree';
import { checkpointSignatureValid, type CheckpointBody } from './signing';

export interface InclusionEntry {
  /** The leaf's index in the log. */
  logIndex: number;
  seq: number;
  /** The leaf: the event's hash as the log took it. */
  eventHash: string;
  /** PATH(logIndex, D[treeSize]), hex, from the leaf upward. */
  auditPath: string[];
}

const suiteOf = (cp: AuditCheckpointRow) => cryptoSuite(cp.suite as CryptoSuiteName);

/** The log's leaves of a case within the checkpoint, each with its inclusion proof. */
export async function caseInclusion(db: Queryable, caseId: string, cp: AuditCheckpointRow): Promise<InclusionEntry[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.caseId, caseId), lt(auditLog.logIndex, cp.treeSize)))
    .orderBy(asc(auditLog.logIndex));
  const h = suiteOf(cp);
  const paths = await inclusionPaths(h, dbNodeStore(db, h), rows.map((r) => r.logIndex), cp.treeSize);
  return rows.map((r, i) => ({ logIndex: r.logIndex, seq: r.seq, eventHash: r.eventHash, auditPath: paths[i]!.map(toHex) }));
}

/** PROOF(from.treeSize, D[to.treeSize]), hex. */
export async function consistencyBetween(db: Queryable, from: AuditCheckpointRow, to: AuditCheckpointRow): Promise<string[]> {
  const h = suiteOf(to);
  return (await consistencyPath(h, dbNodeStore(db, h), from.treeSize, to.treeSize)).map(toHex);
}

export interface PartyCheck {
  ok: boolean;
  problems: string[];
  /** Events of the case the checkpoint does not hold (newer than it, or never logged). */
  notInCheckpoint: number[];
}

/**
 * What a party checks with API answers alone: the checkpoint's signature under the public key it
 * trusts, every inclusion proof against the signed root, and that the log's leaves are exactly the
 * hashes of the case's events as served now (GET /share-requests/:id).
 */
export function checkCaseInclusion({
  events,
  checkpoint,
  entries,
  publicKey,
}: {
  events: ReadonlyArray<{ seq: number; hash: string }>;
  checkpoint: CheckpointBody & { signature: string };
  entries: readonly InclusionEntry[];
  publicKey: string;
}): PartyCheck {
  const problems: string[] = [];
  if (!checkpointSignatureValid(checkpoint, publicKey)) problems.push('the checkpoint is not signed by the trusted key');
  const h = cryptoSuite(checkpoint.suite);
  const root = fromHex(checkpoint.rootHash) ?? new Uint8Array(0);
  for (const e of entries) {
    const leaf = fromHex(e.eventHash);
    const path = e.auditPath.map((p) => fromHex(p) ?? new Uint8Array(0));
    if (!leaf || !verifyInclusion(h, { index: e.logIndex, size: checkpoint.treeSize, leafHash: leafHash(h, leaf), path, root })) {
      problems.push(`the proof of event ${e.seq} (log leaf ${e.logIndex}) does not verify against the signed root`);
    }
    const served = events.find((x) => x.seq === e.seq);
    if (!served) problems.push(`the log holds event ${e.seq} (hash ${e.eventHash}); the case no longer shows it`);
    else if (!entries.some((x) => x.seq === e.seq && x.eventHash === served.hash)) {
      problems.push(`the log holds event ${e.seq} with hash ${e.eventHash}; the case now shows ${served.hash}`);
    }
  }
  const notInCheckpoint = events.filter((x) => !entries.some((e) => e.seq === x.seq && e.eventHash === x.hash)).map((x) => x.seq);
  return { ok: problems.length === 0, problems, notInCheckpoint };
}
