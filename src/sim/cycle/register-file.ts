// Register dependencies after renaming (llvm-mca's RegisterFile, RAW only): each architectural
// register maps to its latest in-flight writer. A reader dispatched later waits for that writer's
// result; WAR and WAW never stall (renaming removes them). Registers never written are ready at 0.
//
//   dispatch "acc = add acc, x":  producers = [map[acc], map[x]] (if not complete); map[acc] = this

import { readLatency } from '../descriptors.ts';
import { NO_PRODUCER_LATENCY, NO_PRODUCERS, type DynInstr } from './instruction.ts';
import type { RestoreContext, UnitState } from './machine-state.ts';
import type { StateBuf } from './state-buf.ts';
import type { SimStats } from './stats.ts';
import type { StaticInstr } from './static-program.ts';

/** Ends the list of register writers in both encodings below. */
export const END_OF_WRITERS = -1;

export class RegisterFile {
  private readonly writer: (DynInstr | null)[];

  constructor(numRegs: number) {
    this.writer = new Array<DynInstr | null>(numRegs).fill(null);
  }

  private readonly ps: DynInstr[] = [];
  private readonly ls: number[] = [];

  /** Sets `d`'s producers: the writers of its sources still outstanding at `now`, with the latency each
   *  is read at (`readLatency`: forwarded to the accumulator or through a read advance, else the full
   *  latency). Collected in scratch lists, then copied at their exact length (most are empty: shared). */
  linkProducers(d: DynInstr, now: number): void {
    const si = d.si;
    const ps = this.ps;
    const ls = this.ls;
    let n = 0;
    const src = si.src;
    for (let k = 0; k < src.length; k++) {
      const w = this.writer[src[k]!];
      if (!w || w.completeCycle <= now) continue;
      const lat = readLatency(w.si.desc, si.desc, si.accRead[k]!);
      let j = 0;
      while (j < n && ps[j] !== w) j++;
      if (j < n) {
        if (lat > ls[j]!) ls[j] = lat;
        continue;
      }
      ps[n] = w;
      ls[n++] = lat;
    }
    if (n === 0) {
      d.producers = NO_PRODUCERS;
      d.producerLatency = NO_PRODUCER_LATENCY;
      d.readyCycle = 0;
    } else {
      // literals for the common counts (cheaper than slice)
      d.producers = n === 1 ? [ps[0]!] : n === 2 ? [ps[0]!, ps[1]!] : ps.slice(0, n);
      d.producerLatency = n === 1 ? [ls[0]!] : n === 2 ? [ls[0]!, ls[1]!] : ls.slice(0, n);
      d.readyCycle = -1;
    }
  }

  /** Cycle at which all of `si`'s sources are available (in-order issue; writers have issued). */
  readyCycle(si: StaticInstr): number {
    let t = 0;
    const src = si.src;
    for (let k = 0; k < src.length; k++) {
      const w = this.writer[src[k]!];
      if (!w) continue;
      const c = w.issueCycle + readLatency(w.si.desc, si.desc, si.accRead[k]!);
      if (c > t) t = c;
    }
    return t;
  }

  /** Forgets every writer (a restored state then writes the outstanding ones back). */
  clear(): void {
    this.writer.fill(null);
  }

  write(dst: number, d: DynInstr): void {
    if (dst >= 0) this.writer[dst] = d;
  }

  /** Appends outstanding writers by register, as ages relative to `nextSeq`. */
  writeState(now: number, nextSeq: number, out: StateBuf): void {
    for (let r = 0; r < this.writer.length; r++) {
      const w = this.writer[r];
      if (w && w.completeCycle > now) {
        out.push(r);
        out.push(nextSeq - w.seq);
      }
    }
    out.push(END_OF_WRITERS);
  }

  /** In-order variant: only the cycles until each register's value is ready matter. */
  writeTimes(now: number, out: StateBuf): void {
    for (let r = 0; r < this.writer.length; r++) {
      const w = this.writer[r];
      if (w && w.completeCycle > now) {
        out.push(r);
        out.push(w.si.id);
        out.push(w.completeCycle - now);
      }
    }
    out.push(END_OF_WRITERS);
  }
}

/** Out-of-order: the writers still outstanding, by register: register, age (back from the next to
 *  dispatch)…, END_OF_WRITERS. Restore points each register at the restored instruction of that age. */
export class RegisterAgesState implements UnitState {
  constructor(
    private readonly regs: RegisterFile,
    private readonly stats: SimStats,
  ) {}

  write(now: number, out: StateBuf): void {
    this.regs.writeState(now, this.stats.dispatched, out);
  }

  restore(s: Int32Array, at: number, ctx: RestoreContext): number {
    const regs = this.regs;
    regs.clear();
    let i = at;
    while (s[i] !== END_OF_WRITERS) {
      regs.write(s[i]!, ctx.byAge(ctx.nextSeq - s[i + 1]!));
      i += 2;
    }
    return i + 1;
  }

  shift(_dt: number, _dseq: number): void {}
}

/** In-order: only when each register's value is ready matters: register, writer's static id, cycles
 *  until complete…, END_OF_WRITERS. Restore points each at the restored instruction in flight with that
 *  id and completion cycle (the same object: a jump then shifts it once). */
export class RegisterTimesState implements UnitState {
  constructor(private readonly regs: RegisterFile) {}

  write(now: number, out: StateBuf): void {
    this.regs.writeTimes(now, out);
  }

  restore(s: Int32Array, at: number, ctx: RestoreContext): number {
    const regs = this.regs;
    regs.clear();
    let i = at;
    while (s[i] !== END_OF_WRITERS) {
      const id = s[i + 1]!;
      const complete = ctx.now + s[i + 2]!;
      let w: DynInstr | undefined;
      for (let k = 0; k < ctx.inFlightN && !w; k++) {
        const d = ctx.inFlight[k]!;
        if (d.si.id === id && d.completeCycle === complete) w = d;
      }
      if (!w) throw new Error(`restore: register ${s[i]} has no writer in flight`);
      regs.write(s[i]!, w);
      i += 3;
    }
    return i + 1;
  }

  shift(_dt: number, _dseq: number): void {}
}
