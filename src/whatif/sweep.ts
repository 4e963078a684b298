// Sweeps: a grid over option axes (models, CPUs, variants, converts, schedulers, lowerings, dtypes,
// accumulators) and profile paths, in a fixed order (axes as listed in OPTION_AXES, then profile paths in
// the order given; the last axis varies fastest). `planSweep` checks everything before any work: paths,
// ranges, models, every grid point's derived profile, and one lowering per distinct configuration.

import { createHash } from 'node:crypto';
import { AddersimError, groupDigits, programFormCounts, didYouMean, totalInstructions, type ElementType } from '../isa/index.ts';
import type { Convert, LoweringName, Variant } from '../models/index.ts';
import type { Profile } from '../sim/profile/schema.ts';
import type { SchedulerName } from '../sim/results/result.ts';
import { EXPAND_LIMIT } from '../sim/schedulers/schedule.ts';
import { DeriveChecker } from './derive-checked.ts';
import { lowerFor } from './evaluate.ts';
import { DEFAULT_SETTINGS, MAX_ACCUMULATORS, type AccumulatorChoice } from './settings.ts';
import { accumulatorColumns, accumulatorNotes, evaluatedVariants, noteAccumulators } from './sweep-accumulators.ts';
import { isUsed, touchOf, unusedError } from './touched.ts';
import { checkPathOn, expandPath, OPTION_AXES, optionVocabulary, parseParamPath, type OptionAxis, type ParamPath, type Setting } from './params.ts';
import { PointContext, type PointResult, type PointSpec, type RunConfig, type UncertaintyOptions } from './point.ts';
import { runPoints, type SweepPool } from './pool.ts';
import type { SweepSpec } from './sweep-spec.ts';

export type { SweepSpec } from './sweep-spec.ts';
import { uncertainParams } from './uncertainty.ts';
import { checkArgs } from '../isa/api-args.ts';
import { progressSchema, runSweepOptionsSchema, sweepOptionsSchema, sweepPlanSchema, sweepSpecSchema } from './api-schemas.ts';

/** planSweep lets other work in (a pool's task dispatch) at least this often, in ms. */
const YIELD_MS = 8;

/** Largest grid accepted. */
export const MAX_POINTS = 1_000_000;

export interface SweepPlan {
  readonly spec: SweepSpec;
  readonly count: number;
  readonly columns: readonly string[];
  /** Number of leading columns that identify a point (checked when resuming). */
  readonly keyColumns: number;
  /** `sha256:HEX` of everything the rows depend on: the spec (grid, settings) and each loaded profile and model. */
  readonly inputsHash: string;
  readonly config: RunConfig;
  /** One-line notes on the grid (e.g. the derived accumulator count varies across it). */
  readonly notes: readonly string[];
  point(index: number): PointSpec;
  /** Points from index `from` up to (not including) `to` (default: the end). */
  points(from?: number, to?: number): Iterable<PointSpec>;
}

type Axis = { name: string; values: readonly (string | number)[] };

function axesOf(spec: SweepSpec): Axis[] {
  const axes: Axis[] = [
    { name: 'model', values: spec.models },
    { name: 'cpu', values: spec.cpus },
    { name: 'variant', values: spec.variants ?? DEFAULT_SETTINGS.variants },
    { name: 'convert', values: spec.converts ?? [DEFAULT_SETTINGS.convert] },
    { name: 'scheduler', values: spec.schedulers ?? [DEFAULT_SETTINGS.scheduler] },
    { name: 'lowering', values: spec.lowerings ?? [DEFAULT_SETTINGS.lowering] },
  ];
  if (spec.dtypes) axes.push({ name: 'dtype', values: spec.dtypes });
  if (spec.accumulators) axes.push({ name: 'accumulators', values: spec.accumulators });
  for (const p of spec.params ?? []) axes.push({ name: p.path, values: p.values });
  return axes;
}

function checkList(name: string, values: readonly (string | number)[]): void {
  if (!values.length) throw new AddersimError('USAGE', `axis ${name} has no values`, name);
  if (new Set(values).size !== values.length) throw new AddersimError('USAGE', `axis ${name} repeats a value`, name);
  const allowed = (OPTION_AXES as readonly string[]).includes(name) ? optionVocabulary(name as OptionAxis) : null;
  if (allowed)
    for (const v of values)
      if (!allowed.includes(String(v))) throw new AddersimError('USAGE', `"${v}" is not one of ${allowed.join(', ')}${didYouMean(String(v), allowed)}`, name);
}

export function uncertaintyColumns(u: UncertaintyOptions | undefined, ratio = false): string[] {
  return [
    ...(u?.interval ? (ratio ? ['ratioMin', 'ratioMax', 'intervalMethod'] : ['cyclesMin', 'cyclesMax', 'intervalMethod']) : []),
    ...(u?.samples ? ['sampleMin', 'sampleMedian', 'sampleMax'] : []),
  ];
}

/** The settings every point of the sweep shares (SweepPlan.config). */
export function runConfigOf(spec: SweepSpec): RunConfig {
  return {
    ...(spec.extrapolate === undefined ? {} : { extrapolate: spec.extrapolate }),
    ...(spec.allowUnknown ? { allowUnknown: true } : {}),
    ...(spec.uncertainty ? { uncertainty: spec.uncertainty } : {}),
    ...(spec.ratioTo ? { ratioTo: spec.ratioTo } : {}),
  };
}

/**
 * One point per program configuration of the grid (options, no profile settings), at most `max`, unchecked:
 * what a pool's threads lower while the sweep is planned (pool.ts warmPool).
 */
export function warmPoints(spec: SweepSpec, max: number): PointSpec[] {
  const out: PointSpec[] = [];
  const variants = [...new Set([...(spec.variants ?? DEFAULT_SETTINGS.variants), ...(spec.ratioTo ? [spec.ratioTo] : [])])];
  for (const model of spec.models)
    for (const cpu of spec.cpus)
      for (const variant of variants)
        for (const convert of spec.converts ?? [DEFAULT_SETTINGS.convert])
          for (const scheduler of spec.schedulers ?? [DEFAULT_SETTINGS.scheduler])
            for (const lowering of spec.lowerings ?? [DEFAULT_SETTINGS.lowering])
              for (const dtype of spec.dtypes ?? [undefined]) {
                if (out.length >= max) return out;
                const accumulators = spec.accumulators?.[0];
                out.push({
                  index: 0,
                  model,
                  cpu,
                  variant,
                  convert,
                  scheduler,
                  lowering,
                  ...(dtype ? { dtype } : {}),
                  ...(accumulators ? { accumulators } : {}),
                  settings: [],
                });
              }
  return out;
}

/** The point at an index of the grid (axes as axesOf; `paths`: the profile axes' parsed paths). */
function gridPoint(axes: readonly Axis[], paths: readonly ParamPath[]): (index: number) => PointSpec {
  const radices = axes.map((a) => a.values.length);
  return (index: number): PointSpec => {
    const pick: (string | number)[] = [];
    let r = index;
    for (let i = axes.length - 1; i >= 0; i--) {
      pick[i] = axes[i]!.values[r % radices[i]!]!;
      r = Math.floor(r / radices[i]!);
    }
    const named = new Map(axes.map((a, i) => [a.name, pick[i]!]));
    const settings: Setting[] = paths.map((p) => ({ path: p.path, value: named.get(p.path) as number }));
    return {
      index,
      model: String(named.get('model')),
      cpu: String(named.get('cpu')),
      variant: named.get('variant') as Variant,
      convert: named.get('convert') as Convert,
      scheduler: named.get('scheduler') as SchedulerName,
      lowering: named.get('lowering') as LoweringName,
      ...(named.has('dtype') ? { dtype: named.get('dtype') as ElementType } : {}),
      ...(named.has('accumulators') ? { accumulators: named.get('accumulators') as number } : {}),
      settings,
    };
  };
}

/**
 * The grid's size and points without any check (planSweep checks everything first): what a pool can be
 * handed while the sweep is planned (pool.ts startAhead). Throws on a malformed parameter path.
 */
export function gridOf(spec: SweepSpec): { readonly count: number; point(index: number): PointSpec } {
  const axes = axesOf(spec);
  const count = axes.reduce((n, a) => n * a.values.length, 1);
  return {
    count,
    point: gridPoint(
      axes,
      (spec.params ?? []).map((p) => parseParamPath(p.path)),
    ),
  };
}

/** Validates the whole sweep up front and returns its plan; nothing is evaluated yet. */
export async function planSweep(spec: SweepSpec, onProgress?: (done: number, total: number) => void): Promise<SweepPlan> {
  checkArgs('planSweep', [
    ['spec', sweepSpecSchema, spec],
    ['onProgress', progressSchema, onProgress],
  ]);
  return planSweepIn(new PointContext(runConfigOf(spec)), spec, onProgress);
}

/**
 * planSweep with the caches (models, base profiles) of `ctx`, a context for runConfigOf(spec): what was
 * loaded for the pool's head start is not loaded again. It lets other work in every few milliseconds (a
 * pool's tasks are dispatched from this thread).
 */
export async function planSweepIn(ctx: PointContext, spec: SweepSpec, onProgress?: (done: number, total: number) => void): Promise<SweepPlan> {
  const axes = axesOf(spec);
  for (const a of axes.slice(0, 6)) checkList(a.name, a.values);
  if (spec.ratioTo !== undefined) checkList('variant', [spec.ratioTo]);
  if (spec.dtypes) checkList('dtype', spec.dtypes);
  if (spec.accumulators) {
    checkList('accumulators', spec.accumulators);
    for (const n of spec.accumulators)
      if (!Number.isSafeInteger(n) || n < 1 || n > MAX_ACCUMULATORS)
        throw new AddersimError('USAGE', `accumulators must be integers from 1 to ${MAX_ACCUMULATORS}, got ${n}`, 'accumulators');
  }
  const paths: ParamPath[] = [];
  for (const p of spec.params ?? []) {
    const pp = parseParamPath(p.path);
    if (pp.kind === 'option') throw new AddersimError('USAGE', `${p.path} is an option axis: give it as its own flag or list`, `--set ${p.path}`);
    if (paths.some((q) => q.path === pp.path)) throw new AddersimError('USAGE', `${p.path} is swept twice`, `--set ${p.path}`);
    if (!p.values.length) throw new AddersimError('USAGE', `empty range`, `--set ${p.path}`);
    checkList(p.path, p.values);
    paths.push(pp);
  }
  let count = 1;
  for (const a of axes) {
    count *= a.values.length;
    if (count > MAX_POINTS) throw new AddersimError('LIMIT', `the grid has more than ${MAX_POINTS} points`, 'sweep');
  }
  const config = runConfigOf(spec);
  const point = gridPoint(axes, paths);

  // Everything that can fail is tried before the first evaluation.
  const checker = new DeriveChecker(); // each distinct touched part validated once (errors as deriveWith's)
  for (const m of spec.models) await ctx.model(m);
  const profileAxes = spec.params ?? [];
  const profileCombos = profileAxes.reduce((n, p) => n * p.values.length, 1);
  const total = spec.cpus.length * profileCombos;
  let done = 0;
  let since = performance.now();
  const executed = new Set<string>();
  const accumulatorCounts = new Map<string, Set<number>>();
  const accumulatorMemo = new Map<string, AccumulatorChoice | undefined>();
  const usedPaths = new Set<string>();
  // `--uncertain` ranges are sampled paths: one no program reads would leave intervals and samples flat
  const sampledPaths = (spec.uncertainty?.ranges ?? []).map((r) => r.path);
  for (const cpu of spec.cpus) {
    const base = ctx.profile(cpu);
    for (const p of paths) checkPathOn(p, base, `--set ${p.path}`);
    checkRangesNotSet(paths, sampledPaths, base);
    for (let k = 0; k < profileCombos; k++) {
      let r = k;
      const settings: Setting[] = [];
      for (let i = profileAxes.length - 1; i >= 0; i--) {
        const ax = profileAxes[i]!;
        settings[i] = { path: ax.path, value: ax.values[r % ax.values.length]! };
        r = Math.floor(r / ax.values.length);
      }
      const derived = checker.derive(base, settings);
      if (profileAxes.length) noteAccumulators(spec, cpu, base, settings, derived, accumulatorCounts, accumulatorMemo);
      if (k === 0) await checkLowerings(spec, ctx, derived, [...profileAxes.map((p) => p.path), ...sampledPaths], executed, usedPaths);
      onProgress?.(++done, total);
      if (performance.now() - since >= YIELD_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        since = performance.now();
      }
    }
  }

  checkUsed(
    spec,
    profileAxes.map((p) => p.path),
    sampledPaths,
    executed,
    usedPaths,
  );
  const ratioColumns = spec.ratioTo ? [`cycles:${spec.ratioTo}`, 'ratio'] : [];
  const columns = [
    ...['index', ...axes.map((a) => a.name)],
    'cycles',
    ...ratioColumns,
    ...accumulatorColumns(spec),
    ...profileAxes.map((p) => `share:${p.path}`),
    ...uncertaintyColumns(spec.uncertainty, spec.ratioTo !== undefined),
  ];
  const inputs = createHash('sha256').update(JSON.stringify({ spec, columns }));
  for (const cpu of spec.cpus) inputs.update(JSON.stringify(ctx.profile(cpu)));
  for (const m of spec.models) inputs.update(JSON.stringify(await ctx.model(m)));
  const inputsHash = `sha256:${inputs.digest('hex')}`;
  const plan: SweepPlan = {
    spec,
    count,
    columns,
    keyColumns: axes.length + 1,
    inputsHash,
    config,
    notes: [...accumulatorNotes(accumulatorCounts), ...flatUncertaintyNotes(spec, sampledPaths, executed, ctx)],
    point,
    *points(from = 0, to = count) {
      for (let i = from; i < to; i++) yield point(i);
    },
  };
  contexts.set(plan, ctx);
  return plan;
}

/** The context each plan was checked in (models loaded, profiles validated): its run evaluates in it, so
 *  nothing is loaded or validated twice. Not part of SweepPlan: a plan stays plain data to the API. */
const contexts = new WeakMap<SweepPlan, PointContext>();

/** The context `plan` was checked in (planSweep, planSweepIn), if it came from there. */
export function planContext(plan: SweepPlan): PointContext | undefined {
  return contexts.get(plan);
}

/**
 * One lowering per model × variant × convert × lowering × dtype on a CPU (its first grid point): unknown
 * forms fail here, --no-extrapolate on a layer too large to expand too; records the forms executed and
 * which swept or sampled paths any program reads (touched.ts).
 */
async function checkLowerings(
  spec: SweepSpec,
  ctx: PointContext,
  derived: Profile,
  paths: readonly string[],
  executed: Set<string>,
  usedPaths: Set<string>,
): Promise<void> {
  const schedulers = spec.schedulers ?? [DEFAULT_SETTINGS.scheduler];
  // the ratio's denominator variant runs at every point too
  const evaluated = evaluatedVariants(spec);
  for (const m of spec.models) {
    const g = await ctx.model(m);
    for (const variant of evaluated)
      for (const convert of spec.converts ?? [DEFAULT_SETTINGS.convert]) {
        for (const lowering of spec.lowerings ?? [DEFAULT_SETTINGS.lowering])
          for (const dtype of spec.dtypes ?? [undefined]) {
            const accumulators = spec.accumulators?.[0];
            const { program, accumulatorChoice } = lowerFor(g, derived, {
              variant,
              convert,
              lowering,
              ...(dtype ? { dtype } : {}),
              ...(accumulators ? { accumulators } : {}),
              ...(spec.allowUnknown ? { allowUnknown: true } : {}),
            });
            const counts = programFormCounts(program);
            for (const f of counts.keys()) executed.add(f);
            for (const path of paths) for (const sc of schedulers) if (isUsed(touchOf(path, counts, sc, accumulatorChoice?.chainForm))) usedPaths.add(path);
            if (spec.extrapolate === false && schedulers.includes('cycle')) {
              for (const k of program.kernels) {
                const n = totalInstructions(k.body);
                if (n > EXPAND_LIMIT)
                  throw new AddersimError(
                    'LIMIT',
                    `--no-extrapolate: layer ${k.layer ?? k.name} would simulate ${groupDigits(n)} instructions (limit ${groupDigits(EXPAND_LIMIT)}); leave extrapolation on`,
                    `${m} ${variant} ${lowering}`,
                  );
              }
            }
          }
      }
  }
}

/** A note when --interval/--samples/--tornado has nothing to vary on a CPU: no --uncertain range, and no ranged number
 *  of its profile (a form's latencyRange, a machine min/max) among what the programs execute. */
function flatUncertaintyNotes(spec: SweepSpec, sampled: readonly string[], executed: ReadonlySet<string>, ctx: PointContext): string[] {
  const u = spec.uncertainty;
  if (!u || !(u.interval || u.samples || u.tornado) || sampled.length) return [];
  const flat = spec.cpus.filter((cpu) => !uncertainParams(ctx.profile(cpu), executed).length);
  if (!flat.length) return [];
  return [
    `${flat.join(', ')}: no ranged number the programs read (a form's latencyRange or a machine min/max), so the interval, samples and tornado equal the point itself; give ranges with --uncertain PATH=LO..HI`,
  ];
}

/** A number both swept (`--set`, or a glob or tie that covers it) and given a range (`--uncertain`): each point
 *  fixes its value, so the range would be silently dropped. An error naming both. */
function checkRangesNotSet(swept: readonly ParamPath[], sampled: readonly string[], base: Profile): void {
  const forms = Object.keys(base.forms);
  for (const r of sampled)
    for (const p of swept)
      if (expandPath(p.path, forms).includes(r))
        throw new AddersimError(
          'USAGE',
          `${r} is also swept by --set ${p.path}: each point fixes it, so its range would be ignored; sweep it or give it a range, not both`,
          `--uncertain ${r}`,
        );
}

/** A swept or sampled path that no program reads is an error naming the forms executed (unless allowUnused). */
function checkUsed(spec: SweepSpec, swept: readonly string[], sampled: readonly string[], executed: ReadonlySet<string>, usedPaths: ReadonlySet<string>): void {
  if (spec.allowUnused) return;
  const schedulers = spec.schedulers ?? [DEFAULT_SETTINGS.scheduler];
  const unused = swept.find((p) => !usedPaths.has(p));
  if (unused) throw unusedError(unused, executed, schedulers, `--set ${unused}`);
  const unsampled = sampled.find((p) => !usedPaths.has(p));
  if (unsampled) throw unusedError(unsampled, executed, schedulers, `--uncertain ${unsampled}`);
}

export type SweepRow = Readonly<Record<string, string | number | readonly number[]>>;

/** The flat output row of a point (keys = plan.columns, plus `samples` and `tornado` in JSON). */
export function sweepRow(plan: SweepPlan, r: PointResult): Record<string, unknown> {
  const p = plan.point(r.index);
  const row: Record<string, unknown> = {
    index: p.index,
    model: p.model,
    cpu: p.cpu,
    variant: p.variant,
    convert: p.convert,
    scheduler: p.scheduler,
    lowering: p.lowering,
  };
  if (p.dtype) row.dtype = p.dtype;
  if (p.accumulators) row.accumulators = p.accumulators;
  for (const s of p.settings) row[s.path] = s.value;
  row.cycles = r.cycles;
  if (plan.spec.ratioTo && r.ratio !== undefined) Object.assign(row, { [`cycles:${plan.spec.ratioTo}`]: r.ratioToCycles, ratio: r.ratio });
  if (!plan.spec.accumulators) for (const [v, n] of Object.entries(r.accumulators ?? {})) row[`accumulators:${v}`] = n;
  p.settings.forEach((s, i) => {
    if (r.touched) row[`share:${s.path}`] = r.touched[i];
  });
  if (r.interval)
    Object.assign(
      row,
      plan.spec.ratioTo
        ? { ratioMin: r.interval.min, ratioMax: r.interval.max, intervalMethod: r.interval.method }
        : { cyclesMin: r.interval.min, cyclesMax: r.interval.max, intervalMethod: r.interval.method },
    );
  if (r.samples) Object.assign(row, { sampleMin: r.samples.min, sampleMedian: r.samples.median, sampleMax: r.samples.max, samples: r.samples.values });
  if (r.tornado) row.tornado = r.tornado;
  return row;
}

export interface RunSweepOptions {
  /** Threads including the main one (default 1: the pool has not beaten one thread where measured). */
  readonly workers?: number;
  /** First index to evaluate (resume). */
  readonly from?: number;
  /** End of the indices to evaluate, exclusive (a shard's range); default: the whole grid. */
  readonly to?: number;
  /** Worker threads started earlier with `startPool` (used when workers > 1). */
  readonly pool?: SweepPool;
  readonly onResult: (r: PointResult) => void;
}

export async function runSweep(plan: SweepPlan, opts: RunSweepOptions): Promise<void> {
  checkArgs('runSweep', [
    ['plan', sweepPlanSchema, plan],
    ['opts', runSweepOptionsSchema, opts],
  ]);
  const from = opts.from ?? 0;
  const to = opts.to ?? plan.count;
  await runPoints(plan.points(from, to), Math.max(0, to - from), plan.config, {
    workers: opts.workers ?? 1,
    ...(contexts.has(plan) ? { ctx: contexts.get(plan)! } : {}),
    ...(opts.pool ? { pool: opts.pool } : {}),
    onResult: opts.onResult,
  });
}

/**
 * A whole sweep in memory (library use): rows in index order.
 * @example
 * const { plan, rows } = await sweep({ models: ['lenet5-bn'], cpus: ['via-nano-2000'], variants: ['cnn', 'adder'],
 *   schedulers: ['serial'], lowerings: ['paper'], converts: ['all'], params: [{ path: 'forms.mul.f64.latency', values: [2, 4] }] });
 * rows.map((r) => r.cycles);                                // [1,666,080, 2,499,120, 1,666,080, 1,666,080]
 */
export async function sweep(spec: SweepSpec, opts: { workers?: number } = {}): Promise<{ plan: SweepPlan; rows: Record<string, unknown>[] }> {
  checkArgs('sweep', [
    ['spec', sweepSpecSchema, spec],
    ['opts', sweepOptionsSchema, opts],
  ]);
  const plan = await planSweep(spec);
  const rows: Record<string, unknown>[] = [];
  await runSweep(plan, { workers: opts.workers ?? 1, onResult: (r) => rows.push(sweepRow(plan, r)) });
  return { plan, rows };
}
