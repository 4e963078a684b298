// The graph IR: layers with attributes, wired by name. The zod schema is the single source of truth
// for graph JSON files (`addersim/graph@1`) and for the in-memory graph. Shapes are per sample,
// without the batch dimension: [C, H, W] for feature maps, [F] for vectors.

import { z } from 'zod';

const pos = z.number().int().min(1);
const nonneg = z.number().int().min(0);
const pair = z.tuple([pos, pos]);
const pair0 = z.tuple([nonneg, nonneg]);

/** Arithmetic of a conv or FC layer: multiply-accumulate, AdderNet |x−w|, binary XNOR + popcount. */
export const ARITHS = ['mul', 'adder', 'binary'] as const;
export type Arith = (typeof ARITHS)[number];

const base = {
  name: z.string().min(1),
  /** Producer layer names (or the graph input's name). Omitted in a file: the previous layer. */
  inputs: z.array(z.string().min(1)).optional(),
};

const convAttrs = {
  outChannels: pos,
  kernel: pair,
  stride: pair.default([1, 1]),
  /** [top/bottom, left/right] symmetric padding, or 4 values [top, left, bottom, right]. */
  padding: z.union([pair0, z.tuple([nonneg, nonneg, nonneg, nonneg])]).default([0, 0]),
  dilation: pair.default([1, 1]),
  groups: pos.default(1),
  bias: z.boolean().default(false),
};

const linearAttrs = { outFeatures: pos, bias: z.boolean().default(true) };
const poolAttrs = {
  kernel: pair,
  stride: pair.optional(),
  padding: z.union([pair0, z.tuple([nonneg, nonneg, nonneg, nonneg])]).default([0, 0]),
  ceilMode: z.boolean().default(false),
};

export const layerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('conv2d'), ...convAttrs }),
  z.strictObject({ ...base, kind: z.literal('adder2d'), ...convAttrs }),
  z.strictObject({ ...base, kind: z.literal('binconv2d'), ...convAttrs }),
  z.strictObject({ ...base, kind: z.literal('linear'), ...linearAttrs }),
  z.strictObject({ ...base, kind: z.literal('adderlinear'), ...linearAttrs }),
  z.strictObject({ ...base, kind: z.literal('binlinear'), ...linearAttrs }),
  z.strictObject({ ...base, kind: z.literal('batchnorm') }),
  z.strictObject({ ...base, kind: z.literal('relu') }),
  z.strictObject({ ...base, kind: z.literal('hardtanh') }),
  z.strictObject({ ...base, kind: z.literal('maxpool'), ...poolAttrs }),
  z.strictObject({ ...base, kind: z.literal('avgpool'), ...poolAttrs }),
  z.strictObject({ ...base, kind: z.literal('globalavgpool') }),
  z.strictObject({ ...base, kind: z.literal('add') }),
  z.strictObject({ ...base, kind: z.literal('flatten') }),
  z.strictObject({ ...base, kind: z.literal('concat'), axis: nonneg.default(0) }),
  z.strictObject({ ...base, kind: z.literal('softmax') }),
  // Generic kinds, mainly for ONNX import:
  z.strictObject({ ...base, kind: z.literal('convtranspose2d'), ...convAttrs, outputPadding: pair0.default([0, 0]) }),
  /** Element-wise function of its inputs (ONNX Sigmoid, Mul, Div, LeakyRelu, …); costs per element by `fn`. */
  z.strictObject({ ...base, kind: z.literal('eltwise'), fn: z.string().min(1) }),
  /** Reduction over axes of the (batch-less) input shape; `fn` sum | mean | max. */
  z.strictObject({
    ...base,
    kind: z.literal('reduce'),
    fn: z.enum(['sum', 'mean', 'max']),
    axes: z.array(nonneg).min(1),
    keepDims: z.boolean().default(false),
  }),
  /** Data movement without arithmetic (reshape, transpose, slice, pad, gather): the output shape is given. */
  z.strictObject({ ...base, kind: z.literal('reshape'), shape: z.array(pos).min(1), note: z.string().optional() }),
]);

export type LayerFile = z.input<typeof layerSchema>;
export type Layer = z.output<typeof layerSchema> & { inputs: string[] };
export type LayerKind = Layer['kind'];

export const graphSchema = z.strictObject({
  schema: z.literal('addersim/graph@1'),
  name: z.string().min(1),
  description: z.string().optional(),
  input: z.strictObject({ name: z.string().min(1).default('input'), shape: z.array(pos).min(1).max(3) }),
  layers: z.array(layerSchema).min(1),
});

export type GraphFile = z.input<typeof graphSchema>;

export interface Graph {
  readonly schema: 'addersim/graph@1';
  readonly name: string;
  readonly description?: string;
  readonly input: { readonly name: string; readonly shape: readonly number[] };
  readonly layers: readonly Layer[];
}

export type Shape = readonly number[];

/** A layer with its input and output shapes, after shape inference. */
export type ShapedLayer = Layer & { readonly inShapes: readonly Shape[]; readonly outShape: Shape };

export interface ShapedGraph extends Graph {
  readonly layers: readonly ShapedLayer[];
}

export function arithOf(l: Layer): Arith | undefined {
  switch (l.kind) {
    case 'conv2d':
    case 'linear':
      return 'mul';
    case 'adder2d':
    case 'adderlinear':
      return 'adder';
    case 'binconv2d':
    case 'binlinear':
      return 'binary';
    default:
      return undefined;
  }
}
