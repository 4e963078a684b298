// Register dependencies after renaming (llvm-mca's RegisterFile, RAW only): each architectural
// register maps to its latest in-flight writer. A reader dispatched later waits for that writer's
// result; WAR and WAW never stall (renaming removes them). Registers never written are ready at 0.
//
//   dispatch "acc = add acc, x":  producers = [map[acc], map[x]] (if not complete); map[acc] = this

import { readLatency } from '../descriptors.ts';
import { NO_PRODUCERS, type DynInstr } from './instruction.ts';
import type { StaticInstr } from './static-program.ts';

const NO_OPERANDS = Object.freeze({ producers: NO_PRODUCERS, latency: Object.freeze([]) as readonly number[] });

export class RegisterFile {
  private readonly writer: (DynInstr | null)[];

  constructor(numRegs: number) {
    this.writer = new Array<DynInstr | null>(numRegs).fill(null);
  }

  /** Producers of `si`'s sources still outstanding at `now`, with the latency each is read at
   *  (`readLatency`: forwarded to the accumulator or through a read advance, else the full latency). */
  producersOf(si: StaticInstr, now: number): { producers: readonly DynInstr[]; latency: readonly number[] } {
    let producers: DynInstr[] | null = null;
    let latency: number[] | null = null;
    const src = si.src;
    for (let k = 0; k < src.length; k++) {
      const w = this.writer[src[k]!];
      if (!w || w.completeCycle <= now) continue;
      const lat = readLatency(w.si.desc, si.desc, si.accRead[k]!);
      if (producers === null) {
        producers = [w];
        latency = [lat];
        continue;
      }
      const j = producers.indexOf(w);
      if (j < 0) {
        producers.push(w);
        latency!.push(lat);
      } else latency![j] = Math.max(latency![j]!, lat);
    }
    // Most sources are complete at dispatch: share the empty lists instead of allocating two per instruction.
    return producers === null ? NO_OPERANDS : { producers, latency: latency! };
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
  writeState(now: number, nextSeq: number, out: number[]): void {
    for (let r = 0; r < this.writer.length; r++) {
      const w = this.writer[r];
      if (w && w.completeCycle > now) out.push(r, nextSeq - w.seq);
    }
    out.push(-1);
  }

  /** In-order variant: only the cycles until each register's value is ready matter. */
  writeTimes(now: number, out: number[]): void {
    for (let r = 0; r < this.writer.length; r++) {
      const w = this.writer[r];
      if (w && w.completeCycle > now) out.push(r, w.si.id, w.completeCycle - now);
    }
    out.push(-1);
  }
}
