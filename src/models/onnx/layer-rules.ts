// The mapping of ONNX ops onto the graph IR, one rule per op (LAYER_RULES), beside the inference rules
// (rules.ts RULES). Every op with an inference rule is exactly one of: a layer (a rule here), a data
// movement (DATA_MOVEMENT_OPS: a reshape/flatten layer, or an alias when the shape is unchanged), or
// shape-only (SHAPE_ONLY_OPS: evaluated on constants and shapes only; on activations it is an unknown
// op). test/models/onnx/layer-rules.test.ts checks the three tables against RULES. convert.ts runs the
// rules after folding recognised patterns (AdderNet unfold subgraphs, binarising Signs, bias Adds) and
// excluding static nodes.

import type { Layer } from '../graph.ts';
import { convTransposeOut, irPadding, sameShape, windowGeometry } from './geometry.ts';
import type { Attrs, OnnxModel, OnnxNode } from './model.ts';
import { numel } from './tensor.ts';
import type { TInfo } from './values.ts';

/** A layer before naming (distributes over the kinds). */
export type Draft = { [K in Layer['kind']]: Omit<Extract<Layer, { kind: K }>, 'name'> & { name?: string } }[Layer['kind']];

/** What a rule may use of the conversion (convert.ts). */
export interface LayerContext {
  readonly model: OnnxModel;
  readonly info: ReadonlyMap<string, TInfo>;
  readonly consumers: ReadonlyMap<string, readonly OnnxNode[]>;
  readonly recognised: { adder: number; binary: number; biasAdds: number };
  /** The tensor's facts (an error at the node when none are known). */
  get(name: string, node: OnnxNode): TInfo;
  /** Per-sample shape of an activation (its shape without the batch dimension). */
  ps(name: string, node: OnnxNode): number[];
  /** The layer (or graph input) an activation comes from. */
  refOf(name: string, node: OnnxNode): string;
  setRef(tensor: string, layer: string): void;
  /** Adds the layer, named after the node unless the draft names it; its output is `out`. */
  emit(node: OnnxNode, layer: Draft, out: string, work: number): string;
  /** `to` is `from` (a no-op node). */
  alias(node: OnnxNode, from: string, to: string): void;
  /** An op (or use of an op) without a rule: an error, or with allowUnknown a listed exclusion. */
  noRule(node: OnnxNode, why: string): void;
  /** The folded Sign whose output reaches `tensor` through pure reshapes, if any. */
  signOf(tensor: string): OnnxNode | undefined;
  /** Folds a following Add of a per-channel constant into a conv/FC without bias (true: folded). */
  tryFoldBias(out: string, channels: number, rank: number): boolean;
}

/** A node as the rules see it: its activation inputs, the first one, its first output. */
export interface NodeView {
  readonly node: OnnxNode;
  readonly acts: readonly string[];
  readonly x: string;
  readonly out: string;
  readonly a: Attrs;
  /** The only activation input is the first input (the others are constants). */
  readonly onlyFirstInputActive: boolean;
}

export type LayerRule = (c: LayerContext, v: NodeView) => void;

const ELTWISE_FN: ReadonlyMap<string, string> = new Map(
  Object.entries({
    Sigmoid: 'sigmoid',
    Tanh: 'tanh',
    Sign: 'sign',
    Neg: 'neg',
    Abs: 'abs',
    LeakyRelu: 'leakyrelu',
    HardSigmoid: 'hardsigmoid',
    HardSwish: 'hardswish',
    Elu: 'elu',
    Selu: 'selu',
    Softplus: 'softplus',
    Softsign: 'softsign',
    Exp: 'exp',
    Log: 'log',
    Sqrt: 'sqrt',
    Reciprocal: 'reciprocal',
    Erf: 'erf',
    Mish: 'mish',
    PRelu: 'prelu',
    Floor: 'floor',
    Ceil: 'ceil',
    Round: 'round',
    LogSoftmax: 'logsoftmax',
    InstanceNormalization: 'instancenorm',
    LRN: 'lrn',
  }),
);
const BINARY_FN: ReadonlyMap<string, string> = new Map(
  Object.entries({ Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div', Pow: 'pow', Max: 'max', Min: 'min', Sum: 'add' }),
);

/** Ops that move or reshape data: a reshape/flatten layer (no work), or an alias when the shape stays. */
export const DATA_MOVEMENT_OPS: ReadonlySet<string> = new Set([
  'Reshape',
  'Flatten',
  'Squeeze',
  'Unsqueeze',
  'Transpose',
  'Slice',
  'Gather',
  'Pad',
  'Expand',
  'Tile',
  'Cast',
  'Identity',
  'Dropout',
  'Split',
]);
/** Ops with an inference rule that only ever take part in shape arithmetic or constants here: on
 *  activations they are unknown ops (an error, or excluded with --allow-unknown). */
export const SHAPE_ONLY_OPS: ReadonlySet<string> = new Set([
  'Shape',
  'Size',
  'Constant',
  'ConstantOfShape',
  'Range',
  'Equal',
  'Less',
  'Greater',
  'LessOrEqual',
  'GreaterOrEqual',
  'And',
  'Or',
  'Not',
  'Mod',
  'Where',
  'LpPool',
  'ReduceMin',
  'ReduceProd',
  'ReduceL2',
  'ReduceL1',
  'ReduceSumSquare',
  'ReduceLogSumExp',
]);

const conv: LayerRule = (c, { node, x, out, a, onlyFirstInputActive }) => {
  if (!onlyFirstInputActive) return c.noRule(node, 'Conv with a non-constant weight or bias');
  const xs = c.get(x, node).shape;
  if (xs.length !== 4) return c.noRule(node, `${xs.length - 2}-D Conv has no layer kind (only 2-D)`);
  const w = c.get(node.inputs[1]!, node).shape;
  const g = windowGeometry(node, xs, a.ints('kernel_shape') ?? w.slice(2), false);
  const binary = c.signOf(x) !== undefined;
  if (binary) c.recognised.binary++;
  const bias = node.inputs[2] !== undefined && node.inputs[2] !== '';
  const folded = !bias && c.tryFoldBias(out, w[0]!, 4);
  c.emit(
    node,
    {
      kind: binary ? 'binconv2d' : 'conv2d',
      inputs: [c.refOf(x, node)],
      outChannels: w[0]!,
      kernel: g.kernel,
      stride: g.strides,
      padding: irPadding(g.pads),
      dilation: g.dilations,
      groups: a.int('group', 1),
      bias: bias || folded,
    },
    out,
    numel(c.ps(out, node)) * w[1]! * g.kernel[0] * g.kernel[1],
  );
  if (folded) c.recognised.biasAdds++;
};

const convTranspose: LayerRule = (c, { node, x, out, a, onlyFirstInputActive }) => {
  if (!onlyFirstInputActive) return c.noRule(node, 'ConvTranspose with a non-constant weight');
  const xs = c.get(x, node).shape;
  const w = c.get(node.inputs[1]!, node).shape;
  const g = convTransposeOut(node, xs, w);
  const group = a.int('group', 1);
  c.emit(
    node,
    {
      kind: 'convtranspose2d',
      inputs: [c.refOf(x, node)],
      outChannels: w[1]! * group,
      kernel: [w[2]!, w[3]!],
      stride: (a.ints('strides') ?? [1, 1]) as [number, number],
      padding: irPadding(g.pads),
      dilation: (a.ints('dilations') ?? [1, 1]) as [number, number],
      groups: group,
      bias: node.inputs[2] !== undefined && node.inputs[2] !== '',
      outputPadding: g.outputPadding,
    },
    out,
    numel(c.ps(x, node)) * w[1]! * w[2]! * w[3]!,
  );
};

const matrixProduct: LayerRule = (c, { node, x, out, a, onlyFirstInputActive }) => {
  const xs = c.get(x, node).shape;
  const w = c.get(node.inputs[1] ?? '', node).shape;
  if (!onlyFirstInputActive || w.length !== 2 || xs.length !== 2 || (node.opType === 'Gemm' && a.int('transA', 0) === 1)) {
    return c.noRule(node, `${node.opType} other than activation [N, K] × constant weight`);
  }
  const outF = node.opType === 'Gemm' && a.int('transB', 0) === 1 ? w[0]! : w[1]!;
  const binary = c.signOf(x) !== undefined;
  if (binary) c.recognised.binary++;
  const bias = node.opType === 'Gemm' && node.inputs[2] !== undefined && node.inputs[2] !== '';
  const folded = !bias && c.tryFoldBias(out, outF, 2);
  if (folded) c.recognised.biasAdds++;
  c.emit(node, { kind: binary ? 'binlinear' : 'linear', inputs: [c.refOf(x, node)], outFeatures: outF, bias: bias || folded }, out, xs[1]! * outF);
};

/** One op per output element, a layer of `kind` on the first input. */
const perElement =
  (kind: 'batchnorm' | 'relu' | 'softmax'): LayerRule =>
  (c, { node, x, out }) => {
    c.emit(node, { kind, inputs: [c.refOf(x, node)] }, out, numel(c.ps(out, node)));
  };

const clip: LayerRule = (c, { node, x, out, a }) => {
  const [lo, hi] =
    c.model.opset >= 11 ? [c.info.get(node.inputs[1] ?? '')?.value()?.[0], c.info.get(node.inputs[2] ?? '')?.value()?.[0]] : [a.float('min'), a.float('max')];
  const inputs = [c.refOf(x, node)];
  if (lo === 0 && (hi === undefined || hi >= 3.4e38)) c.emit(node, { kind: 'relu', inputs }, out, numel(c.ps(out, node)));
  else if (lo === -1 && hi === 1) c.emit(node, { kind: 'hardtanh', inputs }, out, numel(c.ps(out, node)));
  else c.emit(node, { kind: 'eltwise', fn: 'clip', inputs }, out, numel(c.ps(out, node)));
};

const resize: LayerRule = (c, { node, x, out, a }) => {
  const mode = a.str('mode', 'nearest');
  if (mode !== 'nearest' || node.inputs.slice(1).some((i) => i !== '' && !c.info.get(i)?.isStatic)) {
    return c.noRule(node, `${node.opType} in mode '${mode}' (only nearest-neighbour copying has a layer kind)`);
  }
  c.emit(node, { kind: 'reshape', inputs: [c.refOf(x, node)], shape: c.ps(out, node), note: `${node.opType} (nearest)` }, out, 0);
};

const pool: LayerRule = (c, { node, x, out, a }) => {
  if (node.outputs.length > 1 && (c.consumers.get(node.outputs[1]!)?.length ?? 0) > 0) return c.noRule(node, 'MaxPool indices output');
  const dil = a.ints('dilations');
  if (dil && dil.some((d) => d !== 1)) return c.noRule(node, 'dilated pooling');
  const ceil = c.model.opset >= 10 && a.int('ceil_mode', 0) === 1;
  if (c.get(x, node).shape.length !== 4) return c.noRule(node, `${c.get(x, node).shape.length - 2}-D pooling has no layer kind (only 2-D)`);
  const g = windowGeometry(node, c.get(x, node).shape, a.required(a.ints('kernel_shape'), 'kernel_shape'), ceil);
  c.emit(
    node,
    {
      kind: node.opType === 'MaxPool' ? 'maxpool' : 'avgpool',
      inputs: [c.refOf(x, node)],
      kernel: g.kernel,
      stride: g.strides,
      padding: irPadding(g.pads),
      ceilMode: ceil,
    },
    out,
    numel(c.ps(out, node)) * g.kernel[0] * g.kernel[1],
  );
};

const globalAveragePool: LayerRule = (c, { node, x, out }) => {
  if (c.get(x, node).shape.length !== 4) return c.noRule(node, 'GlobalAveragePool on a non-4-D tensor');
  c.emit(node, { kind: 'globalavgpool', inputs: [c.refOf(x, node)] }, out, numel(c.ps(x, node)));
};

const reduce: LayerRule = (c, { node, x, out, a }) => {
  const xs = c.get(x, node).shape;
  const fn = node.opType === 'ReduceSum' ? 'sum' : node.opType === 'ReduceMean' ? 'mean' : 'max';
  let axes: number[];
  let keep = true;
  if (node.opType === 'GlobalMaxPool') axes = xs.slice(2).map((_, i) => i + 2);
  else {
    const from = node.opType === 'ReduceSum' ? 13 : 18;
    const raw = c.model.opset >= from ? c.info.get(node.inputs[1] ?? '')?.value() : a.ints('axes');
    axes = (raw && raw.length > 0 ? [...raw] : xs.map((_, i) => i)).map((v) => (v < 0 ? v + xs.length : v));
    keep = a.int('keepdims', 1) === 1;
  }
  if (axes.includes(0)) return c.noRule(node, `${node.opType} over the batch axis`);
  c.emit(
    node,
    { kind: 'reduce', fn, axes: axes.map((v) => v - 1).sort((p, q) => p - q), keepDims: keep, inputs: [c.refOf(x, node)] },
    out,
    numel(c.ps(x, node)),
  );
};

const concat: LayerRule = (c, { node, acts, out, a }) => {
  const axis = a.int('axis', 0);
  const rank = c.get(out, node).shape.length;
  const ax = axis < 0 ? axis + rank : axis;
  if (acts.length !== node.inputs.filter((i) => i !== '').length || ax === 0)
    return c.noRule(node, 'Concat of activations with constants, or over the batch axis');
  c.emit(node, { kind: 'concat', axis: ax - 1, inputs: node.inputs.filter((i) => i !== '').map((i) => c.refOf(i, node)) }, out, numel(c.ps(out, node)));
};

/** Add, Sub, Mul, …: a residual add of same-shaped activations, x² for Pow(x, 2), else an eltwise layer. */
const binary =
  (fn: string): LayerRule =>
  (c, { node, acts, out }) => {
    const inputs = acts.map((i) => c.refOf(i, node));
    const shapes = acts.map((i) => c.ps(i, node));
    const exponent = node.opType === 'Pow' && acts.length === 1 ? c.info.get(node.inputs[1] ?? '')?.value() : undefined;
    if (exponent && exponent.length === 1 && exponent[0] === 2) {
      c.emit(node, { kind: 'eltwise', fn: 'mul', inputs: [inputs[0]!, inputs[0]!] }, out, numel(c.ps(out, node)));
      return;
    }
    const residual = (node.opType === 'Add' || node.opType === 'Sum') && acts.length === node.inputs.length && acts.length >= 2;
    if (residual && shapes.every((sh) => sameShape(sh, c.ps(out, node)))) c.emit(node, { kind: 'add', inputs }, out, numel(c.ps(out, node)));
    else c.emit(node, { kind: 'eltwise', fn, inputs }, out, numel(c.ps(out, node)));
  };

/** A one-input elementwise function with constant parameters. */
const eltwise =
  (fn: string): LayerRule =>
  (c, { node, x, out, onlyFirstInputActive }) => {
    if (!onlyFirstInputActive) return c.noRule(node, `${node.opType} with a non-constant parameter`);
    c.emit(node, { kind: 'eltwise', fn, inputs: [c.refOf(x, node)] }, out, numel(c.ps(out, node)));
  };

/** Data movement: every output an alias of the input when the shape is unchanged, else a reshape (a
 *  flatten to one dimension) layer without work. */
export const dataMovement: LayerRule = (c, { node, x, onlyFirstInputActive }) => {
  if (!onlyFirstInputActive) return c.noRule(node, `${node.opType} whose indices or shape depend on activations`);
  const inShape = c.ps(x, node);
  node.outputs.forEach((o, k) => {
    if (!o || (k > 0 && node.opType === 'Dropout')) return;
    const shape = c.ps(o, node);
    if (sameShape(inShape, shape)) {
      if (k === 0) c.alias(node, x, o);
      else c.setRef(o, c.refOf(x, node));
      return;
    }
    const name = k === 0 ? node.name : `${node.name}:${k}`;
    const flatten = (node.opType === 'Flatten' || node.opType === 'Reshape') && shape.length === 1;
    const layer: Draft = flatten
      ? { kind: 'flatten', name, inputs: [c.refOf(x, node)] }
      : { kind: 'reshape', name, inputs: [c.refOf(x, node)], shape, note: node.opType };
    c.emit(node, layer, o, 0);
  });
};

/** The layer rule of each op that maps to a computing layer. */
export const LAYER_RULES: ReadonlyMap<string, LayerRule> = new Map<string, LayerRule>([
  ['Conv', conv],
  ['ConvTranspose', convTranspose],
  ['Gemm', matrixProduct],
  ['MatMul', matrixProduct],
  ['BatchNormalization', perElement('batchnorm')],
  ['Relu', perElement('relu')],
  ['Softmax', perElement('softmax')],
  ['Clip', clip],
  ['Upsample', resize],
  ['Resize', resize],
  ['MaxPool', pool],
  ['AveragePool', pool],
  ['GlobalAveragePool', globalAveragePool],
  ['GlobalMaxPool', reduce],
  ['ReduceSum', reduce],
  ['ReduceMean', reduce],
  ['ReduceMax', reduce],
  ['Concat', concat],
  ...[...BINARY_FN].map(([op, fn]): [string, LayerRule] => [op, binary(fn)]),
  ...[...ELTWISE_FN].map(([op, fn]): [string, LayerRule] => [op, eltwise(fn)]),
]);

/** How an op maps: a layer, a data movement, shape-only, or (undefined) no rule at all. */
export function opClass(op: string): 'layer' | 'data-movement' | 'shape-only' | undefined {
  return LAYER_RULES.has(op) ? 'layer' : DATA_MOVEMENT_OPS.has(op) ? 'data-movement' : SHAPE_ONLY_OPS.has(op) ? 'shape-only' : undefined;
}
