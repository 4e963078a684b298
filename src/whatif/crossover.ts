// Crossover search: the integer value of one profile path at which two variants cost the same cycles.
// d(v) = cycles(a, v) − cycles(b, v). Where the range has few enough integers (EVERY_POINT_LIMIT) every one
// is evaluated and every tie and sign change is reported: the cycle model's curves are not monotone.
// Otherwise it searches and says so: the range ends, then (if they have the same sign) 8 evenly spaced
// interior points; bisection on integers inside the first bracket whose ends differ in sign. `value` is the
// first integer whose sign differs from the start's: an exact tie when d = 0 there, else the first value past
// the crossing. A path that changes neither variant's program at the start is an error (UNUSED_PARAMETER).

import { AddersimError, countProgram, type ElementType } from '../isa/index.ts';
import type { Convert, LoweringName, Variant } from '../models/index.ts';
import type { SchedulerName } from '../sim/results/result.ts';
import { checkPathOn, deriveWith, parseParamPath } from './params.ts';
import { PointContext, type PointSpec } from './point.ts';
import { lowerFor } from './evaluate.ts';
import { checkSettingsApply, resolveSettings } from './settings.ts';
import { unusedError } from './touched.ts';
import { checkArgs } from '../isa/api-args.ts';
import { crossoverSpecSchema } from './api-schemas.ts';

export interface CrossoverSpec {
  readonly model: string;
  readonly cpu: string;
  readonly param: string;
  readonly lo: number;
  readonly hi: number;
  readonly a?: Variant;
  readonly b?: Variant;
  /** Default: DEFAULT_SETTINGS.scheduler (cycle), as `evaluate` and `sweep`. */
  readonly scheduler?: SchedulerName;
  /** Default: DEFAULT_SETTINGS.lowering (simd). */
  readonly lowering?: LoweringName;
  readonly convert?: Convert;
  readonly dtype?: ElementType;
  readonly accumulators?: number;
  readonly extrapolate?: boolean;
  /** Interior points tried when the ends have the same sign (default 8). */
  readonly scan?: number;
  /** Ranges of at most this many integers are evaluated at every point (default EVERY_POINT_LIMIT per scheduler). */
  readonly everyPointLimit?: number;
  /** Run even if the path changes nothing at the range start (otherwise UNUSED_PARAMETER). */
  readonly allowUnused?: boolean;
}

/** A tie (`exact`, d = 0 at `value`) or a sign change of a − b between bracket[0] and bracket[1] = value. */
export interface Crossing {
  readonly value: number;
  readonly exact: boolean;
  readonly bracket: readonly [number, number];
}

export interface CurvePoint {
  readonly value: number;
  readonly a: number;
  readonly b: number;
  /** a − b */
  readonly diff: number;
  /** The simd lowering's accumulator count of a and of b at this value: derived from the point's profile
   *  unless given, so a swept chain-form latency changes it (absent for lowerings that take none). */
  readonly accumulatorsA?: number;
  readonly accumulatorsB?: number;
}

export interface CrossoverResult {
  readonly schema: 'addersim/crossover@1';
  readonly model: string;
  readonly cpu: string;
  readonly param: string;
  readonly range: readonly [number, number];
  readonly a: Variant;
  readonly b: Variant;
  readonly scheduler: SchedulerName;
  readonly lowering: LoweringName;
  readonly convert: Convert;
  readonly found: boolean;
  /** First integer where sign(a − b) differs from its sign at the range start. */
  readonly value?: number;
  /** True when a and b tie exactly at `value`. */
  readonly exact?: boolean;
  /** The final bracket [last value on the start's side, value]. */
  readonly bracket?: readonly [number, number];
  /** `every point`: each integer of the range evaluated, `crossings` lists every tie and sign change;
   *  `search`: bracketing + bisection, `crossings` holds the one found (others may exist). */
  readonly method: 'every point' | 'search';
  readonly crossings: readonly Crossing[];
  /** Every evaluated value, ascending. */
  readonly curve: readonly CurvePoint[];
}

const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** Ranges with at most this many integers are evaluated at every point (serial and bound are cheap; cycle is not). */
export const EVERY_POINT_LIMIT: Readonly<Record<SchedulerName, number>> = { serial: 512, bound: 512, cycle: 32 };

/**
 * Every tie (d = 0) and every sign change between consecutive values of a curve evaluated at consecutive
 * integers: a change from v − 1 to v is reported at v (bracket [v − 1, v]); a sign change across a tie is the tie.
 */
export function crossingsOf(curve: readonly { value: number; diff: number }[]): Crossing[] {
  const out: Crossing[] = [];
  let prev: { value: number; diff: number } | undefined;
  for (const c of curve) {
    if (c.diff === 0) out.push({ value: c.value, exact: true, bracket: [c.value, c.value] });
    else if (prev && prev.diff !== 0 && sign(prev.diff) !== sign(c.diff)) out.push({ value: c.value, exact: false, bracket: [prev.value, c.value] });
    prev = c;
  }
  return out;
}

/**
 * The first integer value of a profile path in [lo, hi] where variant `a`'s cycles cross variant
 * `b`'s (bracketing, then integer bisection), with every evaluated point of the curve.
 * @example
 * const r = await crossover({ model: 'lenet5-bn', cpu: 'via-nano-2000', param: 'forms.mul.f64.latency', lo: 1, hi: 64,
 *   a: 'cnn', b: 'adder', scheduler: 'serial', lowering: 'paper', convert: 'all' });
 * r.found; r.value; r.exact;                                // true, 2, true: CNN and AdderNet tie at a 2-cycle multiply
 */
export async function crossover(spec: CrossoverSpec): Promise<CrossoverResult> {
  checkArgs('crossover', [['spec', crossoverSpecSchema, spec]]);
  const a = spec.a ?? 'cnn';
  const b = spec.b ?? 'adder';
  // the one table of defaults (src/whatif/settings.ts), as evaluate and sweep resolve theirs
  const { scheduler, lowering, convert } = resolveSettings({ scheduler: spec.scheduler, lowering: spec.lowering, convert: spec.convert });
  checkSettingsApply({ lowering, accumulators: spec.accumulators, dtype: spec.dtype });
  const where = `--param ${spec.param}`;
  const p = parseParamPath(spec.param, where);
  if (p.kind === 'option') throw new AddersimError('USAGE', `${spec.param} is an option, not a profile number`, where);
  if (a === b) throw new AddersimError('USAGE', `the two variants must differ (both ${a})`, '--a/--b');
  if (!Number.isSafeInteger(spec.lo) || !Number.isSafeInteger(spec.hi))
    throw new AddersimError('USAGE', `range ends must be integers, got ${spec.lo}..${spec.hi}`, '--range');
  if (spec.lo >= spec.hi) throw new AddersimError('USAGE', `empty range ${spec.lo}..${spec.hi} (needs LO < HI)`, '--range');
  const ctx = new PointContext({ ...(spec.extrapolate === undefined ? {} : { extrapolate: spec.extrapolate }) });
  const graph = await ctx.model(spec.model);
  const base = ctx.profile(spec.cpu);
  checkPathOn(p, base, where);
  // The schema's limits on a number are intervals, so valid ends mean every integer between is valid.
  deriveWith(base, [{ path: spec.param, value: spec.lo }]);
  deriveWith(base, [{ path: spec.param, value: spec.hi }]);

  const curve = new Map<number, CurvePoint>();
  const point = (variant: Variant, value: number): PointSpec => ({
    index: 0,
    model: spec.model,
    cpu: spec.cpu,
    variant,
    convert,
    scheduler,
    lowering,
    ...(spec.dtype ? { dtype: spec.dtype } : {}),
    ...(spec.accumulators ? { accumulators: spec.accumulators } : {}),
    settings: [{ path: spec.param, value }],
  });
  const d = async (value: number): Promise<number> => {
    let c = curve.get(value);
    if (!c) {
      const ra = await ctx.run(point(a, value));
      const rb = await ctx.run(point(b, value));
      if (curve.size === 0 && !spec.allowUnused && !ra.touched?.[0] && !rb.touched?.[0]) {
        const executed = new Set<string>();
        for (const v of [a, b]) {
          const opts = {
            variant: v,
            convert,
            lowering,
            ...(spec.dtype ? { dtype: spec.dtype } : {}),
            ...(spec.accumulators ? { accumulators: spec.accumulators } : {}),
          };
          for (const f of countProgram(lowerFor(graph, base, opts).program).keys()) executed.add(f);
        }
        throw unusedError(spec.param, executed, [scheduler], where);
      }
      const accA = ra.accumulators?.[a];
      const accB = rb.accumulators?.[b];
      curve.set(
        value,
        (c = {
          value,
          a: ra.cycles,
          b: rb.cycles,
          diff: ra.cycles - rb.cycles,
          ...(accA === undefined ? {} : { accumulatorsA: accA }),
          ...(accB === undefined ? {} : { accumulatorsB: accB }),
        }),
      );
    }
    return c.diff;
  };
  const result = (found: Partial<CrossoverResult>, method: CrossoverResult['method'], crossings: readonly Crossing[]): CrossoverResult => ({
    schema: 'addersim/crossover@1',
    model: spec.model,
    cpu: base.name,
    param: spec.param,
    range: [spec.lo, spec.hi],
    a,
    b,
    scheduler,
    lowering,
    convert,
    found: false,
    ...found,
    method,
    crossings,
    curve: [...curve.values()].sort((x, y) => x.value - y.value),
  });

  // Few enough values: every one is evaluated and every tie and sign change is reported (curves need not be monotone).
  const limit = spec.everyPointLimit ?? EVERY_POINT_LIMIT[scheduler];
  if (spec.hi - spec.lo + 1 <= limit) {
    const diffs: { value: number; diff: number }[] = [];
    for (let v = spec.lo; v <= spec.hi; v++) diffs.push({ value: v, diff: await d(v) });
    const crossings = crossingsOf(diffs);
    const first = crossings[0];
    return result(first ? { found: true, value: first.value, exact: first.exact, bracket: first.bracket } : { found: false }, 'every point', crossings);
  }

  const s0 = sign(await d(spec.lo));
  if (s0 === 0)
    return result({ found: true, value: spec.lo, exact: true, bracket: [spec.lo, spec.lo] }, 'search', [
      { value: spec.lo, exact: true, bracket: [spec.lo, spec.lo] },
    ]);
  const bracket = await searchBracket(spec.lo, spec.hi, spec.scan ?? 8, s0, d);
  if (!bracket) return result({ found: false }, 'search', []);
  const [lo, hi] = bracket;
  const exact = (await d(hi)) === 0;
  return result({ found: true, value: hi, exact, bracket: [lo, hi] }, 'search', [{ value: hi, exact, bracket: [lo, hi] }]);
}

/** Bracketing from `from` (sign s0) to `to`, then integer bisection: the final [lo, hi] with sign(d(lo)) = s0 ≠ sign(d(hi)), or undefined if no probe changes sign. */
async function searchBracket(from: number, to: number, n: number, s0: number, d: (value: number) => Promise<number>): Promise<[number, number] | undefined> {
  // Bracketing: the ends, then interior points, left to right.
  const probes = [from];
  for (let i = 1; i <= n; i++) {
    const v = from + Math.round(((to - from) * i) / (n + 1));
    if (v > probes.at(-1)! && v < to) probes.push(v);
  }
  probes.push(to);
  let lo = from;
  let hi: number | undefined;
  if (sign(await d(to)) !== s0) {
    for (const v of probes.slice(1)) {
      if (sign(await d(v)) !== s0) {
        hi = v;
        break;
      }
      lo = v;
    }
  } else {
    for (const v of probes.slice(1, -1)) {
      if (sign(await d(v)) !== s0) {
        hi = v;
        break;
      }
      lo = v;
    }
  }
  if (hi === undefined) return undefined;
  // Bisection on integers: sign(d(lo)) = s0, sign(d(hi)) ≠ s0.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (sign(await d(mid)) === s0) lo = mid;
    else hi = mid;
  }
  return [lo, hi];
}
