// One evaluation: model → variant → lowering for a CPU → schedule. Shared by `latency`, `compare`,
// `energy`, the study, sweeps and the library API, so every entry point computes a number the same way.
// Unset options take the one table of defaults (settings.ts).

import { ARG, checkArgs, ELEMENT_TYPES, optionsOf, programFormCounts, type ElementType, type Program } from '../isa/index.ts';
import { z } from 'zod';
// Single files, not the models barrel: the barrel's file loader (node:fs) would reach the browser explorer.
import type { ShapedGraph } from '../models/graph.ts';
import { lower, LOWERINGS, type LoweringName } from '../models/lowering/index.ts';
import { applyVariant, CONVERTS, VARIANTS, type Convert, type Variant } from '../models/variants.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { targetCaps } from '../sim/profile/validate.ts';
import { SCHEDULERS, type ScheduleResult, type SchedulerName } from '../sim/results/result.ts';
import { scheduleProgram } from '../sim/schedulers/schedule.ts';
import { accumulatorChoice, checkSettingsApply, DEFAULT_SETTINGS, settingsFrom, type AccumulatorChoice, type RunSettings } from './settings.ts';

export interface EvaluateOptions {
  readonly variant: Variant;
  readonly convert?: Convert;
  readonly scheduler?: SchedulerName;
  readonly lowering?: LoweringName;
  readonly dtype?: ElementType;
  readonly accumulators?: number;
  readonly extrapolate?: boolean;
  readonly allowUnknown?: boolean;
}

/** EvaluateOptions as the API checks them (plain JavaScript callers): every key, nothing else. */
export const evaluateOptionsSchema = optionsOf<EvaluateOptions>()({
  variant: z.enum(VARIANTS),
  convert: z.enum(CONVERTS).optional(),
  scheduler: z.enum(SCHEDULERS).optional(),
  lowering: z.enum(LOWERINGS).optional(),
  dtype: z.enum(ELEMENT_TYPES).optional(),
  accumulators: z.number().int().min(1).max(64).optional(),
  extrapolate: z.boolean().optional(),
  allowUnknown: z.boolean().optional(),
});

/** The arguments of evaluate and evaluateOnPool, checked, and the one rule on settings that change nothing. */
export function checkEvaluateArgs(fn: string, graph: unknown, profile: unknown, opts: EvaluateOptions): void {
  checkArgs(fn, [
    ['graph', ARG.shapedGraph, graph],
    ['profile', ARG.profile, profile],
    ['opts', evaluateOptionsSchema, opts],
  ]);
  checkSettingsApply({ lowering: opts.lowering ?? DEFAULT_SETTINGS.lowering, accumulators: opts.accumulators, dtype: opts.dtype });
}

export interface Evaluation {
  readonly model: string;
  readonly variant: Variant;
  readonly convert: Convert;
  readonly lowering: LoweringName;
  readonly dtype: ElementType;
  /** The simd lowering's accumulator count for this variant (absent for lowerings that take none). */
  readonly accumulators?: number;
  readonly accumulatorChoice?: AccumulatorChoice;
  readonly program: Program;
  readonly result: ScheduleResult;
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
  checkEvaluateArgs('evaluate', graph, profile, opts);
  return evaluatePoint(graph, profile, opts);
}

/**
 * `evaluate` for a point of a grid (sweeps, crossover): a grid's axes may give an accumulator count or an
 * element type to points whose lowering takes none (simd × scalar), which the point then ignores.
 */
export function evaluatePoint(graph: ShapedGraph, profile: Profile, opts: EvaluateOptions): Evaluation {
  const e = lowerFor(graph, profile, opts);
  const s = settingsOf(opts);
  return { ...e, result: scheduleProgram(e.program, profile, s.scheduler, { extrapolate: s.extrapolate }) };
}

/** The run settings of one evaluation (its variant the only one). */
export function settingsOf(opts: EvaluateOptions): RunSettings {
  const { variant, ...rest } = opts;
  return settingsFrom({ ...rest, variants: [variant] });
}

/**
 * The model lowered for `profile` as `opts` say (everything of an evaluation but the schedule).
 * `applyVariant` always runs (also for `cnn`), so an imported AdderNet or BNN asked for as `cnn` has
 * its adder/binary layers converted back, as `ops --variant cnn` does.
 */
export function lowerFor(graph: ShapedGraph, profile: Profile, opts: EvaluateOptions): Omit<Evaluation, 'result'> {
  const s = settingsOf(opts);
  const g = applyVariant(graph, opts.variant, s.convert);
  const acc = accumulatorChoice(profile, opts.variant, s);
  const program = lower(
    g,
    {
      lowering: s.lowering,
      variant: opts.variant,
      dtype: s.dtype,
      ...(acc ? { accumulators: acc.count } : {}),
      ...(s.allowUnknown ? { allowUnknown: true } : {}),
    },
    targetCaps(profile),
  );
  const idle = idleOverrides(profile, program);
  return {
    model: graph.name,
    variant: opts.variant,
    convert: s.convert,
    lowering: s.lowering,
    dtype: s.dtype,
    ...(acc ? { accumulators: acc.count, accumulatorChoice: acc } : {}),
    program: idle ? { ...program, notes: [...program.notes, idle] } : program,
  };
}

/**
 * A what-if that changes nothing must say so wherever it comes from (`--set` is refused before this;
 * a profile file that `extends` one, or deriveProfile, reach here): a note when the program executes
 * none of the overridden forms (source `override: …`); undefined when it executes one, or none is overridden.
 */
function idleOverrides(profile: Profile, program: Program): string | undefined {
  const overridden = Object.keys(profile.forms).filter((f) => profile.forms[f]!.source.startsWith('override:'));
  if (!overridden.length) return undefined;
  const run = programFormCounts(program);
  if (overridden.some((f) => run.has(f))) return undefined; // some of it runs (a glob also names forms that do not)
  const list = `${overridden.slice(0, 5).join(', ')}${overridden.length > 5 ? `, … (${overridden.length})` : ''}`;
  return `${program.variant}: ${profile.name} overrides ${list}, which this program does not execute: that what-if changes nothing here`;
}
