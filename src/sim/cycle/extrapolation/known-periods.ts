// Known periods (innermost loops). Once a period is found in one instance of a loop (periods.ts), it is
// kept for the loop's body, with its phases when they are known: the state, cycles and work after j
// iterations, j < I (written at the crossings in between, or recorded over one more period). This
// instance, and any later one (the next `k` loop of the next output) whose state reaches one of the
// phases, jumps straight to its last crossing: from phase φ with L iterations left the machine is in
// phase (φ + L) mod I, ⌊(φ + L)/I⌋ periods plus the two phases' difference later, and is rebuilt from
// that phase's state. A period without phases (too few iterations were left to record them) still lets
// a later instance on one of its states jump whole periods.
//
// Exact by the contract of machine-state.ts: a phase's state is a full state, so an instance whose
// state equals it has the same future as the instance that recorded it (the loop's body is the same,
// and at least L iterations are left).
//
//   phases of a period of I = 3:   φ0 ─▶ φ1 ─▶ φ2 ─▶ φ0 …     from φ1 with L = 7 left: (1 + 7) mod 3 = φ2,
//                                                              ⌊8/3⌋ = 2 periods + (φ2 − φ1) later

import { countersSince, countersSum, type Counters } from '../counters.ts';
import type { Frame } from '../stream.ts';
import type { Extrapolator } from './extrapolator.ts';
import { findState, hashKey } from './hashing.ts';
import type { KnownPeriod, KnownStart, Phase, Snapshot } from './records.ts';

/** Periods kept per loop body (an instance checks its state against each while it looks for one). */
export const MAX_KNOWN_PERIODS = 4;

/** A phase record of the current crossing: its cycles and work since phase 0 (`base`). */
export function phaseHere(x: Extrapolator, state: Int32Array, cycles: number, counters: Counters, base: Counters, now: number, shortHash: number): Phase {
  return { state, cycles, counters: countersSince(counters, base), retireAgo: x.retireAgo(now), shortHash };
}

/** A period with all its phases, kept for the loop's body. */
export function addKnownPeriod(x: Extrapolator, f: Frame, iterations: number, cycles: number, counters: Counters, phases: readonly Phase[]): KnownPeriod {
  const states = new Map<number, Int32Array[]>();
  const phaseOf = new Map<Int32Array, number>();
  let shortHashes: Set<number> | null = new Set();
  phases.forEach((ph, k) => {
    const h = hashKey(ph.state, ph.state.length);
    const xs = states.get(h);
    if (xs) xs.push(ph.state);
    else states.set(h, [ph.state]);
    phaseOf.set(ph.state, k);
    if (ph.shortHash < 0) shortHashes = null;
    else shortHashes?.add(ph.shortHash);
  });
  const o: KnownPeriod = { iterations, cycles, counters, states, shortHashes, phases, phaseOf };
  const list = x.memo.periods.get(f.loop.bodyId) ?? [];
  list.push(o);
  x.memo.periods.set(f.loop.bodyId, list);
  return o;
}

/** Keeps the states from `p` on (a period found at this crossing, no phases) as a known period of the loop. */
export function keepPeriod(x: Extrapolator, f: Frame, snapshots: Map<number, Snapshot>, p: Snapshot, now: number, counters: Counters): void {
  const list = x.memo.periods.get(f.loop.bodyId) ?? [];
  if (list.length >= MAX_KNOWN_PERIODS || list.some((o) => findState(o.states, p.state, p.state.length))) return;
  const states = new Map<number, Int32Array[]>();
  let shortHashes: Set<number> | null = new Set();
  for (const [h, q] of snapshots) {
    if (q.iter < p.iter) continue;
    const xs = states.get(h);
    if (xs) xs.push(q.state);
    else states.set(h, [q.state]);
    if (q.shortHash < 0) shortHashes = null;
    else shortHashes?.add(q.shortHash);
  }
  list.push({ iterations: f.iter - p.iter, cycles: now - p.cycle, counters: countersSince(counters, p.counters), states, shortHashes });
  x.memo.periods.set(f.loop.bodyId, list);
}

/** The phases of a period found at this crossing (its state = `p`'s, I iterations later) from the
 *  states written at the crossings in between; null when one was not written. */
export function phasesFrom(snapshots: Map<number, Snapshot>, p: Snapshot, I: number): Phase[] | null {
  const at: (Snapshot | undefined)[] = new Array<Snapshot | undefined>(I).fill(undefined);
  for (const q of snapshots.values()) {
    const j = q.iter - p.iter;
    if (j >= 0 && j < I) at[j] = q;
  }
  const out: Phase[] = [];
  for (const q of at) {
    if (!q || q.retireAgo === undefined) return null;
    out.push({ state: q.state, cycles: q.cycle - p.cycle, counters: countersSince(q.counters, p.counters), retireAgo: q.retireAgo, shortHash: q.shortHash });
  }
  return out;
}

/** From phase φ of period `o` at the current crossing, straight to the loop's last crossing: after L
 *  more iterations the machine is in phase (φ + L) mod I, later by whole periods plus the cycles
 *  between the two phases (work likewise); the machine is rebuilt from that phase's state (by the
 *  caller: x.landed). `from`: a known start, `from.iterations` before phase φ. The new cycle, or null. */
export function toLastCrossing(x: Extrapolator, f: Frame, now: number, o: KnownPeriod, phi: number, from: KnownStart | null = null): number | null {
  const L = f.loop.trip - 1 - f.iter;
  const ph = o.phases!;
  const j = from ? from.iterations : 0;
  if (L < 1 || L < j) return null;
  const I = o.iterations;
  const w = Math.floor((phi + L - j) / I);
  const psi = (phi + L - j) % I;
  const a = ph[phi]!;
  const b = ph[psi]!;
  const dt = (from ? from.cycles : 0) + w * o.cycles + b.cycles - a.cycles;
  const terms: (readonly [number, Counters])[] = [
    [w, o.counters],
    [1, b.counters],
    [-1, a.counters],
  ];
  if (from) terms.unshift([1, from.counters]);
  const t = now + dt;
  x.skip(countersSum(terms), t, b.retireAgo);
  f.iter += L;
  x.landed = b.state;
  f.watch = null;
  f.checkedIter = f.iter;
  x.noteJump(f.loop.name, I, o.cycles, L);
  return t;
}

/** The known period (of `periods`) this crossing's state is on, with the state found, or null.
 *  `shortHash`: this crossing's (-1: none); `here`: its full state when written already. */
export function findKnownPeriod(
  x: Extrapolator,
  f: Frame,
  level: number,
  now: number,
  periods: readonly KnownPeriod[],
  shortHash: number,
  here: Int32Array | null,
): { period: KnownPeriod; state: Int32Array } | null {
  const left = f.loop.trip - 1 - f.iter;
  // this crossing's full state, written and hashed once when first needed
  let s: ArrayLike<number> | null = here;
  let n = here ? here.length : 0;
  let hash = -1;
  for (const o of periods) {
    if (left < o.iterations || (o.shortHashes && shortHash >= 0 && !o.shortHashes.has(shortHash))) continue;
    if (s === null) {
      const buf = x.writeHere(now, level);
      if (buf.wide) return null;
      s = buf.a;
      n = buf.n;
    }
    if (hash < 0) hash = hashKey(s, n);
    const state = findState(o.states, s, n, hash);
    if (state) return { period: o, state };
  }
  return null;
}

/** On a known period without phases: whole periods skipped, as if its state had been seen one period
 *  ago in this instance. The new cycle, or null. */
export function jumpByKnownPeriod(x: Extrapolator, f: Frame, level: number, now: number, o: KnownPeriod, state: Int32Array, shortHash: number): number | null {
  const counters = x.stats.counters(x.stream.iterations);
  const p: Snapshot = { state, cycle: now - o.cycles, iter: f.iter - o.iterations, counters: countersSince(counters, o.counters), shortHash };
  return x.jump(f, level, now, p, counters);
}
