// Maps an inferred ONNX graph onto addersim's graph IR (per-sample shapes, batch dropped): one
// layer per computing node, recognised patterns (AdderNet unfold subgraphs, sign-binarised conv/FC,
// bias Adds) folded into one layer, shape arithmetic and constants excluded with a reason. Each op's
// mapping is a rule of layer-rules.ts (LAYER_RULES, beside the inference RULES); this file folds the
// patterns, runs the rules and counts the coverage.

import { AddersimError, InternalError } from '../../isa/index.ts';
import type { Graph, Layer } from '../graph.ts';
import type { ExclusionReason, OnnxCoverage } from './coverage.ts';
import { irPadding, sameShape } from './geometry.ts';
import type { Inference, TInfo } from './infer.ts';
import { DATA_MOVEMENT_OPS, dataMovement, LAYER_RULES, type Draft, type LayerContext, type NodeView } from './layer-rules.ts';
import type { OnnxModel, OnnxNode } from './model.ts';
import { findAdderLayers, type AdderMatch } from './patterns.ts';
import { numel } from './tensor.ts';

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
    return cs.every(
      (c) =>
        (BINARISABLE.has(c.opType) && c.inputs[0] === tensor && c.inputs.indexOf(tensor) === 0 && info.get(c.inputs[1] ?? '')?.isStatic === true) ||
        (RESHAPES.has(c.opType) && c.inputs[0] === tensor && onlyBinarised(c.outputs[0]!, depth + 1)),
    );
  };
  return new Set(model.nodes.filter((n) => n.opType === 'Sign' && info.get(n.inputs[0] ?? '')?.isStatic === false && onlyBinarised(n.outputs[0]!, 0)));
}

type Category = 'counted' | 'folded' | 'excluded';

export function toGraph(
  model: OnnxModel,
  inf: Inference,
  unknownNodes: ReadonlyMap<OnnxNode, string>,
  allowUnknown: boolean,
): { graph: Graph; coverage: OnnxCoverage } {
  const c = new Converter(model, inf, allowUnknown);
  for (const node of model.nodes) c.convert(node, unknownNodes.get(node));
  return c.result();
}

class Converter implements LayerContext {
  readonly info: ReadonlyMap<string, TInfo>;
  readonly consumers = new Map<string, OnnxNode[]>();
  readonly recognised = { adder: 0, binary: 0, biasAdds: 0 };
  private readonly batch: number;
  private readonly inputName: string;
  private readonly layers: Layer[] = [];
  private readonly layerNames: Set<string>;
  private readonly ref: Map<string, string>;
  private readonly cat = new Map<OnnxNode, { c: Category; reason?: ExclusionReason }>();
  private readonly unknown: { node: string; opType: string; reason: string; work: number }[] = [];
  private work = 0;
  private excludedWork = 0;
  private readonly adderOf = new Map<OnnxNode, AdderMatch>();
  private readonly foldedBias = new Set<OnnxNode>();
  private readonly foldedSign: Set<OnnxNode>;

  constructor(
    readonly model: OnnxModel,
    inf: Inference,
    private readonly allowUnknown: boolean,
  ) {
    this.info = inf.info;
    this.batch = inf.batch;
    for (const n of model.nodes) {
      for (const i of new Set(n.inputs)) {
        if (!i) continue;
        const list = this.consumers.get(i);
        if (list) list.push(n);
        else this.consumers.set(i, [n]);
      }
    }
    this.inputName = model.inputs[0]!.name;
    this.layerNames = new Set([this.inputName]);
    this.ref = new Map([[this.inputName, this.inputName]]);
    for (const m of findAdderLayers(model, this.info, this.consumers, this.batch)) for (const n of m.nodes) this.adderOf.set(n, m);
    this.foldedSign = findBinarisingSigns(model, this.info, this.consumers);
  }

  get(name: string, node: OnnxNode): TInfo {
    const t = this.info.get(name);
    if (!t) throw new AddersimError('BAD_INPUT', `no shape known for '${name}'`, node.where);
    return t;
  }

  ps(name: string, node: OnnxNode): number[] {
    const s = this.get(name, node).shape;
    if (s.length < 2 || s[0] !== this.batch) {
      throw new AddersimError(
        'SHAPE_MISMATCH',
        `activation '${name}' of shape [${s.join(',')}] does not lead with the batch dimension ${this.batch}`,
        node.where,
      );
    }
    return s.slice(1);
  }

  refOf(name: string, node: OnnxNode): string {
    const r = this.ref.get(name);
    if (!r) throw new AddersimError('UNKNOWN_OP', `input '${name}' comes from an output addersim does not map`, node.where);
    return r;
  }

  setRef(tensor: string, layer: string): void {
    this.ref.set(tensor, layer);
  }

  private uniqueName(want: string): string {
    let n = want;
    for (let i = 2; this.layerNames.has(n); i++) n = `${want}#${i}`;
    this.layerNames.add(n);
    return n;
  }

  emit(node: OnnxNode, layer: Draft, out: string, layerWork: number): string {
    const name = this.uniqueName(layer.name ?? node.name);
    this.layers.push({ ...layer, name } as Layer);
    this.ref.set(out, name);
    this.cat.set(node, { c: 'counted' });
    this.work += layerWork;
    return name;
  }

  private exclude(node: OnnxNode, reason: ExclusionReason): void {
    this.cat.set(node, { c: 'excluded', reason });
  }

  alias(node: OnnxNode, from: string, to: string): void {
    this.ref.set(to, this.refOf(from, node));
    this.exclude(node, 'no-op');
  }

  noRule(node: OnnxNode, why: string): void {
    if (!this.allowUnknown) throw new AddersimError('UNKNOWN_OP', `${why} (use --allow-unknown to list it as excluded and go on)`, node.where);
    this.excludeUnknown(node, why);
  }

  /** An unknown op listed as excluded: its work estimated (MACs for conv / matrix products, else one op
   *  per output element), its outputs an alias of its first activation or a reshape of it. */
  private excludeUnknown(node: OnnxNode, why: string): void {
    const info = this.info;
    this.exclude(node, 'unknown op');
    const acts = node.inputs.filter((i) => i && info.get(i) && !info.get(i)!.isStatic && this.ref.has(i));
    let w = 0;
    const w0 = info.get(node.inputs[1] ?? '');
    const perOutput =
      node.opType === 'Conv' && w0
        ? numel(w0.shape.slice(1))
        : (node.opType === 'MatMul' || node.opType === 'Gemm') && acts[0]
          ? info.get(acts[0])!.shape.at(-1)!
          : 1;
    node.outputs.forEach((o, k) => {
      const t = info.get(o);
      if (!o || !t || t.shape[0] !== this.batch || t.shape.length < 2) return;
      const shape = t.shape.slice(1);
      w += numel(shape) * (k === 0 ? perOutput : 1);
      const src = acts[0];
      if (src && sameShape(this.ps(src, node), shape)) this.ref.set(o, this.refOf(src, node));
      else if (src) {
        const name = this.uniqueName(k === 0 ? node.name : `${node.name}:${k}`);
        this.layers.push({ kind: 'reshape', name, inputs: [this.refOf(src, node)], shape, note: `excluded ${node.opType}: ${why}` });
        this.ref.set(o, name);
      }
    });
    this.unknown.push({ node: node.name, opType: node.opType, reason: why, work: w });
    this.excludedWork += w;
  }

  signOf(tensor: string): OnnxNode | undefined {
    for (let p = this.info.get(tensor)?.producer; p; p = this.info.get(p.inputs[0] ?? '')?.producer) {
      if (this.foldedSign.has(p)) return p;
      if (!RESHAPES.has(p.opType)) return undefined;
    }
    return undefined;
  }

  tryFoldBias(out: string, channels: number, rank: number): boolean {
    const cs = this.consumers.get(out) ?? [];
    if (cs.length !== 1 || this.model.outputs.includes(out)) return false;
    const add = cs[0]!;
    if (add.opType !== 'Add' || add.inputs.length !== 2) return false;
    const other = this.info.get(add.inputs[0] === out ? add.inputs[1]! : add.inputs[0]!);
    if (!other?.isStatic || numel(other.shape) !== channels) return false;
    const s = other.shape;
    const perChannel = rank === 4 ? (s.length === 1 && channels === 1) || (s.length >= 3 && s[s.length - 3] === channels) : s[s.length - 1] === channels;
    if (!perChannel) return false;
    this.foldedBias.add(add);
    return true;
  }

  /** A node that is part of a recognised pattern: folded (the anchor of an AdderNet match emits its layer). */
  private fold(node: OnnxNode): boolean {
    const m = this.adderOf.get(node);
    if (m) {
      this.cat.set(node, { c: 'folded' });
      if (node === m.anchor) {
        const cin = this.ps(m.input, node)[0]!;
        const out = this.ps(m.output, node);
        const common = { inputs: [this.refOf(m.input, node)], name: m.name };
        const layer: Draft =
          m.kind === 'adder2d'
            ? {
                ...common,
                kind: 'adder2d',
                outChannels: m.outChannels,
                kernel: m.kernel,
                stride: m.stride,
                padding: irPadding(m.padding),
                dilation: m.dilation,
                groups: 1,
                bias: false,
              }
            : { ...common, kind: 'adderlinear', outFeatures: m.outChannels, bias: false };
        this.emit(node, layer, m.output, numel(out) * (m.kind === 'adder2d' ? cin * m.kernel[0] * m.kernel[1] : cin));
        this.recognised.adder++;
        this.cat.set(node, { c: 'folded' });
        this.cat.set(m.core, { c: 'counted' });
      }
      return true;
    }
    if (this.foldedBias.has(node)) {
      this.cat.set(node, { c: 'folded' });
      const src = node.inputs.find((i) => this.ref.has(i))!;
      this.ref.set(node.outputs[0]!, this.ref.get(src)!);
      return true;
    }
    if (this.foldedSign.has(node)) {
      this.cat.set(node, { c: 'folded' });
      this.ref.set(node.outputs[0]!, this.refOf(node.inputs[0]!, node));
      return true;
    }
    return false;
  }

  /** One node: folded into a pattern, excluded (static, or unknown to inference), or mapped by its rule. */
  convert(node: OnnxNode, unknownWhy: string | undefined): void {
    if (this.fold(node)) return;
    const info = this.info;
    const outs = node.outputs.filter((o) => o && info.has(o));
    if (outs.length > 0 && outs.every((o) => info.get(o)!.isStatic)) {
      this.exclude(node, outs.some((o) => info.get(o)!.fromShape) ? 'shape arithmetic' : 'constant');
      return;
    }
    if (unknownWhy !== undefined) {
      this.excludeUnknown(node, unknownWhy);
      return;
    }
    const acts = node.inputs.filter((i) => i !== '' && info.get(i) && !info.get(i)!.isStatic);
    const x = acts[0]!;
    const view: NodeView = { node, acts, x, out: node.outputs[0]!, a: node.attrs, onlyFirstInputActive: acts.length === 1 && node.inputs[0] === x };
    const rule = LAYER_RULES.get(node.opType) ?? (DATA_MOVEMENT_OPS.has(node.opType) ? dataMovement : undefined);
    if (rule) rule(this, view);
    else this.noRule(node, `${node.opType} on activations has no rule`);
  }

  /** The graph and the coverage; every node must have been counted, folded or excluded. */
  result(): { graph: Graph; coverage: OnnxCoverage } {
    const { model, info, inputName } = this;
    const file = model.file;
    const nodes = { total: model.nodes.length, counted: 0, folded: 0, excluded: 0 };
    const excludedBy: Record<ExclusionReason, number> = { constant: 0, 'shape arithmetic': 0, 'no-op': 0, 'unknown op': 0 };
    const byOpType = new Map<string, { counted: number; folded: number; excluded: number }>();
    for (const n of model.nodes) {
      const c = this.cat.get(n);
      if (!c) throw new InternalError('node was neither mapped nor excluded (importer bug)', n.where);
      nodes[c.c]++;
      if (c.c === 'excluded') excludedBy[c.reason!]++;
      let row = byOpType.get(n.opType);
      if (!row) byOpType.set(n.opType, (row = { counted: 0, folded: 0, excluded: 0 }));
      row[c.c]++;
    }
    const inShape = info.get(inputName)!.shape.slice(1);
    if (inShape.length < 1 || inShape.length > 3)
      throw new AddersimError('SHAPE_MISMATCH', `graph input [${info.get(inputName)!.shape.join(',')}] is not [N, F] / [N, C, H, W]`, `${file}: graph.input`);
    const graph: Graph = {
      schema: 'addersim/graph@1',
      name: baseName(file),
      description: `imported from ${baseName(file)} (ONNX opset ${model.opset}${model.producer ? `, ${model.producer}` : ''}${model.graphName ? `, graph ${model.graphName}` : ''})`,
      input: { name: inputName, shape: inShape },
      layers: this.layers,
    };
    const sortedByOp = Object.fromEntries([...byOpType].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)));
    const { work, excludedWork } = this;
    return {
      graph,
      coverage: {
        file,
        opset: model.opset,
        producer: model.producer,
        batch: this.batch,
        nodes,
        excludedBy,
        byOpType: sortedByOp,
        work: { covered: work, excluded: excludedWork },
        workShare: work + excludedWork === 0 ? 1 : work / (work + excludedWork),
        recognised: this.recognised,
        unknown: this.unknown,
      },
    };
  }
}

function baseName(file: string): string {
  const b = file.split(/[\\/]/).pop() ?? file;
  return b.replace(/\.onnx$/i, '') || 'onnx-model';
}
