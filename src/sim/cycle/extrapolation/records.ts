// The records the extrapolation mechanisms keep: per open loop instance (LoopWatch, on the stream's
// frame), and across instances and kernels (StepMemo: recorded steps, periods and starts). Every
// Int32Array here is a machine state written by machine-state.ts's Machine followed by the front end's
// position (stream.ts writePosition): the exactness contract in machine-state.ts says why equal arrays
// mean equal futures.

import type { Counters } from '../counters.ts';

/** A state written at a crossing, kept while a period is looked for in one loop instance. */
export interface Snapshot {
  readonly state: Int32Array;
  readonly cycle: number;
  readonly iter: number;
  readonly counters: Counters;
  /** Hash of its short key (innermost loops; -1: not written). */
  readonly shortHash: number;
  /** Innermost loops: cycles since the last retirement (-1: none yet). */
  readonly retireAgo?: number;
}

/** A crossing waiting for a later one to complete the record it starts (a step, or a start's way). */
export interface Pending {
  /** Step key (replays.ts stepLoop) or, for a start, the loop's body id. */
  readonly loop: number;
  readonly key: Int32Array;
  readonly hash: number;
  readonly cycle: number;
  readonly iter: number;
  readonly counters: Counters;
}

/** One recorded step of an outer loop, from a crossing to its next crossing (replays.ts). */
export interface Step {
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
  /** Work done in the step. */
  readonly counters: Counters;
  /** Cycles from the next crossing back to the step's last retirement; -1: none in the step. */
  readonly lastRetire: number;
  readonly nextHash: number;
  /** The step from `next`, once looked up and found. */
  follow: Step | null;
}

/** One crossing of a recorded period: the state after j iterations, its cycles and work from phase 0,
 *  cycles since its last retirement, its short-key hash. */
export interface Phase {
  readonly state: Int32Array;
  readonly cycles: number;
  readonly counters: Counters;
  readonly retireAgo: number;
  readonly shortHash: number;
}

/** The periodic steady state of an innermost loop ("known period", known-periods.ts), found in one
 *  instance, for the others: any of its states at a crossing repeats I iterations and Δ cycles later
 *  while the loop lasts, so an instance that reaches one jumps at once instead of finding it again. */
export interface KnownPeriod {
  readonly iterations: number;
  readonly cycles: number;
  /** Work over one period. */
  readonly counters: Counters;
  /** Full states (with position) on the period, by hash. */
  readonly states: Map<number, Int32Array[]>;
  /** Short-key hashes of those states (gate the full writes); null: not all known. */
  readonly shortHashes: Set<number> | null;
  /** When the whole period was recorded crossing by crossing: phase j's record; `phaseOf` maps a state
   *  to its phase. An instance on phase φ with L iterations left then jumps straight to its last crossing. */
  readonly phases?: readonly Phase[];
  readonly phaseOf?: Map<Int32Array, number>;
}

/** How an instance of an innermost loop that started from `key` (its state at its first crossing) reached
 *  a known period (known-starts.ts): `iterations` and `cycles` later it was in phase `phase` of `period`.
 *  Another instance of the same body that starts from the same state, with at least that many
 *  iterations left, takes the same way, so it goes straight to its last crossing. */
export interface KnownStart {
  readonly body: number;
  readonly key: Int32Array;
  readonly iterations: number;
  readonly cycles: number;
  readonly counters: Counters;
  readonly period: KnownPeriod;
  readonly phase: number;
}

/** A period being recorded crossing by crossing (the first instance that found it). */
export interface Recording {
  readonly iter: number;
  readonly iterations: number;
  readonly cycle: number;
  readonly counters: Counters;
  readonly phases: Phase[];
}

/** The state comparisons of one loop instance once its crossing deltas look periodic (periods.ts). A
 *  full state is written only when its summary has been seen before, a summary only when its short key
 *  has, so a loop that never repeats costs little. */
export interface Comparing {
  /** Full states written, by hash. */
  readonly snapshots: Map<number, Snapshot>;
  /** Summary hashes seen (innermost loops). */
  readonly summariesSeen: Set<number>;
  /** Short-key hashes seen, with 1 once repeated (innermost loops). */
  readonly shortSeen: Map<number, number>;
  /** Crossings still compared before giving up (and backing off). */
  left: number;
  /** Innermost loops: states are compared only every `stride` crossings (the period the deltas show: a
   *  state period is a multiple of it), counted from crossing `strideFrom`. */
  readonly stride: number;
  readonly strideFrom: number;
}

/** Per open loop instance: what each mechanism watches (created at its first crossing). */
export interface LoopWatch {
  /** Crossings of this instance so far. */
  crossings: number;
  // periods.ts
  /** Cycles of the latest crossings (enough to see 2 × MAX_PERIOD deltas). */
  readonly crossingCycles: number[];
  /** deltaRuns[P] = how many latest deltas equal the delta P crossings before them (null: not yet). */
  deltaRuns: number[] | null;
  /** While comparing states (null: watching deltas only). */
  comparing: Comparing | null;
  /** No new comparison before this crossing (backs off after a failed one). */
  quietUntil: number;
  backoff: number;
  /** The period found, while its phases are recorded. */
  recording: Recording | null;
  // known-periods.ts
  /** Innermost loops: crossings still checked against known periods. */
  knownPeriodChecksLeft: number;
  /** The loop body's record of lookups that missed (thrift.ts), once looked up. */
  thrift: Thrift | null;
  // known-starts.ts
  /** Innermost loops: the state at this instance's first crossing, until it reaches a known period. */
  start: Pending | null;
  // replays.ts
  /** Outer loops: the last crossing, until the next one records the step between them. */
  pendingStep: Pending | null;
  /** Last-iteration crossings of loops inside, until this loop's next crossing records their steps. */
  readonly pendingExits: Pending[];
}

/** Recorded steps kept per run, in 32-bit words of state (memory bound: 64 MB). */
export const STEP_WORDS = 16_000_000;

/**
 * Recorded steps, periods and starts, by loop body (and, for steps that leave a loop, by the path from
 * the enclosing loop down to it). One per kernel by default; the kernels of a program share one when
 * they share static ids (static-program.ts StaticIds), so a layer replays what an earlier layer with
 * the same inner structure recorded.
 */
export class StepMemo {
  readonly steps = new Map<number, Step[]>();
  readonly periods = new Map<number, KnownPeriod[]>();
  /** Ways from a first crossing to a period (innermost loops), by body and state hash. */
  readonly starts = new Map<number, KnownStart[]>();
  /** 32-bit words of state held by the steps and starts (bounded by STEP_WORDS). */
  words = 0;
  /** Ids of paths between an enclosing loop and a loop inside it (replays.ts pathId). */
  readonly paths = new Map<string, number>();
  /** Lookups that keep missing, by loop body (thrift.ts). */
  readonly thrift = new Map<number, Thrift>();
  /** What extrapolation costs and saves, by static loop id (ledger.ts). */
  readonly ledgers = new Map<number, Ledger>();
}

/** How a loop body's lookups have paid off lately (thrift.ts): full states written by lookups since
 *  the last one that found something. */
export interface Thrift {
  knownPeriodMisses: number;
}

/** One loop's balance of what extrapolation costs and saves (ledger.ts; by static loop id, shared by the
 *  kernels of a memo). */
export interface Ledger {
  /** Cost units spent and instructions skipped in the current window. */
  spent: number;
  saved: number;
  /** Instances weighed in the current window, and its length. */
  instances: number;
  window: number;
  /** Instances still to be left unwatched, and the next sleep's length. */
  asleep: number;
  nextSleep: number;
}
