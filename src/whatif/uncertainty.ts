// Uncertainty of results from ranged profile numbers: form `latencyRange: [min, max]` and machine numbers
// `{ value, min, max }`. Intervals by monotone bounds (serial, bound: two evaluations) or by corners (cycle:
// every corner up to 10 ranged numbers, else all-low/all-high plus one-at-a-time — a documented heuristic,
// not a guarantee: the cycle model can have timing anomalies), seeded samples, and one-at-a-time tornado.

import { AddersimError } from '../isa/index.ts';
import type { LoweringName } from '../models/index.ts';
import type { Profile } from '../sim/profile/schema.ts';
import type { SchedulerName } from '../sim/results/result.ts';
import { checkPathOn, MACHINE_FIELDS, parseParamPath, type MachineField, type Setting } from './params.ts';
import { ARG, checkArgs } from '../isa/api-args.ts';
import { z } from 'zod';
import { evaluatorSchema, uncertainListSchema } from './api-schemas.ts';

/** A ranged profile number: integers lo ≤ nominal ≤ hi; direction +1 if a larger value can only add cycles. */
export interface Uncertain {
  readonly path: string;
  readonly lo: number;
  readonly hi: number;
  readonly nominal: number;
  readonly direction: 1 | -1;
}

/** Machine numbers whose growth removes cycles (wider, bigger windows); the rest (latencies) add cycles. */
const MACHINE_DIRECTION = {
  dispatchWidth: -1,
  retireWidth: -1,
  reorderBuffer: -1,
  schedulerSize: -1,
  loadLatency: 1,
} as const satisfies Record<MachineField, 1 | -1>;

/**
 * Ranged numbers of a profile that scheduling reads (forms' latencyRange; machine min/max), sorted by
 * path. With `used`, only forms in that set count: a form the program never executes cannot move it.
 */
export function uncertainParams(profile: Profile, used?: ReadonlySet<string>): Uncertain[] {
  checkArgs('uncertainParams', [
    ['profile', ARG.profile, profile],
    ['used', z.instanceof(Set).optional(), used],
  ]);
  const out: Uncertain[] = [];
  for (const [form, t] of Object.entries(profile.forms)) {
    if (!t.latencyRange || (used && !used.has(form))) continue;
    const lo = Math.min(t.latencyRange[0], t.latency);
    const hi = Math.max(t.latencyRange[1], t.latency);
    if (lo < hi) out.push({ path: `forms.${form}.latency`, lo, hi, nominal: t.latency, direction: 1 });
  }
  for (const f of MACHINE_FIELDS) {
    const n = profile.machine[f];
    if (n.value === null || !('source' in n)) continue;
    const lo = Math.ceil(n.min ?? n.value);
    const hi = Math.floor(n.max ?? n.value);
    if (lo < hi) out.push({ path: `machine.${f}`, lo, hi, nominal: n.value, direction: MACHINE_DIRECTION[f] });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Extra ranges (`--uncertain PATH=LO..HI`) as overrides of the base profile: form latencies and machine numbers only. */
export function rangeOverrides(profile: Profile, ranges: readonly { path: string; lo: number; hi: number }[]): Record<string, unknown> {
  const forms: Record<string, unknown> = {};
  const machine: Record<string, unknown> = {};
  for (const r of ranges) {
    const p = parseParamPath(r.path, `--uncertain ${r.path}`);
    checkPathOn(p, profile, `--uncertain ${r.path}`);
    if (!Number.isInteger(r.lo) || !Number.isInteger(r.hi) || r.lo > r.hi)
      throw new AddersimError('USAGE', `range must be integers LO ≤ HI, got ${r.lo}..${r.hi}`, `--uncertain ${r.path}`);
    if (p.kind === 'form' && p.field === 'latency') forms[p.form] = { latencyRange: [r.lo, r.hi] };
    else if (p.kind === 'machine') {
      const v = profile.machine[p.field].value;
      if (v === null)
        throw new AddersimError('USAGE', `machine.${p.field} is unknown in profile ${profile.name}: set a value with --set first`, `--uncertain ${r.path}`);
      if (v < r.lo || v > r.hi) throw new AddersimError('USAGE', `range ${r.lo}..${r.hi} must contain the profile value ${v}`, `--uncertain ${r.path}`);
      machine[p.field] = { min: r.lo, max: r.hi };
    } else throw new AddersimError('USAGE', 'only form latencies and machine numbers carry ranges', `--uncertain ${r.path}`);
  }
  return { ...(Object.keys(forms).length ? { forms } : {}), ...(Object.keys(machine).length ? { machine } : {}) };
}

export type IntervalMethod = 'exact' | 'monotone' | 'corners' | 'corners-partial' | 'corners+samples' | 'corners-partial+samples';

export interface Interval {
  readonly min: number;
  readonly max: number;
  readonly method: IntervalMethod;
  readonly evaluations: number;
}

/** serial and bound are monotone in every ranged number unless the lowering reads timings (simd's default accumulators). */
export function isMonotone(scheduler: SchedulerName, lowering: LoweringName, accumulatorsGiven: boolean): boolean {
  return (scheduler === 'serial' || scheduler === 'bound') && !(lowering === 'simd' && !accumulatorsGiven);
}

export const MAX_FULL_CORNERS = 10;

type Evaluator = (settings: readonly Setting[]) => number | Promise<number>;

const at = (u: readonly Uncertain[], pick: (x: Uncertain, i: number) => number): Setting[] => u.map((x, i) => ({ path: x.path, value: pick(x, i) }));

export async function intervalOf(u: readonly Uncertain[], monotone: boolean, evaluate: Evaluator, nominal: number): Promise<Interval> {
  checkArgs('intervalOf', [
    ['u', uncertainListSchema, u],
    ['monotone', z.boolean(), monotone],
    ['evaluate', evaluatorSchema, evaluate],
    ['nominal', z.number(), nominal],
  ]);
  if (!u.length) return { min: nominal, max: nominal, method: 'exact', evaluations: 0 };
  const low = at(u, (x) => (x.direction > 0 ? x.lo : x.hi));
  const high = at(u, (x) => (x.direction > 0 ? x.hi : x.lo));
  if (monotone) {
    const a = await evaluate(low);
    const b = await evaluate(high);
    return { min: Math.min(a, b), max: Math.max(a, b), method: 'monotone', evaluations: 2 };
  }
  const corners: Setting[][] = [];
  if (u.length <= MAX_FULL_CORNERS) {
    for (let m = 0; m < 1 << u.length; m++) corners.push(at(u, (x, i) => ((m >> i) & 1 ? x.hi : x.lo)));
  } else {
    corners.push(low, high);
    for (let i = 0; i < u.length; i++) {
      corners.push(
        at(u, (x, j) => (j === i ? x.lo : x.nominal)),
        at(u, (x, j) => (j === i ? x.hi : x.nominal)),
      );
    }
  }
  let min = nominal;
  let max = nominal;
  for (const c of corners) {
    const v = await evaluate(c);
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { min, max, method: u.length <= MAX_FULL_CORNERS ? 'corners' : 'corners-partial', evaluations: corners.length };
}

/** A corner interval widened to the samples that fell outside it (the cycle model can have timing anomalies:
 *  an interior profile beyond every corner). A `monotone` or `exact` interval bounds every sample already. */
export function withSamples(interval: Interval, samples: SampleStats): Interval {
  if (interval.method !== 'corners' && interval.method !== 'corners-partial') return interval;
  if (samples.min >= interval.min && samples.max <= interval.max) return interval;
  return {
    min: Math.min(interval.min, samples.min),
    max: Math.max(interval.max, samples.max),
    method: `${interval.method}+samples`,
    evaluations: interval.evaluations + samples.n,
  };
}

/** mulberry32: a small deterministic PRNG (same seed → same samples on every machine). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** N settings drawn uniformly among the integers of every range (the same draws for every grid point). */
export function sampleSettings(u: readonly Uncertain[], n: number, seed: number): Setting[][] {
  checkArgs('sampleSettings', [
    ['u', uncertainListSchema, u],
    ['n', z.number().int().min(0), n],
    ['seed', z.number().int(), seed],
  ]);
  const rnd = prng(seed);
  const out: Setting[][] = [];
  for (let k = 0; k < n; k++) out.push(at(u, (x) => x.lo + Math.floor(rnd() * (x.hi - x.lo + 1))));
  return out;
}

export interface SampleStats {
  readonly n: number;
  readonly min: number;
  /** Lower median (an element of the samples: stays an exact integer). */
  readonly median: number;
  readonly max: number;
  readonly values: readonly number[];
}

export function sampleStats(values: readonly number[]): SampleStats {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, min: s[0] ?? NaN, median: s[Math.floor((s.length - 1) / 2)] ?? NaN, max: s.at(-1) ?? NaN, values };
}

export interface TornadoBar {
  readonly path: string;
  readonly lo: number;
  readonly hi: number;
  readonly atLo: number;
  readonly atHi: number;
  /** |atHi − atLo|. */
  readonly swing: number;
}

/** One-at-a-time low/high of every ranged number, others at nominal; ranked by swing (then path). */
export async function tornadoOf(u: readonly Uncertain[], evaluate: Evaluator): Promise<TornadoBar[]> {
  checkArgs('tornadoOf', [
    ['u', uncertainListSchema, u],
    ['evaluate', evaluatorSchema, evaluate],
  ]);
  const bars: TornadoBar[] = [];
  for (const x of u) {
    const atLo = await evaluate([{ path: x.path, value: x.lo }]);
    const atHi = await evaluate([{ path: x.path, value: x.hi }]);
    bars.push({ path: x.path, lo: x.lo, hi: x.hi, atLo, atHi, swing: Math.abs(atHi - atLo) });
  }
  return bars.sort((a, b) => b.swing - a.swing || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
