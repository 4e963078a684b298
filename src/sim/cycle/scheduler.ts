// The scheduler / reservation station (llvm-mca's Scheduler): dispatched instructions wait here
// until their operands are ready and their ports are free; each cycle the oldest ready ones issue
// first, as many as the ports allow. An entry is freed at issue. Capacity = the profile's
// scheduler size (instructions).
//
//   dispatch ─▶ [ i7 (waits on i5) | i8 ready | i9 ready ] ─▶ oldest ready with free ports ─▶ Ports
//
// Bookkeeping (llvm-mca's wait / ready / issued sets): an instruction waits on producers that have not
// issued (it is on their dependents lists); when the last one issues its ready cycle is known and it
// moves to a heap ordered by that cycle; at that cycle it joins the ready list (oldest first), which
// is the only list scanned each cycle. Scanning only the ready ones, oldest first, chooses exactly what
// a scan of every waiting instruction would: the others fail the operand check without effect.

import { NO_PRODUCERS, type DynInstr } from './instruction.ts';
import type { RestoreContext, UnitState } from './machine-state.ts';
import type { Ports } from './ports.ts';
import type { StateBuf } from './state-buf.ts';

export class Scheduler {
  /** Instructions held (dispatched, not issued). */
  size = 0;
  // The lists below are written with explicit counts: `array.length = 0` would drop the backing store
  // and every cycle would allocate it again. Slots past a count are stale and never read.
  /** Operands ready by the current cycle, oldest first. */
  private ready: DynInstr[] = [];
  private readyN = 0;
  private spare: DynInstr[] = [];
  /** Ready cycle known, not reached: a binary min-heap on readyCycle. */
  private readonly timed: DynInstr[] = [];
  /** Joining the ready list this cycle, oldest first (merged into the scan). */
  private joining: DynInstr[] = [];
  private joiningN = 0;
  /** Dispatched ready by the next cycle, oldest first: that cycle's `joining`. */
  private next: DynInstr[] = [];
  private nextN = 0;

  constructor(readonly capacity: number) {}

  hasRoom(): boolean {
    return this.size < this.capacity;
  }

  /** Takes an instruction dispatched at `now` (its producers: those outstanding at dispatch). */
  add(d: DynInstr, now: number): void {
    this.size++;
    const ps = d.producers;
    let t = 0;
    let unissued = 0;
    for (let k = 0; k < ps.length; k++) {
      const p = ps[k]!;
      if (p.issueCycle < 0) {
        unissued++;
        // usually one dependent: a one-element literal (a push onto [] would reserve 17 slots)
        if (p.dependents === null) p.dependents = [d];
        else p.dependents.push(d);
      } else {
        const c = p.issueCycle + d.producerLatency[k]!;
        if (c > t) t = c;
      }
    }
    d.unissued = unissued;
    if (unissued === 0) {
      d.readyCycle = t;
      // ready by the next cycle (the common case): joins then, in dispatch order, without the heap
      if (t <= now + 1) this.next[this.nextN++] = d;
      else this.push(d);
    } else d.readyCycle = -1;
  }

  /** Forgets everything (a restored state adds its waiting instructions back, oldest first). */
  clear(): void {
    this.size = 0;
    this.readyN = 0;
    this.timed.length = 0;
    this.joiningN = 0;
    this.nextN = 0;
  }

  /** Issues, oldest first, every waiting instruction whose operands are ready and ports free at `now`. */
  issue(now: number, ports: Ports): void {
    if (this.nextN > 0) {
      const jn0 = this.joining;
      this.joining = this.next;
      this.joiningN = this.nextN;
      this.next = jn0;
      this.nextN = 0;
    }
    const h = this.timed;
    while (h.length > 0 && h[0]!.readyCycle <= now) this.insertJoining(this.pop(), 0);
    const r = this.ready;
    const rn = this.readyN;
    const jn = this.joining;
    if (rn === 0 && this.joiningN === 0) return;
    const kept = this.spare;
    let kn = 0;
    let busy = ports.busyAt(now);
    let j = 0;
    let q = 0; // next of `joining`
    for (;;) {
      let d: DynInstr;
      if (q < this.joiningN && (j >= rn || jn[q]!.seq < r[j]!.seq)) d = jn[q++]!;
      else if (j < rn) d = r[j++]!;
      else break;
      // A first µop with every port busy fails before anything is chosen.
      const m0 = d.mask0;
      if (!(m0 !== 0 && (m0 & ~busy) === 0) && ports.tryIssue(d.si.desc, now, m0)) {
        busy = ports.busyAt(now);
        if (d.queue >= 0) ports.queueWaiting[d.queue]!--;
        // a result landing late (write-back conflict) counts as issued late: readers and retirement follow it
        const late = ports.wbPorts !== 0 && d.mask0 !== 0 ? ports.writeBackDelay(d.si.desc.latencyCycles, now) : 0;
        d.issueCycle = now + late;
        d.completeCycle = d.issueCycle + d.si.desc.latencyCycles;
        d.producers = NO_PRODUCERS; // dropped, so retired instructions can be collected
        this.size--;
        const deps = d.dependents;
        if (deps !== null) {
          d.dependents = null;
          for (let k = 0; k < deps.length; k++) this.producerIssued(deps[k]!, now, q);
        }
      } else kept[kn++] = d;
    }
    this.joiningN = 0;
    this.spare = r;
    this.ready = kept;
    this.readyN = kn;
  }

  private producerIssued(d: DynInstr, now: number, q: number): void {
    if (--d.unissued > 0) return;
    let t = 0;
    const ps = d.producers;
    for (let k = 0; k < ps.length; k++) {
      const c = ps[k]!.issueCycle + d.producerLatency[k]!;
      if (c > t) t = c;
    }
    d.readyCycle = t;
    if (t > now) this.push(d);
    else this.insertJoining(d, q); // forwarded with no delay: still issues this cycle, in age order
  }

  /** Inserts by age into `joining` at or after index `from`. */
  private insertJoining(d: DynInstr, from: number): void {
    const jn = this.joining;
    let k = this.joiningN++;
    while (k > from && jn[k - 1]!.seq > d.seq) {
      jn[k] = jn[k - 1]!;
      k--;
    }
    jn[k] = d;
  }

  private push(d: DynInstr): void {
    const h = this.timed;
    let k = h.length;
    h.push(d);
    while (k > 0) {
      const up = (k - 1) >> 1;
      if (h[up]!.readyCycle <= d.readyCycle) break;
      h[k] = h[up]!;
      k = up;
    }
    h[k] = d;
  }

  private pop(): DynInstr {
    const h = this.timed;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      let k = 0;
      for (;;) {
        const a = 2 * k + 1;
        if (a >= n) break;
        const b = a + 1;
        const c = b < n && h[b]!.readyCycle < h[a]!.readyCycle ? b : a;
        if (h[c]!.readyCycle >= last.readyCycle) break;
        h[k] = h[c]!;
        k = c;
      }
      h[k] = last;
    }
    return top;
  }
}

/** The scheduler's state writes no words: its contents are exactly the reorder buffer's entries not
 *  issued (ReorderBufferState writes them with their producers), and its lists' order follows from
 *  their ages and ready cycles. Restore adds them back, oldest first, as if dispatched in the cycle
 *  before (the next issue is at `now`); the entries' cycles are shifted by the reorder buffer's state. */
export class SchedulerState implements UnitState {
  constructor(private readonly scheduler: Scheduler) {}

  write(_now: number, _out: StateBuf): void {}

  restore(_s: Int32Array, at: number, ctx: RestoreContext): number {
    const sch = this.scheduler;
    sch.clear();
    for (let w = 0; w < ctx.waitingN; w++) sch.add(ctx.waiting[w]!, ctx.now - 1);
    return at;
  }

  shift(_dt: number, _dseq: number): void {}
}
