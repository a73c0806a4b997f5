// Roots and proofs of a log too big to hold in memory, from stored subtree hashes. Every span that
// MTH, PATH and PROOF hash (audit/merkle.ts) is a run of perfect subtrees: 2^level leaves starting at a
// multiple of 2^level. The store keeps the leaves (level 0) and every completed perfect subtree whose
// level is a multiple of `stride`; once complete such a subtree never changes (the log only grows),
// so it is written once, when the sequencer appends its last leaf. A subtree between stored levels is
// hashed from at most 2^(stride-1) stored ones below it: a root reads about log2(n) rows, a proof
// a few times that, and the extra storage is 1/(2^stride - 1) of the leaves.
import { emptyRoot, consistencySpans, inclusionSpans, nodeHash, type Hasher, type Span } from './merkle';

/** Stored levels are the multiples of this (16 leaves per level-4 node, 256 per level-8 node, …). */
export const STRIDE = 4;

/** The perfect subtree of 2^level leaves starting at leaf index · 2^level. */
export interface NodeId {
  level: number;
  index: number;
}

export interface NodeStore {
  readonly stride: number;
  /** Stored hashes at `level` (0: leaf hashes, HASH(0x00 || leaf)) by index; a missing one is absent from the map. */
  read(level: number, indexes: readonly number[]): Promise<Map<number, Uint8Array>>;
}

export class StoredTreeError extends Error {
  override name = 'StoredTreeError';
}

const pow2 = (e: number): number => 2 ** e;
const key = (n: NodeId): string => `${n.level}:${n.index}`;

/** The perfect subtrees making up [start, end), left to right. `start` must be aligned as in every span of the RFC's recursion. */
export function perfectCover({ start, end }: Span): NodeId[] {
  const out: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (pow2(level + 1) <= end - at) level++;
    if (at % pow2(level) !== 0) throw new RangeError(`[${start}, ${end}) is not a span of the tree`);
    out.push({ level, index: at / pow2(level) });
    at += pow2(level);
  }
  return out;
}

/** MTH of a span from the hashes of its cover: the RFC splits off the largest perfect subtree first. */
export function foldCover(h: Hasher, hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return emptyRoot(h);
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(h, hashes[i]!, acc);
  return acc;
}

/** Hashes 2^d sibling subtrees up d levels into one. */
function foldPerfect(h: Hasher, hashes: Uint8Array[]): Uint8Array {
  let row = hashes;
  while (row.length > 1) row = Array.from({ length: row.length / 2 }, (_, i) => nodeHash(h, row[2 * i]!, row[2 * i + 1]!));
  return row[0]!;
}

/**
 * Hashes of perfect subtrees from the stored level at or below each (`fromBelow`: from the stored
 * level one stride below, to build a stored level). One read per stored level touched.
 */
export async function perfectHashes(h: Hasher, store: NodeStore, nodes: readonly NodeId[], { fromBelow = false } = {}): Promise<Map<string, Uint8Array>> {
  const base = (n: NodeId) => (fromBelow ? n.level - store.stride : n.level - (n.level % store.stride));
  const wanted = new Map<number, Set<number>>();
  for (const n of nodes) {
    const b = base(n);
    if (b < 0) throw new RangeError(`level ${n.level} has no stored level below it`);
    const width = pow2(n.level - b);
    const set = wanted.get(b) ?? wanted.set(b, new Set()).get(b)!;
    for (let i = n.index * width; i < (n.index + 1) * width; i++) set.add(i);
  }
  const stored = new Map<number, Map<number, Uint8Array>>();
  for (const [level, indexes] of wanted) stored.set(level, await store.read(level, [...indexes].sort((a, b) => a - b)));
  const out = new Map<string, Uint8Array>();
  for (const n of nodes) {
    const b = base(n);
    const width = pow2(n.level - b);
    const children = Array.from({ length: width }, (_, i) => {
      const hash = stored.get(b)!.get(n.index * width + i);
      if (!hash) throw new StoredTreeError(`the stored tree has no node ${n.index * width + i} at level ${b}`);
      return hash;
    });
    out.set(key(n), foldPerfect(h, children));
  }
  return out;
}

/** MTH of each span (empty spans: the empty root), with one batch of reads for all of them. */
export async function spanHashes(h: Hasher, store: NodeStore, spans: readonly Span[]): Promise<Uint8Array[]> {
  const covers = spans.map(perfectCover);
  const hashes = await perfectHashes(h, store, covers.flat());
  return covers.map((c) => foldCover(h, c.map((n) => hashes.get(key(n))!)));
}

/** MTH(D[0:size]). */
export async function rootAt(h: Hasher, store: NodeStore, size: number): Promise<Uint8Array> {
  return (await spanHashes(h, store, [{ start: 0, end: size }]))[0]!;
}

/** PATH(index, D[size]) for each index, read together. */
export async function inclusionPaths(h: Hasher, store: NodeStore, indexes: readonly number[], size: number): Promise<Uint8Array[][]> {
  const spans = indexes.map((i) => inclusionSpans(i, size));
  const flat = await spanHashes(h, store, spans.flat());
  let at = 0;
  return spans.map((s) => flat.slice(at, (at += s.length)));
}

/** PROOF(size1, D[size2]). */
export async function consistencyPath(h: Hasher, store: NodeStore, size1: number, size2: number): Promise<Uint8Array[]> {
  return spanHashes(h, store, consistencySpans(size1, size2));
}

/** The stored-level nodes that growing the log from oldSize to newSize completes, per level, lowest first. */
export function completedStoredNodes(stride: number, oldSize: number, newSize: number): NodeId[][] {
  const levels: NodeId[][] = [];
  for (let level = stride; pow2(level) <= newSize; level += stride) {
    const from = Math.floor(oldSize / pow2(level));
    const to = Math.floor(newSize / pow2(level));
    levels.push(Array.from({ length: to - from }, (_, i) => ({ level, index: from + i })));
  }
  return levels;
}

/**
 * Computes the stored nodes an append completes, level by level (each from the one below, which
 * `write` has stored by then), and hands each level to `write`.
 */
export async function buildStoredNodes(
  h: Hasher,
  store: NodeStore,
  oldSize: number,
  newSize: number,
  write: (level: number, rows: Array<{ index: number; hash: Uint8Array }>) => Promise<void>,
): Promise<void> {
  for (const nodes of completedStoredNodes(store.stride, oldSize, newSize)) {
    if (nodes.length === 0) continue;
    const hashes = await perfectHashes(h, store, nodes, { fromBelow: true });
    await write(nodes[0]!.level, nodes.map((n) => ({ index: n.index, hash: hashes.get(key(n))! })));
  }
}
