// Scalar lowering of element-wise layers: batch norm (inference: y = x·scale + shift per channel),
// ReLU (max with 0), hardtanh (max, min), residual add, eltwise functions and softmax. One load per
// input element, the arithmetic of elementwise-costs.ts (bit ops in the integer type of the same
// width), one store per output element.

import { nest, OP_ARITY, OPS, type DataType, type Op, type Stmt } from '../../isa/index.ts';
import { eltwiseCost, EXP_COST, type OpCounts } from '../elementwise-costs.ts';
import type { ShapedLayer } from '../graph.ts';
import { outputs } from '../macs.ts';
import { intOf, op, s, type LowerCtx } from './context.ts';

const BIT_OPS: ReadonlySet<Op> = new Set(['shl', 'shr', 'and', 'or', 'xor', 'not', 'popcnt']);

/** Scalar types of a chain: bit ops in the integer type of dtype's width, the rest in dtype. */
export function scalarTypes(ctx: LowerCtx): (o: Op) => DataType {
  return (o) => s(BIT_OPS.has(o) ? intOf(ctx.dtype) : ctx.dtype);
}

/** A serial chain computing `r` from `r` with the given op counts (constants as extra sources). */
export function chain(counts: OpCounts, typeOf: (o: Op) => DataType, r = 'r'): Stmt[] {
  const out: Stmt[] = [];
  for (const o of OPS) {
    const n = counts[o] ?? 0;
    const t = typeOf(o);
    for (let i = 0; i < n; i++) {
      const src = OP_ARITY[o] >= 2 ? [r, `c${o}${i}`] : [r];
      out.push(op(o, t, r, src));
    }
  }
  return out;
}

export function lowerBatchnorm(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const t = s(ctx.dtype);
  const shape = l.outShape;
  const c = shape[0]!;
  const per = outputs(l) / c;
  return [
    ...nest(
      [['c', c]],
      [
        op('load', t, 'sc', [], 'scale[c] = γ/√(σ²+ε)'),
        op('load', t, 'sh', [], 'shift[c] = β − μ·scale'),
        ...nest([['i', per]], [op('load', t, 'x'), op('mul', t, 'y', ['x', 'sc']), op('add', t, 'y', ['y', 'sh']), op('store', t, undefined, ['y'])]),
      ],
    ),
  ];
}

export function lowerRelu(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const t = s(ctx.dtype);
  return [...nest([['i', outputs(l)]], [op('load', t, 'x'), op('max', t, 'y', ['x', 'zero']), op('store', t, undefined, ['y'])])];
}

export function lowerHardtanh(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const t = s(ctx.dtype);
  return [...nest([['i', outputs(l)]], [op('load', t, 'x'), op('max', t, 'y', ['x', 'lo']), op('min', t, 'y', ['y', 'hi']), op('store', t, undefined, ['y'])])];
}

export function lowerAdd(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const t = s(ctx.dtype);
  const body: Stmt[] = [op('load', t, 'y', [], `${l.inputs[0]}`)];
  for (let j = 1; j < l.inputs.length; j++) body.push(op('load', t, `x${j}`, [], `${l.inputs[j]}`), op('add', t, 'y', ['y', `x${j}`]));
  return [...nest([['i', outputs(l)]], [...body, op('store', t, undefined, ['y'])])];
}

export function lowerEltwise(l: ShapedLayer, ctx: LowerCtx, path: string): Stmt[] {
  if (l.kind !== 'eltwise') throw new Error('not eltwise');
  const t = s(ctx.dtype);
  const cost = eltwiseCost(l.fn, l.inputs.length, path);
  const loads = l.inputs.map((name, j) => op('load', t, j === 0 ? 'r' : `c${j}`, [], name));
  return [...nest([['i', outputs(l)]], [...loads, ...chain(cost, scalarTypes(ctx)), op('store', t, undefined, ['r'])])];
}

/** Softmax over rows of the last axis: row max, exp(x − max) stored and summed, then a division pass. */
export function lowerSoftmax(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const t = s(ctx.dtype);
  const f = l.outShape.at(-1)!;
  const rows = outputs(l) / f;
  return [
    ...nest(
      [['row', rows]],
      [
        op('load', t, 'm'),
        ...nest([['j', f - 1]], [op('load', t, 'x'), op('max', t, 'm', ['m', 'x'])]),
        ...nest(
          [['j', f]],
          [
            op('load', t, 'x'),
            op('sub', t, 'r', ['x', 'm']),
            ...chain(EXP_COST, scalarTypes(ctx)),
            op('store', t, undefined, ['r']),
            op('add', t, 'sum', ['sum', 'r']),
          ],
        ),
        ...nest([['j', f]], [op('load', t, 'e'), op('div', t, 'y', ['e', 'sum']), op('store', t, undefined, ['y'])]),
      ],
    ),
  ];
}
