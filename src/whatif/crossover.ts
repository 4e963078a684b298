// Crossover search: the integer value of one profile path at which two variants cost the same cycles.
// d(v) = cycles(a, v) − cycles(b, v). Bracketing: the range ends, then (if they have the same sign) 8
// evenly spaced interior points; bisection on integers inside the first bracket whose ends differ in sign.
// The answer is the first integer whose sign differs from the start's: an exact tie when d = 0 there,
// else the first value past the crossing. If d changes sign more than once, the first bracket is searched.

import { AddersimError, type ElementType } from '../isa/index.ts';
import type { Convert, LoweringName, Variant } from '../models/index.ts';
import type { SchedulerName } from '../sim/results/result.ts';
import { checkPathOn, deriveWith, parseParamPath } from './params.ts';
import { PointContext, type PointSpec } from './point.ts';

export interface CrossoverSpec {
  readonly model: string;
  readonly cpu: string;
  readonly param: string;
  readonly lo: number;
  readonly hi: number;
  readonly a?: Variant;
  readonly b?: Variant;
  readonly scheduler: SchedulerName;
  readonly lowering: LoweringName;
  readonly convert?: Convert;
  readonly dtype?: ElementType;
  readonly accumulators?: number;
  readonly extrapolate?: boolean;
  /** Interior points tried when the ends have the same sign (default 8). */
  readonly scan?: number;
}

export interface CurvePoint {
  readonly value: number;
  readonly a: number;
  readonly b: number;
  /** a − b */
  readonly diff: number;
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
  /** Every evaluated value, ascending. */
  readonly curve: readonly CurvePoint[];
}

const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/**
 * The first integer value of a profile path in [lo, hi] where variant `a`'s cycles cross variant
 * `b`'s (bracketing, then integer bisection), with every evaluated point of the curve.
 * @example
 * const r = await crossover({ model: 'lenet5-bn', cpu: 'via-nano-2000', param: 'forms.mul.f64.latency', lo: 1, hi: 64,
 *   a: 'cnn', b: 'adder', scheduler: 'serial', lowering: 'paper', convert: 'all' });
 * r.found; r.value; r.exact;                                // true, 2, true: CNN and AdderNet tie at a 2-cycle multiply
 */
export async function crossover(spec: CrossoverSpec): Promise<CrossoverResult> {
  const a = spec.a ?? 'cnn';
  const b = spec.b ?? 'adder';
  const convert = spec.convert ?? 'inner';
  const where = `--param ${spec.param}`;
  const p = parseParamPath(spec.param, where);
  if (p.kind === 'option') throw new AddersimError('USAGE', `${spec.param} is an option, not a profile number`, where);
  if (a === b) throw new AddersimError('USAGE', `the two variants must differ (both ${a})`, '--a/--b');
  if (!Number.isSafeInteger(spec.lo) || !Number.isSafeInteger(spec.hi)) throw new AddersimError('USAGE', `range ends must be integers, got ${spec.lo}..${spec.hi}`, '--range');
  if (spec.lo >= spec.hi) throw new AddersimError('USAGE', `empty range ${spec.lo}..${spec.hi} (needs LO < HI)`, '--range');
  const ctx = new PointContext({ ...(spec.extrapolate === undefined ? {} : { extrapolate: spec.extrapolate }) });
  await ctx.model(spec.model);
  const base = ctx.profile(spec.cpu);
  checkPathOn(p, base, where);
  // The schema's limits on a number are intervals, so valid ends mean every integer between is valid.
  deriveWith(base, [{ path: spec.param, value: spec.lo }]);
  deriveWith(base, [{ path: spec.param, value: spec.hi }]);

  const curve = new Map<number, CurvePoint>();
  const point = (variant: Variant, value: number): PointSpec => ({
    index: 0, model: spec.model, cpu: spec.cpu, variant, convert, scheduler: spec.scheduler, lowering: spec.lowering,
    ...(spec.dtype ? { dtype: spec.dtype } : {}), ...(spec.accumulators ? { accumulators: spec.accumulators } : {}),
    settings: [{ path: spec.param, value }],
  });
  const d = async (value: number): Promise<number> => {
    let c = curve.get(value);
    if (!c) {
      const ca = (await ctx.run(point(a, value))).cycles;
      const cb = (await ctx.run(point(b, value))).cycles;
      curve.set(value, (c = { value, a: ca, b: cb, diff: ca - cb }));
    }
    return c.diff;
  };
  const result = (found: Partial<CrossoverResult>): CrossoverResult => ({
    schema: 'addersim/crossover@1', model: spec.model, cpu: base.name, param: spec.param, range: [spec.lo, spec.hi], a, b,
    scheduler: spec.scheduler, lowering: spec.lowering, convert, found: false, ...found,
    curve: [...curve.values()].sort((x, y) => x.value - y.value),
  });

  const s0 = sign(await d(spec.lo));
  if (s0 === 0) return result({ found: true, value: spec.lo, exact: true, bracket: [spec.lo, spec.lo] });
  // Bracketing: the ends, then interior points, left to right.
  const n = spec.scan ?? 8;
  const probes = [spec.lo];
  for (let i = 1; i <= n; i++) {
    const v = spec.lo + Math.round(((spec.hi - spec.lo) * i) / (n + 1));
    if (v > probes.at(-1)! && v < spec.hi) probes.push(v);
  }
  probes.push(spec.hi);
  let lo = spec.lo;
  let hi: number | undefined;
  if (sign(await d(spec.hi)) !== s0) {
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
  if (hi === undefined) return result({ found: false });
  // Bisection on integers: sign(d(lo)) = s0, sign(d(hi)) ≠ s0.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (sign(await d(mid)) === s0) lo = mid;
    else hi = mid;
  }
  return result({ found: true, value: hi, exact: (await d(hi)) === 0, bracket: [lo, hi] });
}
