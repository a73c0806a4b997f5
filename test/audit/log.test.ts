// The audit log against real PostgreSQL: the trigger queues every event, the sequencer appends them
// gapless and once (also with several sequencers at once), the stored subtrees equal the RFC tree,
// checkpoints are signed over the documented bytes, and the log's tables refuse UPDATE/DELETE/TRUNCATE.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, count, sql, type SQL } from 'drizzle-orm';
import { standardSuite } from '../../crypto/suite';
import { auditLog, auditLogNodes, auditLogPending } from '../../db/schema';
import { leafBytes, logSize, dbNodeStore } from '../../audit/logStore';
import { sequencePending } from '../../audit/sequencer';
import { latestCheckpoint, takeCheckpoint } from '../../audit/checkpoints';
import { checkpointSignatureValid, loadSigningKey, SigningKeyError, signedText, type CheckpointSigner } from '../../audit/signing';
import { leafHash, mth, toHex } from '../../audit/merkle';
import { rootAt } from '../../audit/tree';
import { freshDatabase, type TestDatabase } from '../helpers/db';
import { writeChain } from '../helpers/auditLog';

const h = standardSuite;
let database: TestDatabase;
let signer: CheckpointSigner;
const dir = mkdtempSync(join(tmpdir(), 'gds-audit-'));

beforeAll(async () => {
  database = await freshDatabase();
  signer = await loadSigningKey(join(dir, 'key.json'), h, { create: true });
});
afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const leaves = async () => (await database.db.select().from(auditLog).orderBy(asc(auditLog.logIndex))).map((r) => leafBytes(r.eventHash));
const one = async (q: SQL) => ((await database.db.execute(q)) as unknown as { rows: unknown[] }).rows[0];
const pendingCount = async () => (await database.db.select({ n: count() }).from(auditLogPending))[0]!.n;

describe('sequencing', () => {
  it('when events are written, then they are queued, and the sequencer appends them in order with no gap', async () => {
    const a = await writeChain(database.db, 'sr-a', 3);
    const b = await writeChain(database.db, 'sr-b', 2);
    const more = await writeChain(database.db, 'sr-a', 2, { after: a });
    expect(await pendingCount()).toBe(7);

    expect(await sequencePending(database.db, h)).toEqual({ appended: 7, size: 7 });
    const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.logIndex));
    expect(rows.map((r) => [r.logIndex, r.caseId, r.seq, r.eventHash])).toEqual(
      [...a.map((e) => ['sr-a', e]), ...b.map((e) => ['sr-b', e]), ...more.map((e) => ['sr-a', e])].map(([c, e], i) => [i, c, (e as { seq: number }).seq, (e as { hash: string }).hash]),
    );
    expect(await pendingCount()).toBe(0);
    expect(await sequencePending(database.db, h)).toEqual({ appended: 0, size: 7 });
  });

  it('when an event is queued twice (same case, seq and hash), then it is appended once', async () => {
    const [row] = await database.db.select().from(auditLog).limit(1);
    await database.db.insert(auditLogPending).values([
      { caseId: row!.caseId, seq: row!.seq, eventHash: row!.eventHash },
      { caseId: row!.caseId, seq: row!.seq, eventHash: row!.eventHash },
    ]);
    expect(await sequencePending(database.db, h)).toEqual({ appended: 0, size: 7 });
    expect(await pendingCount()).toBe(0);
  });

  it('when four sequencers run at once over 1,500 queued events in small batches, then every event is in the log exactly once, gapless, and the stored tree is the RFC tree', async () => {
    for (let c = 0; c < 15; c++) await writeChain(database.db, `sr-many-${c}`, 100);
    const results = await Promise.all(Array.from({ length: 4 }, () => sequencePending(database.db, h, { batchSize: 37, maxBatches: 1000 })));
    expect(results.reduce((n, r) => n + r.appended, 0)).toBe(1500);
    const size = await logSize(database.db);
    expect(size).toBe(1507);
    expect(await one(sql`SELECT count(*)::int AS n, count(DISTINCT (case_id, seq, event_hash))::int AS distinct FROM audit_log`)).toEqual({ n: 1507, distinct: 1507 });
    // Within a case, seq order is log order.
    expect(await one(sql`SELECT count(*)::int AS bad FROM audit_log a JOIN audit_log b ON a.case_id = b.case_id AND a.seq < b.seq AND a.log_index > b.log_index`)).toEqual({ bad: 0 });
    const ls = await leaves();
    for (const s of [1, 16, 255, 256, 1000, 1507]) expect(toHex(await rootAt(h, dbNodeStore(database.db, h), s))).toBe(toHex(mth(h, ls.slice(0, s))));
    // Reads of more indexes than one query may carry are split.
    const many = await dbNodeStore(database.db, h).read(0, Array.from({ length: 12_000 }, (_, i) => i));
    expect([many.size, toHex(many.get(1506)!)]).toEqual([1507, toHex(leafHash(h, ls[1506]!))]);
    const nodes = await database.db.select({ n: count() }).from(auditLogNodes);
    expect(nodes[0]!.n).toBe(Math.floor(1507 / 16) + Math.floor(1507 / 256));
  });
});

describe('checkpoints', () => {
  it('when the log grew, then a checkpoint signs its size, root and time over the documented bytes, verifiable with the public key', async () => {
    const cp = (await takeCheckpoint(database.db, signer))!;
    expect(cp.treeSize).toBe(1507);
    expect(cp.rootHash).toBe(toHex(mth(h, await leaves())));
    expect(cp.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
    expect(cp.signedText).toBe(
      `gov-data-sharing audit log checkpoint v1\nsize 1507\nroot ${cp.rootHash}\ntime ${cp.time}\nsuite standard\nkey ${signer.keyId}\n`,
    );
    expect(signer.keyId).toBe(h.hashHex(signer.publicKey).slice(0, 16));
    expect(checkpointSignatureValid(cp, signer.publicKey)).toBe(true);
    expect(checkpointSignatureValid({ ...cp, treeSize: 1506 }, signer.publicKey)).toBe(false);
    expect(checkpointSignatureValid({ ...cp, time: cp.time.replace('+08:00', 'Z') }, signer.publicKey)).toBe(false);
    const other = standardSuite.generateKeyPair();
    expect(checkpointSignatureValid(cp, other.publicKey)).toBe(false);
    expect(signedText(cp)).toBe(cp.signedText);
  });

  it('when the log did not grow, then no new checkpoint until the heartbeat is due', async () => {
    const before = await latestCheckpoint(database.db);
    expect(await takeCheckpoint(database.db, signer)).toBeUndefined();
    const later = new Date(before!.signedAt.getTime() + 60 * 60 * 1000 + 1);
    const beat = await takeCheckpoint(database.db, signer, { now: () => later });
    expect(beat).toMatchObject({ treeSize: 1507, rootHash: before!.rootHash });
  });

  it('when a checkpoint is taken with a key of another suite than the log, then it is refused', async () => {
    const foreign = { ...signer, suite: { ...h, name: 'guomi' as const } };
    await expect(takeCheckpoint(database.db, foreign)).rejects.toThrow(/hashed with the standard suite/);
  });
});

describe('append-only', () => {
  it.each([
    ['UPDATE audit_log SET event_hash = event_hash'],
    ['DELETE FROM audit_log WHERE log_index = 0'],
    ['TRUNCATE audit_log'],
    ['UPDATE audit_log_nodes SET hash = hash'],
    ['DELETE FROM audit_log_nodes'],
    ['TRUNCATE audit_log_nodes'],
    ['UPDATE audit_checkpoints SET tree_size = 0'],
    ['DELETE FROM audit_checkpoints'],
    ['TRUNCATE audit_checkpoints CASCADE'],
    ['DELETE FROM audit_signing_keys'],
  ])('when %s is tried, then PostgreSQL refuses it', async (statement) => {
    await expect(database.db.execute(sql.raw(statement))).rejects.toThrow();
    expect(await logSize(database.db)).toBe(1507);
  });
});

describe('the signing key', () => {
  it('when the key file is missing, then it is created (0600) and read back as the same key', async () => {
    const file = join(dir, 'sub', 'k.json');
    const first = await loadSigningKey(file, h, { create: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await loadSigningKey(file, h, { create: false });
    expect(again.keyId).toBe(first.keyId);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ suite: 'standard', publicKey: first.publicKey });
  });

  it('when the key file is missing and may not be created, or is not ours, or is of another suite, then loading fails saying so', async () => {
    await expect(loadSigningKey(join(dir, 'none.json'), h, { create: false })).rejects.toThrow(SigningKeyError);
    writeFileSync(join(dir, 'junk.json'), '{"hello":1}');
    await expect(loadSigningKey(join(dir, 'junk.json'), h, { create: false })).rejects.toThrow(/not a key file/);
    const pair = h.generateKeyPair();
    writeFileSync(join(dir, 'sm.json'), JSON.stringify({ suite: 'guomi', ...pair, createdAt: 'x' }));
    await expect(loadSigningKey(join(dir, 'sm.json'), h, { create: false })).rejects.toThrow(/guomi key/);
    writeFileSync(join(dir, 'mixed.json'), JSON.stringify({ suite: 'standard', publicKey: h.generateKeyPair().publicKey, privateKey: pair.privateKey, createdAt: 'x' }));
    await expect(loadSigningKey(join(dir, 'mixed.json'), h, { create: false })).rejects.toThrow(/does not match/);
  });
});
