// Result types of scheduling: plain JSON data read by reports, never the other way round.

import type { Ratio } from '../../isa/index.ts';

export const SCHEDULERS = ['serial', 'bound', 'cycle'] as const;
export type SchedulerName = (typeof SCHEDULERS)[number];

export type Bottleneck = 'dispatch' | 'dependency' | `port:${string}` | 'latency' | 'none';

/** How a cycle count was obtained: what was simulated and what was extrapolated from a detected period. */
export interface Extrapolation {
  readonly simulatedIterations: number;
  readonly totalIterations: number;
  readonly extrapolated: boolean;
  /** Dynamic instructions actually simulated / in the full expansion. */
  readonly simulatedInstructions?: number;
  readonly totalInstructions?: number;
  /** Jumps by loop and period: the detected period (iterations, cycles) and the iterations skipped in all. */
  readonly jumps?: readonly ExtrapolationJump[];
  /** Outer-loop iterations rebuilt from a recorded identical one instead of simulated, by loop. */
  readonly replays?: readonly ExtrapolationReplay[];
  /** Of the jumps, those made on reaching a period found in an earlier instance of the same loop. */
  readonly knownPeriodJumps?: number;
  /** Of those, made at an instance's first crossing: an earlier instance started from the same state and
   *  its way to the period was recorded. */
  readonly knownStartJumps?: number;
}

export interface ExtrapolationJump {
  readonly loop: string;
  readonly periodIterations: number;
  readonly periodCycles: number;
  readonly skippedIterations: number;
}

export interface ExtrapolationReplay {
  readonly loop: string;
  /** Recorded steps replayed, and the iterations of this loop they covered. */
  readonly steps: number;
  readonly loopIterations: number;
  /** Of those, last iterations (replayed up to the next crossing of an enclosing loop). */
  readonly lastIterations: number;
  /** Innermost-loop iterations inside them (not simulated). */
  readonly skippedIterations: number;
}

export interface LayerResult {
  readonly layer: string;
  readonly kind: string;
  /** Exact integer cycles for this layer's kernel. */
  readonly cycles: number;
  /** Instructions by form, exact. */
  readonly counts: Readonly<Record<string, number>>;
  readonly bottleneck?: Bottleneck;
  /** Busy cycles per port (exact integers), when the scheduler models ports. */
  readonly portCycles?: Readonly<Record<string, number>>;
  /** Numbers that were extrapolated rather than simulated, and how many iterations were simulated. */
  readonly extrapolation?: Extrapolation;
  /** The analytic `bound` for the same kernel, printed beside simulated cycles. */
  readonly boundCycles?: number;
}

export interface ScheduleResult {
  readonly scheduler: SchedulerName;
  readonly cpu: string;
  readonly cycles: number;
  readonly layers: readonly LayerResult[];
  readonly notes: readonly string[];
}

/** One row of an llvm-mca-style timeline: cycles of dispatch, issue, execution done and retire. */
export interface TimelineEntry {
  readonly iteration: number;
  readonly index: number;
  readonly form: string;
  readonly dispatched: number;
  readonly issued: number;
  readonly executed: number;
  readonly retired: number;
}

/** `scheduleKernel`'s answer for one kernel (the `kernel` command's data). */
export interface KernelScheduleResult {
  readonly kernel: string;
  readonly scheduler: SchedulerName;
  readonly cpu: string;
  /** Total cycles for all iterations run. */
  readonly cycles: number;
  readonly iterations: number;
  readonly cyclesPerIteration: Ratio;
  readonly cyclesPerIterationValue: number;
  /** Dynamic instructions and µops of the whole run. */
  readonly instructions: number;
  readonly uops: number;
  /** Instructions per cycle (instructions / cycles). */
  readonly ipc: number;
  /** Busy cycles per port for the whole run (exact for `cycle`; even split of each µop over its ports for `bound`/`serial`). */
  readonly portCycles: Readonly<Record<string, number>>;
  readonly bottleneck: Bottleneck;
  /** Analytic bound cycles (beside simulated ones). */
  readonly boundCycles: number;
  readonly extrapolation?: Extrapolation;
  readonly timeline?: readonly TimelineEntry[];
  readonly notes: readonly string[];
}
