// Lowering a shaped graph to a Program: one Kernel (loop nest) per layer, never expanded.
//   paper  — conv/FC arithmetic only, as the paper counts it (scalar dtype, default f64); every other
//            layer goes to `program.excluded` with the reason "the paper's count leaves it out".
//   scalar — a plain scalar loop nest per layer (default f32): every layer lowered, views excluded.
//   simd   — vectorised at the target's widest width (simd.ts); a target without vectors gets `scalar`.
//   int8   — quantised conv/FC with dot / sad forms (int8.ts); other layers on i16 lanes or scalar.
// Every form used is checked against the target's forms (UNKNOWN_FORM naming form and profile).

import { AddersimError, assertNever, groupDigits, withPath, type Kernel, type Program, type Stmt, type TargetCaps } from '../../isa/index.ts';
import type { ShapedGraph, ShapedLayer } from '../graph.ts';
import { detectVariant } from '../variants.ts';
import { lowerBinaryPaper, lowerBinaryScalar } from './binary.ts';
import { checkForms, kernel, LOWERINGS, type LowerCtx, type LoweringOptions } from './context.ts';
import { lowerAdderPaper, lowerAdderScalar, lowerMulPaper, lowerMulScalar } from './conv.ts';
import { isView, lowerCopy } from './data.ts';
import { lowerAdd, lowerBatchnorm, lowerEltwise, lowerHardtanh, lowerRelu, lowerSoftmax } from './elementwise.ts';
import { lowerDotInt8 } from './int8.ts';
import { lowerPool } from './pool.ts';
import { lowerBinarySimd, lowerDotSimd, lowerElementwiseSimd, lowerPoolSimd } from './simd.ts';
import { ARG, checkArgs } from '../../isa/api-args.ts';
import { z } from 'zod';
import { ELEMENT_TYPES, optionsOf } from '../../isa/index.ts';
import { VARIANTS } from '../variants.ts';

export { LOWERINGS, type LoweringName, type LoweringOptions } from './context.ts';

/** Used when the caller does not pick accumulators from the profile's add latency × throughput. */
export const DEFAULT_ACCUMULATORS = 4;

/**
 * Independent accumulators needed to keep a pipelined unit busy across a loop-carried add chain:
 * ⌈latency / reciprocal throughput⌉ (e.g. add latency 4, one per 0.5 cycle → 8), at least 1, at most `max`.
 */
export function accumulatorsToCover(latencyCycles: number, reciprocalThroughputCycles: number, max = 16): number {
  if (!(latencyCycles > 0) || !(reciprocalThroughputCycles > 0)) return 1;
  return Math.max(1, Math.min(max, Math.ceil(latencyCycles / reciprocalThroughputCycles)));
}

export const PAPER_EXCLUDED = "the paper's count leaves it out";

type Lowered = { body: readonly Stmt[]; note?: string } | { excluded: string };

function lowerPaper(l: ShapedLayer, ctx: LowerCtx): Lowered {
  switch (l.kind) {
    case 'conv2d':
    case 'linear':
    case 'convtranspose2d':
      return { body: lowerMulPaper(l, ctx) };
    case 'adder2d':
    case 'adderlinear':
      return { body: lowerAdderPaper(l, ctx) };
    case 'binconv2d':
    case 'binlinear':
      return { body: lowerBinaryPaper(l, ctx) };
    case 'batchnorm':
    case 'relu':
    case 'hardtanh':
    case 'maxpool':
    case 'avgpool':
    case 'globalavgpool':
    case 'add':
    case 'flatten':
    case 'concat':
    case 'softmax':
    case 'eltwise':
    case 'reduce':
    case 'reshape':
      return { excluded: PAPER_EXCLUDED };
    default:
      return assertNever(l, 'layer kind');
  }
}

function lowerScalar(l: ShapedLayer, ctx: LowerCtx, path: string): Lowered {
  switch (l.kind) {
    case 'conv2d':
    case 'linear':
    case 'convtranspose2d':
      return { body: lowerMulScalar(l, ctx) };
    case 'adder2d':
    case 'adderlinear':
      return { body: lowerAdderScalar(l, ctx) };
    case 'binconv2d':
    case 'binlinear':
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
    case 'maxpool':
    case 'avgpool':
    case 'globalavgpool':
    case 'reduce':
      return { body: lowerPool(l, ctx) };
    case 'flatten':
    case 'reshape':
    case 'concat':
      return isView(l) ? { excluded: 'a view: no data movement, no arithmetic' } : { body: lowerCopy(l, ctx) };
    default:
      return assertNever(l, 'layer kind');
  }
}

/** `simd`: vector kernels where the layer kind has one, the scalar nest (with a note) otherwise. */
function lowerSimd(l: ShapedLayer, ctx: LowerCtx, path: string): Lowered {
  const scalar = (why: string): Lowered => {
    const r = lowerScalar(l, ctx, path);
    return 'body' in r ? { body: r.body, note: why } : r;
  };
  switch (l.kind) {
    case 'conv2d':
    case 'linear':
      return { body: lowerDotSimd(l, ctx, 'mul') };
    case 'adder2d':
    case 'adderlinear':
      return { body: lowerDotSimd(l, ctx, 'adder') };
    case 'binconv2d':
    case 'binlinear': {
      const b = lowerBinarySimd(l, ctx);
      return b ? { body: b } : scalar('no vector xnor/popcount forms: scalar 64-bit words');
    }
    case 'batchnorm':
    case 'relu':
    case 'hardtanh':
    case 'add':
    case 'eltwise': {
      const b = lowerElementwiseSimd(l, ctx, path);
      return b ? { body: b } : scalar('no vector forms for this layer: scalar');
    }
    case 'maxpool':
    case 'avgpool':
    case 'globalavgpool': {
      const b = lowerPoolSimd(l, ctx);
      return b ? { body: b } : scalar('no vector forms for this layer: scalar');
    }
    case 'convtranspose2d':
    case 'softmax':
    case 'reduce':
    case 'flatten':
    case 'reshape':
    case 'concat':
      return scalar('lowered scalar in simd');
    default:
      return assertNever(l, 'layer kind');
  }
}

/** `int8`: quantised conv/FC; element-wise layers and pooling on i16 lanes; the rest as in `simd`/scalar f32. */
function lowerInt8(l: ShapedLayer, ctx: LowerCtx, path: string, padding: { terms: number }): Lowered {
  switch (l.kind) {
    case 'conv2d':
    case 'linear':
    case 'adder2d':
    case 'adderlinear': {
      const r = lowerDotInt8(l, ctx, l.kind === 'conv2d' || l.kind === 'linear' ? 'mul' : 'adder');
      padding.terms += r.paddingTerms;
      return { body: r.body };
    }
    case 'batchnorm':
    case 'relu':
    case 'hardtanh':
    case 'add':
    case 'maxpool':
    case 'avgpool':
    case 'globalavgpool': {
      const q: LowerCtx = { ...ctx, dtype: 'i16', padRemainder: true };
      const b = l.kind === 'maxpool' || l.kind === 'avgpool' || l.kind === 'globalavgpool' ? lowerPoolSimd(l, q) : lowerElementwiseSimd(l, q, path);
      if (b) return { body: b };
      const r = lowerScalar(l, { ...ctx, dtype: 'f32' }, path);
      return 'body' in r ? { body: r.body, note: 'no i16 vector forms: scalar f32' } : r;
    }
    case 'binconv2d':
    case 'binlinear':
    case 'eltwise':
    case 'softmax':
    case 'reduce':
    case 'convtranspose2d':
    case 'flatten':
    case 'reshape':
    case 'concat':
      return lowerSimd(l, { ...ctx, dtype: 'f32' }, path);
    default:
      return assertNever(l, 'layer kind');
  }
}

/** LoweringOptions as the API checks them (plain JavaScript callers): every key, nothing else. */
const loweringOptionsSchema = optionsOf<LoweringOptions>()({
  lowering: z.enum(LOWERINGS),
  dtype: z.enum(ELEMENT_TYPES).optional(),
  accumulators: z.number().int().min(1).max(64).optional(),
  variant: z.enum(VARIANTS).optional(),
  allowUnknown: z.boolean().optional(),
});

/**
 * Lowers a shaped graph to a kernel program (the instructions each layer runs) for a lowering (`paper`,
 * `scalar`, `simd`, `int8`) and the target's capabilities (`targetCaps(profile)`); schedule it with
 * `scheduleProgram`. Layers the target cannot run are errors naming the layer.
 * @example
 * const nano = loadProfile('via-nano-2000');
 * const { graph } = await loadModel('lenet5-bn');
 * const program = lower(graph, { lowering: 'paper', variant: 'cnn' }, targetCaps(nano));
 * scheduleProgram(program, nano, 'serial').cycles;          // 2,499,120
 */
export function lower(graph: ShapedGraph, opts: LoweringOptions, caps: TargetCaps): Program {
  checkArgs('lower', [
    ['graph', ARG.shapedGraph, graph],
    ['opts', loweringOptionsSchema, opts],
    ['caps', ARG.caps, caps],
  ]);
  const ctx: LowerCtx = {
    caps,
    lowering: opts.lowering,
    dtype: opts.dtype ?? (opts.lowering === 'paper' ? 'f64' : 'f32'),
    accumulators: opts.accumulators ?? DEFAULT_ACCUMULATORS,
  };
  const kernels: Kernel[] = [];
  const excluded: { layer: string; kind: string; reason: string }[] = [];
  const notes: string[] = [];
  const fallbacks = new Map<string, string[]>();
  const padding = { terms: 0 };
  const vectorless = (opts.lowering === 'simd' || opts.lowering === 'int8') && caps.vectorBits === 0;
  if (vectorless) notes.push(`${opts.lowering} lowering: profile ${caps.name} has no vector forms; every layer lowered scalar`);
  for (const l of graph.layers) {
    const path = `${graph.name}: layer ${l.name}`;
    let r: Lowered;
    try {
      switch (opts.lowering) {
        case 'paper':
          r = lowerPaper(l, ctx);
          break;
        case 'scalar':
          r = lowerScalar(l, ctx, path);
          break;
        case 'simd':
          r = vectorless ? lowerScalar(l, ctx, path) : lowerSimd(l, ctx, path);
          break;
        case 'int8':
          r = vectorless ? lowerScalar(l, ctx, path) : lowerInt8(l, ctx, path, padding);
          break;
        default:
          return assertNever(opts.lowering, 'lowering');
      }
    } catch (e) {
      if (!(opts.allowUnknown && e instanceof AddersimError && e.code === 'UNKNOWN_OP')) throw withPath(e, path);
      r = { excluded: e.message };
    }
    if ('excluded' in r) {
      excluded.push({ layer: l.name, kind: l.kind, reason: r.excluded });
      continue;
    }
    if (r.note) fallbacks.set(r.note, [...(fallbacks.get(r.note) ?? []), l.name]);
    const k = kernel(l, ctx, r.body);
    checkForms(k, caps);
    kernels.push(k);
  }
  for (const [why, layers] of fallbacks) notes.push(`${why}: ${layers.length} layer(s) (${layers.slice(0, 5).join(', ')}${layers.length > 5 ? ', …' : ''})`);
  if (padding.terms > 0) notes.push(`int8: ${groupDigits(padding.terms)} zero-padding terms beyond the MACs (K not a multiple of 16 bytes)`);
  const variant = opts.variant ?? detectVariant(graph);
  // named by variant: variants side by side print their notes together, and their counts differ
  if (opts.lowering === 'simd')
    notes.push(
      `simd lowering (${variant}): ${ctx.dtype}, ${ctx.accumulators} accumulator(s)${opts.accumulators === undefined ? ' (default; pass accumulators to cover the add latency)' : ''}`,
    );
  if (opts.lowering === 'paper')
    notes.push(`paper lowering: conv/FC arithmetic only, scalar ${ctx.dtype}; ${excluded.length} other layer(s) left out as the paper's count does`);
  return { model: graph.name, variant, lowering: opts.lowering, kernels, excluded, notes };
}
