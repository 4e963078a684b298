// One sweep point evaluated: its profile derived from the settings, `evaluate` run, and optionally the
// interval, samples and tornado of its ranged numbers. The same function runs in-process and on the pool's
// worker threads, so output does not depend on where a point ran.

import { programFormCounts } from '../isa/index.ts';
import { loadModel, type ShapedGraph, type Variant } from '../models/index.ts';
import { deriveProfile, loadProfile } from '../sim/profile/loader.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { evaluatePoint } from './evaluate.ts';
import { IncrementalEvaluator, type IncrementalPoint, type LayerJob } from './incremental.ts';
import { accumulatorChoice, settingsFrom } from './settings.ts';
import { shareOf, touchOf } from './touched.ts';
import { deriveWith, type Setting } from './params.ts';
import {
  intervalOf,
  isMonotone,
  rangeOverrides,
  sampleSettings,
  sampleStats,
  tornadoOf,
  uncertainParams,
  withSamples,
  type Interval,
  type SampleStats,
  type TornadoBar,
} from './uncertainty.ts';

/** A grid point: plain data (crosses the worker boundary as is). */
export interface PointSpec extends IncrementalPoint {
  readonly index: number;
  readonly settings: readonly Setting[];
}

export interface UncertaintyOptions {
  readonly interval?: boolean;
  readonly samples?: number;
  readonly seed?: number;
  readonly tornado?: boolean;
  /** Extra ranges (`--uncertain PATH=LO..HI`) laid on the base profile. */
  readonly ranges?: readonly { path: string; lo: number; hi: number }[];
}

/** Settings shared by every point of a run. */
export interface RunConfig {
  readonly extrapolate?: boolean;
  readonly allowUnknown?: boolean;
  readonly uncertainty?: UncertaintyOptions;
  /** Derived metric: each point also evaluates this variant on the same profile and reports
   *  ratio = cycles(point's variant) / cycles(ratioTo); intervals, samples and tornado then describe the ratio,
   *  with both variants evaluated on every sampled CPU (paired samples). */
  readonly ratioTo?: Variant;
}

export interface PointResult {
  readonly index: number;
  readonly cycles: number;
  /** With RunConfig.ratioTo: the denominator variant's cycles and cycles / that. */
  readonly ratioToCycles?: number;
  readonly ratio?: number;
  /** The simd lowering's accumulator count per variant evaluated at this point (the row's, and ratioTo's):
   *  derived from the point's profile unless given, so sweeping a chain form's latency changes it. */
  readonly accumulators?: Readonly<Partial<Record<Variant, number>>>;
  /** Per setting of the point (same order): the share of the program's dynamic instructions it touches (touched.ts). */
  readonly touched?: readonly number[];
  readonly interval?: Interval;
  readonly samples?: SampleStats;
  readonly tornado?: readonly TornadoBar[];
}

/** Form counts of a program (the incremental evaluator hands every point of a configuration the same program). */
const programCounts = new WeakMap<Parameters<typeof programFormCounts>[0], ReturnType<typeof programFormCounts>>();

/** Caches of loaded models and base profiles (per process or worker thread). */
export class PointContext {
  private readonly models = new Map<string, Promise<ShapedGraph>>();
  private readonly profiles = new Map<string, Profile>();
  /** Lowerings and layer results reused across the points run in this context. */
  readonly incremental: IncrementalEvaluator;

  constructor(private readonly config: RunConfig) {
    this.incremental = new IncrementalEvaluator(config);
  }

  model(ref: string): Promise<ShapedGraph> {
    let m = this.models.get(ref);
    if (!m) this.models.set(ref, (m = loadModel(ref, { allowUnknown: this.config.allowUnknown === true }).then((x) => x.graph)));
    return m;
  }

  /** Uses `profile` as the base profile of `ref` (one this class loaded for the same run configuration on
   *  another thread: a worker thread then skips reading and validating it). */
  useProfile(ref: string, profile: Profile): void {
    this.profiles.set(ref, profile);
  }

  /** The base profile of a CPU ref, with any extra uncertainty ranges applied. */
  profile(ref: string): Profile {
    let p = this.profiles.get(ref);
    if (!p) {
      p = loadProfile(ref);
      const ranges = this.config.uncertainty?.ranges ?? [];
      // the ranges leave every nominal number as it is: the profile keeps its name
      if (ranges.length) p = deriveProfile(p, { ...rangeOverrides(p, ranges), name: p.name }, `profile ${p.name} with --uncertain ranges`);
      this.profiles.set(ref, p);
    }
    return p;
  }

  /** Whether the point is evaluated through the incremental evaluator (not with intervals, samples or tornado). */
  private incrementalPath(): boolean {
    const u = this.config.uncertainty;
    return !u || (!u.interval && !u.samples && !u.tornado);
  }

  /**
   * The distinct layers the point's evaluation would schedule that are not cached yet, per evaluated
   * variant (the point's, and the --ratio-to one): the work points share (pool.ts spreads it over threads).
   * None for bound points and with uncertainty (those points are evaluated whole).
   */
  async pendingLayers(point: PointSpec): Promise<{ readonly point: PointSpec; readonly jobs: LayerJob[] }[]> {
    if (!this.incrementalPath() || point.scheduler === 'bound') return [];
    let graph: ShapedGraph;
    let base: Profile;
    try {
      graph = await this.model(point.model);
      base = this.profile(point.cpu);
    } catch {
      return []; // reported when the point is evaluated
    }
    const den = this.config.ratioTo;
    return [point, ...(den === undefined || den === point.variant ? [] : [{ ...point, variant: den }])].map((p) => ({
      point: p,
      jobs: this.incremental.pendingLayers(graph, base, p.settings, p),
    }));
  }

  /** Loads the point's model and profile and lowers its program, ahead of its evaluation (errors are left to that). */
  async prepare(point: PointSpec): Promise<void> {
    try {
      if (this.incrementalPath()) this.incremental.programOf(await this.model(point.model), this.profile(point.cpu), point.settings, point);
      else await this.model(point.model);
    } catch {}
  }

  /** Schedules and caches those distinct layers of the point (or of the point with the --ratio-to variant). */
  async computeLayers(point: PointSpec, layers: readonly number[]): Promise<(number | null)[]> {
    return this.incremental.computeLayers(await this.model(point.model), this.profile(point.cpu), point.settings, point, layers);
  }

  /** Caches layer results computed on another thread (its computeLayers for the same point). */
  async storeLayers(point: PointSpec, layers: readonly number[], cycles: readonly (number | null)[]): Promise<void> {
    this.incremental.storeLayers(await this.model(point.model), this.profile(point.cpu), point.settings, point, layers, cycles);
  }

  async run(point: PointSpec): Promise<PointResult> {
    const graph = await this.model(point.model);
    const u = this.config.uncertainty;
    const den = this.config.ratioTo;
    const base = this.profile(point.cpu);
    const touchedOf = (program: Parameters<typeof programFormCounts>[0], chainForm?: string) => {
      if (!point.settings.length) return {};
      let counts = programCounts.get(program);
      if (!counts) programCounts.set(program, (counts = programFormCounts(program)));
      return { touched: point.settings.map((s) => shareOf(touchOf(s.path, counts, point.scheduler, chainForm))) };
    };
    if (!u || this.incrementalPath()) {
      // the incremental path (same integers as `evaluate`); with --ratio-to the denominator variant on the same settings
      const cycles = this.incremental.evaluate(graph, base, point.settings, point);
      const denCycles = den === undefined ? undefined : this.incremental.evaluate(graph, base, point.settings, { ...point, variant: den });
      const lowered = point.settings.length ? this.incremental.programOf(graph, base, point.settings, point) : undefined;
      const accumulators: Partial<Record<Variant, number>> = {};
      for (const v of den === undefined ? [point.variant] : [point.variant, den]) {
        const n = this.incremental.accumulatorCount(base, point.settings, { ...point, variant: v });
        if (n !== undefined) accumulators[v] = n;
      }
      return {
        index: point.index,
        cycles,
        ...(denCycles === undefined ? {} : { ratioToCycles: denCycles, ratio: cycles / denCycles }),
        ...(Object.keys(accumulators).length ? { accumulators } : {}),
        ...(lowered ? touchedOf(lowered.program, lowered.chainForm) : {}),
      };
    }
    const profile = deriveWith(base, point.settings);
    const evaluationOn = (p: Profile, variant: Variant = point.variant) =>
      evaluatePoint(graph, p, {
        variant,
        convert: point.convert,
        scheduler: point.scheduler,
        lowering: point.lowering,
        ...(point.dtype ? { dtype: point.dtype } : {}),
        ...(point.accumulators ? { accumulators: point.accumulators } : {}),
        ...(this.config.extrapolate === undefined ? {} : { extrapolate: this.config.extrapolate }),
        ...(this.config.allowUnknown ? { allowUnknown: true } : {}),
      });
    const nominal = evaluationOn(profile);
    const cycles = nominal.result.cycles;
    const denominator = den === undefined ? undefined : evaluationOn(profile, den);
    const ratio = denominator === undefined ? undefined : cycles / denominator.result.cycles;
    const metric = denominator === undefined ? {} : { ratioToCycles: denominator.result.cycles, ratio: ratio! };
    // The value intervals, samples and tornado describe: the cycles, or the ratio with both variants on one profile.
    const valueOn = (p: Profile): number =>
      den === undefined ? evaluationOn(p).result.cycles : evaluationOn(p).result.cycles / evaluationOn(p, den).result.cycles;
    const touched = touchedOf(nominal.program, nominal.accumulatorChoice?.chainForm);
    // Forms the programs run; the simd lowering's derived accumulators also read their chain form's timing.
    const used = new Set(programFormCounts(nominal.program).keys());
    if (denominator) for (const f of programFormCounts(denominator.program).keys()) used.add(f);
    for (const v of den === undefined ? [point.variant] : [point.variant, den]) {
      const chain = accumulatorChoice(profile, v, settingsFrom({ lowering: point.lowering, dtype: point.dtype, accumulators: point.accumulators }))?.chainForm;
      if (chain) used.add(chain);
    }
    const ranged = uncertainParams(profile, used);
    const withSettings = (s: readonly Setting[]): number => valueOn(deriveWith(profile, s));
    const nominalValue = ratio ?? cycles;
    const accumulators: Partial<Record<Variant, number>> = {};
    for (const e of denominator ? [nominal, denominator] : [nominal]) if (e.accumulators !== undefined) accumulators[e.variant] = e.accumulators;
    const out: { -readonly [K in keyof PointResult]: PointResult[K] } = {
      index: point.index,
      cycles,
      ...metric,
      ...(Object.keys(accumulators).length ? { accumulators } : {}),
      ...touched,
    };
    // a ratio of two monotone curves is not monotone: corners
    if (u.interval)
      out.interval = await intervalOf(
        ranged,
        den === undefined && isMonotone(point.scheduler, point.lowering, point.accumulators !== undefined),
        withSettings,
        nominalValue,
      );
    // Samples are drawn over every ranged number of the profile (not only this program's), so sample k is the
    // same sampled CPU for every variant and grid point: paired across variants.
    if (u.samples) out.samples = sampleStats(sampleSettings(uncertainParams(profile), u.samples, u.seed ?? 1).map(withSettings));
    if (out.interval && out.samples) out.interval = withSamples(out.interval, out.samples);
    if (u.tornado) out.tornado = await tornadoOf(ranged, withSettings);
    return out;
  }
}
