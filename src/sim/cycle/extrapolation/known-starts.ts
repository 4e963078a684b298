// Known starts (innermost loops). An instance's state at its first crossing is kept until the instance
// reaches a known period (phase φ, j iterations and Δ cycles later); another instance of the same body
// that starts from the same state with at least j iterations left takes the same way, so it goes
// straight to its last crossing (j iterations and Δ cycles, then the period from φ: known-periods.ts).
// Instances start from a handful of states (what the previous one left in flight), in every layer with
// that body. Exact by the contract of machine-state.ts: equal full states at the first crossing of the
// same body have the same future.
//
//   instance 1:  start S ──(j iterations, Δ cycles)──▶ phase φ of period P ──▶ … last crossing
//   instance 2:  start S ═══════════════════════════════════════════════════▶ last crossing (one jump)

import { countersSince } from '../counters.ts';
import type { Frame } from '../stream.ts';
import type { Extrapolator } from './extrapolator.ts';
import { hashKey, keyedHash, sameState } from './hashing.ts';
import { toLastCrossing } from './known-periods.ts';
import { STEP_WORDS, type KnownPeriod, type KnownStart, type LoopWatch } from './records.ts';

/** At an instance's first crossing: when an earlier instance of the body started from the same state
 *  and reached a known period, straight to the last crossing (the new cycle); else the state is kept
 *  (`w.start`) until this instance reaches one. */
export function fromKnownStart(x: Extrapolator, f: Frame, level: number, w: LoopWatch, now: number): number | null {
  const buf = x.writeHere(now, level);
  if (buf.wide) return null;
  const body = f.loop.bodyId;
  const hash = keyedHash(body, hashKey(buf.a, buf.n));
  for (const s of x.memo.starts.get(hash) ?? []) {
    if (s.body !== body || !sameState(s.key, buf.a, buf.n)) continue;
    const t = toLastCrossing(x, f, now, s.period, s.phase, s);
    if (t === null) break;
    x.knownPeriodJumps++;
    x.knownStartJumps++;
    return t;
  }
  w.start = { loop: body, key: buf.copy(), hash, cycle: now, iter: f.iter, counters: x.stats.counters(x.stream.iterations) };
  return null;
}

/** This instance reached phase `phase` of `o` at this crossing: the way there from its first crossing is kept. */
export function recordStart(x: Extrapolator, f: Frame, w: LoopWatch, now: number, o: KnownPeriod, phase: number): void {
  const p = w.start;
  w.start = null;
  if (!p || x.memo.words + p.key.length > STEP_WORDS) return;
  const list = x.memo.starts.get(p.hash);
  if (list?.some((s) => s.body === p.loop && sameState(s.key, p.key, p.key.length))) return;
  const counters = x.stats.counters(x.stream.iterations);
  const s: KnownStart = {
    body: p.loop,
    key: p.key,
    iterations: f.iter - p.iter,
    cycles: now - p.cycle,
    counters: countersSince(counters, p.counters),
    period: o,
    phase,
  };
  x.memo.words += p.key.length;
  if (list) list.push(s);
  else x.memo.starts.set(p.hash, [s]);
}
