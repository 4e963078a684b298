// Per-element arithmetic of element-wise functions (`eltwise` fn), exp and softmax, in ops of the
// vocabulary. The `exact` op table and the scalar lowering both read these tables, so they agree.
// Functions not listed are an error (UNKNOWN_OP), never a silent zero.

import { AddersimError, type Op } from '../isa/index.ts';

export type OpCounts = Partial<Record<Op, number>>;

/**
 * exp(x) = 2^n · p(r): n = round(x·log2 e) (1 mul, 1 cvt), r = x − n·ln 2 (1 cvt back, 1 mul, 1 sub),
 * p a degree-5 polynomial in Horner form (5 mul, 5 add), 2^n put into the exponent bits (1 shl, 1 add).
 * assumption: the usual vectorisable libm scheme (e.g. Cephes expf); the vocabulary has no exp op.
 */
export const EXP_COST: OpCounts = { mul: 7, add: 6, sub: 1, cvt: 2, shl: 1 };

function plus(...parts: OpCounts[]): OpCounts {
  const out: OpCounts = {};
  for (const p of parts) for (const [op, n] of Object.entries(p) as [Op, number][]) out[op] = (out[op] ?? 0) + n;
  return out;
}

/**
 * Cost per output element. `perExtraInput` functions (add, mul, max…) cost that much per input beyond the first
 * (n-ary Sum/Max of ONNX); with a single layer input the other operand is a constant (x·c, x + c): one op.
 * The others are unary (or have constant parameters).
 */
export const ELTWISE_COSTS: Record<string, { readonly perElement: OpCounts; readonly perExtraInput?: boolean; readonly note: string }> = {
  add: { perElement: { add: 1 }, perExtraInput: true, note: 'a + b' },
  sub: { perElement: { sub: 1 }, perExtraInput: true, note: 'a − b' },
  mul: { perElement: { mul: 1 }, perExtraInput: true, note: 'a · b' },
  div: { perElement: { div: 1 }, perExtraInput: true, note: 'a / b' },
  max: { perElement: { max: 1 }, perExtraInput: true, note: 'max(a, b)' },
  min: { perElement: { min: 1 }, perExtraInput: true, note: 'min(a, b)' },
  neg: { perElement: { neg: 1 }, note: '−x' },
  abs: { perElement: { abs: 1 }, note: '|x|' },
  relu: { perElement: { max: 1 }, note: 'max(x, 0)' },
  clip: { perElement: { max: 1, min: 1 }, note: 'min(max(x, lo), hi)' },
  leakyrelu: { perElement: { mul: 1, max: 1 }, note: 'max(x, αx)' },
  prelu: { perElement: { mul: 1, max: 1 }, note: 'max(x, αx) (α ≤ 1)' },
  reciprocal: { perElement: { div: 1 }, note: '1 / x' },
  exp: { perElement: EXP_COST, note: 'exp(x), see EXP_COST' },
  sigmoid: { perElement: plus({ neg: 1 }, EXP_COST, { add: 1, div: 1 }), note: '1 / (1 + exp(−x))' },
  tanh: { perElement: plus({ mul: 1 }, EXP_COST, { add: 1, div: 1, sub: 1 }), note: '1 − 2 / (1 + exp(2x))' },
  hardsigmoid: { perElement: { mul: 1, add: 1, max: 1, min: 1 }, note: 'clip(αx + β, 0, 1)' },
  hardswish: { perElement: { mul: 2, add: 1, max: 1, min: 1 }, note: 'x · clip(x/6 + 1/2, 0, 1)' },
  cast: { perElement: { cvt: 1 }, note: 'type conversion' },
  identity: { perElement: {}, note: 'copy, no arithmetic' },
  // Added for ONNX import (onnx helper):
  sign: { perElement: { and: 1, or: 1 }, note: 'copysign(1, x): and with the sign mask, or into 1.0 (assumption: sign(0) taken as ±1)' },
  floor: { perElement: { cvt: 1 }, note: 'round toward −∞ (ROUNDPS / FRINTM class)' },
  ceil: { perElement: { cvt: 1 }, note: 'round toward +∞ (ROUNDPS / FRINTP class)' },
  round: { perElement: { cvt: 1 }, note: 'round to nearest even (ROUNDPS / FRINTN class)' },
  elu: { perElement: plus(EXP_COST, { sub: 1, mul: 1, min: 1, max: 1, add: 1 }), note: 'min(α(exp(x) − 1), 0) + max(x, 0)' },
  selu: { perElement: plus(EXP_COST, { sub: 1, mul: 2, min: 1, max: 1, add: 1 }), note: 'λ · elu(x)' },
};

export function eltwiseCost(fn: string, inputs: number, path: string): OpCounts {
  const c = Object.hasOwn(ELTWISE_COSTS, fn.toLowerCase()) ? ELTWISE_COSTS[fn.toLowerCase()] : undefined;
  if (!c) {
    throw new AddersimError('UNKNOWN_OP', `eltwise function "${fn}" has no cost rule (known: ${Object.keys(ELTWISE_COSTS).join(', ')})`, path);
  }
  if (!c.perExtraInput) return c.perElement;
  const times = Math.max(1, inputs - 1);
  return Object.fromEntries(Object.entries(c.perElement).map(([op, n]) => [op, n * times])) as OpCounts;
}

/**
 * Softmax over a row of F elements (the last axis): F−1 max (row maximum), F sub (x − max), F exp,
 * F−1 add (the sum), F div. Per row.
 */
export function softmaxRowCost(f: number): OpCounts {
  return plus({ max: f - 1, sub: f, add: f - 1, div: f }, Object.fromEntries(Object.entries(EXP_COST).map(([op, n]) => [op, n * f])) as OpCounts);
}
