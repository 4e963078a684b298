// A crossing of an innermost loop: the mechanisms in the order they pay off. A phase being recorded
// takes the crossing; at an instance's first crossing a known start (known-starts.ts) may take it to
// its last crossing; then a known period (known-periods.ts) reached by this state; then this instance's
// own deltas and state comparisons (periods.ts). A period found here becomes a known period (with its
// phases: straight to the last crossing) or, with known periods off or full, whole periods are
// skipped. Each mechanism can be switched off (CycleOptions.extrapolation) and rests on the exactness
// contract of machine-state.ts.

import { countersSince } from '../counters.ts';
import type { Frame } from '../stream.ts';
import type { Extrapolator } from './extrapolator.ts';
import { findState, sameState } from './hashing.ts';
import { addKnownPeriod, findKnownPeriod, jumpByKnownPeriod, MAX_KNOWN_PERIODS, phaseHere, phasesFrom, keepPeriod, toLastCrossing } from './known-periods.ts';
import { fromKnownStart, recordStart } from './known-starts.ts';
import { findRepeat, type Repeat } from './periods.ts';
import type { KnownPeriod, LoopWatch } from './records.ts';
import { knownPeriodLookupDue, thriftOf } from './thrift.ts';

/** Returns the cycle a jump moved to, or null. */
export function innermostCrossing(x: Extrapolator, f: Frame, level: number, w: LoopWatch, now: number): number | null {
  const n = ++w.crossings;
  if (w.recording) return recordPhase(x, f, level, w, now);
  if (n === 1 && x.use.knownStarts) {
    const jumped = fromKnownStart(x, f, level, w, now);
    if (jumped !== null) return jumped;
  }
  // this crossing's short-key hash, once written (undefined: not yet; null: a number past 32 bits)
  let shortHash: number | null | undefined;
  const periods = x.use.knownPeriods ? x.memo.periods.get(f.loop.bodyId) : undefined;
  if (periods && w.knownPeriodChecksLeft > 0) {
    // at the first crossing the state is written already (fromKnownStart kept it): always looked up
    const here = n === 1 ? (w.start?.key ?? null) : null;
    const t = (w.thrift ??= thriftOf(x.memo, f.loop.bodyId));
    if (here || knownPeriodLookupDue(t, f)) {
      w.knownPeriodChecksLeft--;
      shortHash = x.shortHash(now, level);
      const writes = x.fullWrites;
      const jumped = shortHash === null ? null : joinKnownPeriod(x, f, level, w, now, periods, shortHash, here);
      if (jumped !== null) {
        t.knownPeriodMisses = 0;
        return jumped;
      }
      if (x.fullWrites !== writes) t.knownPeriodMisses++;
    }
  }
  if (!x.use.periods) return null;
  const r = findRepeat(x, f, level, w, n, now, shortHash);
  return r ? onRepeat(x, f, level, w, now, r) : null;
}

/** This crossing's state on a known period: to the last crossing (with phases) or whole periods. */
function joinKnownPeriod(
  x: Extrapolator,
  f: Frame,
  level: number,
  w: LoopWatch,
  now: number,
  periods: readonly KnownPeriod[],
  shortHash: number,
  here: Int32Array | null,
): number | null {
  const on = findKnownPeriod(x, f, level, now, periods, shortHash, here);
  if (!on) return null;
  const o = on.period;
  let t: number | null;
  if (o.phaseOf) {
    const phi = o.phaseOf.get(on.state)!;
    if (x.use.knownStarts) recordStart(x, f, w, now, o, phi);
    t = toLastCrossing(x, f, now, o, phi);
  } else t = jumpByKnownPeriod(x, f, level, now, o, on.state, shortHash);
  if (t !== null) x.knownPeriodJumps++;
  return t;
}

/** A state repeated I iterations later in this instance: a new known period (its phases written at the
 *  last I crossings: to the last crossing; else recorded over the next I), or whole periods skipped. */
function onRepeat(x: Extrapolator, f: Frame, level: number, w: LoopWatch, now: number, r: Repeat): number | null {
  const { prev, counters, here } = r;
  const I = f.iter - prev.iter;
  if (x.use.knownPeriods) {
    const known = x.memo.periods.get(f.loop.bodyId);
    if (I >= 1 && (known?.length ?? 0) < MAX_KNOWN_PERIODS && !known?.some((o) => findState(o.states, here.a, here.n))) {
      const phases = phasesFrom(w.comparing!.snapshots, prev, I);
      if (phases) {
        const o = addKnownPeriod(x, f, I, now - prev.cycle, countersSince(counters, prev.counters), phases);
        if (x.use.knownStarts) recordStart(x, f, w, now, o, 0);
        return toLastCrossing(x, f, now, o, 0);
      }
      if (f.loop.trip - 1 - f.iter > I) {
        w.recording = { iter: f.iter, iterations: I, cycle: now, counters, phases: [phaseHere(x, prev.state, 0, counters, counters, now, r.shortHash)] };
        return null;
      }
    }
    keepPeriod(x, f, w.comparing!.snapshots, prev, now, counters);
  }
  return x.jump(f, level, now, prev, counters);
}

/** A crossing while a period's phases are recorded; at the period's end it becomes a known period and
 *  the loop jumps to its last crossing (the new cycle), else null. */
function recordPhase(x: Extrapolator, f: Frame, level: number, w: LoopWatch, now: number): number | null {
  const rec = w.recording!;
  const j = f.iter - rec.iter;
  const shortHash = x.shortHash(now, level) ?? -1;
  const state = x.writeFull(now, level);
  const counters = x.stats.counters(x.stream.iterations);
  if (!state || j !== rec.phases.length) {
    // the front end crossed more than once in a cycle (a phase not seen, maybe the last one: a
    // period of 2 on a 2-wide machine with a one-instruction body), or a number past 32 bits
    w.recording = null;
    return null;
  }
  if (j < rec.iterations) {
    rec.phases.push(phaseHere(x, state, now - rec.cycle, counters, rec.counters, now, shortHash));
    return null;
  }
  w.recording = null;
  if (!sameState(rec.phases[0]!.state, state, state.length)) return null; // cannot happen: the state repeated
  const o = addKnownPeriod(x, f, rec.iterations, now - rec.cycle, countersSince(counters, rec.counters), rec.phases);
  if (x.use.knownStarts) recordStart(x, f, w, now, o, 0);
  return toLastCrossing(x, f, now, o, 0);
}
