// Period detection within one loop instance. At the first cycle start after the front end enters a new
// iteration of an open loop (a "crossing"), the cycle is noted. Once the cycle deltas between crossings
// look periodic (some P ≤ MAX_PERIOD whose last 2P deltas repeat), the whole machine state is written
// down at crossings, relative to the current cycle, with the front end's position in the loop. When a
// state repeats — I iterations and Δ cycles later; any period, found, not assumed — the future is the
// past shifted by (I, Δ) for as long as the loop lasts: m = ⌊(trip − 1 − iter) / I⌋ whole periods are
// skipped (SteadyState.jump: clocks += mΔ, iteration += mI, counters += m × the work of one period).
// The jump is exact by the contract of machine-state.ts (the state repeated, not just the deltas).
// Deltas only decide when the (costly) state comparison runs; without a repeat within a budget it backs
// off. For innermost loops, summaries gate full states and short keys gate summaries, and short bodies
// with constant deltas compare only every few crossings. Outer loops compare their full state (written
// at every crossing for replays.ts anyway).
//
//   iteration:  0   1   2   3   4   5   6  …                      trip−1
//   deltas:       5   3   4   4   4   4        → candidate P = 1 → state(5) = state(6) shifted? → jump

import type { Counters } from '../counters.ts';
import type { StateBuf } from '../state-buf.ts';
import type { Frame } from '../stream.ts';
import type { Extrapolator } from './extrapolator.ts';
import { hashKey, sameState } from './hashing.ts';
import type { Comparing, LoopWatch, Snapshot } from './records.ts';

export const MAX_PERIOD = 64;
/** Crossing cycles kept per open loop (enough to see 2 × MAX_PERIOD deltas). */
const HISTORY = 2 * MAX_PERIOD + 2;
/** Crossings compared once the deltas look periodic (counted in strides), and known-period checks per instance. */
export const COMPARE_BUDGET = 2 * MAX_PERIOD;
/** Innermost loops whose deltas are constant compare states every ⌊STRIDE_INSTRUCTIONS / body⌋
 *  crossings: a comparison walks the whole reorder buffer, which costs more than a few iterations of a
 *  short body. A fixed point, or any state period Q, is still found, at most stride × Q crossings late.
 *  Other loops compare every delta period. */
const STRIDE_INSTRUCTIONS = 16;
/** Innermost loops whose compared crossings are at least this many instructions apart write the full
 *  state at each of them (no summary gates): a write costs less than the iterations between them, and a
 *  period is found one period sooner (the gates hold back a state's first sighting). */
const UNGATED_INSTRUCTIONS = 32;

function comparing(left: number, stride: number, strideFrom: number): Comparing {
  return { snapshots: new Map(), summariesSeen: new Set(), shortSeen: new Map(), left, stride, strideFrom };
}

/** After a comparison found nothing within its budget: back to watching deltas, later. */
function giveUp(w: LoopWatch, n: number): void {
  w.comparing = null;
  w.quietUntil = n + w.backoff * MAX_PERIOD;
  w.backoff = Math.min(w.backoff * 2, 64);
}

/** The delta between this crossing and the last one extends the runs of equal deltas P crossings apart. */
function watchDeltas(w: LoopWatch, now: number): void {
  const cs = w.crossingCycles;
  cs.push(now);
  if (cs.length > HISTORY) cs.shift();
  const last = cs.length - 1;
  if (last >= 1 && !w.comparing) {
    const d = cs[last]! - cs[last - 1]!;
    const run = (w.deltaRuns ??= new Array<number>(MAX_PERIOD + 1).fill(0)); // created on first use: most loops never get here
    for (let P = 1; P <= MAX_PERIOD; P++) run[P] = last - 1 - P >= 0 && d === cs[last - P]! - cs[last - P - 1]! ? run[P]! + 1 : 0;
  }
}

/** Starts comparing states when the deltas show a period P (the smallest); false when they do not yet. */
function startComparing(f: Frame, w: LoopWatch, n: number): boolean {
  if (n < w.quietUntil) return false;
  let period = 0;
  const run = w.deltaRuns;
  if (run) {
    for (let P = 1; P <= MAX_PERIOD; P++) {
      if (run[P]! >= P) {
        period = P;
        break;
      }
    }
  }
  if (period === 0) return false;
  const left = f.loop.trip - 1 - f.iter;
  if (left < period) {
    f.unwatched = true; // too little left to see a repeat
    return false;
  }
  // compared even when too little is left to jump here: a period found is kept for other instances.
  // The budget counts compared crossings (every stride-th): a state period is a multiple of the stride,
  // and at long latencies the ROB holds enough iterations for it to be several strides (add latency 40
  // on Skylake, a BN loop: deltas of period 46, states of 92 and 276), which a budget of crossings,
  // two strides and a bit, could never see (every instance then simulated to its end).
  const stride = period === 1 ? Math.max(1, Math.floor(STRIDE_INSTRUCTIONS / f.loop.body.length)) : period;
  w.comparing = comparing(Math.min(COMPARE_BUDGET * stride, left), stride, n);
  return true;
}

/** A repeat found at this crossing of an innermost loop: the earlier snapshot, the work so far, this
 *  crossing's short-key hash, and its full state (in the scratch buffer `here`). */
export interface Repeat {
  readonly prev: Snapshot;
  readonly counters: Counters;
  readonly shortHash: number;
  readonly here: StateBuf;
}

/** Which comparison this crossing makes: none, the summary (gated), or the full state. */
function gate(
  x: Extrapolator,
  f: Frame,
  level: number,
  c: Comparing,
  n: number,
  now: number,
  known: number | null | undefined,
): { full: boolean; shortHash: number } {
  if ((n - c.strideFrom) % c.stride !== 0) return { full: false, shortHash: -1 }; // not compared: neither written nor counted as seen
  let shortHash = -1;
  let full = false;
  let summary = true;
  if (x.machine.writeShort) {
    const h = known === undefined ? x.shortHash(now, level) : known; // the known-period check's, if it ran
    if (h === null) return { full: false, shortHash: -1 }; // a number past 32 bits: this state is not compared
    shortHash = h;
    if (c.stride * f.loop.body.length >= UNGATED_INSTRUCTIONS) return { full: true, shortHash }; // far apart: every compared state is written (a repeat is seen at once, a period sooner)
    const repeats = c.shortSeen.get(h);
    if (repeats === undefined) {
      // a new short key: the summary (and the state) are new too
      c.shortSeen.set(h, 0);
      summary = false;
    } else if (repeats === 0) {
      // its first repeat: the summary of its first sighting was never written, so compare the full
      // state now (a period of one crossing is then found as soon as without the gate)
      c.shortSeen.set(h, 1);
      full = true;
    }
  }
  if (summary) {
    const s = x.summaryHash(now, level);
    if (s.wide) full = false;
    else if (c.summariesSeen.has(s.hash)) full = true;
    else c.summariesSeen.add(s.hash);
  }
  return { full, shortHash };
}

/** At a crossing of an innermost loop (`n`: its number in this instance; `known`: its short-key hash if
 *  written already): watches the deltas, and once they look periodic compares states (gated). A repeat,
 *  or null. */
export function findRepeat(x: Extrapolator, f: Frame, level: number, w: LoopWatch, n: number, now: number, known: number | null | undefined): Repeat | null {
  watchDeltas(w, now);
  if (!w.comparing && !startComparing(f, w, n)) return null;
  const c = w.comparing!;
  const g = gate(x, f, level, c, n, now, known);
  if (g.full) {
    const buf = x.writeHere(now, level);
    const key = hashKey(buf.a, buf.n);
    const prev = buf.wide ? undefined : c.snapshots.get(key);
    const counters = x.stats.counters(x.stream.iterations);
    if (prev && sameState(prev.state, buf.a, buf.n)) return { prev, counters, shortHash: g.shortHash, here: buf };
    // a different state under the same hash replaces the entry: never a false jump
    if (!buf.wide) c.snapshots.set(key, { state: buf.copy(), cycle: now, iter: f.iter, counters, shortHash: g.shortHash, retireAgo: x.retireAgo(now) });
  }
  if (--c.left === 0) {
    giveUp(w, n);
    w.deltaRuns?.fill(0); // delta runs were not tracked while comparing states
  }
  return null;
}

/** At a crossing of an outer loop (`n`: its number; state `buf` with `hash`; `left` iterations after
 *  this one): the earlier snapshot of this instance equal to it when at least one whole period is left
 *  (the caller jumps), else null (the state kept for later crossings). */
export function outerRepeat(f: Frame, w: LoopWatch, n: number, left: number, buf: Int32Array, hash: number, now: number, counters: Counters): Snapshot | null {
  if (!w.comparing && n >= w.quietUntil && left >= 1) w.comparing = comparing(COMPARE_BUDGET, 1, 0);
  const c = w.comparing;
  if (!c) return null;
  const prev = c.snapshots.get(hash);
  if (prev && sameState(prev.state, buf, buf.length)) {
    if (Math.floor(left / (f.iter - prev.iter)) >= 1) return prev;
  } else c.snapshots.set(hash, { state: buf, cycle: now, iter: f.iter, counters, shortHash: -1 });
  if (--c.left === 0) giveUp(w, n);
  return null;
}
