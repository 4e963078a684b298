// Shape inference: every layer's input and output shapes (per sample, no batch dimension), with
// errors naming the file and layer. Feature maps are [C, H, W], vectors [F].

import { AddersimError, assertNever } from '../isa/index.ts';
import type { Graph, Layer, Shape, ShapedGraph, ShapedLayer } from './graph.ts';
import { ARG, checkArgs } from '../isa/api-args.ts';

/** [top, left, bottom, right] from the 2- or 4-value padding attribute. */
export function pads(p: readonly number[]): readonly [number, number, number, number] {
  return p.length === 4 ? [p[0]!, p[1]!, p[2]!, p[3]!] : [p[0]!, p[1]!, p[0]!, p[1]!];
}

export function numel(s: Shape): number {
  let n = 1;
  for (const d of s) n *= d;
  return n;
}

const show = (s: Shape): string => `[${s.join(', ')}]`;

/** A feature map whose element count passes 2^53 cannot be counted exactly: refused, naming the layer. */
function checkElements(s: Shape, what: string, at: string): void {
  if (s.some((d) => !Number.isSafeInteger(d) || d < 1)) return; // reported as an empty/bad shape by the caller
  let n = 1n;
  for (const d of s) n *= BigInt(d);
  if (n > BigInt(Number.MAX_SAFE_INTEGER))
    throw new AddersimError('OVERFLOW', `${what} ${show(s)} has ${n} elements per sample, past 2^53: counts could not be exact`, at);
}

export function inferShapes(graph: Graph, file?: string): ShapedGraph {
  checkArgs('inferShapes', [
    ['graph', ARG.graph, graph],
    ['file', ARG.text.optional(), file],
  ]);
  const where = file ?? graph.name;
  checkElements(graph.input.shape, 'the input', `${where}: input.shape`);
  const shapes = new Map<string, Shape>([[graph.input.name, graph.input.shape]]);
  const layers: ShapedLayer[] = graph.layers.map((l, i) => {
    const at = `${where}: layers[${i}] (${l.name})`;
    const inShapes = l.inputs.map((n, j) => {
      const s = shapes.get(n);
      if (!s) throw new AddersimError('BAD_INPUT', `unknown input "${n}"`, `${where}: layers[${i}].inputs[${j}]`);
      return s;
    });
    const outShape = layerShape(l, inShapes, at);
    checkElements(outShape, `${l.kind} output`, at);
    if (outShape.some((d) => !Number.isSafeInteger(d) || d < 1)) {
      throw new AddersimError('SHAPE_MISMATCH', `${l.kind} gives an empty output ${show(outShape)} for input ${show(inShapes[0] ?? [])}`, at);
    }
    shapes.set(l.name, outShape);
    return { ...l, inShapes, outShape };
  });
  return { ...graph, layers };
}

function fail(at: string, msg: string): never {
  throw new AddersimError('SHAPE_MISMATCH', msg, at);
}

function one(l: Layer, ins: readonly Shape[], at: string): Shape {
  if (ins.length !== 1) fail(at, `${l.kind} takes one input, got ${ins.length}`);
  return ins[0]!;
}

function chw(l: Layer, ins: readonly Shape[], at: string): readonly [number, number, number] {
  const s = one(l, ins, at);
  if (s.length !== 3) fail(at, `${l.kind} needs a [C, H, W] input, got ${show(s)}`);
  return [s[0]!, s[1]!, s[2]!];
}

/** Output size of a sliding window along one axis (floor, or PyTorch's ceil mode). */
function windowOut(size: number, k: number, s: number, padLo: number, padHi: number, dil: number, ceil: boolean): number {
  const span = size + padLo + padHi - dil * (k - 1) - 1;
  if (span < 0) return 0;
  if (!ceil) return Math.floor(span / s) + 1;
  let out = Math.ceil(span / s) + 1;
  // PyTorch: the last window must start inside the input or the left padding.
  if ((out - 1) * s >= size + padLo) out--;
  return out;
}

function layerShape(l: Layer, ins: readonly Shape[], at: string): Shape {
  switch (l.kind) {
    case 'conv2d':
    case 'adder2d':
    case 'binconv2d': {
      const [c, h, w] = chw(l, ins, at);
      if (c % l.groups !== 0) fail(at, `input channels ${c} are not divisible by groups ${l.groups}`);
      if (l.outChannels % l.groups !== 0) fail(at, `output channels ${l.outChannels} are not divisible by groups ${l.groups}`);
      const [pt, pl, pb, pr] = pads(l.padding);
      const oh = windowOut(h, l.kernel[0], l.stride[0], pt, pb, l.dilation[0], false);
      const ow = windowOut(w, l.kernel[1], l.stride[1], pl, pr, l.dilation[1], false);
      if (oh < 1 || ow < 1) fail(at, `kernel ${l.kernel.join('×')} does not fit the padded input ${show([c, h, w])}`);
      return [l.outChannels, oh, ow];
    }
    case 'convtranspose2d': {
      const [c, h, w] = chw(l, ins, at);
      if (c % l.groups !== 0) fail(at, `input channels ${c} are not divisible by groups ${l.groups}`);
      if (l.outChannels % l.groups !== 0) fail(at, `output channels ${l.outChannels} are not divisible by groups ${l.groups}`);
      const [pt, pl, pb, pr] = pads(l.padding);
      for (let i = 0; i < 2; i++) {
        if (l.outputPadding[i]! >= Math.max(l.stride[i]!, l.dilation[i]!))
          fail(at, `outputPadding ${l.outputPadding.join('×')} must be below the stride or the dilation of each axis`);
      }
      const oh = (h - 1) * l.stride[0] - pt - pb + l.dilation[0] * (l.kernel[0] - 1) + l.outputPadding[0] + 1;
      const ow = (w - 1) * l.stride[1] - pl - pr + l.dilation[1] * (l.kernel[1] - 1) + l.outputPadding[1] + 1;
      if (oh < 1 || ow < 1) fail(at, `padding removes the whole output of ${l.kind}`);
      return [l.outChannels, oh, ow];
    }
    case 'linear':
    case 'adderlinear':
    case 'binlinear': {
      const s = one(l, ins, at);
      if (s.length !== 1) fail(at, `${l.kind} needs a [F] input, got ${show(s)} (add a flatten layer before it)`);
      return [l.outFeatures];
    }
    case 'batchnorm':
    case 'relu':
    case 'hardtanh':
    case 'softmax':
      return one(l, ins, at);
    case 'maxpool':
    case 'avgpool': {
      const [c, h, w] = chw(l, ins, at);
      const stride = l.stride ?? l.kernel;
      const [pt, pl, pb, pr] = pads(l.padding);
      if (pt * 2 > l.kernel[0] || pb * 2 > l.kernel[0] || pl * 2 > l.kernel[1] || pr * 2 > l.kernel[1]) {
        fail(at, `padding ${l.padding.join(', ')} is more than half the window ${l.kernel.join('×')}`);
      }
      const oh = windowOut(h, l.kernel[0], stride[0], pt, pb, 1, l.ceilMode);
      const ow = windowOut(w, l.kernel[1], stride[1], pl, pr, 1, l.ceilMode);
      if (oh < 1 || ow < 1) fail(at, `window ${l.kernel.join('×')} does not fit the input ${show([c, h, w])}`);
      return [c, oh, ow];
    }
    case 'globalavgpool': {
      const [c] = chw(l, ins, at);
      return [c, 1, 1];
    }
    case 'add': {
      if (ins.length < 2) fail(at, `add takes at least two inputs, got ${ins.length}`);
      const s0 = ins[0]!;
      ins.forEach((s, j) => {
        if (s.length !== s0.length || s.some((d, k) => d !== s0[k])) {
          fail(at, `add inputs must have equal shapes: inputs[0] (${l.inputs[0]}) is ${show(s0)}, inputs[${j}] (${l.inputs[j]}) is ${show(s)}`);
        }
      });
      return s0;
    }
    case 'flatten':
      return [numel(one(l, ins, at))];
    case 'concat': {
      if (ins.length < 1) fail(at, 'concat needs inputs');
      const s0 = ins[0]!;
      if (l.axis >= s0.length) fail(at, `axis ${l.axis} is out of range for rank ${s0.length}`);
      let total = 0;
      ins.forEach((s, j) => {
        if (s.length !== s0.length || s.some((d, k) => k !== l.axis && d !== s0[k])) {
          fail(at, `concat inputs must match except on axis ${l.axis}: ${show(s0)} vs inputs[${j}] (${l.inputs[j]}) ${show(s)}`);
        }
        total += s[l.axis]!;
      });
      return s0.map((d, k) => (k === l.axis ? total : d));
    }
    case 'eltwise':
      return broadcast(ins, l, at);
    case 'reduce': {
      const s = one(l, ins, at);
      for (const a of l.axes) if (a >= s.length) fail(at, `reduce axis ${a} is out of range for ${show(s)}`);
      const axes = new Set(l.axes);
      const out = l.keepDims ? s.map((d, k) => (axes.has(k) ? 1 : d)) : s.filter((_d, k) => !axes.has(k));
      return out.length ? out : [1];
    }
    case 'reshape': {
      const s = one(l, ins, at);
      // A `note` marks data movement that changes the element count (slice, pad, gather).
      if (l.note === undefined && numel(s) !== numel(l.shape)) {
        fail(at, `reshape from ${show(s)} (${numel(s)} elements) to ${show(l.shape)} (${numel(l.shape)} elements)`);
      }
      return l.shape;
    }
    default:
      return assertNever(l, 'layer kind');
  }
}

/** NumPy broadcasting (right-aligned; each dimension equal or 1): covers equal shapes and scalars. */
function broadcast(ins: readonly Shape[], l: Layer, at: string): Shape {
  if (ins.length < 1) fail(at, 'eltwise needs at least one input');
  const rank = ins.reduce((r, s) => Math.max(r, s.length), 0);
  const out: number[] = new Array<number>(rank).fill(1);
  for (const [j, s] of ins.entries()) {
    for (let k = 0; k < s.length; k++) {
      const o = rank - s.length + k;
      const d = s[k]!;
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) out[o] = d;
      else fail(at, `eltwise inputs do not broadcast: inputs[${j}] (${l.inputs[j]}) is ${show(s)} against ${show(out)}`);
    }
  }
  return out;
}
