// One sweep point evaluated: its profile derived from the settings, `evaluate` run, and optionally the
// interval, samples and tornado of its ranged numbers. The same function runs in-process and on the pool's
// worker threads, so output does not depend on where a point ran.

import { countProgram, type ElementType } from '../isa/index.ts';
import { loadModel, type Convert, type LoweringName, type ShapedGraph, type Variant } from '../models/index.ts';
import { deriveProfile, loadProfile } from '../sim/profile/loader.ts';
import type { Profile } from '../sim/profile/schema.ts';
import type { SchedulerName } from '../sim/results/result.ts';
import { evaluate } from './evaluate.ts';
import { IncrementalEvaluator } from './incremental.ts';
import { deriveWith, type Setting } from './params.ts';
import { intervalOf, isMonotone, rangeOverrides, sampleSettings, sampleStats, tornadoOf, uncertainParams, type Interval, type SampleStats, type TornadoBar } from './uncertainty.ts';

/** A grid point: plain data (crosses the worker boundary as is). */
export interface PointSpec {
  readonly index: number;
  readonly model: string;
  readonly cpu: string;
  readonly variant: Variant;
  readonly convert: Convert;
  readonly scheduler: SchedulerName;
  readonly lowering: LoweringName;
  readonly dtype?: ElementType;
  readonly accumulators?: number;
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
}

export interface PointResult {
  readonly index: number;
  readonly cycles: number;
  readonly interval?: Interval;
  readonly samples?: SampleStats;
  readonly tornado?: readonly TornadoBar[];
}

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

  /** The base profile of a CPU ref, with any extra uncertainty ranges applied. */
  profile(ref: string): Profile {
    let p = this.profiles.get(ref);
    if (!p) {
      p = loadProfile(ref);
      const ranges = this.config.uncertainty?.ranges ?? [];
      if (ranges.length) p = deriveProfile(p, rangeOverrides(p, ranges), `profile ${p.name} with --uncertain ranges`);
      this.profiles.set(ref, p);
    }
    return p;
  }

  async run(point: PointSpec): Promise<PointResult> {
    const graph = await this.model(point.model);
    const u = this.config.uncertainty;
    if (!u || (!u.interval && !u.samples && !u.tornado)) return { index: point.index, cycles: this.incremental.evaluate(graph, this.profile(point.cpu), point.settings, point) };
    const profile = deriveWith(this.profile(point.cpu), point.settings);
    const evaluationOn = (p: Profile) =>
      evaluate(graph, p, {
        variant: point.variant, convert: point.convert, scheduler: point.scheduler, lowering: point.lowering,
        ...(point.dtype ? { dtype: point.dtype } : {}),
        ...(point.accumulators ? { accumulators: point.accumulators } : {}),
        ...(this.config.extrapolate === undefined ? {} : { extrapolate: this.config.extrapolate }),
        ...(this.config.allowUnknown ? { allowUnknown: true } : {}),
      });
    const cyclesOn = (p: Profile): number => evaluationOn(p).result.cycles;
    const nominal = evaluationOn(profile);
    const cycles = nominal.result.cycles;
    // Forms the program runs; the simd lowering's default accumulators also read the add forms' timing.
    const used = new Set(countProgram(nominal.program).keys());
    if (point.lowering === 'simd' && point.accumulators === undefined) for (const f of Object.keys(profile.forms)) if (f.startsWith('add.')) used.add(f);
    const ranged = uncertainParams(profile, used);
    const withSettings = (s: readonly Setting[]): number => cyclesOn(deriveWith(profile, s));
    const out: { -readonly [K in keyof PointResult]: PointResult[K] } = { index: point.index, cycles };
    if (u.interval) out.interval = await intervalOf(ranged, isMonotone(point.scheduler, point.lowering, point.accumulators !== undefined), withSettings, cycles);
    if (u.samples) out.samples = sampleStats(sampleSettings(ranged, u.samples, u.seed ?? 1).map(withSettings));
    if (u.tornado) out.tornado = await tornadoOf(ranged, withSettings);
    return out;
  }
}
