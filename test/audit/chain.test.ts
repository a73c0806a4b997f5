// The chain verifier (audit/chain.ts) on rows built in memory: the format-3 formula pinned against
// an independent computation, the supersession rule, and the first broken row of each tampering.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, GENESIS_HASH, hashFormatFor, stateHash } from '../../activities/case/hash';
import { guomiSuite } from '../../crypto/guomi';
import { splitChain, verifyChain, type ChainRow } from '../../audit/chain';

const CASE = 'sr-0123456789abcdef01234567';
const at = (minute: number) => `2026-09-25T10:${String(minute).padStart(2, '0')}:00.000+08:00`;

/** Appends a format-3 row after `rows` (or a superseding revision of the last seq with `supersede`). */
function append(rows: ChainRow[], type: string, state: unknown, opts: { supersede?: boolean; minute?: number } = {}): ChainRow[] {
  const { chain } = splitChain(rows);
  const last = chain[chain.length - 1];
  const seq = opts.supersede ? last!.seq : (last?.seq ?? 0) + 1;
  const prev = opts.supersede ? last!.prevHash : (last?.hash ?? GENESIS_HASH);
  const revision = opts.supersede ? last!.revision + 1 : 0;
  const row = { seq, revision, type, at: at(opts.minute ?? seq), actor: { departmentId: '110000-public-security' }, data: { n: seq }, prevHash: prev, stateHash: stateHash(state, 3), hashFormat: 3 };
  return [...rows, { ...row, hash: eventHash(prev, CASE, row, 3) }];
}

const state = (version: number) => ({ id: CASE, version, stage: `s${version}`, parties: [{ role: 'requester', departmentId: '110000-market-regulation' }] });
const threeEvents = () => append(append(append([], 'received', state(1)), 'reply_agreed', state(2)), 'delivered', state(3));

describe('hash format 3', () => {
  it('when an event is hashed, then it is sha256 over prevHash and the canonical JSON of [caseId, seq, revision, type, at, actor, data, stateHash]', () => {
    const s = { version: 1, stage: 'awaiting_reply', data: { b: [1, 'x'], a: null } };
    const sh = createHash('sha256').update('{"data":{"a":null,"b":[1,"x"]},"stage":"awaiting_reply","version":1}').digest('hex');
    expect(stateHash(s, 3)).toBe(sh);
    const e = { seq: 2, revision: 1, type: 'reply_agreed', at: '2026-09-25T02:00:00Z', actor: { staffId: 'h', departmentId: 'd' }, data: { z: 1, a: '同意' }, stateHash: sh };
    const body = `["${CASE}",2,1,"reply_agreed","2026-09-25T10:00:00.000+08:00",{"departmentId":"d","staffId":"h"},{"a":"同意","z":1},"${sh}"]`;
    expect(eventHash('ab'.repeat(32), CASE, e, 3)).toBe(createHash('sha256').update('ab'.repeat(32) + body).digest('hex'));
    expect(canonicalJson({ b: undefined, a: [undefined] })).toBe('{"a":[null]}');
  });
});

describe('hash format 4 (CRYPTO_SUITE=guomi)', () => {
  it('when the guomi suite records, then format 4 hashes the format-3 content with SM3, and the chain verifies; a changed field breaks it', () => {
    expect(hashFormatFor('guomi')).toBe(4);
    expect(hashFormatFor('standard')).toBe(3);
    const s = { version: 1, stage: 'awaiting_reply' };
    expect(stateHash(s, 4)).toBe(guomiSuite.hashHex(canonicalJson(s)));
    const row = { seq: 1, revision: 0, type: 'received', at: at(1), actor: { departmentId: 'd' }, data: { n: 1 }, prevHash: GENESIS_HASH, stateHash: stateHash(s, 4), hashFormat: 4 };
    const body = `["${CASE}",1,0,"received","${at(1)}",{"departmentId":"d"},{"n":1},"${row.stateHash}"]`;
    const hash = eventHash(GENESIS_HASH, CASE, row, 4);
    expect(hash).toBe(guomiSuite.hashHex(GENESIS_HASH + body));
    expect(hash).not.toBe(eventHash(GENESIS_HASH, CASE, row, 3));
    expect(verifyChain(CASE, [{ ...row, hash }], { state: s })).toEqual({ events: 1, superseded: 0 });
    expect(verifyChain(CASE, [{ ...row, data: { n: 2 }, hash }], { state: s }).broken).toMatchObject({ seq: 1, problem: 'hash_mismatch' });
  });
});

describe('verifyChain', () => {
  it('when the chain and the stored state are intact, then nothing is broken', () => {
    expect(verifyChain(CASE, threeEvents(), { state: state(3) })).toEqual({ events: 3, superseded: 0 });
  });

  it('when a retried attempt superseded the last event (same seq, same prevHash, higher revision), then the chain verifies with the attempt kept apart', () => {
    const rows = append(append(threeEvents(), 'deadline_missed', state(4)), 'deadline_missed', state(4), { supersede: true, minute: 30 });
    const withNext = append(rows, 'reply_agreed', state(5));
    expect(verifyChain(CASE, withNext, { state: state(5) })).toEqual({ events: 6, superseded: 1 });
    expect(splitChain(withNext).superseded.map((r) => [r.seq, r.revision])).toEqual([[4, 0]]);
  });

  it('when a superseded attempt does not share the prevHash of its seq, then that row is the first broken one', () => {
    const rows = append(append(threeEvents(), 'deadline_missed', state(4)), 'deadline_missed', state(4), { supersede: true });
    const forged = { ...rows[3]!, prevHash: rows[1]!.hash };
    rows[3] = { ...forged, hash: eventHash(forged.prevHash, CASE, forged, 3) };
    expect(verifyChain(CASE, rows, { state: state(4) }).broken).toMatchObject({ seq: 4, revision: 0, problem: 'prev_hash_mismatch' });
  });

  it('when a superseded row is of another step, or later than the row superseding it, then it is named (not_an_earlier_attempt)', () => {
    const base = append(threeEvents(), 'reply_refused', state(4));
    const otherStep = append(base, 'reply_agreed', state(4), { supersede: true, minute: 30 });
    expect(verifyChain(CASE, otherStep, { state: state(4) }).broken).toMatchObject({ seq: 4, revision: 0, problem: 'not_an_earlier_attempt' });
    const earlier = append(append(threeEvents(), 'reply_refused', state(4), { minute: 30 }), 'reply_refused', state(4), { supersede: true, minute: 20 });
    expect(verifyChain(CASE, earlier, { state: state(4) }).broken).toMatchObject({ seq: 4, revision: 0, problem: 'not_an_earlier_attempt' });
  });

  it('when an event\'s data is changed, then its seq is named (hash_mismatch); when its hash is recomputed too, the next event is (prev_hash_mismatch)', () => {
    const rows = threeEvents();
    rows[1] = { ...rows[1]!, data: { n: 99 } };
    expect(verifyChain(CASE, rows, { state: state(3) }).broken).toMatchObject({ seq: 2, revision: 0, problem: 'hash_mismatch' });
    rows[1] = { ...rows[1], hash: eventHash(rows[1].prevHash, CASE, rows[1], 3) };
    expect(verifyChain(CASE, rows, { state: state(3) }).broken).toMatchObject({ seq: 3, problem: 'prev_hash_mismatch' });
  });

  it('when the stored state is changed, then the last event is named (state_mismatch); when the last event is deleted, the missing seq is (chain_truncated)', () => {
    expect(verifyChain(CASE, threeEvents(), { state: { ...state(3), stage: 'completed' } }).broken).toMatchObject({ seq: 3, revision: 0, problem: 'state_mismatch' });
    expect(verifyChain(CASE, threeEvents().slice(0, 2), { state: state(3) }).broken).toMatchObject({ seq: 3, problem: 'chain_truncated' });
  });

  it('when a seq or a revision is missing, a format is unknown, or a side is missing, then each is named', () => {
    const rows = threeEvents();
    expect(verifyChain(CASE, [rows[0]!, rows[2]!], { state: state(3) }).broken).toMatchObject({ seq: 2, problem: 'missing_event' });
    const superseding = append(rows, 'delivered', state(3), { supersede: true });
    expect(verifyChain(CASE, superseding.filter((r) => !(r.seq === 3 && r.revision === 0)), { state: state(3) }).broken).toMatchObject({ seq: 3, revision: 0, problem: 'missing_revision' });
    expect(verifyChain(CASE, [{ ...rows[0]!, hashFormat: 9 }]).broken).toMatchObject({ seq: 1, problem: 'unknown_hash_format' });
    expect(verifyChain(CASE, [{ ...rows[0]!, stateHash: null }]).broken).toMatchObject({ seq: 1, problem: 'state_hash_format' });
    // Formats 1 and 2 hashed pre-engine events; none exist now, and no verifier accepts them.
    expect(verifyChain(CASE, [{ ...rows[0]!, hashFormat: 2 }]).broken).toMatchObject({ seq: 1, problem: 'unknown_hash_format' });
    expect(verifyChain(CASE, [], { state: state(1) }).broken).toMatchObject({ problem: 'no_events' });
    expect(verifyChain(CASE, rows, null).broken).toMatchObject({ seq: 3, problem: 'no_case_row' });
  });
});
