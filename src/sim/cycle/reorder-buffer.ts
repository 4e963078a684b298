// The reorder buffer and in-order retire (llvm-mca's RetireControlUnit): instructions hold µop slots
// from dispatch to retire; up to `retireWidth` executed instructions leave from the head per cycle,
// the cycle after they finish executing.
//
//   head ─▶ [done][done][exec][wait][wait] ◀─ tail (dispatch)        free slots = size − Σ µops held
//           retire ≤ width/cycle, stops at the first not-done entry

import { readLatency } from '../descriptors.ts';
import { NO_PRODUCER_LATENCY, NO_PRODUCERS, newDynInstr, renewDynInstr, type DynInstr } from './instruction.ts';
import type { RestoreContext, UnitState } from './machine-state.ts';
import type { Scheduler } from './scheduler.ts';
import type { StateBuf } from './state-buf.ts';
import type { Ports } from './ports.ts';
import type { StaticInstr } from './static-program.ts';

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

// The state of the instructions in flight (out-of-order), oldest first, then END_OF_ENTRIES:
//   issued:      ISSUED_ONE_WORD − (id × PACKED_LEFT + left + 1)   one word, when id < PACKED_IDS and
//                                                                  left + 1 < PACKED_LEFT (32 bits)
//                or  id, ISSUED, left                              otherwise
//                (left: cycles until complete; 0: completes now; −1: complete)
//   not issued:  id, WAITING, [queue,] age difference to each producer still outstanding…, END_OF_PRODUCERS
//                (queue: the pipe-binding queue chosen at dispatch, −1 none; only when the machine binds)
// The scheduler's contents are a function of this: exactly the entries not issued (restore hands them
// to the scheduler's state, which adds them back oldest first). Markers are below −1 … −4; one-word
// entries below ISSUED_ONE_WORD (−16). Smaller states: faster to write, hash, compare, copy and keep.
export const ISSUED = -1;
export const WAITING = -2;
export const END_OF_PRODUCERS = -3;
export const END_OF_ENTRIES = -4;
const ISSUED_ONE_WORD = -16;
const PACKED = -ISSUED_ONE_WORD;
const PACKED_LEFT = 1 << 14;
const PACKED_IDS = 1 << 16;

/** The reorder buffer's state (with the scheduler's size in its keys: see the encoding above). */
export class ReorderBufferState implements UnitState {
  // scratch lists of restore, written by index (`length = 0` would drop their backing stores)
  private readonly waitFrom: number[] = [];
  private readonly waitTo: number[] = [];
  private readonly ps: DynInstr[] = [];
  private readonly lat: number[] = [];

  constructor(
    private readonly rob: ReorderBuffer,
    private readonly scheduler: Scheduler,
    private readonly instrs: readonly StaticInstr[],
    private readonly ports: Ports,
  ) {}

  write(now: number, out: StateBuf): void {
    const rob = this.rob;
    const es = rob.entries;
    for (let k = rob.first; k < es.length; k++) {
      const d = es[k]!;
      if (d.issueCycle >= 0) {
        const left = d.completeCycle > now ? d.completeCycle - now : d.completeCycle === now ? 0 : -1;
        const id = d.si.id;
        if (id < PACKED_IDS && left < PACKED_LEFT - 1) out.push(-(PACKED + id * PACKED_LEFT + left + 1));
        else {
          out.push(id);
          out.push(ISSUED);
          out.push(left);
        }
      } else {
        out.push(d.si.id);
        out.push(WAITING);
        if (this.ports.bindUnion !== 0) out.push(d.queue);
        const ps = d.producers;
        for (let j = 0; j < ps.length; j++) {
          const p = ps[j]!;
          if (p.completeCycle > now) out.push(d.seq - p.seq);
        }
        out.push(END_OF_PRODUCERS);
      }
    }
    out.push(END_OF_ENTRIES);
  }

  /** Sizes, Σ cycles left of the issued and a hash of the ids (no producers). */
  writeSummary(now: number, out: StateBuf): void {
    const rob = this.rob;
    let left = 0;
    let ids = 0;
    const es = rob.entries;
    for (let k = rob.first; k < es.length; k++) {
      const d = es[k]!;
      ids = (ids * 31 + d.si.id) | 0;
      if (d.issueCycle >= 0 && d.completeCycle > now) left += d.completeCycle - now;
    }
    out.push(rob.length);
    out.push(this.scheduler.size);
    out.push(left);
    out.push(ids);
  }

  /** Sizes only. */
  writeShort(_now: number, out: StateBuf): void {
    out.push(this.rob.length);
    out.push(this.scheduler.size);
  }

  restore(s: Int32Array, at: number, ctx: RestoreContext): number {
    // the ROB holds a contiguous run of ages ending just before the next to dispatch; the instructions
    // in flight are replaced: their objects are reused (nothing else refers to them once the scheduler
    // and the register map are restored after this)
    const now = ctx.now;
    const rob = this.rob;
    const entries = ctx.inFlight;
    const waiting = ctx.waiting;
    const old = rob.entries;
    let reuse = rob.first;
    let i = at;
    let n = 0;
    let nw = 0;
    while (s[i] !== END_OF_ENTRIES) {
      const x = s[i++]!;
      const packed = x <= ISSUED_ONE_WORD;
      const v = packed ? -x - PACKED : 0;
      const si = this.instrs[packed ? Math.floor(v / PACKED_LEFT) : x]!;
      const slots = rob.slotsFor(si.desc.numUops);
      const d =
        reuse < old.length ? renewDynInstr(old[reuse++]!, si, now - 1, slots) : newDynInstr(0, si, now - 1, NO_PRODUCERS, NO_PRODUCER_LATENCY, slots, 0);
      if (packed || s[i++] === ISSUED) {
        const left = packed ? (v % PACKED_LEFT) - 1 : s[i++]!;
        d.completeCycle = left < 0 ? now - 1 : now + left; // done: any cycle before now
        d.issueCycle = d.completeCycle - si.desc.latencyCycles;
        d.readyCycle = 0;
      } else {
        if (this.ports.bindUnion !== 0) {
          const q = s[i++]!;
          d.queue = q;
          if (q >= 0) d.mask0 &= this.ports.queueMask[q]!;
        }
        waiting[nw] = d;
        this.waitFrom[nw] = i;
        while (s[i] !== END_OF_PRODUCERS) i++;
        this.waitTo[nw++] = i++;
      }
      entries[n++] = d;
    }
    i++;
    const base = ctx.nextSeq - n;
    for (let k = 0; k < n; k++) entries[k]!.seq = base + k;
    ctx.inFlightN = n;
    ctx.firstSeq = base;
    ctx.waitingN = nw;
    const ps = this.ps;
    const lat = this.lat;
    for (let w = 0; w < nw; w++) {
      const d = waiting[w]!;
      const from = this.waitFrom[w]!;
      const to = this.waitTo[w]!;
      // producers still outstanding, by age difference; the latency each is read at, as at dispatch
      // (collected in scratch lists, then copied at their exact length, as at dispatch)
      const np = to - from;
      for (let j = from; j < to; j++) {
        const p = entries[d.seq - s[j]! - base]!;
        const src = d.si.src;
        let l = 0;
        for (let k = 0; k < src.length; k++) if (src[k] === p.si.dst) l = Math.max(l, readLatency(p.si.desc, d.si.desc, d.si.accRead[k]!));
        ps[j - from] = p;
        lat[j - from] = l;
      }
      d.producers = np > 0 ? ps.slice(0, np) : NO_PRODUCERS;
      d.producerLatency = np > 0 ? lat.slice(0, np) : NO_PRODUCER_LATENCY;
    }
    rob.reset(entries, n);
    if (this.ports.bindUnion !== 0) this.ports.recountBound(waiting, nw);
    return i;
  }

  shift(dt: number, dseq: number): void {
    const rob = this.rob;
    for (let k = rob.first; k < rob.entries.length; k++) {
      const d = rob.entries[k]!;
      d.seq += dseq;
      d.dispatchCycle += dt;
      if (d.readyCycle > 0) d.readyCycle += dt;
      if (d.issueCycle >= 0) {
        d.issueCycle += dt;
        d.completeCycle += dt;
      }
    }
  }
}
