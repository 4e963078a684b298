// Window geometry of convolutions and pooling (explicit pads, auto_pad, ceil mode, transposed
// convolutions), shared by the inference rules and the mapping onto the graph IR.

import { AddersimError, badInput } from '../../isa/index.ts';
import type { OnnxNode } from './model.ts';
import type { TInfo } from './values.ts';

export interface WindowGeometry {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
  /** [top, left, bottom, right] */
  pads: [number, number, number, number];
  out: [number, number];
}

/** Output sizes and explicit pads ([begin…, end…]) of a sliding window over any number of spatial axes. */
export function windowOut(
  node: OnnxNode,
  inShape: readonly number[],
  kernel: readonly number[],
  ceil: boolean,
): { out: number[]; pads: number[]; strides: number[]; dilations: number[] } {
  const n = kernel.length;
  if (inShape.length !== n + 2 || n < 1) {
    throw new AddersimError('SHAPE_MISMATCH', `a ${n}-D window needs a rank-${n + 2} input, got [${inShape.join(',')}]`, node.where);
  }
  const a = node.attrs;
  const strides = a.ints('strides') ?? new Array<number>(n).fill(1);
  const dil = a.ints('dilations') ?? new Array<number>(n).fill(1);
  let pads = a.ints('pads') ?? new Array<number>(2 * n).fill(0);
  const autoPad = a.str('auto_pad', 'NOTSET');
  if (strides.length !== n || dil.length !== n || pads.length !== 2 * n) throw badInput(`strides/dilations/pads do not match a ${n}-D kernel`, node.where);
  if (pads.some((p) => p < 0)) throw badInput(`pads must not be negative (cropping is not a window op), got [${pads.join(',')}]`, node.where);
  const ext = (i: number) => (kernel[i]! - 1) * dil[i]! + 1;
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = new Array<number>(2 * n).fill(0);
    for (let i = 0; i < n; i++) {
      const inp = inShape[2 + i]!;
      const total = Math.max(0, (Math.ceil(inp / strides[i]!) - 1) * strides[i]! + ext(i) - inp);
      const half = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? half : total - half;
      pads[i + n] = total - pads[i]!;
    }
  } else if (autoPad === 'VALID') {
    pads = new Array<number>(2 * n).fill(0);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (strides[i]! < 1 || dil[i]! < 1) throw badInput(`stride and dilation must be positive, got [${strides.join(',')}] and [${dil.join(',')}]`, node.where);
    const span = inShape[2 + i]! + pads[i]! + pads[i + n]! - ext(i);
    if (span < 0)
      throw new AddersimError('SHAPE_MISMATCH', `window ${ext(i)} larger than padded input ${inShape[2 + i]! + pads[i]! + pads[i + n]!}`, node.where);
    let o = (ceil ? Math.ceil(span / strides[i]!) : Math.floor(span / strides[i]!)) + 1;
    // PyTorch/ONNX Runtime rule: the last window must start inside the input or the left padding.
    if (ceil && (o - 1) * strides[i]! >= inShape[2 + i]! + pads[i]!) o--;
    out.push(o);
  }
  return { out, pads, strides, dilations: dil };
}

/** 2-D conv / pool window geometry on a [N, C, H, W] input (auto_pad resolved into explicit pads). */
export function windowGeometry(node: OnnxNode, inShape: readonly number[], kernel: readonly number[], ceil: boolean): WindowGeometry {
  if (inShape.length !== 4 || kernel.length !== 2) {
    throw new AddersimError('UNKNOWN_OP', `only 2-D windows have a layer kind (input rank ${inShape.length}, kernel rank ${kernel.length})`, node.where);
  }
  const g = windowOut(node, inShape, kernel, ceil);
  return {
    kernel: [kernel[0]!, kernel[1]!],
    strides: [g.strides[0]!, g.strides[1]!],
    dilations: [g.dilations[0]!, g.dilations[1]!],
    pads: [g.pads[0]!, g.pads[1]!, g.pads[2]!, g.pads[3]!],
    out: [g.out[0]!, g.out[1]!],
  };
}

/** Pads of a Pad node on a rank-r tensor as [begin…, end…] (for pattern recognition). */
export function padsOf(node: OnnxNode, info: ReadonlyMap<string, TInfo>, opset: number): readonly number[] | undefined {
  if (opset >= 11) return info.get(node.inputs[1] ?? '')?.value();
  return node.attrs.ints('pads') ?? node.attrs.ints('paddings');
}

export function convTransposeOut(
  node: OnnxNode,
  x: readonly number[],
  w: readonly number[],
): { out: [number, number]; pads: [number, number, number, number]; outputPadding: [number, number] } {
  const a = node.attrs;
  const k = a.ints('kernel_shape') ?? w.slice(2);
  const s = a.ints('strides') ?? [1, 1];
  const d = a.ints('dilations') ?? [1, 1];
  const op = a.ints('output_padding') ?? [0, 0];
  let pads = a.ints('pads') ?? [0, 0, 0, 0];
  const outputShape = a.ints('output_shape');
  const autoPad = a.str('auto_pad', 'NOTSET');
  if (pads.length !== 4 || pads.some((p) => p < 0)) throw badInput(`pads must be 4 numbers, none negative, got [${pads.join(',')}]`, node.where);
  for (let i = 0; i < 2; i++) {
    if (!(op[i]! >= 0 && op[i]! < Math.max(s[i]!, d[i]!)))
      throw badInput(`output_padding [${op.join(',')}] must be below the stride or the dilation of each axis ([${s.join(',')}], [${d.join(',')}])`, node.where);
  }
  const full = (i: number) => s[i]! * (x[2 + i]! - 1) + op[i]! + (k[i]! - 1) * d[i]! + 1;
  if (outputShape || autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const target = outputShape ? outputShape.slice(-2) : [x[2]! * s[0]!, x[3]! * s[1]!];
    pads = [0, 0, 0, 0];
    for (let i = 0; i < 2; i++) {
      const total = Math.max(0, full(i) - target[i]!);
      const half = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? half : total - half;
      pads[i + 2] = total - pads[i]!;
    }
  }
  return {
    out: [full(0) - pads[0]! - pads[2]!, full(1) - pads[1]! - pads[3]!],
    pads: [pads[0]!, pads[1]!, pads[2]!, pads[3]!],
    outputPadding: [op[0]!, op[1]!],
  };
}

/** [top, left, bottom, right] → the IR's symmetric pair when possible. */
export function irPadding(p: readonly [number, number, number, number]): [number, number] | [number, number, number, number] {
  return p[0] === p[2] && p[1] === p[3] ? [p[0], p[1]] : [p[0], p[1], p[2], p[3]];
}

export function sameShape(p: readonly number[], q: readonly number[]): boolean {
  return p.length === q.length && p.every((d, i) => d === q[i]);
}
