// Lookups that keep missing look less often. A lookup of a known period (known-periods.ts) writes the
// whole machine state when the short key allows it; in the reorder-buffer-bound regime (long latencies:
// the buffer full, short keys alike) nearly every crossing passes that gate and nearly every lookup
// misses, so the writes cost more than the simulation they were meant to save (resnet50's batch-norm
// loops at add latency 60 on Skylake: 52,322 full writes for 13 jumps). Per loop body (shared by every
// instance and kernel of the memo), the lookups since the last hit are counted; past THRIFT_MISSES of
// them the body is looked up only at every 2nd iteration, then every 4th … up to MAX_INTERVAL; a hit
// starts again at every iteration.
//
// Exact by construction: only *when* a lookup runs changes, never what a hit does (a hit is still a
// full state compared number by number); a crossing not looked up is simulated, as without the memo.
// What it can cost: a join found up to MAX_INTERVAL − 1 iterations later than at every crossing.

import type { Frame } from '../stream.ts';
import type { StepMemo, Thrift } from './records.ts';

/** Missed lookups (full states written) before the interval doubles. */
export const THRIFT_MISSES = 64;
/** Longest interval, in iterations, between lookups of one body. */
export const MAX_INTERVAL = 32;

export function thriftOf(memo: StepMemo, body: number): Thrift {
  let t = memo.thrift.get(body);
  if (!t) memo.thrift.set(body, (t = { knownPeriodMisses: 0 }));
  return t;
}

/** Whether this crossing of `f` is looked up against known periods. */
export function knownPeriodLookupDue(t: Thrift, f: Frame): boolean {
  if (t.knownPeriodMisses < THRIFT_MISSES) return true;
  const interval = Math.min(MAX_INTERVAL, 2 ** Math.floor(t.knownPeriodMisses / THRIFT_MISSES));
  return f.iter % interval === 0;
}
