// The `serial` scheduler, the AdderNet paper's model: cycles = Σ count × latency, no pipelining,
// no ports, no memory. Exact (counts by a multiplier walk × descriptor latencies).

import { AddersimError, checkedAdd, checkedMul, countForms, didYouMean, isOp, parseForm, type ElementType, type Kernel, type Stmt } from '../../isa/index.ts';
import { instrDesc } from '../descriptors.ts';
import type { Profile } from '../profile/schema.ts';
import { ARG, checkArgs } from '../../isa/api-args.ts';
import { z } from 'zod';
import { ELEMENT_TYPES, OPS } from '../../isa/ops.ts';

export interface SerialTerm {
  readonly form: string;
  readonly count: number;
  readonly latencyCycles: number;
  readonly cycles: number;
}

export interface SerialResult {
  readonly cycles: number;
  /** One term per form, sorted by form name. */
  readonly terms: readonly SerialTerm[];
}

function serialOfCounts(counts: Iterable<readonly [string, number]>, profile: Profile, pathOf: (form: string) => string | undefined): SerialResult {
  const terms: SerialTerm[] = [];
  let cycles = 0;
  for (const [form, count] of counts) {
    const latencyCycles = instrDesc(profile, form, pathOf(form)).latencyCycles;
    const c = checkedMul(count, latencyCycles, 'cycles');
    cycles = checkedAdd(cycles, c, 'cycles');
    terms.push({ form, count, latencyCycles, cycles: c });
  }
  terms.sort((a, b) => (a.form < b.form ? -1 : a.form > b.form ? 1 : 0));
  return { cycles, terms };
}

export function serialBody(body: readonly Stmt[], profile: Profile, where?: string): SerialResult {
  return serialOfCounts(countForms(body), profile, (f) => (where ? `${where}: ${f}` : undefined));
}

export function serialKernel(kernel: Kernel, profile: Profile): SerialResult {
  return serialBody(kernel.body, profile, `kernel ${kernel.name}`);
}

/**
 * Serial cycles of counts given directly (`latency --ops mul=435000,add=435000`). A key is a form
 * (`mul.f32`) or a bare op (`mul`), which takes `dtype` (default `f64`: the paper's x87/double rows).
 * @example
 * serialFromCounts({ mul: 435_000, add: 435_000 }, loadProfile('via-nano-2000'), { dtype: 'f64' }).cycles; // 2,610,000
 */
export function serialFromCounts(counts: Readonly<Record<string, number>>, profile: Profile, opts: { dtype?: ElementType } = {}): SerialResult {
  checkArgs('serialFromCounts', [
    ['counts', z.record(z.string(), z.number()), counts],
    ['profile', ARG.profile, profile],
    ['opts', z.strictObject({ dtype: z.enum(ELEMENT_TYPES).optional() }), opts],
  ]);
  const dtype = opts.dtype ?? 'f64';
  const merged = new Map<string, number>();
  for (const [key, n] of Object.entries(counts)) {
    if (!Number.isSafeInteger(n) || n < 0) throw new AddersimError('BAD_INPUT', `count ${n} must be a non-negative integer`, `--ops ${key}`);
    const form = key.includes('.') ? key : `${key}.${dtype}`;
    if (!key.includes('.') && !isOp(key))
      throw new AddersimError('UNKNOWN_FORM', `unknown op "${key}"${didYouMean(key, OPS)} (known: ${OPS.join(', ')})`, `--ops ${key}`);
    parseForm(form, `--ops ${key}`);
    const other = Object.keys(counts).find((k) => k !== key && (k.includes('.') ? k : `${k}.${dtype}`) === form);
    if (other !== undefined)
      throw new AddersimError('USAGE', `${key} and ${other} both count ${form} (a bare op takes the dtype ${dtype}): give it once`, `--ops ${form}`);
    merged.set(form, n);
  }
  return serialOfCounts(merged, profile, (f) => `--ops ${f}`);
}
