// audit/tree.ts: proofs from stored subtrees equal the RFC's proofs over the leaves in memory, for
// every stride and however the log was appended to; span covers match transparency-dev/merkle's
// node-address vectors (proof/proof_test.go, the rehashed runs read bottom-up there).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { standardSuite } from '../../crypto/suite';
import { consistencyProof, consistencySpans, inclusionProof, inclusionSpans, leafHash, mth, toHex } from '../../audit/merkle';
import {
  buildStoredNodes,
  completedStoredNodes,
  consistencyPath,
  inclusionPaths,
  perfectCover,
  rootAt,
  StoredTreeError,
  type NodeStore,
} from '../../audit/tree';

const h = standardSuite;

/** A NodeStore in memory, grown by appends as the sequencer grows the real one. */
function memoryStore(stride: number) {
  const levels = new Map<number, Map<number, Uint8Array>>([[0, new Map()]]);
  let size = 0;
  const store: NodeStore & { append(leaves: Uint8Array[]): Promise<void>; levels: typeof levels } = {
    stride,
    levels,
    async read(level, indexes) {
      const l = levels.get(level) ?? new Map();
      return new Map(indexes.filter((i) => l.has(i)).map((i) => [i, l.get(i)!]));
    },
    async append(leaves) {
      leaves.forEach((l, i) => levels.get(0)!.set(size + i, leafHash(h, l)));
      await buildStoredNodes(h, store, size, size + leaves.length, async (level, rows) => {
        const l = levels.get(level) ?? levels.set(level, new Map()).get(level)!;
        for (const r of rows) {
          expect(l.has(r.index), `node ${level}:${r.index} written twice`).toBe(false);
          l.set(r.index, r.hash);
        }
      });
      size += leaves.length;
    },
  };
  return store;
}

const ids = (pairs: Array<Array<[number, number]>>) => pairs.map((run) => run.map(([level, index]) => ({ level, index })));

describe('covers of the RFC spans', () => {
  it.each([
    [81, 95, [[[0, 80]], [[1, 41]], [[2, 21]], [[2, 22], [1, 46], [0, 94]], [[4, 4]], [[6, 0]]]],
    [10, 15, [[[0, 11]], [[1, 4]], [[1, 6], [0, 14]], [[3, 0]]]],
    [24, 31, [[[0, 25]], [[1, 13]], [[1, 14], [0, 30]], [[3, 2]], [[4, 0]]]],
    [0, 7, [[[0, 1]], [[1, 1]], [[1, 2], [0, 6]]]],
  ] as const)('when leaf %i of %i is proven, then the path reads these subtrees', (index, size, want) => {
    expect(inclusionSpans(index, size).map(perfectCover)).toEqual(ids(want as never));
  });

  it.each([
    [81, 95, [[[0, 80]], [[0, 81]], [[1, 41]], [[2, 21]], [[2, 22], [1, 46], [0, 94]], [[4, 4]], [[6, 0]]]],
    [10, 15, [[[1, 4]], [[1, 5]], [[1, 6], [0, 14]], [[3, 0]]]],
    [24, 31, [[[3, 2]], [[2, 6], [1, 14], [0, 30]], [[4, 0]]]],
    [3, 7, [[[0, 2]], [[0, 3]], [[1, 0]], [[1, 2], [0, 6]]]],
    [7, 8, [[[0, 6]], [[0, 7]], [[1, 2]], [[2, 0]]]],
  ] as const)('when %i is proven a prefix of %i, then the proof reads these subtrees', (size1, size2, want) => {
    expect(consistencySpans(size1, size2).map(perfectCover)).toEqual(ids(want as never));
  });

  it('when a span is not aligned as the RFC splits, then it has no cover', () => {
    expect(() => perfectCover({ start: 1, end: 3 })).toThrow(RangeError);
  });

  it('when the log grows, then exactly the stored-level subtrees whose last leaf arrived are completed', () => {
    expect(completedStoredNodes(4, 0, 15).flat()).toEqual([]);
    expect(completedStoredNodes(4, 15, 16).flat()).toEqual([{ level: 4, index: 0 }]);
    expect(completedStoredNodes(4, 250, 600).map((l) => l.map((n) => `${n.level}:${n.index}`))).toEqual([
      ['4:15', '4:16', '4:17', '4:18', '4:19', '4:20', '4:21', '4:22', '4:23', '4:24', '4:25', '4:26', '4:27', '4:28', '4:29', '4:30', '4:31', '4:32', '4:33', '4:34', '4:35', '4:36'],
      ['8:0', '8:1'],
    ]);
  });
});

describe('proofs from stored subtrees', () => {
  const leaves = fc.array(fc.uint8Array({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 300 });

  it('when any log is appended to in any chunks, then every root and proof from the store is the RFC one', async () => {
    await fc.assert(
      fc.asyncProperty(leaves, fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1 }), fc.nat(), async (ls, stride, chunks, pick) => {
        const store = memoryStore(stride);
        for (let at = 0, c = 0; at < ls.length; c++) {
          const next = Math.min(ls.length, at + chunks[c % chunks.length]!);
          await store.append(ls.slice(at, next));
          at = next;
        }
        const n = ls.length;
        const size = 1 + (pick % n);
        expect(toHex(await rootAt(h, store, size))).toBe(toHex(mth(h, ls.slice(0, size))));
        expect(toHex(await rootAt(h, store, n))).toBe(toHex(mth(h, ls)));
        const indexes = [0, pick % size, size - 1];
        const paths = await inclusionPaths(h, store, indexes, size);
        indexes.forEach((i, k) => expect(paths[k]!.map(toHex)).toEqual(inclusionProof(h, ls.slice(0, size), i).map(toHex)));
        expect((await consistencyPath(h, store, size, n)).map(toHex)).toEqual(consistencyProof(h, ls, size).map(toHex));
      }),
      { numRuns: 150 },
    );
  });

  it('when the log is empty, then its root is the empty root', async () => {
    expect(toHex(await rootAt(h, memoryStore(4), 0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('when a root of a million leaves is asked for, then it reads a handful of stored rows, not the leaves', async () => {
    const reads: number[] = [];
    const fake: NodeStore = {
      stride: 4,
      async read(level, indexes) {
        reads.push(indexes.length);
        return new Map(indexes.map((i) => [i, h.hash(`${level}:${i}`)]));
      },
    };
    await rootAt(h, fake, 1_000_003);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(60);
    await inclusionPaths(h, fake, [123_456], 1_000_003);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(200);
  });

  it('when a stored node is missing, then the proof fails loudly', async () => {
    const store = memoryStore(2);
    await store.append(Array.from({ length: 20 }, (_, i) => Uint8Array.of(i)));
    store.levels.get(2)!.delete(4);
    await expect(rootAt(h, store, 20)).rejects.toBeInstanceOf(StoredTreeError);
  });
});
