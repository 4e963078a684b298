// Replays (loops that hold loops). The iterations of an outer loop are long (a whole inner loop each),
// and the same full state comes back across instances of the loop, not only within one (every `owb`
// iteration of every `oh` iteration runs the same `k` loop from a handful of states). The step from one
// crossing of a loop to its next is recorded (state before → state after, cycles, work). When a
// recorded state comes back at a crossing of the same loop with at least that many iterations still to
// go, the counters and clock move on and the machine is rebuilt from the recorded "after" state
// (shifted to the current cycle; a chain of replays rebuilds only at its end). A loop's last iteration,
// and an innermost loop's rest after a jump, are recorded the same way up to the next crossing of the
// closest enclosing loop with iterations left (the key adds how many loops end on the way and how many
// iterations were left). Up to the loop's next crossing only its body runs: steps are keyed by the
// loop's body (StaticLoop.bodyId), not its trip, and checked against the iterations left. Exact by the
// contract of machine-state.ts: equal full states and positions before the same body, equal futures.
//
//   crossing of `oh`:  S0 ──step (recorded)──▶ S1 ──▶ S2 …     later, at a crossing in state S0 with
//                                                               ≥ 1 iteration left: replay S0 → S1 → …

import { countersSince, type Counters } from '../counters.ts';
import type { Frame } from '../stream.ts';
import { restorePosition } from '../stream.ts';
import type { Extrapolator } from './extrapolator.ts';
import { hashKey, keyedHash, sameState } from './hashing.ts';
import { outerRepeat } from './periods.ts';
import { STEP_WORDS, type LoopWatch, type Pending, type Step } from './records.ts';

const LEFT_KEYS = 2 ** 21;

/** The key of steps from a crossing of `loopId` ending `d` enclosing loops out, `left` iterations left. */
function stepLoop(loopId: number, d: number, left: number): number {
  return (loopId * 16 + d) * LEFT_KEYS + left;
}

/** An id for the loop at `level` as reached from the loop at level `a` (its body id and the positions
 *  in between): what lies between the two, hence what runs until the enclosing loop's next crossing. */
function pathId(x: Extrapolator, fs: readonly Frame[], a: number, level: number): number {
  let key = String(fs[a]!.loop.bodyId);
  for (let k = a; k < level; k++) key += `,${fs[k]!.pos}`;
  const paths = x.memo.paths;
  let id = paths.get(key);
  if (id === undefined) paths.set(key, (id = paths.size + 1));
  return id;
}

/** Where a crossing's handling left the run: the cycle, and the level to check again from (-1: none). */
export interface Resume {
  readonly now: number;
  readonly restartAt: number;
}

/** A crossing of a loop that holds loops: its full state is written at every crossing, recorded as the
 *  end of the step from the previous crossing, compared with earlier crossings of this instance (a
 *  period: jump, periods.ts) and with recorded steps (replay, then the next crossing the same way). */
export function outerCrossing(x: Extrapolator, f: Frame, level: number, watch: LoopWatch, now: number): Resume {
  /** The state at the current crossing: the machine's, or (after replays) a recorded step's `next`, the
   *  machine not rebuilt until the chain of replays ends. Never changed once written: records,
   *  snapshots and pending steps share it. */
  const first = outerState(x, f, level, now);
  if (!first) return { now, restartAt: -1 };
  let w = watch;
  let buf = first.state;
  let hash = first.hash;
  let behind: Step | null = null;
  for (;;) {
    const n = ++w.crossings;
    const counters = x.stats.counters(x.stream.iterations);
    const left = f.loop.trip - 1 - f.iter;
    if (x.use.replays) {
      const p = w.pendingStep;
      if (p && f.iter > p.iter && !behind) record(x, f, p, buf, hash, now, counters);
      w.pendingStep = null;
      if (w.pendingExits.length > 0) {
        if (!behind) for (const ep of w.pendingExits) if (f.iter > ep.iter) record(x, f, ep, buf, hash, now, counters);
        w.pendingExits.length = 0;
      }
    }
    const prev = x.use.periods ? outerRepeat(f, w, n, left, buf, hash, now, counters) : null;
    if (prev) {
      if (behind) x.rebuild(level, behind.next, now);
      behind = null;
      now = x.jump(f, level, now, prev, counters)!;
      // the same state later and further on: a new crossing (maybe the last iteration, or a recorded step)
      w = x.watch(f);
      const after = outerState(x, f, level, now);
      if (!after) return { now, restartAt: -1 };
      buf = after.state;
      hash = after.hash;
      continue;
    }
    // the step from this state: linked from the previous step once looked up (a step is unique per state)
    if (left === 0) return toEnclosing(x, f, level, 0, buf, hash, behind ? behind.next : null, now, counters);
    if (!x.use.replays) return { now, restartAt: -1 };
    let step: Step | null = behind ? behind.follow : null;
    if (!step) {
      step = findStep(x, stepLoop(f.loop.bodyId, 0, 0), hash, buf);
      if (behind && step) behind.follow = step;
    }
    if (!step || step.iterations > left) {
      if (behind) x.rebuild(level, behind.next, now);
      w.pendingStep = { loop: stepLoop(f.loop.bodyId, 0, 0), key: buf, hash, cycle: now, iter: f.iter, counters };
      return { now, restartAt: -1 };
    }
    now = replay(x, f, f.loop.name, step, now);
    f.checkedIter = f.iter;
    behind = step;
    buf = step.next;
    hash = step.nextHash;
  }
}

/** The rest of `f` (at `level`; `left` iterations after this one): replayed up to the next crossing of
 *  the closest enclosing loop with iterations left, or the step from here recorded there. `unbuilt`:
 *  the machine and the frames from `level` down are still to be rebuilt from `buf` (= unbuilt). */
export function toEnclosing(
  x: Extrapolator,
  f: Frame,
  level: number,
  left: number,
  buf: Int32Array,
  hash: number,
  unbuilt: Int32Array | null,
  now: number,
  counters: Counters,
): Resume {
  const fs = x.stream.frames;
  let a = level - 1;
  while (a >= 1 && fs[a]!.loop.trip - 1 - fs[a]!.iter === 0) a--;
  const d = level - a;
  if (!x.use.replays || a < 1 || d > 15 || left >= LEFT_KEYS) {
    if (unbuilt) x.rebuild(level, unbuilt, now);
    return { now, restartAt: -1 };
  }
  const A = fs[a]!;
  const key = stepLoop(pathId(x, fs, a, level), d, left);
  const step = findStep(x, key, hash, buf);
  if (step && step.iterations <= A.loop.trip - 1 - A.iter) {
    now = replay(x, A, f.loop.name, step, now);
    const at = x.machine.restore(now, step.next, 0);
    restorePosition(x.stream, a, 0, step.next, at);
    return { now, restartAt: a };
  }
  if (unbuilt) x.rebuild(level, unbuilt, now);
  x.watch(A).pendingExits.push({ loop: key, key: buf, hash, cycle: now, iter: A.iter, counters });
  return { now, restartAt: -1 };
}

/** Records the step from the pending crossing `p` to this one (state `buf`). */
function record(x: Extrapolator, f: Frame, p: Pending, buf: Int32Array, hash: number, now: number, counters: Counters): void {
  const memo = x.memo;
  if (memo.words + p.key.length + buf.length > STEP_WORDS) return;
  const h = keyedHash(p.loop, p.hash);
  const list = memo.steps.get(h);
  if (list?.some((s) => s.loop === p.loop && sameState(s.key, p.key, p.key.length))) return;
  const retired = counters.retired > p.counters.retired;
  const step: Step = {
    loop: p.loop,
    key: p.key,
    next: buf,
    nextHash: hash,
    iterations: f.iter - p.iter,
    cycles: now - p.cycle,
    counters: countersSince(counters, p.counters),
    lastRetire: retired ? now - x.stats.lastRetireCycle : -1,
    follow: null,
  };
  memo.words += step.key.length + step.next.length;
  if (list) list.push(step);
  else memo.steps.set(h, [step]);
}

function findStep(x: Extrapolator, loop: number, hash: number, buf: ArrayLike<number>, n = buf.length): Step | null {
  const list = x.memo.steps.get(keyedHash(loop, hash));
  if (!list) return null;
  for (const s of list) if (s.loop === loop && sameState(s.key, buf, n)) return s;
  return null;
}

/** The full state at a crossing of the outer loop `f`, with its hash: the key of the recorded step from
 *  it when there is one (the same numbers), else a new copy (null: a number past 32 bits). */
function outerState(x: Extrapolator, f: Frame, level: number, now: number): { state: Int32Array; hash: number } | null {
  const b = x.writeHere(now, level);
  if (b.wide) return null;
  const hash = hashKey(b.a, b.n);
  const known = x.use.replays && f.loop.trip - 1 - f.iter >= 1 ? findStep(x, stepLoop(f.loop.bodyId, 0, 0), hash, b.a, b.n) : null;
  return { state: known ? known.key : b.copy(), hash };
}

/** Moves the counters, the clock and the iteration of `f` (where the step ends) on by one step (the
 *  machine stays behind); `name`: the loop whose crossing started it. */
function replay(x: Extrapolator, f: Frame, name: string, step: Step, now: number): number {
  const t = now + step.cycles;
  const it = x.skip(step.counters, t, step.lastRetire);
  f.iter += step.iterations;
  const r = x.replayed.get(name) ?? { steps: 0, iterations: 0, lastIterations: 0, skippedIterations: 0 };
  r.steps++;
  r.iterations += name === f.loop.name ? step.iterations : 1;
  if (name !== f.loop.name) r.lastIterations++;
  r.skippedIterations += it;
  x.replayed.set(name, r);
  return t;
}
