// Register dependencies after renaming (llvm-mca's RegisterFile, RAW only): each architectural
// register maps to its latest in-flight writer. A reader dispatched later waits for that writer's
// result; WAR and WAW never stall (renaming removes them). Registers never written are ready at 0.
//
//   dispatch "acc = add acc, x":  producers = [map[acc], map[x]] (if not complete); map[acc] = this

import type { DynInstr } from './instruction.ts';

export class RegisterFile {
  private readonly writer: (DynInstr | null)[];

  constructor(numRegs: number) {
    this.writer = new Array<DynInstr | null>(numRegs).fill(null);
  }

  /** Producers of `src` still outstanding at `now`. */
  producersOf(src: readonly number[], now: number): DynInstr[] {
    const out: DynInstr[] = [];
    for (const r of src) {
      const w = this.writer[r];
      if (w && w.completeCycle > now && !out.includes(w)) out.push(w);
    }
    return out;
  }

  /** Cycle at which all of `src` are available (in-order issue). */
  readyCycle(src: readonly number[]): number {
    let t = 0;
    for (const r of src) {
      const w = this.writer[r];
      if (w && w.completeCycle > t) t = w.completeCycle;
    }
    return t;
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
      if (w && w.completeCycle > now) out.push(r, w.completeCycle - now);
    }
    out.push(-1);
  }
}
