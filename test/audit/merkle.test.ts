// audit/merkle.ts against the published vectors of the Certificate Transparency reference tree
// (the 8 leaves of RFC 6962's test data, as kept by transparency-dev/merkle: proof/verify_test.go and
// rfc6962/rfc6962_test.go), then properties with fast-check: every proof verifies, altered ones fail.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { standardSuite } from '../../crypto/suite';
import {
  consistencyProof,
  consistencySpans,
  emptyRoot,
  fromHex,
  inclusionProof,
  inclusionSpans,
  leafHash,
  mth,
  nodeHash,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '../../audit/merkle';

const h = standardSuite;
const hex = (s: string) => fromHex(s)!;
const utf8 = (s: string) => new TextEncoder().encode(s);

const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);

/** MTH(D[0:n]) for n = 1..8. */
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** Inclusion proofs: [leaf index (0-based), tree size, path]. */
const INCLUSION: Array<[number, number, string[]]> = [
  [0, 1, []],
  [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [1, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];

/** Consistency proofs: [size1, size2, path]. */
const CONSISTENCY: Array<[number, number, string[]]> = [
  [1, 1, []],
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [6, 7, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
];

const root = (n: number) => hex(ROOTS[n - 1]!);
const someHash = hex('abacaba000000000000000000000000000000000000000000060061e00123456');
const flipBit = (b: Uint8Array, bit: number) => Uint8Array.from(b, (x, i) => (i === 0 ? x ^ (1 << bit) : x));

describe('hashing (RFC 9162 §2.1.1)', () => {
  it('when the tree is empty, a leaf, or a node, then the hashes are the published ones', () => {
    expect(toHex(emptyRoot(h))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(leafHash(h, new Uint8Array(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(toHex(leafHash(h, utf8('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(toHex(nodeHash(h, utf8('N123'), utf8('N456')))).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });

  it('when the reference tree grows from 1 to 8 leaves, then MTH is each published root', () => {
    for (let n = 1; n <= 8; n++) expect(toHex(mth(h, LEAVES.slice(0, n)))).toBe(ROOTS[n - 1]);
  });
});

describe('inclusion proofs (§2.1.3)', () => {
  it.each(INCLUSION)('when leaf %i of %i is proven, then PATH is the published path and it verifies', (index, size, path) => {
    const proof = inclusionProof(h, LEAVES.slice(0, size), index);
    expect(proof.map(toHex)).toEqual(path);
    expect(verifyInclusion(h, { index, size, leafHash: leafHash(h, LEAVES[index]!), path: proof, root: root(size) })).toBe(true);
  });

  it.each(INCLUSION.filter(([, , p]) => p.length > 0))('when the proof of leaf %i of %i is altered in any way, then it fails', (index, size, path) => {
    const good = { index, size, leafHash: leafHash(h, LEAVES[index]!), path: path.map(hex), root: root(size) };
    const bad = [
      { ...good, index: index - 1 },
      { ...good, index: index + 1 },
      { ...good, index: index ^ 2 },
      { ...good, size: size * 2 },
      { ...good, size: Math.floor(size / 2) },
      { ...good, leafHash: utf8('WrongLeaf') },
      { ...good, root: emptyRoot(h) },
      { ...good, root: someHash },
      { ...good, path: [...good.path, new Uint8Array(0)] },
      { ...good, path: [...good.path, good.root] },
      { ...good, path: [new Uint8Array(0), ...good.path] },
      { ...good, path: [good.root, ...good.path] },
      { ...good, path: good.path.slice(0, -1) },
      ...good.path.map((_, i) => ({ ...good, path: good.path.map((p, j) => (i === j ? flipBit(p, 3) : p)) })),
      ...(good.path.length > 1 ? [{ ...good, path: [good.path[0]!, someHash, ...good.path.slice(1)] }] : []),
    ];
    for (const claim of bad) expect(verifyInclusion(h, claim), JSON.stringify({ ...claim, path: claim.path.map(toHex) })).toBe(false);
  });

  it('when the index is outside the tree, then there is no path and no claim verifies', () => {
    expect(() => inclusionSpans(0, 0)).toThrow(RangeError);
    expect(() => inclusionSpans(7, 7)).toThrow(RangeError);
    for (const [index, size] of [[0, 0], [1, 0], [2, 1]] as const) {
      expect(verifyInclusion(h, { index, size, leafHash: someHash, path: [], root: emptyRoot(h) })).toBe(false);
    }
    // A one-leaf tree: root and leaf hash are the same, the path empty; hashes of the wrong length never verify.
    const one = leafHash(h, utf8('data'));
    expect(verifyInclusion(h, { index: 0, size: 1, leafHash: one, path: [], root: one })).toBe(true);
    expect(verifyInclusion(h, { index: 0, size: 1, leafHash: new Uint8Array(0), path: [], root: new Uint8Array(0) })).toBe(false);
  });
});

describe('consistency proofs (§2.1.4)', () => {
  it.each(CONSISTENCY)('when %i is proven a prefix of %i, then PROOF is the published proof and it verifies', (size1, size2, path) => {
    const proof = consistencyProof(h, LEAVES.slice(0, size2), size1);
    expect(proof.map(toHex)).toEqual(path);
    expect(verifyConsistency(h, { size1, size2, root1: root(size1), root2: root(size2), path: proof })).toBe(true);
  });

  it.each(CONSISTENCY.filter(([, , p]) => p.length > 0))('when the proof from %i to %i is altered in any way, then it fails', (size1, size2, path) => {
    const good = { size1, size2, root1: root(size1), root2: root(size2), path: path.map(hex) };
    const bad = [
      { ...good, size1: size1 - 1 },
      { ...good, size1: size1 + 1 },
      { ...good, size1: size1 ^ 2 },
      { ...good, size2: size2 * 2 },
      { ...good, size2: Math.floor(size2 / 2) },
      { ...good, root1: someHash },
      { ...good, root2: someHash },
      { ...good, root1: good.root2, root2: good.root1 },
      { ...good, path: [] },
      { ...good, path: [...good.path, new Uint8Array(0)] },
      { ...good, path: [...good.path, good.root1] },
      { ...good, path: [...good.path, good.root2] },
      { ...good, path: [new Uint8Array(0), ...good.path] },
      { ...good, path: [good.root1, ...good.path] },
      { ...good, path: [good.root2, ...good.path] },
      { ...good, path: [good.path[0]!, ...good.path] },
      { ...good, path: good.path.slice(0, -1) },
      ...good.path.map((_, i) => ({ ...good, path: good.path.map((p, j) => (i === j ? flipBit(p, 4) : p)) })),
    ];
    for (const claim of bad) expect(verifyConsistency(h, claim), JSON.stringify({ ...claim, path: claim.path.map(toHex) })).toBe(false);
  });

  it('when the sizes are equal, empty or backwards, then only an empty proof between equal roots (or from the empty tree) verifies', () => {
    const [a, b] = [root(1), root(2)];
    expect(verifyConsistency(h, { size1: 0, size2: 0, root1: a, root2: a, path: [] })).toBe(true);
    expect(verifyConsistency(h, { size1: 0, size2: 1, root1: a, root2: b, path: [] })).toBe(true);
    expect(verifyConsistency(h, { size1: 1, size2: 1, root1: b, root2: b, path: [] })).toBe(true);
    expect(verifyConsistency(h, { size1: 0, size2: 0, root1: a, root2: b, path: [] })).toBe(false);
    expect(verifyConsistency(h, { size1: 1, size2: 1, root1: a, root2: b, path: [] })).toBe(false);
    expect(verifyConsistency(h, { size1: 1, size2: 0, root1: a, root2: b, path: [] })).toBe(false);
    expect(verifyConsistency(h, { size1: 2, size2: 1, root1: a, root2: b, path: [] })).toBe(false);
    expect(verifyConsistency(h, { size1: 1, size2: 2, root1: a, root2: b, path: [] })).toBe(false);
    for (const [size1, size2] of [[0, 0], [0, 1], [1, 1]] as const) {
      expect(verifyConsistency(h, { size1, size2, root1: emptyRoot(h), root2: emptyRoot(h), path: [emptyRoot(h)] })).toBe(false);
    }
    expect(() => consistencySpans(3, 2)).toThrow(RangeError);
  });
});

describe('properties', () => {
  const leaves = fc.uniqueArray(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 70, selector: (l) => toHex(l) });

  it('when any leaf of any tree is proven, then the proof verifies; with one bit flipped or another index, it fails', () => {
    fc.assert(
      fc.property(leaves, fc.nat(), fc.nat(), (ls, i, bit) => {
        const index = i % ls.length;
        const path = inclusionProof(h, ls, index);
        const claim = { index, size: ls.length, leafHash: leafHash(h, ls[index]!), path, root: mth(h, ls) };
        expect(verifyInclusion(h, claim)).toBe(true);
        if (path.length > 0) {
          const j = bit % path.length;
          expect(verifyInclusion(h, { ...claim, path: path.map((p, k) => (k === j ? flipBit(p, bit % 8) : p)) })).toBe(false);
          expect(verifyInclusion(h, { ...claim, index: (index + 1 + (bit % (ls.length - 1))) % ls.length })).toBe(false);
        }
        expect(verifyInclusion(h, { ...claim, leafHash: flipBit(claim.leafHash, bit % 8) })).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('when any prefix of any tree is proven consistent, then the proof verifies; altered, it fails', () => {
    fc.assert(
      fc.property(leaves, fc.nat(), fc.nat(), (ls, m0, bit) => {
        const m = 1 + (m0 % ls.length);
        const path = consistencyProof(h, ls, m);
        const claim = { size1: m, size2: ls.length, root1: mth(h, ls.slice(0, m)), root2: mth(h, ls), path };
        expect(verifyConsistency(h, claim)).toBe(true);
        if (path.length > 0) {
          const j = bit % path.length;
          expect(verifyConsistency(h, { ...claim, path: path.map((p, k) => (k === j ? flipBit(p, bit % 8) : p)) })).toBe(false);
          expect(verifyConsistency(h, { ...claim, root1: flipBit(claim.root1, bit % 8) })).toBe(false);
          expect(verifyConsistency(h, { ...claim, root2: flipBit(claim.root2, bit % 8) })).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when a leaf of the bigger tree is changed, then no proof from the old roots is consistent with it', () => {
    fc.assert(
      fc.property(leaves, fc.nat(), fc.nat(), (ls, m0, c) => {
        const m = 1 + (m0 % ls.length);
        const changed = c % m;
        const rewritten = ls.map((l, i) => (i === changed ? Uint8Array.from([...l, 1]) : l));
        const path = consistencyProof(h, rewritten, m);
        expect(verifyConsistency(h, { size1: m, size2: ls.length, root1: mth(h, ls.slice(0, m)), root2: mth(h, rewritten), path })).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
