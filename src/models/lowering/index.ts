// Lowering a shaped graph to a Program: one Kernel (loop nest) per layer, never expanded.
//   paper  — conv/FC arithmetic only, as the paper counts it (scalar dtype, default f64); every other
//            layer goes to `program.excluded` with the reason "the paper's count leaves it out".
//   scalar — a plain scalar loop nest per layer (default f32): every layer lowered, views excluded.
// Every form used is checked against the target's forms (UNKNOWN_FORM naming form and profile).

import { AddersimError, assertNever, type Kernel, type Program, type Stmt, type TargetCaps } from '../../isa/index.ts';
import type { ShapedGraph, ShapedLayer } from '../graph.ts';
import { lowerBinaryPaper, lowerBinaryScalar } from './binary.ts';
import { checkForms, kernel, type LowerCtx, type LoweringOptions } from './context.ts';
import { lowerAdderPaper, lowerAdderScalar, lowerMulPaper, lowerMulScalar } from './conv.ts';
import { isView, lowerCopy } from './data.ts';
import { lowerAdd, lowerBatchnorm, lowerEltwise, lowerHardtanh, lowerRelu, lowerSoftmax } from './elementwise.ts';
import { lowerPool } from './pool.ts';

export { LOWERINGS, type LoweringName, type LoweringOptions } from './context.ts';

export const PAPER_EXCLUDED = "the paper's count leaves it out";

type Lowered = { body: readonly Stmt[] } | { excluded: string };

function lowerPaper(l: ShapedLayer, ctx: LowerCtx): Lowered {
  switch (l.kind) {
    case 'conv2d': case 'linear': case 'convtranspose2d':
      return { body: lowerMulPaper(l, ctx) };
    case 'adder2d': case 'adderlinear':
      return { body: lowerAdderPaper(l, ctx) };
    case 'binconv2d': case 'binlinear':
      return { body: lowerBinaryPaper(l, ctx) };
    case 'batchnorm': case 'relu': case 'hardtanh': case 'maxpool': case 'avgpool': case 'globalavgpool':
    case 'add': case 'flatten': case 'concat': case 'softmax': case 'eltwise': case 'reduce': case 'reshape':
      return { excluded: PAPER_EXCLUDED };
    default:
      return assertNever(l, 'layer kind');
  }
}

function lowerScalar(l: ShapedLayer, ctx: LowerCtx, path: string): Lowered {
  switch (l.kind) {
    case 'conv2d': case 'linear': case 'convtranspose2d':
      return { body: lowerMulScalar(l, ctx) };
    case 'adder2d': case 'adderlinear':
      return { body: lowerAdderScalar(l, ctx) };
    case 'binconv2d': case 'binlinear':
      return { body: lowerBinaryScalar(l, ctx) };
    case 'batchnorm':
      return { body: lowerBatchnorm(l, ctx) };
    case 'relu':
      return { body: lowerRelu(l, ctx) };
    case 'hardtanh':
      return { body: lowerHardtanh(l, ctx) };
    case 'add':
      return { body: lowerAdd(l, ctx) };
    case 'eltwise':
      return { body: lowerEltwise(l, ctx, path) };
    case 'softmax':
      return { body: lowerSoftmax(l, ctx) };
    case 'maxpool': case 'avgpool': case 'globalavgpool': case 'reduce':
      return { body: lowerPool(l, ctx) };
    case 'flatten': case 'reshape': case 'concat':
      return isView(l) ? { excluded: 'a view: no data movement, no arithmetic' } : { body: lowerCopy(l, ctx) };
    default:
      return assertNever(l, 'layer kind');
  }
}

function variantOf(g: ShapedGraph): string {
  const adder = g.layers.some((l) => l.kind === 'adder2d' || l.kind === 'adderlinear');
  const bin = g.layers.some((l) => l.kind === 'binconv2d' || l.kind === 'binlinear');
  return adder && bin ? 'mixed' : adder ? 'adder' : bin ? 'bnn' : 'cnn';
}

export function lower(graph: ShapedGraph, opts: LoweringOptions, caps: TargetCaps): Program {
  const ctx: LowerCtx = {
    caps,
    lowering: opts.lowering,
    dtype: opts.dtype ?? (opts.lowering === 'paper' ? 'f64' : 'f32'),
    accumulators: opts.accumulators ?? 1,
  };
  const kernels: Kernel[] = [];
  const excluded: { layer: string; kind: string; reason: string }[] = [];
  const notes: string[] = [];
  for (const l of graph.layers) {
    const path = `${graph.name}: layer ${l.name}`;
    let r: Lowered;
    try {
      switch (opts.lowering) {
        case 'paper': r = lowerPaper(l, ctx); break;
        case 'scalar': r = lowerScalar(l, ctx, path); break;
        case 'simd': case 'int8':
          throw new AddersimError('USAGE', `lowering ${opts.lowering} is not implemented yet`, path);
        default: return assertNever(opts.lowering, 'lowering');
      }
    } catch (e) {
      if (!(opts.allowUnknown && e instanceof AddersimError && e.code === 'UNKNOWN_OP')) throw e;
      r = { excluded: e.message };
    }
    if ('excluded' in r) {
      excluded.push({ layer: l.name, kind: l.kind, reason: r.excluded });
      continue;
    }
    const k = kernel(l, ctx, r.body);
    checkForms(k, caps);
    kernels.push(k);
  }
  if (opts.lowering === 'paper') notes.push(`paper lowering: conv/FC arithmetic only, scalar ${ctx.dtype}; ${excluded.length} other layer(s) left out as the paper's count does`);
  return { model: graph.name, variant: opts.variant ?? variantOf(graph), lowering: opts.lowering, kernels, excluded, notes };
}
