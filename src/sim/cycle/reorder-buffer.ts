// The reorder buffer and in-order retire (llvm-mca's RetireControlUnit): instructions hold µop slots
// from dispatch to retire; up to `retireWidth` executed instructions leave from the head per cycle,
// the cycle after they finish executing.
//
//   head ─▶ [done][done][exec][wait][wait] ◀─ tail (dispatch)        free slots = size − Σ µops held
//           retire ≤ width/cycle, stops at the first not-done entry

import type { DynInstr } from './instruction.ts';

export class ReorderBuffer {
  readonly entries: DynInstr[] = [];
  private head = 0;
  usedSlots = 0;

  constructor(readonly size: number) {}

  slotsFor(numUops: number): number {
    return Math.min(Math.max(numUops, 1), this.size);
  }

  hasRoom(slots: number): boolean {
    return this.usedSlots + slots <= this.size;
  }

  push(d: DynInstr): void {
    this.entries.push(d);
    this.usedSlots += d.robSlots;
  }

  get length(): number {
    return this.entries.length - this.head;
  }

  /** The oldest entry, or undefined. */
  peek(): DynInstr | undefined {
    return this.entries[this.head];
  }

  pop(): DynInstr {
    const d = this.entries[this.head++]!;
    this.usedSlots -= d.robSlots;
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    return d;
  }

  /** Replaces the contents with the first `n` of `entries` (a restored state), oldest first. */
  reset(entries: readonly DynInstr[], n: number): void {
    const es = this.entries;
    this.head = 0;
    this.usedSlots = 0;
    for (let k = 0; k < n; k++) {
      const d = entries[k]!;
      es[k] = d;
      this.usedSlots += d.robSlots;
    }
    es.length = n;
  }

  /** Index of the oldest entry in `entries` (entries[first .. length) are in flight). */
  get first(): number {
    return this.head;
  }
}
