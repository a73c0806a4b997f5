// GET /audit/checkpoints on the real app over real PostgreSQL: the list (newest first, paged, with
// the public key), a case's inclusion proofs (only for who may see the case), consistency proofs,
// every bad parameter a 4xx with its code; and tampering (b), (c) caught by a party from the answers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardSuite } from '../../crypto/suite';
import { caseParties, cases } from '../../db/schema';
import { sequencePending } from '../../audit/sequencer';
import { takeCheckpoint, type Checkpoint } from '../../audit/checkpoints';
import { loadSigningKey, type CheckpointSigner } from '../../audit/signing';
import { checkCaseInclusion } from '../../audit/proofs';
import { fromHex, verifyConsistency } from '../../audit/merkle';
import { startTestApp, type TestApp } from '../helpers/app';
import { BEIJING } from '../helpers/fixtures';
import { deleteLastEvent, rewriteFromEvent, storedChain, writeChain } from '../helpers/auditLog';
import { bearer } from '../helpers/tokens';

const h = standardSuite;
const OUTSIDER = '210400-natural-resources';
const dir = mkdtempSync(join(tmpdir(), 'gds-audit-api-'));
let app: TestApp;
let signer: CheckpointSigner;
let first: Checkpoint;
let second: Checkpoint;

async function openCase(id: string) {
  const at = new Date('2026-10-09T09:00:00+08:00');
  await app.database.db.insert(cases).values({ id, process: 'share-request', workflowId: `share-request:${id}`, stage: 'submitted', jurisdictionCode: '110000', openedAt: at, updatedAt: at, version: 1, state: {} as never });
  await app.database.db.insert(caseParties).values([
    { caseId: id, departmentId: BEIJING.requester, role: 'requester', standing: 'party', openedAt: at },
    { caseId: id, departmentId: BEIJING.provider, role: 'provider', standing: 'party', openedAt: at },
  ]);
}

async function get(path: string, as?: string) {
  const res = await fetch(app.url + path, { headers: as ? await bearer(as) : {} });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  app = await startTestApp();
  signer = await loadSigningKey(join(dir, 'key.json'), h, { create: true });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('before any checkpoint', () => {
  it('when the log was never signed, then the list is empty and a case has no proof yet (404 CHECKPOINT_NOT_FOUND)', async () => {
    await openCase('sr-audit-1');
    expect(await get('/audit/checkpoints')).toEqual({ status: 200, body: { checkpoints: [], keys: [], nextCursor: null } });
    const res = await get('/audit/checkpoints?caseId=sr-audit-1', BEIJING.requester);
    expect(res).toMatchObject({ status: 404, body: { code: 'CHECKPOINT_NOT_FOUND' } });
  });
});

describe('with checkpoints', () => {
  beforeAll(async () => {
    await openCase('sr-audit-2');
    const one = await writeChain(app.database.db, 'sr-audit-1', 4);
    await writeChain(app.database.db, 'sr-audit-2', 9);
    await sequencePending(app.database.db, h);
    first = (await takeCheckpoint(app.database.db, signer))!;
    await writeChain(app.database.db, 'sr-audit-1', 3, { after: one });
    await sequencePending(app.database.db, h);
    second = (await takeCheckpoint(app.database.db, signer))!;
  });

  it('when the checkpoints are listed, then newest first, paged, each with its signed text and the public key that verifies it', async () => {
    const page1 = await get('/audit/checkpoints?limit=1');
    expect(page1.status).toBe(200);
    expect(page1.body.checkpoints).toEqual([second]);
    expect(page1.body.keys).toEqual([{ keyId: signer.keyId, suite: 'standard', publicKey: signer.publicKey }]);
    const page2 = await get(`/audit/checkpoints?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.checkpoints).toEqual([first]);
    const page3 = await get(`/audit/checkpoints?limit=1&cursor=${page2.body.nextCursor}`);
    expect(page3.body).toEqual({ checkpoints: [], keys: [], nextCursor: null });
    expect((await get('/audit/checkpoints')).body.checkpoints.map((c: Checkpoint) => c.treeSize)).toEqual([16, 13]);
  });

  it('when a party asks for its case, then every event has a proof against the newest checkpoint, and the party check passes', async () => {
    const res = await get('/audit/checkpoints?caseId=sr-audit-1', BEIJING.provider);
    expect(res.status).toBe(200);
    expect(res.body.checkpoint).toEqual(second);
    expect(res.body.entries.map((e: { seq: number; logIndex: number }) => [e.seq, e.logIndex])).toEqual([[1, 0], [2, 1], [3, 2], [4, 3], [5, 13], [6, 14], [7, 15]]);
    const check = checkCaseInclusion({ events: await storedChain(app.database.db, 'sr-audit-1'), ...res.body, publicKey: res.body.keys[0].publicKey });
    expect(check).toEqual({ ok: true, problems: [], notInCheckpoint: [] });
  });

  it('when a party runs audit:verify-case with the proof answer and the pinned key, then its inclusion is confirmed; a forged proof is named', async () => {
    const res = await get('/audit/checkpoints?caseId=sr-audit-1', BEIJING.provider);
    const caseAnswer = { id: 'sr-audit-1', events: (await storedChain(app.database.db, 'sr-audit-1')).map((e) => ({ ...e, revision: 0, hashFormat: 3 })) };
    const files = mkdtempSync(join(tmpdir(), 'gds-verify-case-'));
    const run = (proof: unknown) => {
      writeFileSync(join(files, 'proof.json'), JSON.stringify(proof));
      writeFileSync(join(files, 'key.pem'), signer.publicKey);
      const script = fileURLToPath(new URL('../../scripts/auditVerifyCase.ts', import.meta.url));
      return spawnSync(process.execPath, ['--import', 'tsx', script, '--proof', join(files, 'proof.json'), '--key', join(files, 'key.pem')], { input: JSON.stringify(caseAnswer), encoding: 'utf8', timeout: 60_000 });
    };
    const ok = run(res.body);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('7 events are in checkpoint size 16');
    const forged = run({ ...res.body, entries: res.body.entries.map((e: { seq: number }) => (e.seq === 2 ? { ...e, eventHash: '00'.repeat(32) } : e)) });
    expect(forged.status).toBe(1);
    expect(forged.stdout).toMatch(/BROKEN sr-audit-1 {2}the proof of event 2 .* does not verify against the signed root/);
    rmSync(files, { recursive: true, force: true });
  });

  it('when an earlier checkpoint is named by its size, then the proofs are against it and the newer events are not in it', async () => {
    const res = await get(`/audit/checkpoints?caseId=sr-audit-1&size=${first.treeSize}`, BEIJING.requester);
    expect(res.body.checkpoint).toEqual(first);
    const check = checkCaseInclusion({ events: await storedChain(app.database.db, 'sr-audit-1'), ...res.body, publicKey: signer.publicKey });
    expect(check).toEqual({ ok: true, problems: [], notInCheckpoint: [5, 6, 7] });
  });

  it('when the supervising authority asks, then it is answered; an outsider, an unknown case or an odd ID is 404, no caller 401', async () => {
    expect((await get('/audit/checkpoints?caseId=sr-audit-2', BEIJING.authority)).status).toBe(200);
    expect(await get('/audit/checkpoints?caseId=sr-audit-2', OUTSIDER)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', detail: 'no case sr-audit-2' } });
    expect(await get('/audit/checkpoints?caseId=sr-nope', BEIJING.requester)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await get('/audit/checkpoints?caseId=a.b', BEIJING.requester)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await get('/audit/checkpoints?caseId=sr-audit-2')).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('when two checkpoints are named, then the consistency proof between them verifies against their signed roots', async () => {
    const res = await get(`/audit/checkpoints?from=${first.treeSize}&to=${second.treeSize}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: first, to: second, keys: [{ keyId: signer.keyId }] });
    const claim = { size1: first.treeSize, size2: second.treeSize, root1: fromHex(first.rootHash)!, root2: fromHex(second.rootHash)!, path: res.body.consistencyPath.map((p: string) => fromHex(p)!) };
    expect(verifyConsistency(h, claim)).toBe(true);
    expect((await get(`/audit/checkpoints?from=${second.treeSize}&to=${second.treeSize}`)).body.consistencyPath).toEqual([]);
  });

  it.each([
    ['?from=16&to=13', 400, 'VALIDATION_FAILED'],
    ['?from=13', 400, 'VALIDATION_FAILED'],
    ['?to=13', 400, 'VALIDATION_FAILED'],
    ['?from=13&to=16&caseId=sr-audit-1', 400, 'VALIDATION_FAILED'],
    ['?from=13&to=16&limit=5', 400, 'VALIDATION_FAILED'],
    ['?size=13', 400, 'VALIDATION_FAILED'],
    ['?caseId=sr-audit-1&limit=2', 400, 'VALIDATION_FAILED'],
    ['?limit=0', 400, 'VALIDATION_FAILED'],
    ['?limit=101', 400, 'VALIDATION_FAILED'],
    ['?limit=ten', 400, 'VALIDATION_FAILED'],
    ['?cursor=-1', 400, 'VALIDATION_FAILED'],
    ['?cursor=1e3', 400, 'VALIDATION_FAILED'],
    ['?from=x&to=13', 400, 'VALIDATION_FAILED'],
    ['?caseId=sr-audit-1&size=abc', 400, 'VALIDATION_FAILED'],
    ['?caseId=sr-%01', 400, 'INVALID_TEXT'],
    ['?from=3&to=13', 404, 'CHECKPOINT_NOT_FOUND'],
    ['?from=13&to=99', 404, 'CHECKPOINT_NOT_FOUND'],
    ['?caseId=sr-audit-1&size=14', 404, 'CHECKPOINT_NOT_FOUND'],
  ])('when %s is asked, then %i %s', async (query, status, code) => {
    expect(await get(`/audit/checkpoints${query}`, BEIJING.requester)).toMatchObject({ status, body: { code } });
  });
});

describe('tampering after the checkpoints, seen by a party', () => {
  const partyCheck = async (caseId: string) => {
    const res = await get(`/audit/checkpoints?caseId=${caseId}`, BEIJING.requester);
    return checkCaseInclusion({ events: await storedChain(app.database.db, caseId), ...res.body, publicKey: signer.publicKey });
  };

  it('(b) when an event is changed and its chain rehashed, then the party sees the log holds other hashes for that event and every later one', async () => {
    await rewriteFromEvent(app.database.db, app.database.url, 'sr-audit-2', 7, { n: 7, amended: true });
    const check = await partyCheck('sr-audit-2');
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([7, 8, 9].map((seq) => expect.stringMatching(new RegExp(`^the log holds event ${seq} with hash [0-9a-f]{64}; the case now shows [0-9a-f]{64}$`))));
  });

  it('(c) when the last event is deleted, then the party sees the log holds an event the case no longer shows', async () => {
    await deleteLastEvent(app.database.url, 'sr-audit-1');
    const check = await partyCheck('sr-audit-1');
    expect(check.problems).toEqual([expect.stringMatching(/^the log holds event 7 \(hash [0-9a-f]{64}\); the case no longer shows it$/)]);
  });
});
