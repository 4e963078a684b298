// Exact steady-state extrapolation. At the first cycle start after the front end enters a new
// iteration of an open loop, the whole machine state is written down relative to the current cycle
// (in-flight instructions with cycles left, register writers by age, port busy cycles, rotation
// state, carry-over, stalls) together with the front end's position inside that loop. When a
// snapshot repeats — same state, same position, I iterations and Δ cycles later — the future is the
// past shifted by (I, Δ) for as long as the loop lasts, so m = ⌊(trip − 1 − iter) / I⌋ whole periods
// are skipped: clocks += mΔ, iteration += mI, counters += m × (their change over one period). The
// period is found, not assumed (I ≥ 1 is whatever repeats first), and the jump is exact by
// construction; the test suite checks it against full expansion.
//
//   iteration:   0   1   2   3   4   5  …                       trip−1
//   state:       s0  s1  s2  s3  s2' s3' (s2' = s2 shifted by Δ) → jump m×(I=2, Δ) … simulate the tail

import type { ExtrapolationJump } from '../result.ts';
import type { SimStats } from './stats.ts';
import type { InstructionStream } from './stream.ts';

interface Snap {
  readonly cycle: number;
  readonly iter: number;
  readonly counters: readonly number[];
}

/** Snapshots kept per open loop before the table is restarted (a longer period is found on a later pass). */
const MAX_SNAPS = 4096;

export class SteadyState {
  readonly jumps: ExtrapolationJump[] = [];
  skippedInstructions = 0;
  /** Innermost-loop iterations skipped by jumps. */
  skippedIterations = 0;

  constructor(
    private readonly stream: InstructionStream,
    private readonly stats: SimStats,
    private readonly fingerprint: (now: number) => string,
    private readonly shift: (dt: number) => void,
  ) {}

  /** Called at each cycle start; returns the (possibly advanced) current cycle. */
  check(now: number): number {
    const fs = this.stream.frames;
    if (this.stream.peek() === null) return now;
    let machine: string | undefined;
    for (let level = 1; level < fs.length; level++) {
      const f = fs[level]!;
      if (f.snapDisabled || f.iter === f.snapIter) continue;
      f.snapIter = f.iter;
      machine ??= this.fingerprint(now);
      const key = `${machine}#${this.stream.positionKey(level)}`;
      const snaps = (f.snaps ??= new Map()) as Map<string, Snap>;
      const counters = this.stats.counters(this.stream.iterations);
      const prev = snaps.get(key);
      if (!prev) {
        if (snaps.size >= MAX_SNAPS) snaps.clear();
        snaps.set(key, { cycle: now, iter: f.iter, counters });
        continue;
      }
      const I = f.iter - prev.iter;
      const delta = now - prev.cycle;
      const m = Math.floor((f.loop.trip - 1 - f.iter) / I);
      if (I < 1 || m < 1) {
        f.snapDisabled = true;
        continue;
      }
      const dt = m * delta;
      this.shift(dt);
      f.iter += m * I;
      this.skippedInstructions += (counters[0]! - prev.counters[0]!) * m;
      const inc = this.stats.addPeriods(prev.counters, counters, m);
      this.stream.iterations += inc;
      this.skippedIterations += inc;
      this.jumps.push({ loop: f.loop.name, periodIterations: I, periodCycles: delta, skippedIterations: m * I });
      for (let k = level; k < fs.length; k++) {
        fs[k]!.snaps = null;
        fs[k]!.snapIter = fs[k]!.iter;
      }
      return now + dt;
    }
    return now;
  }
}
