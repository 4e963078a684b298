// Recognises AdderNet layers written the reference code's way — im2col by unfold (Pad, Gather,
// Transpose, Reshape, Unsqueeze …) then −ReduceSum(Abs(Sub(W, X))) and a Reshape/Transpose back
// to NCHW — and returns one adder2d (or adderlinear) description per match with its true geometry.

import type { OnnxModel, OnnxNode } from './model.ts';
import { padsOf } from './geometry.ts';
import type { TInfo } from './values.ts';
import { numel } from './tensor.ts';

export interface AdderMatch {
  /** The node whose output is the layer's output; the layer is emitted when the walk reaches it. */
  readonly anchor: OnnxNode;
  /** The Sub computing W − X: the node the coverage counts as the layer (the rest are folded). */
  readonly core: OnnxNode;
  readonly nodes: ReadonlySet<OnnxNode>;
  /** Activation tensor the layer reads and tensor it produces. */
  readonly input: string;
  readonly output: string;
  readonly name: string;
  readonly kind: 'adder2d' | 'adderlinear';
  readonly outChannels: number;
  readonly kernel: [number, number];
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly padding: [number, number, number, number];
  /** Σ |x−w| terms of the layer for the whole batch (= output elements × K). */
  readonly terms: number;
  readonly k: number;
}

const MOVE_IN: ReadonlySet<string> = new Set(['Unsqueeze', 'Reshape', 'Transpose', 'Gather', 'Pad', 'Slice', 'Squeeze', 'Flatten', 'Identity', 'Expand']);
const MOVE_OUT: ReadonlySet<string> = new Set(['Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity', 'Flatten']);

export function findAdderLayers(
  model: OnnxModel,
  info: ReadonlyMap<string, TInfo>,
  consumers: ReadonlyMap<string, readonly OnnxNode[]>,
  batch: number,
): AdderMatch[] {
  const matches: AdderMatch[] = [];
  /** The one node reading the tensor's data (Shape/Size only read its shape), if there is exactly one. */
  const sole = (tensor: string): OnnxNode | undefined => {
    const c = (consumers.get(tensor) ?? []).filter((n) => n.opType !== 'Shape' && n.opType !== 'Size');
    return c.length === 1 && !model.outputs.includes(tensor) ? c[0] : undefined;
  };
  for (const sub of model.nodes) {
    if (sub.opType !== 'Sub') continue;
    const [a, b] = [info.get(sub.inputs[0] ?? ''), info.get(sub.inputs[1] ?? '')];
    if (!a || !b || a.isStatic === b.isStatic) continue;
    const xcName = a.isStatic ? sub.inputs[1]! : sub.inputs[0]!;
    const nodes = new Set<OnnxNode>([sub]);
    const abs = sole(sub.outputs[0]!);
    if (abs?.opType !== 'Abs') continue;
    nodes.add(abs);
    const red = sole(abs.outputs[0]!);
    if (red?.opType !== 'ReduceSum') continue;
    nodes.add(red);
    const subShape = info.get(sub.outputs[0]!)!.shape;
    const axesRaw = model.opset >= 13 ? info.get(red.inputs[1] ?? '')?.value() : red.attrs.ints('axes');
    if (!axesRaw || axesRaw.length === 0) continue;
    const k = numel(axesRaw.map((x) => subShape[x < 0 ? x + subShape.length : x] ?? 0));
    const terms = numel(subShape);
    let tail = red.outputs[0]!;
    const neg = sole(tail);
    if (neg?.opType === 'Neg') {
      nodes.add(neg);
      tail = neg.outputs[0]!;
    }
    // Output side: follow pure data movement back to a [N, Cout, oh, ow] (or [N, Cout]) tensor.
    let anchor = [...nodes].pop()!;
    let output: string | undefined;
    const chain: OnnxNode[] = [];
    for (let cur = tail; ; ) {
      const s = info.get(cur)!.shape;
      if ((s.length === 4 || s.length === 2) && s[0] === batch && numel(s) * k === terms) {
        output = cur;
        anchor = chain.length > 0 ? chain[chain.length - 1]! : anchor;
        for (const n of chain) nodes.add(n);
      }
      const next = sole(cur);
      if (!next || !MOVE_OUT.has(next.opType)) break;
      chain.push(next);
      cur = next.outputs[0]!;
    }
    if (!output) continue;
    // Input side: follow the unfold back to the activation it reads.
    const unfold = unfoldInput(xcName, model, info, sole);
    if (!unfold) continue;
    const { input: cur, gathers, pads, inNodes } = unfold;
    const x = info.get(cur)!.shape;
    const y = info.get(output)!.shape;
    if (x[0] !== batch) continue;
    const name = scopeName(sub);
    if (x.length === 2 && y.length === 2) {
      if (k !== x[1]) continue;
      for (const n of inNodes) nodes.add(n);
      matches.push({
        anchor,
        core: sub,
        nodes,
        input: cur,
        output,
        name,
        kind: 'adderlinear',
        outChannels: y[1]!,
        kernel: [1, 1],
        stride: [1, 1],
        dilation: [1, 1],
        padding: [0, 0, 0, 0],
        terms,
        k,
      });
      continue;
    }
    if (x.length !== 4 || y.length !== 4) continue;
    const cin = x[1]!;
    if (k % cin !== 0) continue;
    const padding: [number, number, number, number] = pads && pads.length === 8 ? [pads[2]!, pads[3]!, pads[6]!, pads[7]!] : [0, 0, 0, 0];
    if (pads && pads.length === 8 && (pads[0] !== 0 || pads[1] !== 0 || pads[4] !== 0 || pads[5] !== 0)) continue;
    const geo = geometry(gathers, k / cin, [x[2]! + padding[0] + padding[2], x[3]! + padding[1] + padding[3]], [y[2]!, y[3]!]);
    if (!geo) continue;
    for (const n of inNodes) nodes.add(n);
    matches.push({ anchor, core: sub, nodes, input: cur, output, name, kind: 'adder2d', outChannels: y[1]!, ...geo, padding, terms, k });
  }
  return matches;
}

/** The input side of a match: the unfold's data movement followed back to the activation it reads, or undefined if it is not a plain unfold. */
function unfoldInput(
  xcName: string,
  model: OnnxModel,
  info: ReadonlyMap<string, TInfo>,
  sole: (tensor: string) => OnnxNode | undefined,
): { input: string; gathers: { axis: number; idx: TInfo }[]; pads: readonly number[] | undefined; inNodes: OnnxNode[] } | undefined {
  const gathers: { axis: number; idx: TInfo }[] = [];
  let pads: readonly number[] | undefined;
  let cur = xcName;
  const inNodes: OnnxNode[] = [];
  for (;;) {
    const p = info.get(cur)?.producer;
    if (!p || !MOVE_IN.has(p.opType)) break;
    const data = info.get(p.inputs[0] ?? '');
    if (!data || data.isStatic || sole(cur) === undefined) break;
    if (p.opType === 'Gather') {
      const idx = info.get(p.inputs[1] ?? '');
      if (!idx) return undefined;
      gathers.unshift({ axis: p.attrs.int('axis', 0), idx });
    }
    if (p.opType === 'Pad') {
      if (pads || (p.attrs.str('mode', 'constant') ?? 'constant') !== 'constant') return undefined;
      pads = padsOf(p, info, model.opset);
      if (!pads) return undefined;
    }
    inNodes.push(p);
    cur = p.inputs[0]!;
  }
  return { input: cur, gathers, pads, inNodes };
}

/** Kernel, stride and dilation from the unfold's index tables, else a square kernel; checked against the output size. */
function geometry(
  gathers: readonly { axis: number; idx: TInfo }[],
  khkw: number,
  padded: [number, number],
  out: [number, number],
): Pick<AdderMatch, 'kernel' | 'stride' | 'dilation'> | undefined {
  const two = gathers.filter((g) => g.idx.shape.length === 2);
  const dims: { k: number; s?: number; d: number }[] = [];
  if (two.length === 2) {
    for (const g of two) {
      const [kk, o] = [g.idx.shape[0]!, g.idx.shape[1]!];
      const v = g.idx.value();
      dims.push({ k: kk, s: v && o > 1 ? v[1]! - v[0]! : undefined, d: v && kk > 1 ? v[o]! - v[0]! : 1 });
    }
  } else {
    const side = Math.round(Math.sqrt(khkw));
    if (side * side !== khkw) return undefined;
    dims.push({ k: side, d: 1 }, { k: side, d: 1 });
  }
  const kernel: [number, number] = [dims[0]!.k, dims[1]!.k];
  if (kernel[0] * kernel[1] !== khkw) return undefined;
  const stride: [number, number] = [1, 1];
  for (let i = 0; i < 2; i++) {
    const ext = (dims[i]!.k - 1) * dims[i]!.d + 1;
    const fits = (s: number) => Math.floor((padded[i]! - ext) / s) + 1 === out[i];
    const s = dims[i]!.s ?? [...Array(Math.max(padded[i]!, 1)).keys()].map((j) => j + 1).find(fits);
    if (s === undefined || s < 1 || !fits(s)) return undefined;
    stride[i] = s;
  }
  return { kernel, stride, dilation: [dims[0]!.d, dims[1]!.d] };
}

function scopeName(n: OnnxNode): string {
  const cut = n.name.lastIndexOf('/');
  return cut > 0 ? n.name.slice(0, cut) : `adder_${n.name}`;
}
