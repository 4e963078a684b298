// The instruction source (llvm-mca's EntryStage): walks the loop nest in program order, one static
// instruction at a time, never expanding a loop. A frame per open loop holds its position and
// iteration; extrapolation (steady-state.ts) watches frames at iteration crossings.
//
//   root ─┬─ i0            frames: [root pos=1] → [o iter=3 pos=1] → [k iter=17 pos=0]
//         └─ loop o ─┬─ i1                                     ▲ peek() = next instruction
//                    ├─ loop k ─ i2 i3
//                    └─ i4

import type { Ledger, LoopWatch } from './extrapolation/records.ts';
import type { StateBuf } from './state-buf.ts';
import type { StaticInstr, StaticLoop } from './static-program.ts';

export interface Frame {
  readonly loop: StaticLoop;
  pos: number;
  iter: number;
  /** Extrapolation (steady-state.ts): the iteration last checked at a crossing, */
  checkedIter: number;
  /** what the mechanisms watch in this loop instance (null: nothing yet), */
  watch: LoopWatch | null;
  /** and whether this instance is no longer watched (too few iterations left to see a repeat, or its
   *  loop's ledger asleep), */
  unwatched: boolean;
  /** its loop's ledger (extrapolation/ledger.ts; undefined: not decided yet, null: asleep). */
  ledger: Ledger | null | undefined;
}

export class InstructionStream {
  readonly frames: Frame[];
  /** Iterations of innermost loops entered so far. */
  iterations = 0;

  constructor(root: StaticLoop) {
    this.frames = [newFrame(root)];
  }

  /** The next instruction to enter the pipeline, or null at the end; normalises frames. */
  peek(): StaticInstr | null {
    const fs = this.frames;
    while (fs.length > 0) {
      const f = fs[fs.length - 1]!;
      const body = f.loop.body;
      if (f.pos < body.length) {
        const n = body[f.pos]!;
        if (n.kind === 'instr') return n;
        if (n.trip === 0) {
          f.pos++;
          continue;
        }
        fs.push(newFrame(n));
        if (n.innermost) this.iterations++;
        continue;
      }
      if (f.iter + 1 < f.loop.trip) {
        f.iter++;
        f.pos = 0;
        if (f.loop.innermost) this.iterations++;
        continue;
      }
      fs.pop();
      if (fs.length > 0) fs[fs.length - 1]!.pos++;
    }
    return null;
  }

  advance(): void {
    this.frames[this.frames.length - 1]!.pos++;
  }

  /** Iteration of the innermost open loop (timeline label). */
  currentIteration(): number {
    return this.frames[this.frames.length - 1]!.iter;
  }

  /** Appends positions and iterations of frames from `level` down (part of a snapshot). */
  writePosition(level: number, out: StateBuf): void {
    out.push(this.frames[level]!.pos);
    for (let k = level + 1; k < this.frames.length; k++) {
      out.push(this.frames[k]!.pos);
      out.push(this.frames[k]!.iter);
    }
    out.push(-2);
  }
}

/** Reads back a position written by writePosition(level) from `s[at]` (frames below `level` rebuilt,
 *  fresh), after moving frame `level` on by `iterations`; returns the index after it. */
export function restorePosition(stream: InstructionStream, level: number, iterations: number, s: Int32Array, at: number): number {
  const fs = stream.frames;
  fs.length = level + 1;
  const f = fs[level]!;
  f.iter += iterations;
  f.pos = s[at]!;
  let i = at + 1;
  while (s[i] !== -2) {
    const outer = fs[fs.length - 1]!;
    const node = outer.loop.body[outer.pos];
    if (!node || node.kind !== 'loop') throw new Error(`restorePosition: no loop at position ${outer.pos} of ${outer.loop.name}`);
    const g = newFrame(node);
    g.pos = s[i++]!;
    g.iter = s[i++]!;
    fs.push(g);
  }
  return i + 1;
}

function newFrame(loop: StaticLoop): Frame {
  return { loop, pos: 0, iter: 0, checkedIter: -1, watch: null, unwatched: false, ledger: undefined };
}
