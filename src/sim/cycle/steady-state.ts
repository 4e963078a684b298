// Exact steady-state extrapolation. At the first cycle start after the front end enters a new
// iteration of an open loop (a "crossing"), the cycle is noted. Once the cycle deltas between
// crossings look periodic (some P ≤ 64 whose last 2P deltas repeat), the whole machine state is
// written down at crossings, relative to the current cycle (in-flight instructions with cycles
// left, register writers by age, port busy cycles, rotation state, carry-over, stalls), with the
// front end's position in the loop. When a state repeats — I iterations and Δ cycles later; any
// period, found, not assumed — the future is the past shifted by (I, Δ) for as long as the loop
// lasts: m = ⌊(trip − 1 − iter) / I⌋ whole periods are skipped (clocks += mΔ, iteration += mI,
// counters += m × their change over one period). The jump is exact by construction (the state
// repeated, not just the deltas); the test suite checks it against full expansion. Deltas only
// decide when the (costly) state comparison runs; without a repeat within a budget it backs off.
// Summaries gate full states, a shorter summary (no walk over the instructions in flight) gates
// summaries, and short bodies with constant deltas compare only every few crossings.
//
// Everything below rests on the same fact: the future from a crossing is decided by the full state,
// the front end's position, and the instructions ahead (static: the loop bodies and trip counts).
// Up to the loop's next crossing only its body runs: recorded steps and periods are keyed by the
// loop's body (StaticLoop.bodyId), not its trip, and checked against the iterations left.
//
// Known periods (innermost loops): once a period is found in one instance of a loop, it is recorded
// phase by phase over one more period (the state, cycles and counters after j iterations, j < I);
// then this instance, and any later one (the next `k` loop of the next output) whose state reaches
// one of the phases, jumps straight to its last crossing: from phase φ with L iterations left the
// machine is in phase (φ + L) mod I, ⌊(φ + L)/I⌋ periods plus the two phases' difference later, and is
// rebuilt from that phase's state. A period is looked for even when too few iterations are left to
// jump in this instance (when too few are left to record it, its states are kept without phases and
// a later instance jumps whole periods).
//
// Known starts (innermost loops): an instance's state at its first crossing is kept until the instance
// reaches a recorded period (phase φ, j iterations and Δ cycles later); another instance of the same
// body that starts from the same state with at least j iterations left takes the same way, so it goes
// straight to its last crossing (j iterations and Δ cycles, then the period from φ as above). Instances
// start from a handful of states (what the previous one left in flight), in every layer with that body.
//
// Replays (loops that hold loops): the iterations of an outer loop are long (a whole inner loop
// each), and the same full state comes back across instances of the loop, not only within one
// (every `owb` iteration of every `oh` iteration runs the same `k` loop from a handful of states).
// The step from one crossing of a loop to its next is recorded (state before → state after, cycles,
// counters). When a recorded state comes back at a crossing of the same loop with at least that many
// iterations still to go, the counters and clock move on and the machine is rebuilt from the
// recorded "after" state (shifted to the current cycle; a chain of replays rebuilds only at its end).
// A loop's last iteration, and an innermost loop's rest after a jump, are recorded the same way up
// to the next crossing of the closest enclosing loop with iterations left (the key adds how many
// loops end on the way and how many iterations were left).
//
//   iteration:  0   1   2   3   4   5   6  …                      trip−1
//   deltas:       5   3   4   4   4   4        → candidate P = 1 → state(5) = state(6) shifted? → jump

import type { ExtrapolationJump, ExtrapolationReplay } from '../results/result.ts';
import type { MachineState } from './machine-state.ts';
import type { SimStats } from './stats.ts';
import { StateBuf } from './state-buf.ts';
import { restorePosition, type Frame, type InstructionStream } from './stream.ts';

/** One recorded step of an outer loop, from a crossing to its next crossing. */
interface Step {
  /** stepLoop(loop id, d, left): the loop whose crossing starts the step, how many enclosing loops end
   *  within it (0: it ends at the loop's next crossing; d ≥ 1: it ends at the next crossing of the d-th
   *  enclosing loop, the loops in between at their last iteration), and the loop's iterations left
   *  (d ≥ 1: 0 for its last iteration; an innermost loop also after a jump). */
  readonly loop: number;
  /** Full state and position at the first crossing. */
  readonly key: Int32Array;
  /** Full state and position at the next crossing. */
  readonly next: Int32Array;
  /** Iterations the step moves on the loop it ends at (1 unless the front end crossed twice in a cycle). */
  readonly iterations: number;
  readonly cycles: number;
  /** Change of every counter (SimStats.counters). */
  readonly counters: readonly number[];
  /** Cycles from the next crossing back to the step's last retirement; -1: none in the step. */
  readonly lastRetire: number;
  readonly nextHash: number;
  /** The step from `next`, once looked up and found. */
  follow: Step | null;
}

interface Pending {
  readonly loop: number;
  readonly key: Int32Array;
  readonly hash: number;
  readonly cycle: number;
  readonly iter: number;
  readonly counters: readonly number[];
}

interface Snap {
  readonly state: Int32Array;
  readonly cycle: number;
  readonly iter: number;
  readonly counters: readonly number[];
  /** Hash of its short summary (innermost loops; -1: not written). */
  readonly tiny: number;
  /** Innermost loops: cycles since the last retirement (-1: none yet). */
  readonly retireAgo?: number;
}

/** The periodic steady state of an innermost loop, found in one instance, for the others: any of its
 *  states at a crossing repeats I iterations and Δ cycles later while the loop lasts, so an instance
 *  that reaches one jumps at once instead of finding the period again. */
interface Orbit {
  readonly iterations: number;
  readonly cycles: number;
  /** Change of every counter over one period. */
  readonly counters: readonly number[];
  /** Full states (with position) on the orbit, by hash. */
  readonly states: Map<number, Int32Array[]>;
  /** Short-summary hashes of those states (gate the full writes); null: not all known. */
  readonly tiny: Set<number> | null;
  /** When the whole period was recorded crossing by crossing: phase j's state (after j iterations), its
   *  cycles and counters from phase 0, cycles since its last retirement; `phaseOf` maps a state to its
   *  phase. An instance on phase φ with L iterations left then jumps straight to its last crossing. */
  readonly phases?: readonly Phase[];
  readonly phaseOf?: Map<Int32Array, number>;
}

/** How an instance of an innermost loop that started from `key` (its state at its first crossing) reached
 *  a recorded period: `iterations` and `cycles` later it was in phase `phase` of `orbit`. Another
 *  instance of the same body that starts from the same state, with at least that many iterations left,
 *  takes the same way, so it goes straight to its last crossing. */
interface Start {
  readonly body: number;
  readonly key: Int32Array;
  readonly iterations: number;
  readonly cycles: number;
  readonly counters: readonly number[];
  readonly orbit: Orbit;
  readonly phase: number;
}

interface Phase {
  readonly state: Int32Array;
  readonly cycles: number;
  readonly counters: readonly number[];
  readonly retireAgo: number;
  readonly tiny: number;
}

/** A period being recorded crossing by crossing (the first instance that found it). */
interface Recording {
  readonly iter: number;
  readonly iterations: number;
  readonly cycle: number;
  readonly counters: readonly number[];
  readonly phases: Phase[];
}

interface FrameState {
  readonly cycles: number[];
  /** run[P] = how many latest deltas equal the delta P crossings before them. */
  run: number[] | null;
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
  /** Innermost loops: crossings still checked against known orbits. */
  orbitLeft: number;
  rec: Recording | null;
  /** Innermost loops: states are compared only every `stride` crossings (the period the deltas
   *  show: a state period is a multiple of it), counted from crossing `phase`. */
  stride: number;
  phase: number;
  /** Innermost loops: the state at this instance's first crossing, until it reaches a recorded period. */
  start: Pending | null;
  /** Outer loops: the last crossing, until the next one records the step between them. */
  pending: Pending | null;
  /** Last-iteration crossings of loops inside, until this loop's next crossing records their steps. */
  exitPending: Pending[];
  /** No new comparison before this crossing (backs off after a failed one). */
  quietUntil: number;
  backoff: number;
}

const MAX_PERIOD = 64;
/** Periods kept per loop body (an instance checks its state against each while it looks for one). */
const MAX_ORBITS = 4;
/** Crossing cycles kept per open loop (enough to see 2 × MAX_PERIOD deltas). */
const HISTORY = 2 * MAX_PERIOD + 2;
/** Crossings compared by full state once the deltas look periodic. */
const PRINT_BUDGET = 2 * MAX_PERIOD;
/** Innermost loops whose deltas are constant compare states every ⌊STRIDE_INSTRUCTIONS / body⌋
 *  crossings: a comparison walks the whole reorder buffer, which costs more than a few iterations of a
 *  short body. A fixed point, or any state period Q, is still found, at most stride × Q crossings late.
 *  Other loops compare every delta period. */
const STRIDE_INSTRUCTIONS = 16;
/** Innermost loops whose compared crossings are at least this many instructions apart write the full
 *  state at each of them (no summary gates): a write costs less than the iterations between them, and a
 *  period is found one period sooner (the gates hold back a state's first sighting). */
const UNGATED_INSTRUCTIONS = 32;
/** Recorded steps kept per run, in 32-bit words of state (memory bound: 64 MB). */
const STEP_WORDS = 16_000_000;

/**
 * Recorded steps and periods, by loop id (and, for steps that leave a loop, by the path from the
 * enclosing loop down to it). One per kernel by default; the kernels of a program share one when they
 * share static ids (static-program.ts StaticIds), so a layer replays what an earlier layer with the
 * same inner structure recorded.
 */
export class StepMemo {
  readonly steps = new Map<number, Step[]>();
  readonly orbits = new Map<number, Orbit[]>();
  /** Ways from a first crossing to a period (innermost loops), by body and state hash. */
  readonly starts = new Map<number, Start[]>();
  /** 32-bit words of state held by the steps (bounded by STEP_WORDS). */
  words = 0;
  private readonly paths = new Map<string, number>();

  /** An id for the loop at `level` as reached from the loop at level `a` (its id and the positions
   *  in between): what lies between the two, hence what runs until the enclosing loop's next crossing. */
  path(fs: readonly Frame[], a: number, level: number): number {
    let key = String(fs[a]!.loop.bodyId);
    for (let k = a; k < level; k++) key += `,${fs[k]!.pos}`;
    let id = this.paths.get(key);
    if (id === undefined) this.paths.set(key, (id = this.paths.size + 1));
    return id;
  }
}

export class SteadyState {
  readonly jumps: ExtrapolationJump[] = [];
  private readonly replayed = new Map<string, { steps: number; iterations: number; lastIterations: number; skippedIterations: number }>();
  private readonly buf = new StateBuf();
  /** After toLast: the state the machine is to be rebuilt from (afterJump rebuilds it, or a later one). */
  private landed: Int32Array | null = null;
  private readonly steps: Map<number, Step[]>;
  private readonly orbits: Map<number, Orbit[]>;
  skippedInstructions = 0;
  /** Jumps made on reaching a period found in an earlier instance of the loop. */
  orbitJumps = 0;
  /** Of those, made at the first crossing: an earlier instance started from the same state. */
  startJumps = 0;
  /** Innermost-loop iterations skipped by jumps and replays. */
  skippedIterations = 0;

  constructor(
    private readonly stream: InstructionStream,
    private readonly stats: SimStats,
    private readonly machine: MachineState,
    private readonly memo: StepMemo = new StepMemo(),
  ) {
    this.steps = memo.steps;
    this.orbits = memo.orbits;
  }

  /** Outer-loop steps replayed, by loop. */
  get replays(): ExtrapolationReplay[] {
    return [...this.replayed].map(([loop, r]) => ({ loop, steps: r.steps, loopIterations: r.iterations, lastIterations: r.lastIterations, skippedIterations: r.skippedIterations }));
  }

  /** Called at each cycle start; returns the (possibly advanced) current cycle. */
  check(now: number): number {
    const fs = this.stream.frames;
    if (this.stream.peek() === null) return now;
    for (let level = 1; level < fs.length; level++) {
      const f = fs[level]!;
      if (f.snapDisabled || f.iter === f.snapIter) continue;
      f.snapIter = f.iter;
      const st = frameState(f);
      if (!f.loop.innermost) {
        // after jumps and replays the loops below are new (or skipped: a jump marks them checked):
        // check them too, from the enclosing loop a last-iteration step ended at
        const r = this.outer(f, level, st, now);
        now = r.now;
        if (r.restartAt >= 0) level = r.restartAt - 1;
        continue;
      }
      const jumped = this.inner(f, level, st, now);
      if (jumped === null) continue;
      // the rest of the loop up to the enclosing loop's next crossing, replayed when recorded
      const r = this.afterJump(f, level, jumped);
      if (r.restartAt < 0) return jumped;
      now = r.now;
      level = r.restartAt - 1;
    }
    return now;
  }

  /** A crossing of an innermost loop: known periods, then the deltas and (gated) state comparisons of
   *  this instance. Returns the cycle a jump moved to, or null. */
  private inner(f: Frame, level: number, st: FrameState, now: number): number | null {
    const n = ++st.crossings;
    if (st.rec) return this.recordPhase(f, level, st, now);
    if (n === 1) {
      const jumped = this.fromStart(f, level, st, now);
      if (jumped !== null) return jumped;
    }
    // this crossing's short-summary hash, once written (undefined: not yet; null: a number past 32 bits)
    let tiny: number | null | undefined;
    const orbits = this.orbits.get(f.loop.bodyId);
    if (orbits && st.orbitLeft > 0) {
      st.orbitLeft--;
      tiny = this.tinyHash(now, level);
      // at the first crossing the state is written already (fromStart kept it)
      const jumped = tiny === null ? null : this.joinOrbit(f, level, st, now, orbits, tiny, n === 1 ? st.start?.key ?? null : null);
      if (jumped !== null) return jumped;
    }
    const cs = st.cycles;
    cs.push(now);
    if (cs.length > HISTORY) cs.shift();
    const last = cs.length - 1;
    if (last >= 1 && !st.prints) {
      const d = cs[last]! - cs[last - 1]!;
      const run = (st.run ??= new Array<number>(MAX_PERIOD + 1).fill(0)); // created on first use: most frames never get here
      for (let P = 1; P <= MAX_PERIOD; P++) run[P] = last - 1 - P >= 0 && d === cs[last - P]! - cs[last - P - 1]! ? run[P]! + 1 : 0;
    }
    if (!st.prints) {
      if (n < st.quietUntil) return null;
      let period = 0;
      const run = st.run;
      if (run) {
        for (let P = 1; P <= MAX_PERIOD; P++) {
          if (run[P]! >= P) {
            period = P;
            break;
          }
        }
      }
      if (period === 0) return null;
      const left = f.loop.trip - 1 - f.iter;
      if (left < period) {
        f.snapDisabled = true; // too little left to see a repeat
        return null;
      }
      st.prints = new Map();
      st.seen = new Set();
      st.tiny = new Map();
      // compared even when too little is left to jump here: a period found is kept for other instances
      st.printsLeft = Math.min(PRINT_BUDGET, left);
      st.stride = period === 1 ? Math.max(1, Math.floor(STRIDE_INSTRUCTIONS / f.loop.body.length)) : period;
      st.phase = n;
    }
    const buf = this.buf;
    let full = false;
    let fresh = false;
    let ungated = false;
    let tk = -1;
    if ((n - st.phase) % st.stride !== 0) fresh = true; // not compared: neither written nor counted as seen
    else if (this.machine.tiny) {
      const h = tiny === undefined ? this.tinyHash(now, level) : tiny; // the orbit check's, if it ran
      if (h === null) fresh = true; // a number past 32 bits: this state is not compared
      else if (st.stride * f.loop.body.length >= UNGATED_INSTRUCTIONS) {
        // far apart: every compared state is written (a repeat is then seen at once, a period sooner)
        tk = h;
        full = ungated = true;
      } else {
        tk = h;
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
    }
    if (!fresh && !ungated) {
      buf.reset();
      this.machine.summary(now, buf);
      this.stream.writePosition(level, buf);
      const sk = hashKey(buf.a, buf.n);
      if (buf.wide) full = false;
      else if (st.seen!.has(sk)) full = true;
      else st.seen!.add(sk);
    }
    if (full) {
      this.writeHere(now, level);
      const key = hashKey(buf.a, buf.n);
      const prev = buf.wide ? undefined : st.prints.get(key);
      const counters = this.stats.counters(this.stream.iterations);
      if (prev && sameState(prev.state, buf.a, buf.n)) {
        const I = f.iter - prev.iter;
        const known = this.orbits.get(f.loop.bodyId);
        if (I >= 1 && (known?.length ?? 0) < MAX_ORBITS && !known?.some((o) => findState(o.states, buf.a, buf.n))) {
          // a new period: its phases are the states written at this instance's last I crossings, when
          // all were; else they are recorded over the next I crossings; then to the last crossing
          const phases = this.phasesFrom(st.prints, prev, I);
          if (phases) {
            const o = this.newOrbit(f, I, now - prev.cycle, counters.map((c, k) => c - prev.counters[k]!), phases);
            this.recordStart(f, st, now, o, 0);
            return this.toLast(f, level, now, o, 0);
          }
          if (f.loop.trip - 1 - f.iter > I) {
            st.rec = { iter: f.iter, iterations: I, cycle: now, counters, phases: [this.phase(prev.state, 0, counters, counters, now, tk)] };
            return null;
          }
        }
        this.keepOrbit(f, st.prints, prev, now, counters);
        return this.jump(f, level, now, prev, counters);
      }
      // a different state under the same hash replaces the entry: never a false jump
      if (!buf.wide) st.prints.set(key, { state: buf.copy(), cycle: now, iter: f.iter, counters, tiny: tk, retireAgo: this.retireAgo(now) });
    }
    if (--st.printsLeft === 0) {
      st.prints = null;
      st.seen = null;
      st.tiny = null;
      st.run?.fill(0); // delta runs were not tracked while comparing states
      st.quietUntil = n + st.backoff * MAX_PERIOD;
      st.backoff = Math.min(st.backoff * 2, 64);
    }
    return null;
  }


  /** A crossing of a loop that holds loops: its full state is written at every crossing, recorded as
   *  the end of the step from the previous crossing, compared with earlier crossings of this instance
   *  (a period: jump) and with recorded steps (replay, then the next crossing the same way). */
  private outer(f: Frame, level: number, st: FrameState, now: number): { now: number; restartAt: number } {
    /** The state at the current crossing: the machine's, or (after replays) a recorded step's
     *  `next`, the machine not rebuilt until the chain of replays ends. Never changed once written:
     *  records, snapshots and pending steps share it. */
    const first = this.outerState(f, level, now);
    if (!first) return { now, restartAt: -1 };
    let buf = first.state;
    let hash = first.hash;
    let behind: Step | null = null;
    for (;;) {
      const n = ++st.crossings;
      const counters = this.stats.counters(this.stream.iterations);
      const left = f.loop.trip - 1 - f.iter;
      const p = st.pending;
      if (p && f.iter > p.iter && !behind) this.record(f, p, buf, hash, now, counters);
      st.pending = null;
      if (st.exitPending.length > 0) {
        if (!behind) for (const ep of st.exitPending) if (f.iter > ep.iter) this.record(f, ep, buf, hash, now, counters);
        st.exitPending.length = 0;
      }
      if (!st.prints && n >= st.quietUntil && left >= 1) {
        st.prints = new Map();
        st.printsLeft = PRINT_BUDGET;
      }
      if (st.prints) {
        const prev = st.prints.get(hash);
        if (prev && sameState(prev.state, buf, buf.length)) {
          if (Math.floor(left / (f.iter - prev.iter)) >= 1) {
            if (behind) this.rebuild(level, behind.next, now);
            behind = null;
            now = this.jump(f, level, now, prev, counters)!;
            // the same state later and further on: a new crossing (maybe the last iteration, or a recorded step)
            st = frameState(f);
            const after = this.outerState(f, level, now);
            if (!after) return { now, restartAt: -1 };
            buf = after.state;
            hash = after.hash;
            continue;
          }
        } else st.prints.set(hash, { state: buf, cycle: now, iter: f.iter, counters, tiny: -1 });
        if (--st.printsLeft === 0) {
          st.prints = null;
          st.quietUntil = n + st.backoff * MAX_PERIOD;
          st.backoff = Math.min(st.backoff * 2, 64);
        }
      }
      // the step from this state: linked from the previous step once looked up (a step is unique per state)
      if (left === 0) return this.toEnclosing(f, level, 0, buf, hash, behind ? behind.next : null, now, counters);
      let step: Step | null = behind ? behind.follow : null;
      if (!step) {
        step = this.findStep(stepLoop(f.loop.bodyId, 0, 0), hash, buf);
        if (behind && step) behind.follow = step;
      }
      if (!step || step.iterations > left) {
        if (behind) this.rebuild(level, behind.next, now);
        st.pending = { loop: stepLoop(f.loop.bodyId, 0, 0), key: buf, hash, cycle: now, iter: f.iter, counters };
        return { now, restartAt: -1 };
      }
      now = this.replay(f, f.loop.name, step, now);
      f.snapIter = f.iter;
      behind = step;
      buf = step.next;
      hash = step.nextHash;
    }
  }

  /** The rest of `f` (at `level`; `left` iterations after this one): replayed up to the next crossing of
   *  the closest enclosing loop with iterations left, or the step from here recorded there. `unbuilt`:
   *  the machine and the frames from `level` down are still to be rebuilt from `buf` (= unbuilt). */
  private toEnclosing(f: Frame, level: number, left: number, buf: Int32Array, hash: number, unbuilt: Int32Array | null, now: number, counters: readonly number[]): { now: number; restartAt: number } {
    const fs = this.stream.frames;
    let a = level - 1;
    while (a >= 1 && fs[a]!.loop.trip - 1 - fs[a]!.iter === 0) a--;
    const d = level - a;
    if (a < 1 || d > 15 || left >= LEFT_KEYS) {
      if (unbuilt) this.rebuild(level, unbuilt, now);
      return { now, restartAt: -1 };
    }
    const A = fs[a]!;
    const key = stepLoop(this.memo.path(fs, a, level), d, left);
    const step = this.findStep(key, hash, buf);
    if (step && step.iterations <= A.loop.trip - 1 - A.iter) {
      now = this.replay(A, f.loop.name, step, now);
      const at = this.machine.restore(now, step.next, 0);
      restorePosition(this.stream, a, 0, step.next, at);
      return { now, restartAt: a };
    }
    if (unbuilt) this.rebuild(level, unbuilt, now);
    frameState(A).exitPending.push({ loop: key, key: buf, hash, cycle: now, iter: A.iter, counters });
    return { now, restartAt: -1 };
  }

  private stepHash(loop: number, hash: number): number {
    return (hash + loop * 0x9e3779b1) % Number.MAX_SAFE_INTEGER;
  }

  private record(f: Frame, p: Pending, buf: Int32Array, hash: number, now: number, counters: readonly number[]): void {
    if (this.memo.words + p.key.length + buf.length > STEP_WORDS) return;
    const h = this.stepHash(p.loop, p.hash);
    const list = this.steps.get(h);
    if (list?.some((s) => s.loop === p.loop && sameState(s.key, p.key, p.key.length))) return;
    const retired = counters[2]! > p.counters[2]!;
    const step: Step = {
      loop: p.loop,
      key: p.key,
      next: buf,
      nextHash: hash,
      iterations: f.iter - p.iter,
      cycles: now - p.cycle,
      counters: counters.map((c, k) => c - p.counters[k]!),
      lastRetire: retired ? now - this.stats.lastRetireCycle : -1,
      follow: null,
    };
    this.memo.words += step.key.length + step.next.length;
    if (list) list.push(step);
    else this.steps.set(h, [step]);
  }

  private findStep(loop: number, hash: number, buf: ArrayLike<number>, n = buf.length): Step | null {
    const list = this.steps.get(this.stepHash(loop, hash));
    if (!list) return null;
    for (const s of list) if (s.loop === loop && sameState(s.key, buf, n)) return s;
    return null;
  }

  /** The full state at a crossing of the outer loop `f`, with its hash: the key of the recorded step from
   *  it when there is one (the same numbers), else a new copy (null: a number past 32 bits). */
  private outerState(f: Frame, level: number, now: number): { state: Int32Array; hash: number } | null {
    const b = this.writeHere(now, level);
    if (b.wide) return null;
    const hash = hashKey(b.a, b.n);
    const known = f.loop.trip - 1 - f.iter >= 1 ? this.findStep(stepLoop(f.loop.bodyId, 0, 0), hash, b.a, b.n) : null;
    return { state: known ? known.key : b.copy(), hash };
  }

  /** Moves the counters, the clock and the iteration of `f` (where the step ends) on by one step (the
   *  machine stays behind); `name`: the loop whose crossing started it. */
  private replay(f: Frame, name: string, step: Step, now: number): number {
    const t = now + step.cycles;
    const it = this.skip(step.counters, t, step.lastRetire);
    f.iter += step.iterations;
    const r = this.replayed.get(name) ?? { steps: 0, iterations: 0, lastIterations: 0, skippedIterations: 0 };
    r.steps++;
    r.iterations += name === f.loop.name ? step.iterations : 1;
    if (name !== f.loop.name) r.lastIterations++;
    r.skippedIterations += it;
    this.replayed.set(name, r);
    return t;
  }

  /** Adds skipped work (counter changes laid out as SimStats.counters) that ends at cycle `t`, its last
   *  retirement `retireAgo` cycles before (-1: none in it); returns the innermost iterations skipped. */
  private skip(delta: readonly number[], t: number, retireAgo: number): number {
    const it = this.stats.addDeltas(delta, 1);
    this.stream.iterations += it;
    this.skippedIterations += it;
    this.skippedInstructions += delta[0]!;
    if (retireAgo >= 0) this.stats.lastRetireCycle = t - retireAgo;
    return it;
  }

  /** Counts a jump of `loop` over `skipped` iterations by a period (iterations, cycles) in the result. */
  private noteJump(loop: string, iterations: number, cycles: number, skipped: number): void {
    const same = this.jumps.findIndex((j) => j.loop === loop && j.periodIterations === iterations && j.periodCycles === cycles);
    if (same < 0) this.jumps.push({ loop, periodIterations: iterations, periodCycles: cycles, skippedIterations: skipped });
    else this.jumps[same] = { ...this.jumps[same]!, skippedIterations: this.jumps[same]!.skippedIterations + skipped };
  }

  /** Rebuilds the machine and the frames below `level` from a full state (the end of a chain of replays,
   *  a period's phase). */
  private rebuild(level: number, state: Int32Array, now: number): void {
    const at = this.machine.restore(now, state, 0);
    restorePosition(this.stream, level, 0, state, at);
  }

  /** After a jump of an innermost loop (fewer than a period left): the rest of the loop replayed up to the
   *  enclosing loop's next crossing when recorded, else recorded there. */
  private afterJump(f: Frame, level: number, now: number): { now: number; restartAt: number } {
    const landed = this.landed;
    this.landed = null;
    const buf = landed ?? this.writeFull(now, level);
    if (!buf) return { now, restartAt: -1 };
    const counters = this.stats.counters(this.stream.iterations);
    return this.toEnclosing(f, level, f.loop.trip - 1 - f.iter, buf, hashKey(buf, buf.length), landed, now, counters);
  }

  /** Hash of the short summary and position at this crossing: -1 when the machine has no short
   *  summary, null when it holds a number past 32 bits. */
  private tinyHash(now: number, level: number): number | null {
    if (!this.machine.tiny) return -1;
    const b = this.buf;
    b.reset();
    this.machine.tiny(now, b);
    this.stream.writePosition(level, b);
    return b.wide ? null : hashKey(b.a, b.n);
  }

  /** The full state and the position from `level` down, as a new array (null: a number past 32 bits). */
  private writeFull(now: number, level: number): Int32Array | null {
    const b = this.writeHere(now, level);
    return b.wide ? null : b.copy();
  }

  /** The full state and the position from `level` down, written into the scratch buffer (check `wide`). */
  private writeHere(now: number, level: number): StateBuf {
    const b = this.buf;
    b.reset();
    this.machine.write(now, b);
    this.stream.writePosition(level, b);
    return b;
  }

  private phase(state: Int32Array, cycles: number, counters: readonly number[], base: readonly number[], now: number, tiny: number): Phase {
    return { state, cycles, counters: counters.map((c, k) => c - base[k]!), retireAgo: this.retireAgo(now), tiny };
  }

  /** A crossing while a period's phases are recorded; at the period's end the orbit is kept and the
   *  loop jumps to its last crossing (the new now), else null. */
  private recordPhase(f: Frame, level: number, st: FrameState, now: number): number | null {
    const rec = st.rec!;
    const j = f.iter - rec.iter;
    const tk = this.tinyHash(now, level) ?? -1;
    const state = this.writeFull(now, level);
    const counters = this.stats.counters(this.stream.iterations);
    if (!state || j !== rec.phases.length) {
      // the front end crossed more than once in a cycle (a phase not seen, maybe the last one: a
      // period of 2 on a 2-wide machine with a one-instruction body), or a number past 32 bits
      st.rec = null;
      return null;
    }
    if (j < rec.iterations) {
      rec.phases.push(this.phase(state, now - rec.cycle, counters, rec.counters, now, tk));
      return null;
    }
    st.rec = null;
    if (!sameState(rec.phases[0]!.state, state, state.length)) return null; // cannot happen: the state repeated
    const o = this.newOrbit(f, rec.iterations, now - rec.cycle, counters.map((c, k) => c - rec.counters[k]!), rec.phases);
    this.recordStart(f, st, now, o, 0);
    return this.toLast(f, level, now, o, 0);
  }

  /** A period with all its phases, kept for the loop's body. */
  private newOrbit(f: Frame, iterations: number, cycles: number, counters: readonly number[], phases: readonly Phase[]): Orbit {
    const states = new Map<number, Int32Array[]>();
    const phaseOf = new Map<Int32Array, number>();
    let tiny: Set<number> | null = new Set();
    phases.forEach((ph, k) => {
      const h = hashKey(ph.state, ph.state.length);
      const xs = states.get(h);
      if (xs) xs.push(ph.state);
      else states.set(h, [ph.state]);
      phaseOf.set(ph.state, k);
      if (ph.tiny < 0) tiny = null;
      else tiny?.add(ph.tiny);
    });
    const o: Orbit = { iterations, cycles, counters, states, tiny, phases, phaseOf };
    const list = this.orbits.get(f.loop.bodyId) ?? [];
    list.push(o);
    this.orbits.set(f.loop.bodyId, list);
    return o;
  }

  /** The phases of a period found at this crossing (its state = `p`'s, I iterations later) from the
   *  states written at the crossings in between; null when one was not written. */
  private phasesFrom(prints: Map<number, Snap>, p: Snap, I: number): Phase[] | null {
    const at: (Snap | undefined)[] = new Array<Snap | undefined>(I).fill(undefined);
    for (const q of prints.values()) {
      const j = q.iter - p.iter;
      if (j >= 0 && j < I) at[j] = q;
    }
    const out: Phase[] = [];
    for (const q of at) {
      if (!q || q.retireAgo === undefined) return null;
      out.push({ state: q.state, cycles: q.cycle - p.cycle, counters: q.counters.map((c, k) => c - p.counters[k]!), retireAgo: q.retireAgo, tiny: q.tiny });
    }
    return out;
  }

  private retireAgo(now: number): number {
    return this.stats.lastRetireCycle < 0 ? -1 : now - this.stats.lastRetireCycle;
  }

  /** From phase φ of orbit `o` at the current crossing, straight to the loop's last crossing: after L
   *  more iterations the machine is in phase (φ + L) mod I, later by whole periods plus the cycles
   *  between the two phases (counters likewise); the machine is rebuilt from that phase's state. */
  private toLast(f: Frame, level: number, now: number, o: Orbit, phi: number, from: Start | null = null): number | null {
    const L = f.loop.trip - 1 - f.iter;
    const ph = o.phases!;
    // from a first crossing: `from.iterations` to phase φ first
    const j = from ? from.iterations : 0;
    if (L < 1 || L < j) return null;
    const I = o.iterations;
    const w = Math.floor((phi + L - j) / I);
    const psi = (phi + L - j) % I;
    const a = ph[phi]!;
    const b = ph[psi]!;
    const dt = (from ? from.cycles : 0) + w * o.cycles + b.cycles - a.cycles;
    const delta = o.counters.map((c, k) => (from ? from.counters[k]! : 0) + w * c + b.counters[k]! - a.counters[k]!);
    const t = now + dt;
    this.skip(delta, t, b.retireAgo);
    // the machine is rebuilt by afterJump (from this state, or from the end of a replayed step)
    f.iter += L;
    this.landed = b.state;
    f.snaps = null;
    f.snapIter = f.iter;
    this.noteJump(f.loop.name, I, o.cycles, L);
    return t;
  }

  /** At an instance's first crossing: when an earlier instance of the body started from the same state
   *  and reached a recorded period, straight to the last crossing (the new now); else the state is
   *  kept until this instance reaches one. */
  private fromStart(f: Frame, level: number, st: FrameState, now: number): number | null {
    const buf = this.writeHere(now, level);
    if (buf.wide) return null;
    const body = f.loop.bodyId;
    const hash = this.stepHash(body, hashKey(buf.a, buf.n));
    for (const s of this.memo.starts.get(hash) ?? []) {
      if (s.body !== body || !sameState(s.key, buf.a, buf.n)) continue;
      const t = this.toLast(f, level, now, s.orbit, s.phase, s);
      if (t === null) break;
      this.orbitJumps++;
      this.startJumps++;
      return t;
    }
    st.start = { loop: body, key: buf.copy(), hash, cycle: now, iter: f.iter, counters: this.stats.counters(this.stream.iterations) };
    return null;
  }

  /** This instance reached phase φ of orbit `o` at this crossing: the way there from its first crossing is kept. */
  private recordStart(f: Frame, st: FrameState, now: number, o: Orbit, phase: number): void {
    const p = st.start;
    st.start = null;
    if (!p || this.memo.words + p.key.length > STEP_WORDS) return;
    const list = this.memo.starts.get(p.hash);
    if (list?.some((s) => s.body === p.loop && sameState(s.key, p.key, p.key.length))) return;
    const counters = this.stats.counters(this.stream.iterations);
    const s: Start = { body: p.loop, key: p.key, iterations: f.iter - p.iter, cycles: now - p.cycle, counters: counters.map((c, k) => c - p.counters[k]!), orbit: o, phase };
    this.memo.words += p.key.length;
    if (list) list.push(s);
    else this.memo.starts.set(p.hash, [s]);
  }

  /** Keeps the states from `p` on (a period found at this crossing) as an orbit of the loop. */
  private keepOrbit(f: Frame, prints: Map<number, Snap>, p: Snap, now: number, counters: readonly number[]): void {
    const list = this.orbits.get(f.loop.bodyId) ?? [];
    if (list.length >= MAX_ORBITS || list.some((o) => findState(o.states, p.state, p.state.length))) return;
    const states = new Map<number, Int32Array[]>();
    let tiny: Set<number> | null = new Set();
    for (const [h, q] of prints) {
      if (q.iter < p.iter) continue;
      const xs = states.get(h);
      if (xs) xs.push(q.state);
      else states.set(h, [q.state]);
      if (q.tiny < 0) tiny = null;
      else tiny?.add(q.tiny);
    }
    list.push({ iterations: f.iter - p.iter, cycles: now - p.cycle, counters: counters.map((c, k) => c - p.counters[k]!), states, tiny });
    this.orbits.set(f.loop.bodyId, list);
  }

  /** At a crossing of an innermost loop with known orbits (`tk`: its short-summary hash, -1 if none):
   *  when its state is on one, jumps (to the last crossing, or whole periods). */
  private joinOrbit(f: Frame, level: number, st: FrameState, now: number, orbits: readonly Orbit[], tk: number, here: Int32Array | null): number | null {
    const left = f.loop.trip - 1 - f.iter;
    // this crossing's full state (`here`: written already), written and hashed once when first needed
    let s: ArrayLike<number> | null = here;
    let n = here ? here.length : 0;
    let hash = -1;
    for (const o of orbits) {
      if (left < o.iterations || (o.tiny && tk >= 0 && !o.tiny.has(tk))) continue;
      if (s === null) {
        const buf = this.writeHere(now, level);
        if (buf.wide) return null;
        s = buf.a;
        n = buf.n;
      }
      if (hash < 0) hash = hashKey(s, n);
      const state = findState(o.states, s, n, hash);
      if (!state) continue;
      if (o.phaseOf) {
        const phi = o.phaseOf.get(state)!;
        this.recordStart(f, st, now, o, phi);
        const t = this.toLast(f, level, now, o, phi);
        if (t !== null) this.orbitJumps++;
        return t;
      }
      const counters = this.stats.counters(this.stream.iterations);
      // as if the state had been seen one period ago in this instance
      const p: Snap = { state, cycle: now - o.cycles, iter: f.iter - o.iterations, counters: counters.map((c, k) => c - o.counters[k]!), tiny: tk };
      const t = this.jump(f, level, now, p, counters);
      if (t !== null) this.orbitJumps++;
      return t;
    }
    return null;
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
    this.machine.shift(dt, dseq);
    f.iter += m * I;
    this.skippedInstructions += dseq;
    const inc = this.stats.addPeriods(p.counters, counters, m);
    this.stream.iterations += inc;
    this.skippedIterations += inc;
    this.noteJump(f.loop.name, I, delta, m * I);
    const fs = this.stream.frames;
    for (let k = level; k < fs.length; k++) {
      fs[k]!.snaps = null;
      fs[k]!.snapIter = fs[k]!.iter;
    }
    return now + dt;
  }
}

function findState(states: Map<number, Int32Array[]>, s: ArrayLike<number>, n: number, hash = hashKey(s, n)): Int32Array | undefined {
  const xs = states.get(hash);
  if (xs) for (const x of xs) if (sameState(x, s, n)) return x;
  return undefined;
}

const LEFT_KEYS = 2 ** 21;

function stepLoop(loopId: number, d: number, left: number): number {
  return (loopId * 16 + d) * LEFT_KEYS + left;
}

function frameState(f: Frame): FrameState {
  return ((f.snaps as FrameState | null) ??= { cycles: [], run: null, crossings: 0, prints: null, seen: null, tiny: null, printsLeft: 0, orbitLeft: PRINT_BUDGET, rec: null, stride: 1, phase: 0, quietUntil: 0, backoff: 1, start: null, pending: null, exitPending: [] }) as FrameState;
}

/** Two 32-bit mixes of numbers folded into one safe integer: a map key without building a string
 *  (equality of full states is still checked element by element; a summary collision only costs a
 *  full-state comparison). */
function hashKey(xs: ArrayLike<number>, n: number): number {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x2545f491 | 0;
  for (let k = 0; k < n; k++) {
    const x = xs[k]!;
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul((h2 + x) ^ (h2 >>> 15), 0x2c1b3c6d);
  }
  h2 = Math.imul(h2 ^ n, 0x01000193);
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

/** a equals the first n numbers of b. */
function sameState(a: Int32Array, b: ArrayLike<number>, n: number): boolean {
  if (a.length !== n) return false;
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}
