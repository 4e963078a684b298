// Exact steady-state extrapolation. At the first cycle start after the front end enters a new
// iteration of an open loop (a "crossing"), the cycle is noted. Once the cycle deltas between
// crossings look periodic (some P ≤ 64 whose last 2P deltas repeat), the whole machine state is
// written down at each crossing, relative to the current cycle (in-flight instructions with cycles
// left, register writers by age, port busy cycles, rotation state, carry-over, stalls), with the
// front end's position in the loop. When a state repeats — I iterations and Δ cycles later; any
// period, found, not assumed — the future is the past shifted by (I, Δ) for as long as the loop
// lasts: m = ⌊(trip − 1 − iter) / I⌋ whole periods are skipped (clocks += mΔ, iteration += mI,
// counters += m × their change over one period). The jump is exact by construction (the state
// repeated, not just the deltas); the test suite checks it against full expansion. Deltas only
// decide when the (costly) state comparison runs; without a repeat within a budget it backs off.
// Summaries gate full states, and a shorter summary (no walk over the instructions in flight)
// gates summaries.
//
//   iteration:  0   1   2   3   4   5   6  …                      trip−1
//   deltas:       5   3   4   4   4   4        → candidate P = 1 → state(5) = state(6) shifted? → jump

import type { ExtrapolationJump } from '../result.ts';
import type { SimStats } from './stats.ts';
import type { Frame, InstructionStream } from './stream.ts';

interface Snap {
  readonly state: Int32Array;
  readonly cycle: number;
  readonly iter: number;
  readonly counters: readonly number[];
}

interface FrameState {
  readonly cycles: number[];
  /** run[P] = how many latest deltas equal the delta P crossings before them. */
  readonly run: Int32Array;
  crossings: number;
  /** While comparing states: full snapshots by summary key (null: watching deltas only). A full
   *  state is written only when its summary (sizes, register ages, ports, position, Σ cycles left)
   *  has been seen before, so a loop that never repeats costs little. */
  prints: Map<number, Snap> | null;
  /** Summaries seen while comparing (gates the full writes of innermost loops). */
  seen: Set<number> | null;
  /** Short summaries seen (counts, registers, ports, position: no walk over the instructions in
   *  flight), with 1 once repeated; a summary is written only for a short summary seen before. */
  tiny: Map<number, number> | null;
  printsLeft: number;
  /** No new comparison before this crossing (backs off after a failed one). */
  quietUntil: number;
  backoff: number;
}

const MAX_PERIOD = 64;
/** Crossing cycles kept per open loop (enough to see 2 × MAX_PERIOD deltas). */
const HISTORY = 2 * MAX_PERIOD + 2;
/** Crossings compared by full state once the deltas look periodic. */
const PRINT_BUDGET = 2 * MAX_PERIOD;

export class SteadyState {
  readonly jumps: ExtrapolationJump[] = [];
  private readonly buf: number[] = [];
  skippedInstructions = 0;
  /** Innermost-loop iterations skipped by jumps. */
  skippedIterations = 0;

  constructor(
    private readonly stream: InstructionStream,
    private readonly stats: SimStats,
    private readonly writeState: (now: number, out: number[]) => void,
    private readonly writeSummary: (now: number, out: number[]) => void,
    private readonly shift: (dt: number, dseq: number) => void,
    private readonly writeTiny: ((now: number, out: number[]) => void) | null = null,
  ) {}

  /** Called at each cycle start; returns the (possibly advanced) current cycle. */
  check(now: number): number {
    const fs = this.stream.frames;
    if (this.stream.peek() === null) return now;
    for (let level = 1; level < fs.length; level++) {
      const f = fs[level]!;
      if (f.snapDisabled || f.iter === f.snapIter) continue;
      f.snapIter = f.iter;
      const st = ((f.snaps as FrameState | null) ??= { cycles: [], run: new Int32Array(MAX_PERIOD + 1), crossings: 0, prints: null, seen: null, tiny: null, printsLeft: 0, quietUntil: 0, backoff: 1 }) as FrameState;
      const n = ++st.crossings;
      const cs = st.cycles;
      cs.push(now);
      if (cs.length > HISTORY) cs.shift();
      const last = cs.length - 1;
      if (last >= 1 && !st.prints) {
        const d = cs[last]! - cs[last - 1]!;
        for (let P = 1; P <= MAX_PERIOD; P++) st.run[P] = last - 1 - P >= 0 && d === cs[last - P]! - cs[last - P - 1]! ? st.run[P]! + 1 : 0;
      }
      // A loop holding loops has expensive iterations: compare full states from its first crossing.
      const eager = !f.loop.innermost;
      if (!st.prints && eager && n >= st.quietUntil) {
        if (f.loop.trip - 1 - f.iter < 1) {
          f.snapDisabled = true;
          continue;
        }
        st.prints = new Map();
        st.seen = new Set();
        st.tiny = new Map();
        st.printsLeft = PRINT_BUDGET;
      }
      if (!st.prints) {
        if (n < st.quietUntil) continue;
        let period = 0;
        for (let P = 1; P <= MAX_PERIOD; P++) {
          if (st.run[P]! >= P) {
            period = P;
            break;
          }
        }
        if (period === 0) continue;
        const left = f.loop.trip - 1 - f.iter;
        if (left < 2 * period) {
          f.snapDisabled = true; // too little left to gain from a jump
          continue;
        }
        st.prints = new Map();
        st.seen = new Set();
        st.tiny = new Map();
        st.printsLeft = Math.min(PRINT_BUDGET, Math.floor(left / 2));
      }
      const buf = this.buf;
      let full = eager;
      let fresh = false;
      if (!eager && this.writeTiny) {
        buf.length = 0;
        this.writeTiny(now, buf);
        this.stream.writePosition(level, buf);
        const tk = hashKey(buf);
        const repeats = st.tiny!.get(tk);
        if (repeats === undefined) {
          // a new short summary: the summary (and the state) are new too
          st.tiny!.set(tk, 0);
          fresh = true;
        } else if (repeats === 0) {
          // its first repeat: the summary of its first sighting was never written, so compare the
          // full state now (a period of one crossing is then found as soon as without the gate)
          st.tiny!.set(tk, 1);
          full = true;
        }
      }
      if (!eager && !fresh) {
        buf.length = 0;
        this.writeSummary(now, buf);
        this.stream.writePosition(level, buf);
        const sk = hashKey(buf);
        if (st.seen!.has(sk)) full = true;
        else st.seen!.add(sk);
      }
      if (full) {
        buf.length = 0;
        this.writeState(now, buf);
        this.stream.writePosition(level, buf);
        const key = hashKey(buf);
        const prev = st.prints.get(key);
        const counters = this.stats.counters(this.stream.iterations);
        if (prev && sameState(prev.state, buf)) {
          const jumped = this.jump(f, level, now, prev, counters);
          if (jumped !== null) return jumped;
          continue;
        }
        // a different state under the same hash replaces the entry: never a false jump
        st.prints.set(key, { state: Int32Array.from(buf), cycle: now, iter: f.iter, counters });
      }
      if (--st.printsLeft === 0) {
        st.prints = null;
        st.seen = null;
        st.tiny = null;
        st.run.fill(0); // delta runs were not tracked while comparing states
        st.quietUntil = n + st.backoff * MAX_PERIOD;
        st.backoff = Math.min(st.backoff * 2, 64);
      }
    }
    return now;
  }

  private jump(f: Frame, level: number, now: number, p: Snap, counters: readonly number[]): number | null {
    const I = f.iter - p.iter;
    const delta = now - p.cycle;
    const m = Math.floor((f.loop.trip - 1 - f.iter) / I);
    if (I < 1 || m < 1) {
      f.snapDisabled = true;
      return null;
    }
    const dt = m * delta;
    const dseq = (counters[0]! - p.counters[0]!) * m;
    this.shift(dt, dseq);
    f.iter += m * I;
    this.skippedInstructions += dseq;
    const inc = this.stats.addPeriods(p.counters, counters, m);
    this.stream.iterations += inc;
    this.skippedIterations += inc;
    const same = this.jumps.findIndex((j) => j.loop === f.loop.name && j.periodIterations === I && j.periodCycles === delta);
    if (same < 0) this.jumps.push({ loop: f.loop.name, periodIterations: I, periodCycles: delta, skippedIterations: m * I });
    else this.jumps[same] = { ...this.jumps[same]!, skippedIterations: this.jumps[same]!.skippedIterations + m * I };
    const fs = this.stream.frames;
    for (let k = level; k < fs.length; k++) {
      fs[k]!.snaps = null;
      fs[k]!.snapIter = fs[k]!.iter;
    }
    return now + dt;
  }
}

/** Two 32-bit mixes of numbers folded into one safe integer: a map key without building a string
 *  (equality of full states is still checked element by element; a summary collision only costs a
 *  full-state comparison). */
function hashKey(xs: readonly number[]): number {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x2545f491 | 0;
  const n = xs.length;
  for (let k = 0; k < n; k++) {
    const x = xs[k]!;
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul((h2 + x) ^ (h2 >>> 15), 0x2c1b3c6d);
  }
  h2 = Math.imul(h2 ^ n, 0x01000193);
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

function sameState(a: Int32Array, b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
