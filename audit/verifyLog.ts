// Verifies the audit log from scratch (Art. 35: tampering must be detectable; Art. 29: the record
// is inspected by authorities). One pass over the leaves in pages, memory O(page + log n):
//   - every leaf is its event's hash as the record holds it now (a changed or deleted event is named),
//   - every stored subtree equals the one recomputed from the leaves,
//   - every checkpoint's root is the root of its first `size` leaves, and its signature is valid
//     under a trusted key,
//   - successive checkpoints never shrink, and the log proves each consistent with the next,
//   - every event is in the log or queued for it (none slipped in with triggers off).
import { asc, count, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditCheckpoints, auditLogNodes, auditLogPending, auditSigningKeys, type AuditCheckpointRow } from '../db/schema';
import { cryptoSuite, type CryptoSuite } from '../crypto/suite';
import { emptyRoot, fromHex, leafHash, nodeHash, toHex, verifyConsistency } from './merkle';
import { dbNodeStore, leafBytes } from './logStore';
import { consistencyPath, foldCover, STRIDE } from './tree';
import { checkpointOf } from './checkpoints';
import { checkpointSignatureValid, keyIdOf } from './signing';

export type LogFindingKind =
  | 'event-changed'
  | 'event-missing'
  | 'event-unlogged'
  | 'log-gap'
  | 'node-mismatch'
  | 'root-mismatch'
  | 'checkpoint-beyond-log'
  | 'bad-signature'
  | 'untrusted-key'
  | 'log-shrank'
  | 'inconsistent';

export interface LogFinding {
  kind: LogFindingKind;
  message: string;
  caseId?: string;
  seq?: number;
  logIndex?: number;
  checkpointId?: number;
  treeSize?: number;
}

export interface LogVerification {
  ok: boolean;
  leaves: number;
  checkpoints: number;
  /** Events queued and not yet sequenced (not a finding). */
  pending: number;
  findings: LogFinding[];
  /** More findings than maxFindings: the rest were not collected. */
  truncated: boolean;
}

export interface VerifyLogOptions {
  /** Public keys trusted to sign checkpoints (e.g. as published earlier); default: the keys the database lists. */
  trustedKeys?: readonly string[];
  /** The suite when there is no checkpoint yet; default: cryptoSuite(). */
  suite?: CryptoSuite;
  pageSize?: number;
  maxFindings?: number;
}

interface LeafRow extends Record<string, unknown> {
  log_index: number;
  case_id: string;
  seq: number;
  event_hash: string;
  current_hash: string | null;
  matches: boolean;
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export async function verifyLog(db: Database, { trustedKeys, suite, pageSize = 2000, maxFindings = 1000 }: VerifyLogOptions = {}): Promise<LogVerification> {
  const findings: LogFinding[] = [];
  let truncated = false;
  const find = (f: LogFinding) => (findings.length < maxFindings ? findings.push(f) : (truncated = true));

  const checkpoints = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id));
  const h = checkpoints[0] ? cryptoSuite(checkpoints[0].suite as CryptoSuite['name']) : (suite ?? cryptoSuite());
  const keys = trustedKeys ?? (await db.select({ publicKey: auditSigningKeys.publicKey }).from(auditSigningKeys)).map((k) => k.publicKey);
  checkSignatures(checkpoints, keys, find);

  // The leaves, page by page, folded into the compact range [0, n) (perfect subtrees, highest first).
  const sizes = [...new Set(checkpoints.map((c) => c.treeSize))].sort((a, b) => a - b);
  const roots = new Map<number, string>([[0, toHex(emptyRoot(h))]]);
  const stack: Array<{ level: number; hash: Uint8Array }> = [];
  let n = 0;
  let nextSize = sizes.findIndex((s) => s > 0);
  for (let from = 0; ; ) {
    const page = rowsOf<LeafRow>(
      await db.execute(sql`
        SELECT l.log_index::float8 AS log_index, l.case_id, l.seq, l.event_hash,
          (SELECT e.hash FROM case_events e WHERE e.case_id = l.case_id AND e.seq = l.seq ORDER BY (e.hash = l.event_hash) DESC LIMIT 1) AS current_hash,
          EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = l.case_id AND e.seq = l.seq AND e.hash = l.event_hash) AS matches
        FROM audit_log l WHERE l.log_index >= ${from} ORDER BY l.log_index LIMIT ${pageSize}`),
    );
    if (page.length === 0) break;
    const completed: Array<{ level: number; index: number; hash: Uint8Array }> = [];
    for (const row of page) {
      const at = { caseId: row.case_id, seq: row.seq, logIndex: row.log_index };
      if (row.log_index !== n) find({ kind: 'log-gap', ...at, message: `the log has no leaf ${n}: the next is ${row.log_index} (rows were deleted with triggers off)` });
      if (!row.matches) {
        find(
          row.current_hash === null
            ? { kind: 'event-missing', ...at, message: `log leaf ${row.log_index} is event ${row.seq} of case ${row.case_id}, which the record no longer has` }
            : { kind: 'event-changed', ...at, message: `log leaf ${row.log_index} says event ${row.seq} of case ${row.case_id} has hash ${row.event_hash}; the record now says ${row.current_hash}` },
        );
      }
      stack.push({ level: 0, hash: leafHash(h, leafBytes(row.event_hash)) });
      while (stack.length >= 2 && stack.at(-1)!.level === stack.at(-2)!.level) {
        const right = stack.pop()!;
        const left = stack.pop()!;
        const level = left.level + 1;
        stack.push({ level, hash: nodeHash(h, left.hash, right.hash) });
        if (level % STRIDE === 0) completed.push({ level, index: Math.floor(n / 2 ** level), hash: stack.at(-1)!.hash });
      }
      n++;
      while (nextSize >= 0 && nextSize < sizes.length && sizes[nextSize] === n) {
        roots.set(n, toHex(foldCover(h, stack.map((s) => s.hash))));
        nextSize++;
      }
      from = row.log_index + 1;
    }
    await checkStoredNodes(db, completed, find);
  }

  for (const c of checkpoints) {
    const at = { checkpointId: c.id, treeSize: c.treeSize };
    if (c.treeSize > n) find({ kind: 'checkpoint-beyond-log', ...at, message: `checkpoint ${c.id} signed ${c.treeSize} leaves; the log has ${n}` });
    else if (roots.get(c.treeSize) !== c.rootHash) {
      find({ kind: 'root-mismatch', ...at, message: `checkpoint ${c.id} signed root ${c.rootHash} for ${c.treeSize} leaves; the leaves now give ${roots.get(c.treeSize)}` });
    }
  }
  await checkConsistency(db, h, checkpoints, find);
  await findUnloggedEvents(db, maxFindings, find);

  const [queued] = await db.select({ n: count() }).from(auditLogPending);
  return { ok: findings.length === 0, leaves: n, checkpoints: checkpoints.length, pending: queued?.n ?? 0, findings, truncated };
}

type Find = (f: LogFinding) => unknown;

function checkSignatures(checkpoints: readonly AuditCheckpointRow[], keys: readonly string[], find: Find): void {
  let previous: AuditCheckpointRow | undefined;
  for (const row of checkpoints) {
    const at = { checkpointId: row.id, treeSize: row.treeSize };
    const c = checkpointOf(row);
    const key = keys.find((k) => {
      try {
        return keyIdOf(cryptoSuite(c.suite), k) === c.keyId;
      } catch {
        return false;
      }
    });
    if (!key) find({ kind: 'untrusted-key', ...at, message: `checkpoint ${row.id} is signed by key ${c.keyId}, which is not trusted` });
    else if (!checkpointSignatureValid(c, key)) find({ kind: 'bad-signature', ...at, message: `checkpoint ${row.id}: the signature does not match its size, root, time, suite and key` });
    if (previous && row.treeSize < previous.treeSize) {
      find({ kind: 'log-shrank', ...at, message: `checkpoint ${row.id} signs ${row.treeSize} leaves after checkpoint ${previous.id} signed ${previous.treeSize}` });
    }
    previous = row;
  }
}

/** Stored subtrees against those recomputed from the leaves (a missing one is a mismatch too). */
async function checkStoredNodes(db: Database, completed: ReadonlyArray<{ level: number; index: number; hash: Uint8Array }>, find: Find): Promise<void> {
  for (const level of new Set(completed.map((c) => c.level))) {
    const mine = completed.filter((c) => c.level === level);
    const rows = await db
      .select()
      .from(auditLogNodes)
      .where(sql`${eq(auditLogNodes.level, level)} AND ${auditLogNodes.nodeIndex} BETWEEN ${mine[0]!.index} AND ${mine.at(-1)!.index}`);
    const stored = new Map(rows.map((r) => [r.nodeIndex, r.hash]));
    for (const c of mine) {
      if (stored.get(c.index) !== toHex(c.hash)) {
        find({ kind: 'node-mismatch', message: `stored subtree ${c.index} at level ${level} is ${stored.get(c.index) ?? 'missing'}; the leaves give ${toHex(c.hash)}` });
      }
    }
  }
}

/** Each checkpoint proven consistent with the one after it, with the proof the API would serve. */
async function checkConsistency(db: Database, h: CryptoSuite, checkpoints: readonly AuditCheckpointRow[], find: Find): Promise<void> {
  const store = dbNodeStore(db, h);
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1]!, checkpoints[i]!];
    if (a.treeSize > b.treeSize) continue; // already a log-shrank finding
    const at = { checkpointId: b.id, treeSize: b.treeSize };
    try {
      const path = await consistencyPath(h, store, a.treeSize, b.treeSize);
      if (!verifyConsistency(h, { size1: a.treeSize, size2: b.treeSize, root1: fromHex(a.rootHash) ?? new Uint8Array(0), root2: fromHex(b.rootHash) ?? new Uint8Array(0), path })) {
        find({ kind: 'inconsistent', ...at, message: `checkpoint ${a.id} (${a.treeSize} leaves) is not a prefix of checkpoint ${b.id} (${b.treeSize} leaves) by the log's proof` });
      }
    } catch (err) {
      find({ kind: 'inconsistent', ...at, message: `no consistency proof from checkpoint ${a.id} to ${b.id}: ${(err as Error).message}` });
    }
  }
}

/**
 * Events whose hash is neither in the log nor queued: written past the trigger. An event at a seq
 * whose leaf is already reported (event-changed) is that finding, not a second one.
 */
async function findUnloggedEvents(db: Database, limit: number, find: Find): Promise<void> {
  const rows = rowsOf<{ case_id: string; seq: number; hash: string }>(
    await db.execute(sql`
      SELECT e.case_id, e.seq, e.hash FROM case_events e
      WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.case_id = e.case_id AND l.seq = e.seq AND l.event_hash = e.hash)
        AND NOT EXISTS (SELECT 1 FROM audit_log_pending p WHERE p.case_id = e.case_id AND p.seq = e.seq AND p.event_hash = e.hash)
        AND NOT EXISTS (
          SELECT 1 FROM audit_log l WHERE l.case_id = e.case_id AND l.seq = e.seq
            AND NOT EXISTS (SELECT 1 FROM case_events x WHERE x.case_id = l.case_id AND x.seq = l.seq AND x.hash = l.event_hash))
      ORDER BY e.case_id, e.seq LIMIT ${limit}`),
  );
  for (const r of rows) {
    find({ kind: 'event-unlogged', caseId: r.case_id, seq: r.seq, message: `event ${r.seq} of case ${r.case_id} (hash ${r.hash}) is neither in the log nor queued for it (written with triggers off)` });
  }
}

/** A finding as the chain audit reports them (audit/verifyChains.ts AuditFinding). */
export interface LogAuditFinding {
  check: 'log';
  caseId?: string;
  seq?: number;
  problem: LogFindingKind;
  message: string;
}

/**
 * The log as one more pass of the chain audit (`npm run audit:verify`, GET /audit/verify): the shape
 * of audit/verifyChains.ts AuditCheck. The log spans every case: run it unscoped.
 */
export const merkleLogCheck = (options: VerifyLogOptions = {}) => ({
  name: 'log',
  async run({ db, report }: { db: Database; report: (finding: LogAuditFinding) => Promise<void> | void }) {
    const r = await verifyLog(db, options);
    for (const f of r.findings) await report({ check: 'log', caseId: f.caseId, seq: f.seq, problem: f.kind, message: f.message });
    return { leaves: r.leaves, checkpoints: r.checkpoints, pending: r.pending, broken: r.findings.length };
  },
});
