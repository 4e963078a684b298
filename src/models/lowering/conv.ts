// Lowering of conv and FC layers with multiply or AdderNet arithmetic (and transposed conv).
// paper:  the arithmetic the paper counts, nothing else — per term `mul`+`add` (CNN) or `sub`+`add`
//         (AdderNet, |·| free); loops [oc, oh, ow, k] (FC: [o, k]).
// scalar: per output a k loop with loads of input and weight, the arithmetic (abs as an op) and one
//         accumulator carried across k (`acc = add acc, p`); bias add, AdderNet negation and the store after.
//         The first term is peeled and starts the accumulator (K mul, K−1 add per output, as `exact` counts).

import { checkedMul } from '../../isa/index.ts';
import type { Stmt } from '../../isa/index.ts';
import { nest } from '../../isa/index.ts';
import type { ShapedLayer } from '../graph.ts';
import { termsPerOutput } from '../macs.ts';
import { op, s, type LowerCtx } from './context.ts';

export type Loops = [string, number][];

/** Output loops and K (terms per output) of a conv or FC layer. */
export function dotGeometry(l: ShapedLayer): { outer: Loops; k: number } {
  const k = termsPerOutput(l);
  if (k === undefined) throw new Error(`${l.kind} is not a conv or FC layer`);
  if (l.outShape.length === 3)
    return {
      outer: [
        ['oc', l.outShape[0]!],
        ['oh', l.outShape[1]!],
        ['ow', l.outShape[2]!],
      ],
      k,
    };
  return { outer: [['o', l.outShape[0]!]], k };
}

export const hasBias = (l: ShapedLayer): boolean => 'bias' in l && l.bias === true;

export function lowerMulPaper(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const t = s(ctx.dtype);
  const body = [op('mul', t, 'p', ['x', 'w'], 'x·w'), op('add', t, 'acc', ['acc', 'p'])];
  if (l.kind === 'convtranspose2d') return [...nest(transposeLoops(l), body)];
  const g = dotGeometry(l);
  return [...nest([...g.outer, ['k', g.k]], body)];
}

export function lowerAdderPaper(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const t = s(ctx.dtype);
  const g = dotGeometry(l);
  return [...nest([...g.outer, ['k', g.k]], [op('sub', t, 'd', ['x', 'w'], 'x−w (|·| free, as the paper counts)'), op('add', t, 'acc', ['acc', 'd'])])];
}

export function lowerMulScalar(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  if (l.kind === 'convtranspose2d') return lowerTransposeScalar(l, ctx);
  const g = dotGeometry(l);
  return scalarDot(l, ctx, g.outer, g.k, 'mul');
}

/** The scalar dot-product nest over the given output loops (also the channel remainder of `simd`). */
export function scalarDot(l: ShapedLayer, ctx: LowerCtx, outer: Loops, k: number, arith: 'mul' | 'adder'): Stmt[] {
  const t = s(ctx.dtype);
  const isLinear = l.outShape.length === 1;
  const math =
    arith === 'mul'
      ? [op('mul', t, 'p', ['x', 'w']), op('add', t, 'acc', ['acc', 'p'])]
      : [op('sub', t, 'd', ['x', 'w']), op('abs', t, 'a', ['d']), op('add', t, 'acc', ['acc', 'a'])];
  // The first term is peeled: it writes the accumulator without reading it, so each output starts a
  // fresh dependency chain (as a compiler's zeroing idiom would) and the adds are K−1, as `exact` counts.
  const first =
    arith === 'mul'
      ? [op('mul', t, 'acc', ['x', 'w'], 'first term starts the accumulator')]
      : [op('sub', t, 'd', ['x', 'w']), op('abs', t, 'acc', ['d'], 'first term starts the accumulator')];
  const loads = [op('load', t, 'x', [], isLinear ? 'x[k]' : 'x[ic, oh·s+kh, ow·s+kw]'), op('load', t, 'w', [], 'w[oc, k]')];
  const inner = [...loads, ...first, ...(k > 1 ? nest([['k', k - 1]], [...loads, ...math]) : [])];
  const y = arith === 'mul' ? 'acc' : 'y';
  const tail = arith === 'mul' ? [] : [op('neg', t, 'y', ['acc'], '−Σ|x−w|')];
  if (hasBias(l)) tail.push(op('load', t, 'b', [], 'bias[oc]'), op('add', t, y, [y, 'b']));
  return [...nest(outer, [...inner, ...tail, op('store', t, undefined, [y], isLinear ? 'y[o]' : 'y[oc, oh, ow]')])];
}

export function lowerAdderScalar(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const g = dotGeometry(l);
  return scalarDot(l, ctx, g.outer, g.k, 'adder');
}

/** Transposed conv as a scatter: every input pixel times (Cout/groups)·kh·kw weights, accumulated into the output. */
function transposeLoops(l: ShapedLayer): Loops {
  if (l.kind !== 'convtranspose2d') throw new Error('not a transposed conv');
  const [c, h, w] = l.inShapes[0]!;
  return [
    ['ic', c!],
    ['ih', h!],
    ['iw', w!],
    ['j', checkedMul(checkedMul(l.outChannels / l.groups, l.kernel[0]), l.kernel[1])],
  ];
}

function lowerTransposeScalar(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const t = s(ctx.dtype);
  const [ic, ih, iw, j] = transposeLoops(l);
  const scatter = nest(
    [j!],
    [
      op('load', t, 'w', [], 'w[ic, oc, kh, kw]'),
      op('mul', t, 'p', ['x', 'w']),
      op('load', t, 'y', [], 'y[oc, ih·s+kh, iw·s+kw]'),
      op('add', t, 'y', ['y', 'p']),
      op('store', t, undefined, ['y']),
    ],
  );
  const body: Stmt[] = [...nest([ic!, ih!, iw!], [op('load', t, 'x', [], 'x[ic, ih, iw]'), ...scatter])];
  if (hasBias(l)) {
    const n = l.outShape.reduce((a, d) => checkedMul(a, d), 1);
    body.push(
      ...nest([['i', n]], [op('load', t, 'y', []), op('load', t, 'b', [], 'bias[oc]'), op('add', t, 'y', ['y', 'b']), op('store', t, undefined, ['y'])]),
    );
  }
  return body;
}
