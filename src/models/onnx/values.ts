// Tensor facts during ONNX inference (TInfo: shape, type, static-ness, lazily computed values) and the
// small helpers the inference rules share: broadcasting, axes, required and constant inputs.

import { AddersimError, badInput, checkLimit } from '../../isa/index.ts';
import type { OnnxNode } from './model.ts';
import { MAX_VALUE_ELEMENTS, numel } from './tensor.ts';

export interface TInfo {
  readonly shape: readonly number[];
  readonly dtype: number;
  /** Independent of the graph input's data: initializers, constants, shape arithmetic. */
  readonly isStatic: boolean;
  /** Static and computed (partly) from the shape of an activation. */
  readonly fromShape: boolean;
  /** Lazily computed values of a static tensor (undefined: unknown, external or too large). */
  readonly value: () => readonly number[] | undefined;
  readonly producer?: OnnxNode;
}

export type Vals = readonly number[] | undefined;

/** Elements folded so far in the current inference, against the foldedElements limit (one per inferGraph). */
let folding = { used: 0, where: '' };

/** Starts a new folding budget (inferGraph, once per model). */
export function startFolding(where: string): void {
  folding = { used: 0, where };
}

export function lazy(f: () => Vals): () => Vals {
  let done = false;
  let v: Vals;
  const budget = folding;
  return () => {
    if (!done) {
      done = true;
      v = f();
      if (v) {
        budget.used += v.length;
        checkLimit('foldedElements', budget.used, budget.where);
      }
    }
    return v;
  };
}

export const none = (): Vals => undefined;

// ---------- small tensor helpers ----------

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

export function broadcast(shapes: readonly (readonly number[])[], where: string): number[] {
  const rank = shapes.reduce((r, s) => Math.max(r, s.length), 0);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v)
        throw new AddersimError('SHAPE_MISMATCH', `cannot broadcast shapes ${shapes.map((x) => `[${x.join(',')}]`).join(' and ')}`, where);
      d = v;
    }
    out.push(d);
  }
  return out;
}

/** Index into a (broadcast) input for every element of the output. */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): (flat: number) => number {
  const rank = outShape.length;
  const inStr = stridesOf(inShape);
  const outStr = stridesOf(outShape);
  const off = rank - inShape.length;
  return (flat) => {
    let idx = 0;
    for (let i = off; i < rank; i++) {
      const c = Math.floor(flat / outStr[i]!) % outShape[i]!;
      if (inShape[i - off] !== 1) idx += c * inStr[i - off]!;
    }
    return idx;
  };
}

export function normAxis(axis: number, rank: number, where: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= Math.max(rank, 1)) throw badInput(`axis ${axis} out of range for rank ${rank}`, where);
  return a;
}

export const small = (shape: readonly number[]): boolean => numel(shape) <= MAX_VALUE_ELEMENTS;

export type Rule = (node: OnnxNode, ins: readonly (TInfo | undefined)[], opset: number) => TInfo[];

export function req(node: OnnxNode, ins: readonly (TInfo | undefined)[], i: number): TInfo {
  const t = ins[i];
  if (!t) throw badInput(`missing input ${i}`, node.where);
  return t;
}

/** Values of a static input that the op needs to know its output shape. */
export function constInput(node: OnnxNode, ins: readonly (TInfo | undefined)[], i: number, what: string): readonly number[] {
  const t = req(node, ins, i);
  const v = t.isStatic ? t.value() : undefined;
  if (!v) throw badInput(`cannot resolve ${what} (input ${i} is not a constant that addersim can evaluate)`, node.where);
  return v;
}

export function optConstInput(node: OnnxNode, ins: readonly (TInfo | undefined)[], i: number, what: string): readonly number[] | undefined {
  return ins[i] ? constInput(node, ins, i, what) : undefined;
}

export const t = (shape: readonly number[], dtype: number, value: () => Vals = none, extra: Partial<TInfo> = {}): TInfo => ({
  shape,
  dtype,
  isStatic: false,
  fromShape: false,
  value,
  ...extra,
});
