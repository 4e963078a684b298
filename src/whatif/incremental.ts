// Incremental evaluation of sweep points: a point re-evaluates only what its settings can change.
//   lowering      once per model × variant × convert × lowering × dtype × accumulators × CPU (settings do
//                 not change a profile's forms or vector width; the simd default accumulators are resolved
//                 from the point's profile first);
//   distinct layer (structureKey, shared across programs, variants and models) once per *restriction* of
//                 the point's settings to what that layer's schedule reads: the settings of the forms it
//                 runs, of the fields and machine numbers its scheduler reads (READS below). The bound's
//                 throughput terms (µops, dispatch width) and dependency terms (latencies) are kept apart,
//                 so sweeping a latency reuses the port bound of every layer, and the dependency terms
//                 read only the forms on a recurrence or straight-line path (bound.ts dependencyForms:
//                 a CNN layer's mul latency is not on its acc += a·b recurrence). Keyed by CPU, layer
//                 structure and restriction.
// A point's cycles = Σ layers' cycles, the same integers `evaluate` adds. On any error the point is
// evaluated again by `evaluate`, so errors are exactly the reference path's (message, path, code).

import { checkedAdd, checkedMul, countForms, type ElementType, type Kernel, type Program } from '../isa/index.ts';
import type { Convert, LoweringName, ShapedGraph, Variant } from '../models/index.ts';
import type { Profile } from '../sim/profile/schema.ts';
import type { SchedulerName } from '../sim/results/result.ts';
import {
  boundCyclesOf,
  boundDeficit,
  boundDependency,
  boundThroughput,
  dependencyForms,
  type DeficitTree,
  type DependencyTree,
  type ThroughputTree,
} from '../sim/schedulers/bound.ts';
import { cycleKernelCycles, executedKernel, newCycleShare, programForms, scheduleKernel, structureKey, type CycleShare } from '../sim/schedulers/schedule.ts';
import { DeriveChecker } from './derive-checked.ts';
import { evaluatePoint, lowerFor } from './evaluate.ts';
import { expandPath, isPattern, type FormField, type MachineField, type Setting } from './params.ts';
import { accumulatorChoice as choiceOn, settingsFrom, type AccumulatorChoice } from './settings.ts';

/** The evaluation options of one point (as in PointSpec, without its profile settings). */
export interface IncrementalPoint {
  readonly model: string;
  readonly cpu: string;
  readonly variant: Variant;
  readonly convert: Convert;
  readonly scheduler: SchedulerName;
  readonly lowering: LoweringName;
  readonly dtype?: ElementType;
  readonly accumulators?: number;
}

interface DistinctLayer {
  /** Interned structureKey (shared by every program of this evaluator). */
  readonly structure: number;
  readonly kernel: Kernel;
  readonly forms: ReadonlySet<string>;
  /** The forms the bound's dependency terms read (bound.ts dependencyForms: a subset of `forms`). */
  readonly dependencyForms: ReadonlySet<string>;
  /** Layers of the program with this structure. */
  readonly layers: number;
  /** Instructions in the body, loops not unrolled. */
  readonly size: number;
  readonly family: number;
}

/** A distinct layer of a point whose result is not cached (IncrementalEvaluator.pendingLayers). */
export interface LayerJob {
  /** The evaluator's cache key: jobs with equal keys have equal results. */
  readonly key: string;
  /** Index among the point's distinct layers (the same in every thread: lowering is deterministic). */
  readonly layer: number;
  /** Instructions in the layer's body, loops not unrolled (an estimate of its cost, to start big jobs first). */
  readonly size: number;
  /** Layers of one family (equal loop nests but for trip counts: schedule-pool.ts familyKey) scheduled
   *  together share recorded steps and periods: an interned id of the family. */
  readonly family: number;
}

interface Lowered {
  /** programForms(program), once. */
  forms?: ReturnType<typeof programForms>;
  readonly program: Program;
  readonly distinct: readonly DistinctLayer[];
  readonly accumulatorChoice?: AccumulatorChoice;
}

/** What the evaluator did (for tests and the bench). */
export interface IncrementalStats {
  points: number;
  lowerings: number;
  layersScheduled: number;
  layersReused: number;
  /** Dynamic instructions the cycle model simulated for them (CycleShare.counts): equal work, equal counts. */
  simulatedInstructions: number;
}

/** Layer results kept (then the cache starts over): ~100 bytes each. */
const MAX_CACHED = 1_000_000;

type Reader = 'serial' | 'cycle' | 'throughput' | 'dependency' | 'deficit';

/** The settable numbers each scheduler (the bound: each of its two kinds of terms) reads. Profiles' form
 *  timings reach the schedulers only through instrDesc (src/sim/descriptors.ts), which reads no
 *  `rthroughput`; serial reads latencies only; the bound's ports term reads µops and the dispatch width. */
const READS: Record<Reader, { readonly form: readonly FormField[]; readonly machine: readonly MachineField[] | 'all' }> = {
  serial: { form: ['latency'], machine: [] },
  throughput: { form: ['uopCycles'], machine: ['dispatchWidth'] },
  dependency: { form: ['latency', 'accumulatorLatency'], machine: [] },
  // the ports term's deficit (bound.ts portDeficitOf): µop cycles beyond a latency; a cheap walk, not counted as a layer scheduled
  deficit: { form: ['latency', 'uopCycles'], machine: [] },
  cycle: { form: ['latency', 'accumulatorLatency', 'uopCycles'], machine: 'all' },
};

export class IncrementalEvaluator {
  readonly stats: IncrementalStats = { points: 0, lowerings: 0, layersScheduled: 0, layersReused: 0, simulatedInstructions: 0 };
  private readonly checker = new DeriveChecker();
  private readonly structures = new Map<string, number>();
  private readonly families = new Map<string, number>();
  private readonly lowered = new Map<string, Lowered>();
  private readonly cycles = new Map<string, number>();
  private readonly throughput = new Map<string, ThroughputTree>();
  private readonly dependency = new Map<string, DependencyTree>();
  private readonly deficit = new Map<string, DeficitTree>();
  private readonly accumulators = new Map<string, number>();
  private readonly onBase = new WeakMap<Profile, Map<string, AccumulatorChoice | undefined>>();

  constructor(private readonly config: { readonly extrapolate?: boolean; readonly allowUnknown?: boolean }) {}

  /** The point's total cycles: `evaluate(graph, deriveWith(base, settings), …).result.cycles`. */
  evaluate(graph: ShapedGraph, base: Profile, settings: readonly Setting[], point: IncrementalPoint): number {
    this.stats.points++;
    try {
      return this.total(graph, base, settings, point);
    } catch (e) {
      // the reference path names the failing layer and setting exactly as a single evaluation does
      this.reference(graph, base, settings, point);
      throw e;
    }
  }

  private reference(graph: ShapedGraph, base: Profile, settings: readonly Setting[], point: IncrementalPoint): number {
    return evaluatePoint(graph, this.checker.derive(base, settings), {
      variant: point.variant,
      convert: point.convert,
      scheduler: point.scheduler,
      lowering: point.lowering,
      ...(point.dtype ? { dtype: point.dtype } : {}),
      ...(point.accumulators ? { accumulators: point.accumulators } : {}),
      ...(this.config.extrapolate === undefined ? {} : { extrapolate: this.config.extrapolate }),
      ...(this.config.allowUnknown ? { allowUnknown: true } : {}),
    }).result.cycles;
  }

  private total(graph: ShapedGraph, base: Profile, settings: readonly Setting[], point: IncrementalPoint): number {
    let derived: Profile | undefined;
    const profile = (): Profile => (derived ??= this.checker.derive(base, settings));
    // the simd lowering's derived accumulators read the chain form's timing of the point's profile
    const accumulators = this.accumulatorsOf(point, base, settings, profile);
    const lowered = this.lower(graph, base, point, accumulators);
    const { scheduler } = point;
    let share: CycleShare | undefined;
    let total = 0;
    for (const d of lowered.distinct) {
      const head = `${point.cpu}|${d.structure}|`;
      let cycles: number;
      if (scheduler === 'bound' && d.kernel.body.length > 0) {
        // throughput and dependency terms apart: a latency setting reuses the port bound and vice versa
        const tk = head + this.restricted(settings, d, 'throughput');
        const dk = head + this.restricted(settings, d, 'dependency', d.dependencyForms);
        let t = this.throughput.get(tk);
        let dep = this.dependency.get(dk);
        if (t && dep) this.stats.layersReused++;
        else this.stats.layersScheduled++;
        if (!t) this.keep(this.throughput, tk, (t = boundThroughput(d.kernel, profile())));
        if (!dep) this.keep(this.dependency, dk, (dep = boundDependency(d.kernel, profile())));
        const fk = head + this.restricted(settings, d, 'deficit');
        let def = this.deficit.get(fk);
        if (!def) this.keep(this.deficit, fk, (def = boundDeficit(d.kernel, profile())));
        cycles = boundCyclesOf(t, dep, def);
      } else {
        const key = this.layerKey(point, settings, d);
        const hit = this.cycles.get(key);
        if (hit === undefined) {
          if (scheduler === 'cycle') share ??= newCycleShare(profile(), (lowered.forms ??= programForms(lowered.program)));
          cycles = this.scheduleLayer(d, profile(), scheduler, share);
          this.keep(this.cycles, key, cycles);
          this.stats.layersScheduled++;
        } else {
          cycles = hit;
          this.stats.layersReused++;
        }
      }
      total = checkedAdd(total, checkedMul(cycles, d.layers, 'cycles'), 'cycles');
    }
    if (share) this.stats.simulatedInstructions += share.counts.simulatedInstructions;
    return total;
  }

  /** The cache key of a distinct layer's cycles (cycle and serial schedulers, and bound on an empty body). */
  private layerKey(point: IncrementalPoint, settings: readonly Setting[], d: DistinctLayer): string {
    const { scheduler } = point;
    return `${scheduler}|${point.cpu}|${d.structure}|${this.restricted(settings, d, scheduler === 'bound' ? 'cycle' : scheduler)}`;
  }

  private scheduleLayer(d: DistinctLayer, profile: Profile, scheduler: SchedulerName, share: CycleShare | undefined): number {
    const opts = { ...(this.config.extrapolate === undefined ? {} : { extrapolate: this.config.extrapolate }), ...(share ? { share } : {}) };
    return scheduler === 'cycle' ? cycleKernelCycles(d.kernel, profile, opts) : scheduleKernel(d.kernel, profile, scheduler, opts).cycles;
  }

  /** The point's lowered program, or undefined if lowering it fails (the error is the point's own, when it is evaluated). */
  private loweredOrNot(graph: ShapedGraph, base: Profile, settings: readonly Setting[], point: IncrementalPoint): Lowered | undefined {
    let derived: Profile | undefined;
    try {
      return this.lower(
        graph,
        base,
        point,
        this.accumulatorsOf(point, base, settings, () => (derived ??= this.checker.derive(base, settings))),
      );
    } catch {
      return undefined;
    }
  }

  /**
   * The distinct layers (indices into the point's program of distinct layers) the point's evaluation would
   * schedule because their results are not cached: the work a point shares with others, computed once
   * (src/whatif/pool.ts hands it to worker threads). Cycle and serial schedulers only; a bound point's terms
   * are cheap (none). Keys are this evaluator's: equal keys, equal results.
   */
  pendingLayers(graph: ShapedGraph, base: Profile, settings: readonly Setting[], point: IncrementalPoint): LayerJob[] {
    if (point.scheduler === 'bound') return [];
    const lowered = this.loweredOrNot(graph, base, settings, point);
    if (!lowered) return [];
    const jobs: LayerJob[] = [];
    lowered.distinct.forEach((d, layer) => {
      const key = this.layerKey(point, settings, d);
      if (!this.cycles.has(key)) jobs.push({ key, layer, size: d.size, family: d.family });
    });
    return jobs;
  }

  /**
   * Schedules those distinct layers of the point (pendingLayers' indices) as its evaluation would (one
   * cycle-share over them, the point's derived profile) and caches them; a layer that fails is `null`
   * (not cached: evaluating the point then reports the error exactly).
   */
  computeLayers(graph: ShapedGraph, base: Profile, settings: readonly Setting[], point: IncrementalPoint, layers: readonly number[]): (number | null)[] {
    const lowered = this.loweredOrNot(graph, base, settings, point);
    if (!lowered) return layers.map(() => null);
    let profile: Profile;
    let share: CycleShare | undefined;
    try {
      profile = this.checker.derive(base, settings);
      if (point.scheduler === 'cycle') share = newCycleShare(profile, (lowered.forms ??= programForms(lowered.program)));
    } catch {
      return layers.map(() => null);
    }
    const out = layers.map((i) => {
      const d = lowered.distinct[i];
      if (!d) return null;
      try {
        const cycles = this.scheduleLayer(d, profile, point.scheduler, share);
        this.keep(this.cycles, this.layerKey(point, settings, d), cycles);
        this.stats.layersScheduled++;
        return cycles;
      } catch {
        return null;
      }
    });
    if (share) this.stats.simulatedInstructions += share.counts.simulatedInstructions;
    return out;
  }

  /** Caches layer results computed elsewhere (a worker thread's computeLayers for the same point). */
  storeLayers(
    graph: ShapedGraph,
    base: Profile,
    settings: readonly Setting[],
    point: IncrementalPoint,
    layers: readonly number[],
    cycles: readonly (number | null)[],
  ): void {
    const lowered = this.loweredOrNot(graph, base, settings, point);
    if (!lowered) return;
    layers.forEach((i, k) => {
      const d = lowered.distinct[i];
      const c = cycles[k];
      if (d && typeof c === 'number') this.keep(this.cycles, this.layerKey(point, settings, d), c);
    });
  }

  /** The settings a layer's result depends on (see READS), as key text. */
  private restricted(settings: readonly Setting[], d: DistinctLayer, reader: Reader, forms: ReadonlySet<string> = d.forms): string {
    const reads = READS[reader];
    let key = '';
    for (const s of settings) {
      // a tie or glob reads what any of its members reads (globs matched against the layer's forms)
      const members = isPattern(s.path) ? expandPath(s.path, d.forms) : [s.path];
      const hit = members.some((m) => {
        if (m.includes('*')) return false;
        const p = this.checker.path(m);
        return p.kind === 'form'
          ? forms.has(p.form) && reads.form.includes(p.field)
          : p.kind === 'machine' && (reads.machine === 'all' || reads.machine.includes(p.field));
      });
      if (hit) key += `${s.path}=${s.value};`;
    }
    return key;
  }

  private intern(ids: Map<string, number>, key: string): number {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  }

  private keep<V>(cache: Map<string, V>, key: string, value: V): void {
    if (cache.size >= MAX_CACHED) cache.clear(); // memory stays bounded on huge grids
    cache.set(key, value);
  }

  /** The accumulator count of the point (settings.ts: accumulatorsFor), keyed by the settings of its chain form. */
  private accumulatorsOf(point: IncrementalPoint, base: Profile, settings: readonly Setting[], profile: () => Profile): number | undefined {
    const resolved = settingsFrom({ lowering: point.lowering, dtype: point.dtype, accumulators: point.accumulators });
    // the base profile's choice (it lowers and schedules a probe): once per base profile and options
    let byBase = this.onBase.get(base);
    if (!byBase) this.onBase.set(base, (byBase = new Map()));
    const baseKey = `${point.variant}|${resolved.lowering}|${resolved.dtype ?? ''}|${resolved.accumulators ?? ''}`;
    if (!byBase.has(baseKey)) byBase.set(baseKey, choiceOn(base, point.variant, resolved));
    const onBase = byBase.get(baseKey);
    if (!onBase || onBase.how === 'given' || !onBase.chainForm) return onBase?.count;
    const chain = `forms.${onBase.chainForm}.`;
    const reads = settings.filter((s) => (isPattern(s.path) ? expandPath(s.path, [onBase.chainForm!]) : [s.path]).some((x) => x.startsWith(chain)));
    if (!reads.length) return onBase.count;
    const key = `${point.cpu}|${point.variant}|${point.dtype ?? ''}|${reads.map((s) => `${s.path}=${s.value}`).join(';')}`;
    let n = this.accumulators.get(key);
    if (n === undefined) this.accumulators.set(key, (n = choiceOn(profile(), point.variant, resolved)!.count));
    return n;
  }

  /** The simd lowering's accumulator count at the point, as its evaluation uses it (undefined where the lowering takes none). */
  accumulatorCount(base: Profile, settings: readonly Setting[], point: IncrementalPoint): number | undefined {
    let derived: Profile | undefined;
    return this.accumulatorsOf(point, base, settings, () => (derived ??= this.checker.derive(base, settings)));
  }

  /** The point's program (as lowered for its profile) and its accumulator chain form, for touched shares. */
  programOf(graph: ShapedGraph, base: Profile, settings: readonly Setting[], point: IncrementalPoint): { program: Program; chainForm?: string } {
    let derived: Profile | undefined;
    const l = this.lower(
      graph,
      base,
      point,
      this.accumulatorsOf(point, base, settings, () => (derived ??= this.checker.derive(base, settings))),
    );
    return { program: l.program, ...(l.accumulatorChoice?.chainForm ? { chainForm: l.accumulatorChoice.chainForm } : {}) };
  }

  private lower(graph: ShapedGraph, base: Profile, point: IncrementalPoint, accumulators: number | undefined): Lowered {
    const key = `${point.model}|${point.cpu}|${point.variant}|${point.convert}|${point.lowering}|${point.dtype ?? ''}|${accumulators ?? ''}`;
    const hit = this.lowered.get(key);
    if (hit) return hit;
    // the lowering every entry point uses (evaluate.ts); settings change form timings only, so the target
    // facts (forms present, vector width) are the base profile's; the accumulator count is the point's
    const { program, accumulatorChoice } = lowerFor(graph, base, {
      variant: point.variant,
      convert: point.convert,
      lowering: point.lowering,
      ...(point.dtype ? { dtype: point.dtype } : {}),
      ...(accumulators ? { accumulators } : {}),
      ...(this.config.allowUnknown ? { allowUnknown: true } : {}),
    });
    const byKey = new Map<string, { kernel: Kernel; layers: number }>();
    for (const written of program.kernels) {
      // as the machine runs it (x86 register copies included), so bound's split terms and the restriction
      // keys see the same instructions as scheduleProgram
      const k = executedKernel(written, base);
      const s = structureKey(k);
      const e = byKey.get(s);
      if (e) e.layers++;
      else byKey.set(s, { kernel: k, layers: 1 });
    }
    const distinct = [...byKey].map(([s, e]): DistinctLayer => {
      let id = this.structures.get(s);
      if (id === undefined) this.structures.set(s, (id = this.structures.size));
      return {
        structure: id,
        kernel: e.kernel,
        forms: new Set(countForms(e.kernel.body).keys()),
        dependencyForms: dependencyForms(e.kernel),
        layers: e.layers,
        size: staticSize(e.kernel.body),
        family: this.intern(this.families, familyKey(e.kernel)),
      };
    });
    // the chain form as derived on the base (a given count is the point's own, derived or not)
    const chain =
      point.accumulators === undefined ? choiceOn(base, point.variant, settingsFrom({ lowering: point.lowering, dtype: point.dtype })) : accumulatorChoice;
    const l = { program, distinct, ...(chain ? { accumulatorChoice: chain } : {}) };
    this.lowered.set(key, l);
    this.stats.lowerings++;
    return l;
  }
}

function staticSize(body: Kernel['body']): number {
  let n = 0;
  for (const s of body) n += s.kind === 'loop' ? 1 + staticSize(s.body) : 1;
  return n;
}

/** The loop nest without its trip counts: kernels with equal keys share recorded steps and periods. */
export function familyKey(kernel: Kernel): string {
  const out: string[] = [];
  const walk = (body: Kernel['body']): void => {
    for (const s of body) {
      if (s.kind === 'loop') {
        out.push('L{');
        walk(s.body);
        out.push('}');
      } else out.push(s.op, s.type.elem, String(s.type.lanes), s.dst ?? '', s.src.join(','), ';');
    }
  };
  walk(kernel.body);
  return out.join(' ');
}
