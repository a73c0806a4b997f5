// Batched input that needs no answer (a relationship's data calls, usage records): items arrive by
// signal, are de-duplicated by their ids, and are applied together in the next step — one event for
// many items, never a workflow step per item. The process says what they mean (`absorb`).
import { defineSignal } from '@temporalio/workflow';
import type { Actor } from './contract';

export interface BatchItem {
  /** Unique per item (the sender's key): an item sent twice is applied once. */
  id: string;
  kind: string;
  data: Record<string, unknown>;
  /** Who sent it, as the principal header said (principal.ts). */
  actor?: Actor;
}

export const batchSignal = defineSignal<[BatchItem[]]>('batch');

/** Item ids remembered across steps (and continue-as-new) to drop a late duplicate. */
export const SEEN_KEPT = 2_000;

export class Batches {
  private pending: BatchItem[] = [];
  private readonly seen: string[];

  constructor(seen: readonly string[] = []) {
    this.seen = [...seen];
  }

  add(items: readonly BatchItem[], actor?: Actor): void {
    if (!Array.isArray(items)) return;
    for (const item of items) {
      // A malformed item (no id, no kind) is dropped here: a signal has nobody to answer.
      if (typeof item?.id !== 'string' || item.id === '' || typeof item.kind !== 'string') continue;
      this.pending.push(actor ? { ...item, actor } : item);
    }
  }

  get waiting(): boolean {
    return this.pending.length > 0;
  }

  /**
   * The items waiting that were not seen before, once each, and how many waiting items that covers.
   * They stay waiting until `settle`: a step that fails to record keeps them for the next.
   */
  take(): { fresh: BatchItem[]; count: number } {
    const known = new Set(this.seen);
    const fresh: BatchItem[] = [];
    for (const item of this.pending) {
      if (known.has(item.id)) continue;
      known.add(item.id);
      fresh.push(item);
    }
    return { fresh, count: this.pending.length };
  }

  /** The taken items are applied (their event is recorded): they leave the buffer and are remembered. */
  settle({ fresh, count }: { fresh: readonly BatchItem[]; count: number }): void {
    this.pending.splice(0, count);
    this.seen.push(...fresh.map((i) => i.id));
    if (this.seen.length > SEEN_KEPT) this.seen.splice(0, this.seen.length - SEEN_KEPT);
  }

  snapshot(): string[] {
    return [...this.seen];
  }
}
