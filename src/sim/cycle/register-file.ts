// Register dependencies after renaming (llvm-mca's RegisterFile, RAW only): each architectural
// register maps to its latest in-flight writer. A reader dispatched later waits for that writer's
// result; WAR and WAW never stall (renaming removes them). Registers never written are ready at 0.
//
//   dispatch "acc = add acc, x":  producers = [map[acc], map[x]] (if not complete); map[acc] = this

import { readLatency } from '../descriptors.ts';
import { NO_PRODUCER_LATENCY, NO_PRODUCERS, type DynInstr } from './instruction.ts';
import type { StateBuf } from './state-buf.ts';
import type { StaticInstr } from './static-program.ts';



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
    out.push(-1);
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
    out.push(-1);
  }
}
