// Tampering as the database owner with triggers off (session_replication_role = replica), after
// checkpoints were signed, is found by audit/verifyLog.ts: (b) an event's field changed and every
// later hash of its case recomputed, (c) a case's last event deleted; and tampering with the log
// itself (a leaf, a stored subtree, a checkpoint, a leaf deleted, an event slipped in).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { standardSuite } from '../../crypto/suite';
import { sequencePending } from '../../audit/sequencer';
import { takeCheckpoint } from '../../audit/checkpoints';
import { loadSigningKey, type CheckpointSigner } from '../../audit/signing';
import { merkleLogCheck, verifyLog, type LogFinding } from '../../audit/verifyLog';
import { freshDatabase, type TestDatabase } from '../helpers/db';
import { deleteLastEvent, ownerWithoutTriggers, rewriteFromEvent, storedChain, writeChain } from '../helpers/auditLog';

const h = standardSuite;
const dir = mkdtempSync(join(tmpdir(), 'gds-tamper-'));
let signer: CheckpointSigner;
let database: TestDatabase;

beforeAll(async () => {
  signer = await loadSigningKey(join(dir, 'key.json'), h, { create: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Three cases, two checkpoints (after 12 and after 40 events), everything sequenced. */
beforeEach(async () => {
  database = await freshDatabase();
  const chains = { a: await writeChain(database.db, 'sr-a', 5), b: await writeChain(database.db, 'sr-b', 4), c: await writeChain(database.db, 'sr-c', 3) };
  await sequencePending(database.db, h);
  await takeCheckpoint(database.db, signer);
  await writeChain(database.db, 'sr-a', 20, { after: chains.a });
  await writeChain(database.db, 'sr-b', 4, { after: chains.b });
  await writeChain(database.db, 'sr-c', 4, { after: chains.c });
  await sequencePending(database.db, h);
  await takeCheckpoint(database.db, signer);
});
afterEach(async () => {
  await database?.drop();
});

const verify = () => verifyLog(database.db, { trustedKeys: [signer.publicKey], pageSize: 7 });
const kinds = (fs: LogFinding[]) => [...new Set(fs.map((f) => f.kind))].sort();
const owner = async (statements: Array<[string, unknown[]?]>) => {
  const o = await ownerWithoutTriggers(database.url);
  try {
    for (const [text, values] of statements) await o.query(text, values);
  } finally {
    await o.close();
  }
};

describe('an untouched log', () => {
  it('when nothing was tampered with, then the verifier finds nothing', async () => {
    expect(await verify()).toEqual({ ok: true, leaves: 40, checkpoints: 2, pending: 0, findings: [], truncated: false });
  });
});

describe('tampering with the record', () => {
  it('(b) when an event of a case is changed and every later hash of its chain recomputed, then each rewritten event is named, with its case and log leaf', async () => {
    await rewriteFromEvent(database.db, database.url, 'sr-b', 2, { n: 2, note: 'rewritten' });
    // The case's own chain is consistent again: only the log can tell.
    const chain = await storedChain(database.db, 'sr-b');
    expect(chain.slice(1).every((e, i) => e.prevHash === chain[i]!.hash)).toBe(true);

    const result = await verify();
    expect(result.ok).toBe(false);
    expect(kinds(result.findings)).toEqual(['event-changed']);
    expect(result.findings.map((f) => [f.caseId, f.seq])).toEqual([2, 3, 4, 5, 6, 7, 8].map((seq) => ['sr-b', seq]));
    expect(result.findings[0]).toMatchObject({ logIndex: 6, message: expect.stringContaining('event 2 of case sr-b') });
  });

  it('(b) as a pass of the chain audit, then the same findings are reported one by one with the counts', async () => {
    await rewriteFromEvent(database.db, database.url, 'sr-a', 24, { n: 24, x: 1 });
    const reported: unknown[] = [];
    const counts = await merkleLogCheck({ trustedKeys: [signer.publicKey] }).run({ db: database.db, report: (f) => void reported.push(f) });
    expect(counts).toEqual({ leaves: 40, checkpoints: 2, pending: 0, broken: 2 });
    expect(reported).toEqual([24, 25].map((seq) => ({ check: 'log', caseId: 'sr-a', seq, problem: 'event-changed', message: expect.any(String) })));
  });

  it('(c) when the last event of a case is deleted, then it is named as missing, with its case and log leaf', async () => {
    await deleteLastEvent(database.url, 'sr-c');
    const result = await verify();
    expect(result.findings).toEqual([{ kind: 'event-missing', caseId: 'sr-c', seq: 7, logIndex: 39, message: 'log leaf 39 is event 7 of case sr-c, which the record no longer has' }]);
  });

  it('when an event is inserted with triggers off, then it is named as never logged', async () => {
    const chain = await storedChain(database.db, 'sr-a');
    await owner([[`INSERT INTO case_events (case_id, seq, process, type, at, prev_hash, hash, state_hash, hash_format) VALUES ('sr-a', 26, 'share-request', 'noted', now(), $1, $2, $2, 3)`, [chain.at(-1)!.hash, 'ab'.repeat(32)]]]);
    const result = await verify();
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'event-unlogged', caseId: 'sr-a', seq: 26 })]);
  });
});

describe('tampering with the log', () => {
  it('when a leaf is rewritten to match a rewritten event, then the checkpoints that cover it no longer match, nor do the stored subtrees', async () => {
    await rewriteFromEvent(database.db, database.url, 'sr-c', 3, { n: 3, forged: true });
    const [e] = (await storedChain(database.db, 'sr-c')).slice(2, 3);
    await owner([[`UPDATE audit_log SET event_hash = $1 WHERE case_id = 'sr-c' AND seq = 3`, [e!.hash]]]);
    const result = await verify();
    expect(kinds(result.findings)).toEqual(['event-changed', 'inconsistent', 'node-mismatch', 'root-mismatch']);
    expect(result.findings.filter((f) => f.kind === 'root-mismatch').map((f) => f.treeSize)).toEqual([12, 40]);
    expect(result.findings.some((f) => f.kind === 'event-changed' && f.caseId === 'sr-c' && f.seq === 4)).toBe(true);
  });

  it('when a leaf is deleted, then the gap is named and the checkpoints no longer match', async () => {
    await owner([[`DELETE FROM audit_log WHERE log_index = 20`]]);
    const result = await verify();
    expect(result.findings[0]).toMatchObject({ kind: 'log-gap', logIndex: 21 });
    expect(result.findings.filter((f) => f.kind === 'checkpoint-beyond-log').map((f) => f.treeSize)).toEqual([40]);
    expect(result.findings.some((f) => f.kind === 'event-unlogged')).toBe(true);
  });

  it('when a stored subtree is changed, then it is named, and the consistency proof built from it fails', async () => {
    await owner([[`UPDATE audit_log_nodes SET hash = $1 WHERE level = 4 AND node_index = 1`, ['00'.repeat(32)]]]);
    const result = await verify();
    expect(kinds(result.findings)).toEqual(['inconsistent', 'node-mismatch']);
  });

  it('when a checkpoint is rewritten (its root, or signed with another key), then its signature or key is refused', async () => {
    await owner([[`UPDATE audit_checkpoints SET root_hash = $1 WHERE tree_size = 12`, ['11'.repeat(32)]]]);
    const result = await verify();
    expect(result.findings.map((f) => [f.kind, f.treeSize])).toEqual([
      ['bad-signature', 12],
      ['root-mismatch', 12],
      ['inconsistent', 40],
    ]);
    const stranger = standardSuite.generateKeyPair().publicKey;
    const untrusted = await verifyLog(database.db, { trustedKeys: [stranger] });
    expect(untrusted.findings.filter((f) => f.kind === 'untrusted-key')).toHaveLength(2);
  });

  it('when the findings are many, then they stop at maxFindings and say so', async () => {
    await rewriteFromEvent(database.db, database.url, 'sr-a', 1, { n: 0 });
    const result = await verifyLog(database.db, { trustedKeys: [signer.publicKey], maxFindings: 5 });
    expect(result).toMatchObject({ ok: false, truncated: true });
    expect(result.findings).toHaveLength(5);
  });
});
