// Shape, type and constant-value propagation over an ONNX graph, one rule per operator, with the
// attribute-vs-input differences between opsets 7 and 18. Values are computed lazily and only for
// static tensors (independent of the graph input's data): enough to resolve shape arithmetic such
// as PyTorch's `x.view(x.size(0), -1)` chain (Shape → Gather → Unsqueeze → Concat → Reshape).

import { AddersimError, badInput } from '../../isa/index.ts';
import type { OnnxModel, OnnxNode } from './model.ts';
import { RULES } from './rules.ts';
import { DT, tensorDims, tensorValues } from './tensor.ts';
import { lazy, none, startFolding, t, type TInfo } from './values.ts';

export type { TInfo } from './values.ts';

export interface Inference {
  readonly info: ReadonlyMap<string, TInfo>;
  /** Batch size of the graph input (symbolic batch → 1). */
  readonly batch: number;
}

export interface InferOptions {
  /** Ops without a rule get the declared shape, else their first input's shape, instead of failing. */
  readonly allowUnknown: boolean;
  /** Filled with the nodes that had no rule, and why. */
  readonly unknown: Map<OnnxNode, string>;
}

/** A chain of static nodes this long has its values computed on the way (a lazy chain thousands deep would
 *  recurse thousands deep when its end is needed). */
const FOLD_CHECKPOINT = 200;

export function inferGraph(model: OnnxModel, opts: InferOptions): Inference {
  startFolding(`${model.file}: constant folding`);
  const info = new Map<string, TInfo>();
  const chain = new Map<string, number>(); // static tensor → length of the longest static node chain ending in it
  for (const [name, t] of model.initializers) {
    info.set(name, {
      shape: tensorDims(t),
      dtype: t.dataType ?? DT.FLOAT,
      isStatic: true,
      fromShape: false,
      value: lazy(() => tensorValues(t, `${model.file}: initializer ${name}`)),
    });
  }
  if (model.inputs.length !== 1) {
    throw badInput(
      `expected exactly one graph input besides initializers, found ${model.inputs.length} (${model.inputs.map((i) => i.name).join(', ')})`,
      `${model.file}: graph.input`,
    );
  }
  const input = model.inputs[0]!;
  if (!input.dims || input.dims.length < 2)
    throw badInput(`graph input '${input.name}' has no shape (need at least [batch, features])`, `${model.file}: graph.input`);
  const inDims = input.dims.map((d, i) => (d === undefined && i === 0 ? 1 : d));
  if (inDims.some((d) => d === undefined || d <= 0)) {
    throw badInput(
      `graph input '${input.name}' has an unknown dimension: [${input.dims.map((d) => d ?? '?').join(',')}]; only the batch may be symbolic`,
      `${model.file}: graph.input`,
    );
  }
  info.set(input.name, { shape: inDims as number[], dtype: DT.FLOAT, isStatic: false, fromShape: false, value: none });

  for (const node of model.nodes) {
    const ins = node.inputs.map((n) => (n === '' ? undefined : info.get(n)));
    let outs: TInfo[];
    const rule = Object.hasOwn(RULES, node.opType) ? RULES[node.opType] : undefined;
    if (node.domain !== '' && node.domain !== 'ai.onnx') {
      outs = unknownOutputs(node, ins, model, opts, `operator domain '${node.domain}' has no rule`);
    } else if (!rule || node.attrs.hasGraph()) {
      outs = unknownOutputs(node, ins, model, opts, rule ? 'control flow with subgraphs has no rule' : 'no rule for this op');
    } else {
      try {
        outs = rule(node, ins, model.opset);
      } catch (e) {
        if (!(e instanceof AddersimError && e.code === 'UNKNOWN_OP')) throw e;
        outs = unknownOutputs(node, ins, model, opts, e.path === node.where ? e.detail : e.message);
      }
    }
    const isStatic = ins.every((i) => i === undefined || i.isStatic);
    const fromShape = ins.some((i) => i?.fromShape === true);
    const depth = 1 + node.inputs.reduce((d, n) => Math.max(d, chain.get(n) ?? 0), 0);
    node.outputs.forEach((name, k) => {
      if (!name) return;
      const o = outs[k];
      if (!o) return;
      if (o.shape.some((d) => !Number.isInteger(d) || d < 0))
        throw new AddersimError('SHAPE_MISMATCH', `inferred an invalid shape [${o.shape.join(',')}] for output '${name}'`, node.where);
      const declared = model.declared.get(name);
      if (declared && declared.length === o.shape.length && declared.some((d, i) => d !== undefined && i > 0 && d !== o.shape[i])) {
        throw new AddersimError(
          'SHAPE_MISMATCH',
          `inferred [${o.shape.join(',')}] but the file declares [${declared.map((d) => d ?? '?').join(',')}] for '${name}'`,
          node.where,
        );
      }
      const stat = o.isStatic || isStatic;
      info.set(name, {
        ...o,
        isStatic: stat,
        fromShape: stat && (o.fromShape || fromShape),
        producer: node,
        value: stat ? o.value : none,
      });
      if (stat) {
        chain.set(name, depth % FOLD_CHECKPOINT === 0 ? 0 : depth);
        if (depth % FOLD_CHECKPOINT === 0) info.get(name)!.value();
      }
    });
  }
  return { info, batch: inDims[0]! };
}

function unknownOutputs(node: OnnxNode, ins: (TInfo | undefined)[], model: OnnxModel, opts: InferOptions, why: string): TInfo[] {
  if (!opts.allowUnknown) {
    throw new AddersimError('UNKNOWN_OP', `${why} (use --allow-unknown to list it as excluded and go on)`, node.where);
  }
  const first = ins.find((i) => i !== undefined && !i.isStatic) ?? ins.find((i) => i !== undefined);
  let assumed = false;
  const outs = node.outputs.map((name) => {
    const d = model.declared.get(name);
    if (d && d.every((x, i) => x !== undefined || i === 0))
      return t(
        d.map((x) => x ?? 1),
        first?.dtype ?? DT.FLOAT,
      );
    if (!first) throw new AddersimError('SHAPE_MISMATCH', `cannot tell the output shape of an op without a rule (no value_info for '${name}')`, node.where);
    assumed = true;
    return t(first.shape, first.dtype);
  });
  opts.unknown.set(node, assumed ? `${why}; output shape assumed equal to its input's (no value_info)` : why);
  return outs;
}
