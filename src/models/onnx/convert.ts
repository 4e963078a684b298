// Maps an inferred ONNX graph onto addersim's graph IR (per-sample shapes, batch dropped): one
// layer per computing node, recognised patterns (AdderNet unfold subgraphs, sign-binarised conv/FC,
// bias Adds) folded into one layer, shape arithmetic and constants excluded with a reason.

import { AddersimError } from '../../isa/index.ts';
import type { Graph, Layer } from '../graph.ts';
import type { ExclusionReason, OnnxCoverage } from './coverage.ts';
import { convTransposeOut, windowGeometry, type Inference, type TInfo } from './infer.ts';
import type { OnnxModel, OnnxNode } from './model.ts';
import { findAdderLayers, type AdderMatch } from './patterns.ts';
import { numel } from './tensor.ts';

const ELTWISE_FN: Readonly<Record<string, string>> = {
  Sigmoid: 'sigmoid', Tanh: 'tanh', Sign: 'sign', Neg: 'neg', Abs: 'abs', LeakyRelu: 'leakyrelu', HardSigmoid: 'hardsigmoid',
  HardSwish: 'hardswish', Elu: 'elu', Selu: 'selu', Softplus: 'softplus', Softsign: 'softsign', Exp: 'exp', Log: 'log',
  Sqrt: 'sqrt', Reciprocal: 'reciprocal', Erf: 'erf', Mish: 'mish', PRelu: 'prelu', Floor: 'floor', Ceil: 'ceil',
  Round: 'round', LogSoftmax: 'logsoftmax', InstanceNormalization: 'instancenorm', LRN: 'lrn',
  Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div', Pow: 'pow', Max: 'max', Min: 'min', Sum: 'add',
};
const eltwiseFn = (opType: string): string | undefined => (Object.hasOwn(ELTWISE_FN, opType) ? ELTWISE_FN[opType] : undefined);
const BINARY_OPS: ReadonlySet<string> = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum']);
const MOVEMENT_OPS: ReadonlySet<string> = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Slice', 'Gather', 'Pad', 'Expand', 'Tile', 'Cast', 'Identity', 'Dropout', 'Split']);
const BINARISABLE: ReadonlySet<string> = new Set(['Conv', 'Gemm', 'MatMul']);
/** Ops that only rearrange elements: a Sign before them still binarises the conv/FC after them. */
const RESHAPES: ReadonlySet<string> = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity', 'Dropout']);

/**
 * Sign nodes on activations whose every use, through pure reshapes, is the data input of a Conv,
 * Gemm or MatMul: those layers are binary (XNOR + popcount) and the Sign is part of them.
 */
function findBinarisingSigns(model: OnnxModel, info: ReadonlyMap<string, TInfo>, consumers: ReadonlyMap<string, readonly OnnxNode[]>): Set<OnnxNode> {
  const onlyBinarised = (tensor: string, depth: number): boolean => {
    const cs = consumers.get(tensor) ?? [];
    if (cs.length === 0 || model.outputs.includes(tensor) || depth > 16) return false;
    return cs.every((c) =>
      (BINARISABLE.has(c.opType) && c.inputs[0] === tensor && c.inputs.indexOf(tensor) === 0 && info.get(c.inputs[1] ?? '')?.isStatic === true) ||
      (RESHAPES.has(c.opType) && c.inputs[0] === tensor && onlyBinarised(c.outputs[0]!, depth + 1)));
  };
  return new Set(model.nodes.filter((n) => n.opType === 'Sign' && info.get(n.inputs[0] ?? '')?.isStatic === false && onlyBinarised(n.outputs[0]!, 0)));
}

type Category = 'counted' | 'folded' | 'excluded';
/** A layer before naming (distributes over the kinds). */
type Draft = { [K in Layer['kind']]: Omit<Extract<Layer, { kind: K }>, 'name'> & { name?: string } }[Layer['kind']];

export function toGraph(model: OnnxModel, inf: Inference, unknownNodes: ReadonlyMap<OnnxNode, string>, allowUnknown: boolean): { graph: Graph; coverage: OnnxCoverage } {
  const { info, batch } = inf;
  const file = model.file;
  const consumers = new Map<string, OnnxNode[]>();
  for (const n of model.nodes) {
    for (const i of new Set(n.inputs)) {
      if (!i) continue;
      const list = consumers.get(i);
      if (list) list.push(n);
      else consumers.set(i, [n]);
    }
  }
  const get = (name: string, node: OnnxNode): TInfo => {
    const t = info.get(name);
    if (!t) throw new AddersimError('BAD_INPUT', `no shape known for '${name}'`, node.where);
    return t;
  };

  const inputName = model.inputs[0]!.name;
  const layers: Layer[] = [];
  const layerNames = new Set<string>([inputName]);
  const ref = new Map<string, string>([[inputName, inputName]]);
  const cat = new Map<OnnxNode, { c: Category; reason?: ExclusionReason }>();
  const unknown: { node: string; opType: string; reason: string; work: number }[] = [];
  let work = 0;
  let excludedWork = 0;
  const recognised = { adder: 0, binary: 0, biasAdds: 0 };

  /** Per-sample shape of an activation: its ONNX shape without the leading batch dimension. */
  const ps = (name: string, node: OnnxNode): number[] => {
    const s = get(name, node).shape;
    if (s.length < 2 || s[0] !== batch) {
      throw new AddersimError('SHAPE_MISMATCH', `activation '${name}' of shape [${s.join(',')}] does not lead with the batch dimension ${batch}`, node.where);
    }
    return s.slice(1);
  };
  const refOf = (name: string, node: OnnxNode): string => {
    const r = ref.get(name);
    if (!r) throw new AddersimError('UNKNOWN_OP', `input '${name}' comes from an output addersim does not map`, node.where);
    return r;
  };
  const uniqueName = (want: string): string => {
    let n = want;
    for (let i = 2; layerNames.has(n); i++) n = `${want}#${i}`;
    layerNames.add(n);
    return n;
  };
  const emit = (node: OnnxNode, layer: Draft, out: string, layerWork: number): string => {
    const name = uniqueName(layer.name ?? node.name);
    layers.push({ ...layer, name } as Layer);
    ref.set(out, name);
    cat.set(node, { c: 'counted' });
    work += layerWork;
    return name;
  };
  const exclude = (node: OnnxNode, reason: ExclusionReason) => cat.set(node, { c: 'excluded', reason });
  const alias = (node: OnnxNode, from: string, to: string) => {
    ref.set(to, refOf(from, node));
    exclude(node, 'no-op');
  };
  /** An op (or use of an op) without a rule: an error, or with allowUnknown a listed exclusion. */
  const noRule = (node: OnnxNode, why: string): void => {
    if (!allowUnknown) throw new AddersimError('UNKNOWN_OP', `${why} (use --allow-unknown to list it as excluded and go on)`, node.where);
    excludeUnknown(node, why);
  };
  const excludeUnknown = (node: OnnxNode, why: string): void => {
    exclude(node, 'unknown op');
    const acts = node.inputs.filter((i) => i && info.get(i) && !info.get(i)!.isStatic && ref.has(i));
    let w = 0;
    // Work estimate: MACs for conv / matrix products, else one op per output element.
    const w0 = info.get(node.inputs[1] ?? '');
    const perOutput = node.opType === 'Conv' && w0 ? numel(w0.shape.slice(1))
      : (node.opType === 'MatMul' || node.opType === 'Gemm') && acts[0] ? info.get(acts[0])!.shape.at(-1)! : 1;
    node.outputs.forEach((o, k) => {
      const t = info.get(o);
      if (!o || !t || t.shape[0] !== batch || t.shape.length < 2) return;
      const shape = t.shape.slice(1);
      w += numel(shape) * (k === 0 ? perOutput : 1);
      const src = acts[0];
      if (src && sameShape(ps(src, node), shape)) ref.set(o, refOf(src, node));
      else if (src) {
        const name = uniqueName(k === 0 ? node.name : `${node.name}:${k}`);
        layers.push({ kind: 'reshape', name, inputs: [refOf(src, node)], shape, note: `excluded ${node.opType}: ${why}` });
        ref.set(o, name);
      }
    });
    unknown.push({ node: node.name, opType: node.opType, reason: why, work: w });
    excludedWork += w;
  };

  const adders = findAdderLayers(model, info, consumers, batch);
  const adderOf = new Map<OnnxNode, AdderMatch>();
  for (const m of adders) for (const n of m.nodes) adderOf.set(n, m);
  const foldedBias = new Set<OnnxNode>();
  const foldedSign = findBinarisingSigns(model, info, consumers);
  /** The folded Sign (if any) whose output reaches `tensor` through pure reshapes. */
  const signOf = (tensor: string): OnnxNode | undefined => {
    for (let p = info.get(tensor)?.producer; p; p = info.get(p.inputs[0] ?? '')?.producer) {
      if (foldedSign.has(p)) return p;
      if (!RESHAPES.has(p.opType)) return undefined;
    }
    return undefined;
  };

  /** Fold a following Add of a per-channel constant into a conv/FC without bias. */
  const tryFoldBias = (out: string, channels: number, rank: number): boolean => {
    const cs = consumers.get(out) ?? [];
    if (cs.length !== 1 || model.outputs.includes(out)) return false;
    const add = cs[0]!;
    if (add.opType !== 'Add' || add.inputs.length !== 2) return false;
    const other = info.get(add.inputs[0] === out ? add.inputs[1]! : add.inputs[0]!);
    if (!other?.isStatic || numel(other.shape) !== channels) return false;
    const s = other.shape;
    const perChannel = rank === 4 ? (s.length === 1 && channels === 1) || (s.length >= 3 && s[s.length - 3] === channels) : s[s.length - 1] === channels;
    if (!perChannel) return false;
    foldedBias.add(add);
    return true;
  };

  for (const node of model.nodes) {
    const m = adderOf.get(node);
    if (m) {
      cat.set(node, { c: 'folded' });
      if (node === m.anchor) {
        const cin = ps(m.input, node)[0]!;
        const out = ps(m.output, node);
        const common = { inputs: [refOf(m.input, node)], name: m.name };
        const layer: Draft = m.kind === 'adder2d'
          ? { ...common, kind: 'adder2d', outChannels: m.outChannels, kernel: m.kernel, stride: m.stride, padding: pad(m.padding), dilation: m.dilation, groups: 1, bias: false }
          : { ...common, kind: 'adderlinear', outFeatures: m.outChannels, bias: false };
        emit(node, layer, m.output, numel(out) * (m.kind === 'adder2d' ? cin * m.kernel[0] * m.kernel[1] : cin));
        recognised.adder++;
        cat.set(node, { c: 'folded' });
        cat.set(m.core, { c: 'counted' });
      }
      continue;
    }
    if (foldedBias.has(node)) {
      cat.set(node, { c: 'folded' });
      const src = node.inputs.find((i) => ref.has(i))!;
      ref.set(node.outputs[0]!, ref.get(src)!);
      continue;
    }
    if (foldedSign.has(node)) {
      cat.set(node, { c: 'folded' });
      ref.set(node.outputs[0]!, refOf(node.inputs[0]!, node));
      continue;
    }
    const outs = node.outputs.filter((o) => o && info.has(o));
    if (outs.length > 0 && outs.every((o) => info.get(o)!.isStatic)) {
      exclude(node, outs.some((o) => info.get(o)!.fromShape) ? 'shape arithmetic' : 'constant');
      continue;
    }
    const why = unknownNodes.get(node);
    if (why !== undefined) {
      excludeUnknown(node, why);
      continue;
    }
    const acts = node.inputs.filter((i) => i !== '' && info.get(i) && !info.get(i)!.isStatic);
    const x = acts[0]!;
    const out = node.outputs[0]!;
    const a = node.attrs;
    const onlyFirstInputActive = acts.length === 1 && node.inputs[0] === x;

    switch (node.opType) {
      case 'Conv': {
        if (!onlyFirstInputActive) { noRule(node, 'Conv with a non-constant weight or bias'); break; }
        const xs = get(x, node).shape;
        if (xs.length !== 4) { noRule(node, `${xs.length - 2}-D Conv has no layer kind (only 2-D)`); break; }
        const w = get(node.inputs[1]!, node).shape;
        const g = windowGeometry(node, xs, a.ints('kernel_shape') ?? w.slice(2), false);
        const binary = signOf(x) !== undefined;
        if (binary) recognised.binary++;
        const bias = node.inputs[2] !== undefined && node.inputs[2] !== '';
        const folded = !bias && tryFoldBias(out, w[0]!, 4);
        emit(node, {
          kind: binary ? 'binconv2d' : 'conv2d', inputs: [refOf(x, node)], outChannels: w[0]!, kernel: g.kernel, stride: g.strides,
          padding: pad(g.pads), dilation: g.dilations, groups: a.int('group', 1), bias: bias || folded,
        }, out, numel(ps(out, node)) * w[1]! * g.kernel[0] * g.kernel[1]);
        if (folded) recognised.biasAdds++;
        break;
      }
      case 'ConvTranspose': {
        if (!onlyFirstInputActive) { noRule(node, 'ConvTranspose with a non-constant weight'); break; }
        const xs = get(x, node).shape;
        const w = get(node.inputs[1]!, node).shape;
        const g = convTransposeOut(node, xs, w);
        const group = a.int('group', 1);
        emit(node, {
          kind: 'convtranspose2d', inputs: [refOf(x, node)], outChannels: w[1]! * group, kernel: [w[2]!, w[3]!],
          stride: (a.ints('strides') ?? [1, 1]) as [number, number], padding: pad(g.pads), dilation: (a.ints('dilations') ?? [1, 1]) as [number, number],
          groups: group, bias: node.inputs[2] !== undefined && node.inputs[2] !== '', outputPadding: g.outputPadding,
        }, out, numel(ps(x, node)) * w[1]! * w[2]! * w[3]!);
        break;
      }
      case 'Gemm':
      case 'MatMul': {
        const xs = get(x, node).shape;
        const w = get(node.inputs[1] ?? '', node).shape;
        if (!onlyFirstInputActive || w.length !== 2 || xs.length !== 2 || (node.opType === 'Gemm' && a.int('transA', 0) === 1)) {
          noRule(node, `${node.opType} other than activation [N, K] × constant weight`);
          break;
        }
        const outF = node.opType === 'Gemm' && a.int('transB', 0) === 1 ? w[0]! : w[1]!;
        const binary = signOf(x) !== undefined;
        if (binary) recognised.binary++;
        const bias = node.opType === 'Gemm' && node.inputs[2] !== undefined && node.inputs[2] !== '';
        const folded = !bias && tryFoldBias(out, outF, 2);
        if (folded) recognised.biasAdds++;
        emit(node, { kind: binary ? 'binlinear' : 'linear', inputs: [refOf(x, node)], outFeatures: outF, bias: bias || folded }, out, xs[1]! * outF);
        break;
      }
      case 'BatchNormalization':
        emit(node, { kind: 'batchnorm', inputs: [refOf(x, node)] }, out, numel(ps(out, node)));
        break;
      case 'Relu':
        emit(node, { kind: 'relu', inputs: [refOf(x, node)] }, out, numel(ps(out, node)));
        break;
      case 'Clip': {
        const [lo, hi] = model.opset >= 11
          ? [info.get(node.inputs[1] ?? '')?.value()?.[0], info.get(node.inputs[2] ?? '')?.value()?.[0]]
          : [a.float('min'), a.float('max')];
        const inputs = [refOf(x, node)];
        if (lo === 0 && (hi === undefined || hi >= 3.4e38)) emit(node, { kind: 'relu', inputs }, out, numel(ps(out, node)));
        else if (lo === -1 && hi === 1) emit(node, { kind: 'hardtanh', inputs }, out, numel(ps(out, node)));
        else emit(node, { kind: 'eltwise', fn: 'clip', inputs }, out, numel(ps(out, node)));
        break;
      }
      case 'Upsample':
      case 'Resize': {
        const mode = a.str('mode', 'nearest');
        if (mode !== 'nearest' || node.inputs.slice(1).some((i) => i !== '' && !info.get(i)?.isStatic)) {
          noRule(node, `${node.opType} in mode '${mode}' (only nearest-neighbour copying has a layer kind)`);
          break;
        }
        emit(node, { kind: 'reshape', inputs: [refOf(x, node)], shape: ps(out, node), note: `${node.opType} (nearest)` }, out, 0);
        break;
      }
      case 'Softmax':
        emit(node, { kind: 'softmax', inputs: [refOf(x, node)] }, out, numel(ps(out, node)));
        break;
      case 'MaxPool':
      case 'AveragePool': {
        if (node.outputs.length > 1 && (consumers.get(node.outputs[1]!)?.length ?? 0) > 0) { noRule(node, 'MaxPool indices output'); break; }
        const dil = a.ints('dilations');
        if (dil && dil.some((d) => d !== 1)) { noRule(node, 'dilated pooling'); break; }
        const ceil = model.opset >= 10 && a.int('ceil_mode', 0) === 1;
        if (get(x, node).shape.length !== 4) { noRule(node, `${get(x, node).shape.length - 2}-D pooling has no layer kind (only 2-D)`); break; }
        const g = windowGeometry(node, get(x, node).shape, a.required(a.ints('kernel_shape'), 'kernel_shape'), ceil);
        emit(node, {
          kind: node.opType === 'MaxPool' ? 'maxpool' : 'avgpool', inputs: [refOf(x, node)], kernel: g.kernel, stride: g.strides,
          padding: pad(g.pads), ceilMode: ceil,
        }, out, numel(ps(out, node)) * g.kernel[0] * g.kernel[1]);
        break;
      }
      case 'GlobalAveragePool':
        if (get(x, node).shape.length !== 4) { noRule(node, 'GlobalAveragePool on a non-4-D tensor'); break; }
        emit(node, { kind: 'globalavgpool', inputs: [refOf(x, node)] }, out, numel(ps(x, node)));
        break;
      case 'GlobalMaxPool':
      case 'ReduceSum':
      case 'ReduceMean':
      case 'ReduceMax': {
        const xs = get(x, node).shape;
        const fn = node.opType === 'ReduceSum' ? 'sum' : node.opType === 'ReduceMean' ? 'mean' : 'max';
        let axes: number[];
        let keep = true;
        if (node.opType === 'GlobalMaxPool') axes = xs.slice(2).map((_, i) => i + 2);
        else {
          const from = node.opType === 'ReduceSum' ? 13 : 18;
          const raw = model.opset >= from ? info.get(node.inputs[1] ?? '')?.value() : a.ints('axes');
          axes = (raw && raw.length > 0 ? [...raw] : xs.map((_, i) => i)).map((v) => (v < 0 ? v + xs.length : v));
          keep = a.int('keepdims', 1) === 1;
        }
        if (axes.includes(0)) { noRule(node, `${node.opType} over the batch axis`); break; }
        emit(node, { kind: 'reduce', fn, axes: axes.map((v) => v - 1).sort((p, q) => p - q), keepDims: keep, inputs: [refOf(x, node)] }, out, numel(ps(x, node)));
        break;
      }
      case 'Concat': {
        const axis = a.int('axis', 0);
        const rank = get(out, node).shape.length;
        const ax = axis < 0 ? axis + rank : axis;
        if (acts.length !== node.inputs.filter((i) => i !== '').length || ax === 0) { noRule(node, 'Concat of activations with constants, or over the batch axis'); break; }
        emit(node, { kind: 'concat', axis: ax - 1, inputs: node.inputs.filter((i) => i !== '').map((i) => refOf(i, node)) }, out, numel(ps(out, node)));
        break;
      }
      default: {
        if (BINARY_OPS.has(node.opType)) {
          const inputs = acts.map((i) => refOf(i, node));
          const shapes = acts.map((i) => ps(i, node));
          const exponent = node.opType === 'Pow' && acts.length === 1 ? info.get(node.inputs[1] ?? '')?.value() : undefined;
          if (exponent && exponent.length === 1 && exponent[0] === 2) {
            emit(node, { kind: 'eltwise', fn: 'mul', inputs: [inputs[0]!, inputs[0]!] }, out, numel(ps(out, node)));
            break;
          }
          const residual = (node.opType === 'Add' || node.opType === 'Sum') && acts.length === node.inputs.length && acts.length >= 2;
          if (residual && shapes.every((sh) => sameShape(sh, ps(out, node)))) {
            emit(node, { kind: 'add', inputs }, out, numel(ps(out, node)));
          } else {
            emit(node, { kind: 'eltwise', fn: eltwiseFn(node.opType)!, inputs }, out, numel(ps(out, node)));
          }
          break;
        }
        const fn = eltwiseFn(node.opType);
        if (fn) {
          if (!onlyFirstInputActive) { noRule(node, `${node.opType} with a non-constant parameter`); break; }
          emit(node, { kind: 'eltwise', fn, inputs: [refOf(x, node)] }, out, numel(ps(out, node)));
          break;
        }
        if (MOVEMENT_OPS.has(node.opType)) {
          if (!onlyFirstInputActive) { noRule(node, `${node.opType} whose indices or shape depend on activations`); break; }
          const inShape = ps(x, node);
          node.outputs.forEach((o, k) => {
            if (!o || (k > 0 && node.opType === 'Dropout')) return;
            const shape = ps(o, node);
            if (sameShape(inShape, shape)) {
              if (k === 0) alias(node, x, o);
              else ref.set(o, refOf(x, node));
              return;
            }
            const name = k === 0 ? node.name : `${node.name}:${k}`;
            const flatten = (node.opType === 'Flatten' || node.opType === 'Reshape') && shape.length === 1;
            const layer: Draft = flatten
              ? { kind: 'flatten', name, inputs: [refOf(x, node)] }
              : { kind: 'reshape', name, inputs: [refOf(x, node)], shape, note: node.opType };
            emit(node, layer, o, 0);
          });
          break;
        }
        noRule(node, `${node.opType} on activations has no rule`);
      }
    }
  }

  // Coverage.
  const nodes = { total: model.nodes.length, counted: 0, folded: 0, excluded: 0 };
  const excludedBy: Record<ExclusionReason, number> = { constant: 0, 'shape arithmetic': 0, 'no-op': 0, 'unknown op': 0 };
  const byOpType = new Map<string, { counted: number; folded: number; excluded: number }>();
  for (const n of model.nodes) {
    const c = cat.get(n);
    if (!c) throw new AddersimError('UNKNOWN_OP', 'node was neither mapped nor excluded (importer bug)', n.where);
    nodes[c.c]++;
    if (c.c === 'excluded') excludedBy[c.reason!]++;
    let row = byOpType.get(n.opType);
    if (!row) byOpType.set(n.opType, (row = { counted: 0, folded: 0, excluded: 0 }));
    row[c.c]++;
  }
  const inShape = info.get(inputName)!.shape.slice(1);
  if (inShape.length < 1 || inShape.length > 3) throw new AddersimError('SHAPE_MISMATCH', `graph input [${info.get(inputName)!.shape.join(',')}] is not [N, F] / [N, C, H, W]`, `${file}: graph.input`);
  const graph: Graph = {
    schema: 'addersim/graph@1',
    name: baseName(file),
    description: `imported from ${baseName(file)} (ONNX opset ${model.opset}${model.producer ? `, ${model.producer}` : ''}${model.graphName ? `, graph ${model.graphName}` : ''})`,
    input: { name: inputName, shape: inShape },
    layers,
  };
  const sortedByOp = Object.fromEntries([...byOpType].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)));
  return {
    graph,
    coverage: {
      file, opset: model.opset, producer: model.producer, batch, nodes, excludedBy, byOpType: sortedByOp,
      work: { covered: work, excluded: excludedWork }, workShare: work + excludedWork === 0 ? 1 : work / (work + excludedWork),
      recognised, unknown,
    },
  };
}

function sameShape(p: readonly number[], q: readonly number[]): boolean {
  return p.length === q.length && p.every((d, i) => d === q[i]);
}

/** [top, left, bottom, right] → the IR's symmetric pair when possible. */
function pad(p: readonly [number, number, number, number]): [number, number] | [number, number, number, number] {
  return p[0] === p[2] && p[1] === p[3] ? [p[0], p[1]] : [p[0], p[1], p[2], p[3]];
}

function baseName(file: string): string {
  const b = file.split(/[\\/]/).pop() ?? file;
  return b.replace(/\.onnx$/i, '') || 'onnx-model';
}
