// The Merkle Tree of RFC 9162 §2.1 (as RFC 6962 §2.1), written from the RFC: Merkle Tree Hash,
// inclusion proofs PATH(m, D[n]), consistency proofs PROOF(m, D[n]) and their verification
// (§2.1.3.2, §2.1.4.2). The hash comes from the deployment's CryptoSuite (SHA-256 or SM3), so the
// audit log can be checked by anyone with the RFC and the suite (Art. 35: records kept from tampering).
// Pure: no I/O. Sizes and indexes are JavaScript numbers (exact up to 2^53): no 32-bit bit operations.

/** Anything with the suite's hash, e.g. a CryptoSuite. */
export interface Hasher {
  hash(data: Uint8Array): Uint8Array;
}

/** A range of leaves [start, end) of D[n]. */
export interface Span {
  start: number;
  end: number;
}

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

function prefixed(prefix: number, ...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  out[0] = prefix;
  let at = 1;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** MTH({d}) = HASH(0x00 || d). */
export const leafHash = (h: Hasher, leaf: Uint8Array): Uint8Array => h.hash(prefixed(LEAF_PREFIX, leaf));

/** HASH(0x01 || left || right): an interior node. */
export const nodeHash = (h: Hasher, left: Uint8Array, right: Uint8Array): Uint8Array => h.hash(prefixed(NODE_PREFIX, left, right));

/** MTH({}) = HASH(): the root of the empty tree. */
export const emptyRoot = (h: Hasher): Uint8Array => h.hash(new Uint8Array(0));

/** k: the largest power of two smaller than n (n > 1). */
export function splitPoint(n: number): number {
  if (!(n > 1)) throw new RangeError(`no split point for ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

const half = (x: number): number => Math.floor(x / 2);
const odd = (x: number): boolean => x % 2 === 1;

function checkSize(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number ≥ 0, not ${n}`);
}

/** The spans whose MTH make up PATH(m, D[n]) (§2.1.3.1), from the leaf upward. */
export function inclusionSpans(m: number, n: number): Span[] {
  checkSize('index', m);
  checkSize('size', n);
  if (m >= n) throw new RangeError(`leaf ${m} is not in a tree of ${n}`);
  const path = (start: number, end: number): Span[] => {
    if (end - start === 1) return [];
    const k = splitPoint(end - start);
    return m - start < k ? [...path(start, start + k), { start: start + k, end }] : [...path(start + k, end), { start, end: start + k }];
  };
  return path(0, n);
}

/** The spans whose MTH make up PROOF(m, D[n]) (§2.1.4.1); empty for m = n or m = 0 (nothing to prove). */
export function consistencySpans(m: number, n: number): Span[] {
  checkSize('first size', m);
  checkSize('second size', n);
  if (m > n) throw new RangeError(`a tree of ${m} cannot precede one of ${n}`);
  if (m === 0) return [];
  // SUBPROOF(m, D[start:end], b), with m counted from start.
  const sub = (mm: number, start: number, end: number, b: boolean): Span[] => {
    if (mm === end - start) return b ? [] : [{ start, end }];
    const k = splitPoint(end - start);
    return mm <= k ? [...sub(mm, start, start + k, b), { start: start + k, end }] : [...sub(mm - k, start + k, end, false), { start, end: start + k }];
  };
  return sub(m, 0, n, true);
}

/** MTH(D[start:end]) of leaves held in memory (§2.1.1): the reference the stored tree is tested against. */
export function mth(h: Hasher, leaves: readonly Uint8Array[], start = 0, end = leaves.length): Uint8Array {
  if (end - start === 0) return emptyRoot(h);
  if (end - start === 1) return leafHash(h, leaves[start]!);
  const k = splitPoint(end - start);
  return nodeHash(h, mth(h, leaves, start, start + k), mth(h, leaves, start + k, end));
}

/** PATH(m, D[n]) over leaves in memory. */
export const inclusionProof = (h: Hasher, leaves: readonly Uint8Array[], m: number): Uint8Array[] =>
  inclusionSpans(m, leaves.length).map((s) => mth(h, leaves, s.start, s.end));

/** PROOF(m, D[n]) over leaves in memory. */
export const consistencyProof = (h: Hasher, leaves: readonly Uint8Array[], m: number): Uint8Array[] =>
  consistencySpans(m, leaves.length).map((s) => mth(h, leaves, s.start, s.end));

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Every hash of a proof has the suite's digest length (an empty or short value never verifies). */
const digestLength = (h: Hasher): number => emptyRoot(h).length;
const allDigests = (h: Hasher, hashes: readonly Uint8Array[]): boolean => hashes.every((x) => x.length === digestLength(h));

export interface InclusionClaim {
  /** The leaf's index in the tree. */
  index: number;
  size: number;
  /** MTH of the leaf: HASH(0x00 || leaf). */
  leafHash: Uint8Array;
  path: readonly Uint8Array[];
  root: Uint8Array;
}

/** §2.1.3.2: does `path` prove the leaf at `index` in the tree of `size` with `root`? */
export function verifyInclusion(h: Hasher, c: InclusionClaim): boolean {
  if (!Number.isSafeInteger(c.index) || !Number.isSafeInteger(c.size) || c.index < 0 || c.index >= c.size) return false;
  if (!allDigests(h, [c.leafHash, c.root, ...c.path])) return false;
  let fn = c.index;
  let sn = c.size - 1;
  let r = c.leafHash;
  for (const p of c.path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(h, p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(h, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, c.root);
}

export interface ConsistencyClaim {
  size1: number;
  size2: number;
  root1: Uint8Array;
  root2: Uint8Array;
  path: readonly Uint8Array[];
}

/**
 * §2.1.4.2: does `path` prove that the tree of size1 with root1 is a prefix of the tree of size2
 * with root2? Equal sizes need equal roots and an empty proof; from the empty tree there is nothing
 * to prove (an empty proof).
 */
export function verifyConsistency(h: Hasher, c: ConsistencyClaim): boolean {
  const { size1, size2 } = c;
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size1 > size2) return false;
  if (!allDigests(h, [c.root1, c.root2, ...c.path])) return false;
  if (size1 === size2) return c.path.length === 0 && bytesEqual(c.root1, c.root2);
  if (size1 === 0) return c.path.length === 0;
  if (c.path.length === 0) return false;
  const path = isPowerOfTwo(size1) ? [c.root1, ...c.path] : [...c.path];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const p of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(h, p, fr);
      sr = nodeHash(h, p, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(h, sr, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, c.root1) && bytesEqual(sr, c.root2);
}

export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Lower- or upper-case hex of whole bytes, or undefined for anything else. */
export function fromHex(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  return new Uint8Array(Buffer.from(s, 'hex'));
}
