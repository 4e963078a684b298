// What a sweep is asked for (sweep.ts plans and runs it; sweep-accumulators.ts reads part of it): its own
// file so that the modules sweep.ts uses can name it without an import cycle.

import type { ElementType } from '../isa/index.ts';
import type { Convert, LoweringName, Variant } from '../models/index.ts';
import type { SchedulerName } from '../sim/results/result.ts';
import type { UncertaintyOptions } from './point.ts';

export interface SweepSpec {
  readonly models: readonly string[];
  readonly cpus: readonly string[];
  readonly variants?: readonly Variant[];
  readonly converts?: readonly Convert[];
  readonly schedulers?: readonly SchedulerName[];
  readonly lowerings?: readonly LoweringName[];
  readonly dtypes?: readonly ElementType[];
  readonly accumulators?: readonly number[];
  /** Profile axes: path and values, in the order given. */
  readonly params?: readonly { readonly path: string; readonly values: readonly number[] }[];
  readonly extrapolate?: boolean;
  readonly allowUnknown?: boolean;
  /** Run even if a swept path changes nothing in any point (otherwise UNUSED_PARAMETER, naming the forms executed). */
  readonly allowUnused?: boolean;
  /** Derived metric: `ratio` = cycles of the row's variant / cycles of this variant on the same profile
   *  (e.g. adder/cnn); intervals, samples and tornado then describe the ratio (paired samples). */
  readonly ratioTo?: Variant;
  readonly uncertainty?: UncertaintyOptions;
}
