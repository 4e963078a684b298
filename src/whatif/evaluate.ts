// One evaluation: model → variant → lowering for a CPU → schedule. Shared by `latency`, `compare`,
// sweeps and the library API, so every entry point computes a number the same way.

import { parseForm, typeBits, type ElementType, type Program } from '../isa/index.ts';
// Single files, not the models barrel: the barrel's file loader (node:fs) would reach the browser explorer.
import type { ShapedGraph } from '../models/graph.ts';
import { lower, type LoweringName } from '../models/lowering/index.ts';
import { inferShapes } from '../models/shapes.ts';
import { applyVariant, type Convert, type Variant } from '../models/variants.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { targetCaps } from '../sim/profile/validate.ts';
import type { ScheduleResult, SchedulerName } from '../sim/results/result.ts';
import { scheduleProgram } from '../sim/schedulers/schedule.ts';

export interface EvaluateOptions {
  readonly variant: Variant;
  readonly convert?: Convert;
  readonly scheduler: SchedulerName;
  readonly lowering: LoweringName;
  readonly dtype?: ElementType;
  readonly accumulators?: number;
  readonly extrapolate?: boolean;
  readonly allowUnknown?: boolean;
}

export interface Evaluation {
  readonly model: string;
  readonly variant: Variant;
  readonly convert: Convert;
  readonly lowering: LoweringName;
  readonly dtype?: ElementType;
  readonly accumulators?: number;
  readonly program: Program;
  readonly result: ScheduleResult;
}

/**
 * Independent accumulators that cover the latency of the accumulate form at full throughput:
 * ceil(latency / reciprocal throughput) of `add.<dtype>x<lanes>` at the widest vector width (1 … 16).
 */
export function defaultAccumulators(profile: Profile, dtype: ElementType): number {
  let best: { bits: number; n: number } | undefined;
  for (const [form, t] of Object.entries(profile.forms)) {
    const f = parseForm(form);
    if (f.op !== 'add' || f.type.elem !== dtype || f.type.lanes === 1) continue;
    const bits = typeBits(f.type);
    const n = Math.min(16, Math.max(1, Math.ceil(t.latency / t.rthroughput)));
    if (!best || bits > best.bits) best = { bits, n };
  }
  return best?.n ?? 1;
}

/**
 * One evaluation of a model on a profile: the variant applied (cnn | adder | bnn), lowered to a kernel
 * program, scheduled by the chosen model (serial | bound | cycle). Pure and deterministic; exact integer cycles.
 * @example
 * const nano = loadProfile('via-nano-2000');
 * const { graph } = await loadModel('lenet5-bn');
 * const e = evaluate(graph, nano, { variant: 'adder', convert: 'all', lowering: 'paper', scheduler: 'serial' });
 * e.result.cycles;                                          // 1,666,080 (833,040 adds × 2 cycles)
 * e.result.layers;                                          // per layer: cycles, instructions, bottleneck
 */
export function evaluate(graph: ShapedGraph, profile: Profile, opts: EvaluateOptions): Evaluation {
  const e = lowerFor(graph, profile, opts);
  return { ...e, result: scheduleProgram(e.program, profile, opts.scheduler, opts.extrapolate === undefined ? {} : { extrapolate: opts.extrapolate }) };
}

/** The model lowered for `profile` as `opts` say (everything of an evaluation but the schedule). */
export function lowerFor(graph: ShapedGraph, profile: Profile, opts: EvaluateOptions): Omit<Evaluation, 'result'> {
  const convert = opts.convert ?? 'inner';
  const g = opts.variant === 'cnn' ? graph : inferShapes(applyVariant(graph, opts.variant, convert), graph.name);
  const dtype = opts.dtype;
  const accumulators = opts.lowering === 'simd' ? opts.accumulators ?? defaultAccumulators(profile, dtype ?? 'f32') : opts.accumulators;
  const program = lower(
    g,
    {
      lowering: opts.lowering,
      variant: opts.variant,
      ...(dtype ? { dtype } : {}),
      ...(accumulators ? { accumulators } : {}),
      ...(opts.allowUnknown ? { allowUnknown: true } : {}),
    },
    targetCaps(profile),
  );
  return { model: graph.name, variant: opts.variant, convert, lowering: opts.lowering, ...(dtype ? { dtype } : {}), ...(accumulators ? { accumulators } : {}), program };
}
