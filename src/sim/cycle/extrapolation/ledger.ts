// Instances of a loop whose extrapolation keeps costing more than it saves are simulated plainly. Per
// innermost loop (body and trip: its static id), a ledger weighs what the mechanisms cost at its
// crossings (SteadyState.spent: state writes, summaries, short keys, rebuilds and the crossings
// themselves, in simulated-instruction equivalents) against the instructions their jumps skipped.
// After the first WINDOW instances, and after every PROBE instances later, a loss puts the loop's next
// instances to sleep: they are not watched at all (no delta watch, lookup or state write), 1, 2, 4 …
// up to MAX_SLEEP instances in a row; a window that pays wakes the loop for good (until the next loss).
//
// Exact by construction: only whether the mechanisms run at an instance changes, never what a jump does
// (a sleeping instance is simulated, as with extrapolation off). Measured where it engages: resnet50's
// batch-norm loops at add latency 60 on Skylake (the reorder buffer full, every instance reaching its own
// periodic orbit late; docs/cycle-model.md, "Long latencies").
//
//   instances:  W W W W W W W W │ s │ P P │ s s │ P P │ s s s s │ …      W window, s asleep, P probe

import type { Frame } from '../stream.ts';
import type { Ledger, StepMemo } from './records.ts';

export type { Ledger } from './records.ts';

/** Instances weighed before the first verdict. */
export const WINDOW = 8;
/** Instances weighed by each later verdict (after a sleep). */
export const PROBE = 2;
/** Longest run of instances asleep. */
export const MAX_SLEEP = 64;

/** Cost units, in simulated instructions, of the mechanisms' moves (measured on this VM, JIT-warm, a
 *  337-word state: simulating ~0.37 µs per instruction, a full state written, hashed and copied
 *  4.9 µs, a summary 0.8 µs, a short key 0.24 µs; docs/cycle-model.md). */
export const COST = { crossing: 1, shortKey: 1, summary: 2, fullState: 13 } as const;

function ledgerOf(memo: StepMemo, loop: number): Ledger {
  let l = memo.ledgers.get(loop);
  if (!l) memo.ledgers.set(loop, (l = { spent: 0, saved: 0, instances: 0, window: WINDOW, asleep: 0, nextSleep: 1 }));
  return l;
}

/** At an instance's first crossing: whether it is watched (the ledger counts it) or left to sleep. */
export function instanceWatched(l: Ledger): boolean {
  if (l.asleep === 0 && l.instances >= l.window) {
    if (l.spent > l.saved) {
      l.asleep = l.nextSleep;
      l.nextSleep = Math.min(2 * l.nextSleep, MAX_SLEEP);
      l.window = PROBE;
    } else l.nextSleep = 1;
    l.spent = 0;
    l.saved = 0;
    l.instances = 0;
  }
  if (l.asleep > 0) {
    l.asleep--;
    return false;
  }
  l.instances++;
  return true;
}

/** The ledger of `f`'s instance, decided at its first crossing (null: asleep, `f` is then unwatched). */
export function instanceLedger(memo: StepMemo, f: Frame): Ledger | null {
  if (f.ledger === undefined) {
    const l = ledgerOf(memo, f.loop.id);
    f.ledger = instanceWatched(l) ? l : null;
    if (f.ledger === null) f.unwatched = true;
  }
  return f.ledger;
}
