// What the extrapolation mechanisms (periods.ts, known-periods.ts, known-starts.ts, replays.ts) use of
// the run they extrapolate: the machine, the stream, the counters and the shared moves (write the state
// here, add skipped work, jump whole periods, rebuild). steady-state.ts's SteadyState implements it and
// calls the mechanisms at every loop crossing. Each move keeps the exactness contract of
// machine-state.ts: a state is only ever compared whole, and work is only skipped from equal states.

import type { MachineState } from '../machine-state.ts';
import type { StateBuf } from '../state-buf.ts';
import type { SimStats } from '../stats.ts';
import type { Frame, InstructionStream } from '../stream.ts';
import type { Counters } from '../counters.ts';
import type { LoopWatch, Snapshot, StepMemo } from './records.ts';

/** Which mechanisms run (CycleOptions.extrapolation); all on by default. Known periods and known starts
 *  build on the periods found (with `periods` off they find nothing to use). */
export interface ExtrapolationSwitches {
  /** Period detection within a loop instance, then whole periods skipped (periods.ts). */
  readonly periods?: boolean;
  /** Periods found kept for later instances; an instance on one jumps to its last crossing (known-periods.ts). */
  readonly knownPeriods?: boolean;
  /** An instance that starts from a state an earlier one started from goes straight to its end (known-starts.ts). */
  readonly knownStarts?: boolean;
  /** Outer-loop steps recorded and replayed (replays.ts). */
  readonly replays?: boolean;
}

export interface Extrapolator {
  readonly stream: InstructionStream;
  readonly stats: SimStats;
  readonly machine: MachineState;
  readonly memo: StepMemo;
  readonly use: Required<ExtrapolationSwitches>;
  /** Jumps made on reaching a period found in an earlier instance of the loop. */
  knownPeriodJumps: number;
  /** Of those, made at an instance's first crossing (a known start). */
  knownStartJumps: number;
  /** Full states written so far (thrift.ts counts the ones lookups wasted). */
  readonly fullWrites: number;
  /** After a jump to a loop's last crossing: the state the machine is to be rebuilt from. */
  landed: Int32Array | null;
  /** Outer-loop steps replayed, by loop name. */
  readonly replayed: Map<string, { steps: number; iterations: number; lastIterations: number; skippedIterations: number }>;
  /** The full state and the position from `level` down, written into the scratch buffer (check `wide`). */
  writeHere(now: number, level: number): StateBuf;
  /** The same as a new array (null: a number past 32 bits). */
  writeFull(now: number, level: number): Int32Array | null;
  /** Hash of the short key and position: -1 when the machine has none, null past 32 bits. */
  shortHash(now: number, level: number): number | null;
  /** Hash of the summary and position, and whether it is past 32 bits. */
  summaryHash(now: number, level: number): { hash: number; wide: boolean };
  /** The watch of a loop instance (created at its first use). */
  watch(f: Frame): LoopWatch;
  /** Cycles since the last retirement (-1: none yet). */
  retireAgo(now: number): number;
  /** Adds skipped work ending at cycle `t`, its last retirement `retireAgo` before (-1: none in it);
   *  returns the innermost iterations skipped. */
  skip(work: Counters, t: number, retireAgo: number): number;
  /** Counts a jump of `loop` over `skipped` iterations by a period (iterations, cycles). */
  noteJump(loop: string, iterations: number, cycles: number, skipped: number): void;
  /** Skips the whole periods left from `p` (this crossing's state = p's): the machine shifted, the
   *  counters added; the new cycle, or null when not even one period is left. */
  jump(f: Frame, level: number, now: number, p: Snapshot, counters: Counters): number | null;
  /** Rebuilds the machine and the frames below `level` from a full state. */
  rebuild(level: number, state: Int32Array, now: number): void;
}
