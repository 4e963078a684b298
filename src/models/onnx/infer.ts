// Shape, type and constant-value propagation over an ONNX graph, one rule per operator, with the
// attribute-vs-input differences between opsets 7 and 18. Values are computed lazily and only for
// static tensors (independent of the graph input's data): enough to resolve shape arithmetic such
// as PyTorch's `x.view(x.size(0), -1)` chain (Shape → Gather → Unsqueeze → Concat → Reshape).

import { AddersimError, badInput, checkLimit } from '../../isa/index.ts';
import type { OnnxModel, OnnxNode } from './model.ts';
import { DT, MAX_VALUE_ELEMENTS, isIntType, numel, tensorDims, tensorValues } from './tensor.ts';

export interface TInfo {
  readonly shape: readonly number[];
  readonly dtype: number;
  /** Independent of the graph input's data: initializers, constants, shape arithmetic. */
  readonly isStatic: boolean;
  /** Static and computed (partly) from the shape of an activation. */
  readonly fromShape: boolean;
  /** Lazily computed values of a static tensor (undefined: unknown, external or too large). */
  readonly value: () => readonly number[] | undefined;
  readonly producer?: OnnxNode;
}

type Vals = readonly number[] | undefined;

/** Elements folded so far in the current inference, against the foldedElements limit (one per inferGraph). */
let folding = { used: 0, where: '' };

function lazy(f: () => Vals): () => Vals {
  let done = false;
  let v: Vals;
  const budget = folding;
  return () => {
    if (!done) {
      done = true;
      v = f();
      if (v) {
        budget.used += v.length;
        checkLimit('foldedElements', budget.used, budget.where);
      }
    }
    return v;
  };
}

/** Largest and smallest element without spreading (a spread of a million arguments overflows the stack). */
const maxOf = (v: readonly number[]): number => v.reduce((a, b) => (b > a || Number.isNaN(b) ? b : a), -Infinity);
const minOf = (v: readonly number[]): number => v.reduce((a, b) => (b < a || Number.isNaN(b) ? b : a), Infinity);

const none = (): Vals => undefined;

// ---------- small tensor helpers ----------

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

function broadcast(shapes: readonly (readonly number[])[], where: string): number[] {
  const rank = shapes.reduce((r, s) => Math.max(r, s.length), 0);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v) throw new AddersimError('SHAPE_MISMATCH', `cannot broadcast shapes ${shapes.map((x) => `[${x.join(',')}]`).join(' and ')}`, where);
      d = v;
    }
    out.push(d);
  }
  return out;
}

/** Index into a (broadcast) input for every element of the output. */
function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): (flat: number) => number {
  const rank = outShape.length;
  const inStr = stridesOf(inShape);
  const outStr = stridesOf(outShape);
  const off = rank - inShape.length;
  return (flat) => {
    let idx = 0;
    for (let i = off; i < rank; i++) {
      const c = Math.floor(flat / outStr[i]!) % outShape[i]!;
      if (inShape[i - off] !== 1) idx += c * inStr[i - off]!;
    }
    return idx;
  };
}

function normAxis(axis: number, rank: number, where: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= Math.max(rank, 1)) throw badInput(`axis ${axis} out of range for rank ${rank}`, where);
  return a;
}

const small = (shape: readonly number[]): boolean => numel(shape) <= MAX_VALUE_ELEMENTS;

// ---------- geometry shared with the IR mapping ----------

export interface WindowGeometry {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
  /** [top, left, bottom, right] */
  pads: [number, number, number, number];
  out: [number, number];
}

/** Output sizes and explicit pads ([begin…, end…]) of a sliding window over any number of spatial axes. */
export function windowOut(node: OnnxNode, inShape: readonly number[], kernel: readonly number[], ceil: boolean): { out: number[]; pads: number[]; strides: number[]; dilations: number[] } {
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
    if (span < 0) throw new AddersimError('SHAPE_MISMATCH', `window ${ext(i)} larger than padded input ${inShape[2 + i]! + pads[i]! + pads[i + n]!}`, node.where);
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
    kernel: [kernel[0]!, kernel[1]!], strides: [g.strides[0]!, g.strides[1]!], dilations: [g.dilations[0]!, g.dilations[1]!],
    pads: [g.pads[0]!, g.pads[1]!, g.pads[2]!, g.pads[3]!], out: [g.out[0]!, g.out[1]!],
  };
}

// ---------- the propagation ----------

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
  folding = { used: 0, where: `${model.file}: constant folding` };
  const info = new Map<string, TInfo>();
  const chain = new Map<string, number>(); // static tensor → length of the longest static node chain ending in it
  for (const [name, t] of model.initializers) {
    info.set(name, { shape: tensorDims(t), dtype: t.dataType ?? DT.FLOAT, isStatic: true, fromShape: false, value: lazy(() => tensorValues(t, `${model.file}: initializer ${name}`)) });
  }
  if (model.inputs.length !== 1) {
    throw badInput(`expected exactly one graph input besides initializers, found ${model.inputs.length} (${model.inputs.map((i) => i.name).join(', ')})`, `${model.file}: graph.input`);
  }
  const input = model.inputs[0]!;
  if (!input.dims || input.dims.length < 2) throw badInput(`graph input '${input.name}' has no shape (need at least [batch, features])`, `${model.file}: graph.input`);
  const inDims = input.dims.map((d, i) => (d === undefined && i === 0 ? 1 : d));
  if (inDims.some((d) => d === undefined || d <= 0)) {
    throw badInput(`graph input '${input.name}' has an unknown dimension: [${input.dims.map((d) => d ?? '?').join(',')}]; only the batch may be symbolic`, `${model.file}: graph.input`);
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
        outs = unknownOutputs(node, ins, model, opts, e.message.slice(node.where.length + 2));
      }
    }
    const isStatic = ins.every((i) => i === undefined || i.isStatic);
    const fromShape = ins.some((i) => i?.fromShape === true);
    const depth = 1 + node.inputs.reduce((d, n) => Math.max(d, chain.get(n) ?? 0), 0);
    node.outputs.forEach((name, k) => {
      if (!name) return;
      const o = outs[k];
      if (!o) return;
      if (o.shape.some((d) => !Number.isInteger(d) || d < 0)) throw new AddersimError('SHAPE_MISMATCH', `inferred an invalid shape [${o.shape.join(',')}] for output '${name}'`, node.where);
      const declared = model.declared.get(name);
      if (declared && declared.length === o.shape.length && declared.some((d, i) => d !== undefined && i > 0 && d !== o.shape[i])) {
        throw new AddersimError('SHAPE_MISMATCH', `inferred [${o.shape.join(',')}] but the file declares [${declared.map((d) => d ?? '?').join(',')}] for '${name}'`, node.where);
      }
      const stat = o.isStatic || isStatic;
      info.set(name, {
        ...o, isStatic: stat, fromShape: stat && (o.fromShape || fromShape), producer: node,
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
    if (d && d.every((x, i) => x !== undefined || i === 0)) return t(d.map((x) => x ?? 1), first?.dtype ?? DT.FLOAT);
    if (!first) throw new AddersimError('SHAPE_MISMATCH', `cannot tell the output shape of an op without a rule (no value_info for '${name}')`, node.where);
    assumed = true;
    return t(first.shape, first.dtype);
  });
  opts.unknown.set(node, assumed ? `${why}; output shape assumed equal to its input's (no value_info)` : why);
  return outs;
}

type Rule = (node: OnnxNode, ins: readonly (TInfo | undefined)[], opset: number) => TInfo[];

function req(node: OnnxNode, ins: readonly (TInfo | undefined)[], i: number): TInfo {
  const t = ins[i];
  if (!t) throw badInput(`missing input ${i}`, node.where);
  return t;
}

/** Values of a static input that the op needs to know its output shape. */
function constInput(node: OnnxNode, ins: readonly (TInfo | undefined)[], i: number, what: string): readonly number[] {
  const t = req(node, ins, i);
  const v = t.isStatic ? t.value() : undefined;
  if (!v) throw badInput(`cannot resolve ${what} (input ${i} is not a constant that addersim can evaluate)`, node.where);
  return v;
}

function optConstInput(node: OnnxNode, ins: readonly (TInfo | undefined)[], i: number, what: string): readonly number[] | undefined {
  return ins[i] ? constInput(node, ins, i, what) : undefined;
}

const t = (shape: readonly number[], dtype: number, value: () => Vals = none, extra: Partial<TInfo> = {}): TInfo => ({
  shape, dtype, isStatic: false, fromShape: false, value, ...extra,
});

function unary(f?: (x: number) => number, dtype?: number): Rule {
  return (node, ins) => {
    const x = req(node, ins, 0);
    return [t(x.shape, dtype ?? x.dtype, f ? lazy(() => x.value()?.map(f)) : none)];
  };
}

/** Identity-like on values (Identity, Cast handled separately, Dropout). */
const passValue: Rule = (node, ins) => {
  const x = req(node, ins, 0);
  return node.outputs.map((_, k) => (k === 0 ? t(x.shape, x.dtype, () => x.value()) : t(x.shape, DT.BOOL)));
};

function binary(f: ((a: number, b: number, int: boolean) => number) | undefined, outType?: number): Rule {
  return (node, ins) => {
    const all = ins.filter((i): i is TInfo => i !== undefined);
    if (all.length < 2 && node.opType !== 'Sum' && node.opType !== 'Max' && node.opType !== 'Min' && node.opType !== 'Mean') throw badInput('expected two inputs', node.where);
    const shape = broadcast(all.map((i) => i.shape), node.where);
    const dtype = outType ?? all[0]!.dtype;
    const int = isIntType(all[0]!.dtype);
    const value = f && small(shape)
      ? lazy(() => {
          const vs = all.map((i) => i.value());
          if (vs.some((v) => v === undefined)) return undefined;
          const idx = all.map((i) => broadcastIndex(i.shape, shape));
          const n = numel(shape);
          const out = new Array<number>(n);
          for (let e = 0; e < n; e++) {
            let acc = vs[0]![idx[0]!(e)]!;
            for (let k = 1; k < all.length; k++) acc = f(acc, vs[k]![idx[k]!(e)]!, int);
            out[e] = acc;
          }
          return out;
        })
      : none;
    return [t(shape, dtype, value)];
  };
}

const divide = (a: number, b: number, int: boolean): number => (int ? Math.trunc(a / b) : a / b);

const where: Rule = (node, ins) => {
  const [c, x, y] = [req(node, ins, 0), req(node, ins, 1), req(node, ins, 2)];
  const shape = broadcast([c.shape, x.shape, y.shape], node.where);
  const value = small(shape) ? lazy(() => {
    const [cv, xv, yv] = [c.value(), x.value(), y.value()];
    if (!cv || !xv || !yv) return undefined;
    const [ci, xi, yi] = [broadcastIndex(c.shape, shape), broadcastIndex(x.shape, shape), broadcastIndex(y.shape, shape)];
    return Array.from({ length: numel(shape) }, (_, e) => (cv[ci(e)] ? xv[xi(e)]! : yv[yi(e)]!));
  }) : none;
  return [t(shape, x.dtype, value)];
};

function reshapeTo(x: TInfo, shape: readonly number[]): TInfo {
  return t(shape, x.dtype, () => x.value());
}

function resolveReshape(node: OnnxNode, inShape: readonly number[], target: readonly number[], allowZero: boolean): number[] {
  const out = target.map((d, i) => (d === 0 && !allowZero ? inShape[i] ?? 0 : d));
  const neg = out.filter((d) => d === -1).length;
  if (neg > 1) throw badInput(`Reshape target [${target.join(',')}] has more than one -1`, node.where);
  const total = numel(inShape);
  if (neg === 1) {
    const known = numel(out.filter((d) => d !== -1));
    if (known === 0 || total % known !== 0) throw new AddersimError('SHAPE_MISMATCH', `cannot reshape [${inShape.join(',')}] to [${target.join(',')}]`, node.where);
    out[out.indexOf(-1)] = total / known;
  }
  if (numel(out) !== total) throw new AddersimError('SHAPE_MISMATCH', `cannot reshape [${inShape.join(',')}] (${total} elements) to [${target.join(',')}]`, node.where);
  return out;
}

function axesOf(node: OnnxNode, ins: readonly (TInfo | undefined)[], opset: number, inputFrom: number, inputIndex: number): readonly number[] | undefined {
  return opset >= inputFrom ? optConstInput(node, ins, inputIndex, 'axes') : node.attrs.ints('axes');
}

function reduce(f?: (vals: number[]) => number): Rule {
  return (node, ins, opset) => {
    const x = req(node, ins, 0);
    const inputFrom = node.opType === 'ReduceSum' ? 13 : 18;
    const axesRaw = axesOf(node, ins, opset, inputFrom, 1);
    const keep = node.attrs.int('keepdims', 1) === 1;
    const noop = node.attrs.int('noop_with_empty_axes', 0) === 1;
    if ((!axesRaw || axesRaw.length === 0) && noop) return [t(x.shape, x.dtype, () => x.value())];
    const axes = new Set((axesRaw && axesRaw.length > 0 ? axesRaw : x.shape.map((_, i) => i)).map((a) => normAxis(a, x.shape.length, node.where)));
    const shape: number[] = [];
    x.shape.forEach((d, i) => {
      if (!axes.has(i)) shape.push(d);
      else if (keep) shape.push(1);
    });
    const value = f && small(x.shape) ? lazy(() => {
      const v = x.value();
      if (!v) return undefined;
      const keptShape = x.shape.map((d, i) => (axes.has(i) ? 1 : d));
      const groups = new Map<number, number[]>();
      const str = stridesOf(x.shape);
      const kstr = stridesOf(keptShape);
      for (let e = 0; e < v.length; e++) {
        let k = 0;
        for (let i = 0; i < x.shape.length; i++) if (!axes.has(i)) k += (Math.floor(e / str[i]!) % x.shape[i]!) * kstr[i]!;
        const g = groups.get(k) ?? [];
        g.push(v[e]!);
        groups.set(k, g);
      }
      return [...groups.keys()].sort((a, b) => a - b).map((k) => f(groups.get(k)!));
    }) : none;
    return [t(shape, x.dtype, value)];
  };
}

/** Element-wise gather of a static tensor along one axis. */
function gatherValues(x: TInfo, idx: TInfo, axis: number, shape: readonly number[]): () => Vals {
  if (!small(shape)) return none;
  return lazy(() => {
    const [xv, iv] = [x.value(), idx.value()];
    if (!xv || !iv) return undefined;
    const outer = numel(x.shape.slice(0, axis));
    const inner = numel(x.shape.slice(axis + 1));
    const dim = x.shape[axis]!;
    const out: number[] = [];
    for (let o = 0; o < outer; o++) for (const j of iv) {
      const jj = j < 0 ? j + dim : j;
      for (let i = 0; i < inner; i++) out.push(xv[(o * dim + jj) * inner + i]!);
    }
    return out;
  });
}

function transposeValues(x: TInfo, perm: readonly number[], shape: readonly number[]): () => Vals {
  if (!small(shape)) return none;
  return lazy(() => {
    const v = x.value();
    if (!v) return undefined;
    const inStr = stridesOf(x.shape);
    const outStr = stridesOf(shape);
    return Array.from({ length: v.length }, (_, e) => {
      let k = 0;
      for (let i = 0; i < shape.length; i++) k += (Math.floor(e / outStr[i]!) % shape[i]!) * inStr[perm[i]!]!;
      return v[k]!;
    });
  });
}

const clampIndex = (v: number, dim: number, step: number): number => {
  let x = v < 0 ? v + dim : v;
  if (step > 0) x = Math.min(Math.max(x, 0), dim);
  else x = Math.min(Math.max(x, -1), dim - 1);
  return x;
};

const slice: Rule = (node, ins, opset) => {
  const x = req(node, ins, 0);
  const a = node.attrs;
  const starts = opset >= 10 ? constInput(node, ins, 1, 'Slice starts') : a.required(a.ints('starts'), 'starts');
  const ends = opset >= 10 ? constInput(node, ins, 2, 'Slice ends') : a.required(a.ints('ends'), 'ends');
  const axes = (opset >= 10 ? optConstInput(node, ins, 3, 'Slice axes') : a.ints('axes')) ?? starts.map((_, i) => i);
  const steps = (opset >= 10 ? optConstInput(node, ins, 4, 'Slice steps') : undefined) ?? starts.map(() => 1);
  const shape = [...x.shape];
  const ranges = x.shape.map((d) => ({ start: 0, step: 1, count: d }));
  axes.forEach((ax, i) => {
    const axis = normAxis(ax, x.shape.length, node.where);
    const dim = x.shape[axis]!;
    const step = steps[i]!;
    if (step === 0) throw badInput('Slice step 0', node.where);
    const s = clampIndex(starts[i]!, dim, step);
    const e = clampIndex(ends[i]!, dim, step);
    const count = Math.max(0, Math.ceil((e - s) / step));
    shape[axis] = count;
    ranges[axis] = { start: s, step, count };
  });
  const value = small(shape) ? lazy(() => {
    const v = x.value();
    if (!v) return undefined;
    const inStr = stridesOf(x.shape);
    const outStr = stridesOf(shape);
    return Array.from({ length: numel(shape) }, (_, e) => {
      let k = 0;
      for (let i = 0; i < shape.length; i++) k += (ranges[i]!.start + (Math.floor(e / outStr[i]!) % shape[i]!) * ranges[i]!.step) * inStr[i]!;
      return v[k]!;
    });
  }) : none;
  return [t(shape, x.dtype, value)];
};

const concat: Rule = (node, ins) => {
  const all = ins.filter((i): i is TInfo => i !== undefined);
  const first = all[0];
  if (!first) throw badInput('Concat without inputs', node.where);
  const axis = normAxis(node.attrs.required(node.attrs.int('axis'), 'axis'), first.shape.length, node.where);
  const shape = [...first.shape];
  shape[axis] = 0;
  for (const i of all) {
    if (i.shape.length !== first.shape.length || i.shape.some((d, k) => k !== axis && d !== first.shape[k])) {
      throw new AddersimError('SHAPE_MISMATCH', `Concat inputs [${all.map((s) => s.shape.join(',')).join('] [')}] differ outside axis ${axis}`, node.where);
    }
    shape[axis]! += i.shape[axis]!;
  }
  const value = small(shape) ? lazy(() => {
    const vs = all.map((i) => i.value());
    if (vs.some((v) => !v)) return undefined;
    const outer = numel(shape.slice(0, axis));
    const out: number[] = [];
    for (let o = 0; o < outer; o++) all.forEach((i, k) => {
      const chunk = numel(i.shape.slice(axis));
      out.push(...vs[k]!.slice(o * chunk, (o + 1) * chunk));
    });
    return out;
  }) : none;
  return [t(shape, first.dtype, value)];
};

const pad: Rule = (node, ins, opset) => {
  const x = req(node, ins, 0);
  const rank = x.shape.length;
  let pads = opset >= 11 ? constInput(node, ins, 1, 'Pad pads') : node.attrs.required(node.attrs.ints('pads') ?? node.attrs.ints('paddings'), 'pads');
  const axes = opset >= 18 ? optConstInput(node, ins, 3, 'Pad axes') : undefined;
  if (axes) {
    const full = new Array<number>(2 * rank).fill(0);
    axes.forEach((ax, i) => {
      const a = normAxis(ax, rank, node.where);
      full[a] = pads[i]!;
      full[a + rank] = pads[i + axes.length]!;
    });
    pads = full;
  }
  if (pads.length !== 2 * rank) throw badInput(`Pad has ${pads.length} pads for rank ${rank}`, node.where);
  return [t(x.shape.map((d, i) => d + pads[i]! + pads[i + rank]!), x.dtype)];
};

/** Pads of a Pad node on a rank-r tensor as [begin…, end…] (for pattern recognition). */
export function padsOf(node: OnnxNode, info: ReadonlyMap<string, TInfo>, opset: number): readonly number[] | undefined {
  if (opset >= 11) return info.get(node.inputs[1] ?? '')?.value();
  return node.attrs.ints('pads') ?? node.attrs.ints('paddings');
}

function unsqueezeShape(node: OnnxNode, shape: readonly number[], axes: readonly number[]): number[] {
  const rank = shape.length + axes.length;
  const set = new Set(axes.map((a) => normAxis(a, rank, node.where)));
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(set.has(i) ? 1 : shape[k++]!);
  return out;
}

const conv: Rule = (node, ins) => {
  const x = req(node, ins, 0);
  const w = req(node, ins, 1);
  const group = node.attrs.int('group', 1);
  if (x.shape[1] !== w.shape[1]! * group) {
    throw new AddersimError('SHAPE_MISMATCH', `input has ${x.shape[1]} channels, weight [${w.shape.join(',')}] with group ${group} expects ${w.shape[1]! * group}`, node.where);
  }
  const g = windowOut(node, x.shape, node.attrs.ints('kernel_shape') ?? w.shape.slice(2), false);
  return [t([x.shape[0]!, w.shape[0]!, ...g.out], x.dtype)];
};

export function convTransposeOut(node: OnnxNode, x: readonly number[], w: readonly number[]): { out: [number, number]; pads: [number, number, number, number]; outputPadding: [number, number] } {
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
    if (!(op[i]! >= 0 && op[i]! < Math.max(s[i]!, d[i]!))) throw badInput(`output_padding [${op.join(',')}] must be below the stride or the dilation of each axis ([${s.join(',')}], [${d.join(',')}])`, node.where);
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
    pads: [pads[0]!, pads[1]!, pads[2]!, pads[3]!], outputPadding: [op[0]!, op[1]!],
  };
}

const pool = (ceilFromOpset: number): Rule => (node, ins, opset) => {
  const x = req(node, ins, 0);
  const k = node.attrs.required(node.attrs.ints('kernel_shape'), 'kernel_shape');
  const ceil = opset >= ceilFromOpset && node.attrs.int('ceil_mode', 0) === 1;
  const g = windowOut(node, x.shape, k, ceil);
  const shape = [x.shape[0]!, x.shape[1]!, ...g.out];
  return node.outputs.map((_, i) => t(shape, i === 0 ? x.dtype : DT.INT64));
};

/** Upsample (opsets 7–9: scales attribute, then input 1) and Resize (10: scales input 1; 11+: roi, scales, sizes). */
function resize(node: OnnxNode, ins: readonly (TInfo | undefined)[], opset: number): TInfo[] {
  const x = req(node, ins, 0);
  let scales: readonly number[] | undefined;
  let sizes: readonly number[] | undefined;
  if (node.opType === 'Upsample' && opset < 9) scales = node.attrs.required(node.attrs.floats('scales'), 'scales');
  else if (node.opType === 'Upsample' || opset < 11) scales = constInput(node, ins, 1, 'the scales');
  else {
    sizes = ins[3] ? constInput(node, ins, 3, 'the sizes') : undefined;
    const sc = ins[2] ? constInput(node, ins, 2, 'the scales') : undefined;
    scales = sc && sc.length > 0 ? sc : undefined;
  }
  if (sizes && sizes.length > 0) {
    if (sizes.length !== x.shape.length) throw badInput(`Resize sizes [${sizes.join(',')}] do not match rank ${x.shape.length}`, node.where);
    return [t([...sizes], x.dtype)];
  }
  if (!scales || scales.length !== x.shape.length) throw badInput('Resize needs scales or sizes for every axis', node.where);
  return [t(x.shape.map((d, i) => Math.floor(d * scales![i]!)), x.dtype)];
}

const RULES: Record<string, Rule> = {
  // activations and unary functions
  Relu: unary((v) => Math.max(v, 0)), Sigmoid: unary(), Tanh: unary(), Sign: unary(Math.sign), Neg: unary((v) => -v),
  Abs: unary(Math.abs), LeakyRelu: unary(), HardSigmoid: unary(), HardSwish: unary(), Elu: unary(), Selu: unary(),
  Softplus: unary(), Softsign: unary(), Exp: unary(Math.exp), Log: unary(Math.log), Sqrt: unary(Math.sqrt), Reciprocal: unary((v) => 1 / v),
  Floor: unary(Math.floor), Ceil: unary(Math.ceil), Round: unary(Math.round), Erf: unary(), Not: unary((v) => (v ? 0 : 1)),
  Mish: unary(), Softmax: unary(), LogSoftmax: unary(), Identity: passValue, Dropout: passValue,
  PRelu: (node, ins) => [t(broadcast([req(node, ins, 0).shape, req(node, ins, 1).shape], node.where), req(node, ins, 0).dtype)],
  Clip: (node, ins) => {
    const x = req(node, ins, 0);
    return [t(x.shape, x.dtype)];
  },
  Cast: (node, ins) => {
    const x = req(node, ins, 0);
    const to = node.attrs.required(node.attrs.int('to'), 'to');
    return [t(x.shape, to, lazy(() => (isIntType(to) ? x.value()?.map(Math.trunc) : x.value())))];
  },
  // binary (broadcasting)
  Add: binary((a, b) => a + b), Sub: binary((a, b) => a - b), Mul: binary((a, b) => a * b), Div: binary(divide),
  Pow: binary((a, b) => a ** b), Max: binary((a, b) => Math.max(a, b)), Min: binary((a, b) => Math.min(a, b)), Sum: binary((a, b) => a + b),
  Mod: binary((a, b) => a - Math.floor(a / b) * b),
  Equal: binary((a, b) => (a === b ? 1 : 0), DT.BOOL), Less: binary((a, b) => (a < b ? 1 : 0), DT.BOOL),
  Greater: binary((a, b) => (a > b ? 1 : 0), DT.BOOL), LessOrEqual: binary((a, b) => (a <= b ? 1 : 0), DT.BOOL),
  GreaterOrEqual: binary((a, b) => (a >= b ? 1 : 0), DT.BOOL), And: binary((a, b) => (a && b ? 1 : 0), DT.BOOL),
  Or: binary((a, b) => (a || b ? 1 : 0), DT.BOOL), Where: where,
  // layers
  Conv: conv,
  ConvTranspose: (node, ins) => {
    const x = req(node, ins, 0);
    const w = req(node, ins, 1);
    if (x.shape.length !== 4) throw new AddersimError('UNKNOWN_OP', 'only 2-D ConvTranspose is supported', node.where);
    const g = convTransposeOut(node, x.shape, w.shape);
    return [t([x.shape[0]!, w.shape[1]! * node.attrs.int('group', 1), ...g.out], x.dtype)];
  },
  Gemm: (node, ins) => {
    const a = req(node, ins, 0);
    const b = req(node, ins, 1);
    const ta = node.attrs.int('transA', 0) === 1;
    const tb = node.attrs.int('transB', 0) === 1;
    if (a.shape.length !== 2 || b.shape.length !== 2) throw new AddersimError('SHAPE_MISMATCH', `Gemm needs 2-D inputs, got [${a.shape.join(',')}] and [${b.shape.join(',')}]`, node.where);
    const [m, ka] = ta ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
    const [kb, n] = tb ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
    if (ka !== kb) throw new AddersimError('SHAPE_MISMATCH', `Gemm inner dimensions differ: ${ka} vs ${kb}`, node.where);
    return [t([m, n], a.dtype)];
  },
  MatMul: (node, ins) => {
    const a = req(node, ins, 0);
    const b = req(node, ins, 1);
    const as = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
    const bs = b.shape.length === 1 ? [b.shape[0]!, 1] : b.shape;
    if (as[as.length - 1] !== bs[bs.length - 2]) throw new AddersimError('SHAPE_MISMATCH', `MatMul inner dimensions differ: [${a.shape.join(',')}] × [${b.shape.join(',')}]`, node.where);
    const batch = broadcast([as.slice(0, -2), bs.slice(0, -2)], node.where);
    const shape = [...batch, ...(a.shape.length === 1 ? [] : [as[as.length - 2]!]), ...(b.shape.length === 1 ? [] : [bs[bs.length - 1]!])];
    return [t(shape, a.dtype)];
  },
  BatchNormalization: (node, ins) => {
    const x = req(node, ins, 0);
    return node.outputs.map((_, i) => (i === 0 ? t(x.shape, x.dtype) : t([x.shape[1]!], x.dtype)));
  },
  InstanceNormalization: unary(), LRN: unary(),
  MaxPool: pool(10), AveragePool: pool(10), LpPool: pool(99),
  GlobalAveragePool: (node, ins) => {
    const x = req(node, ins, 0);
    return [t([...x.shape.slice(0, 2), ...x.shape.slice(2).map(() => 1)], x.dtype)];
  },
  GlobalMaxPool: (node, ins) => {
    const x = req(node, ins, 0);
    return [t([...x.shape.slice(0, 2), ...x.shape.slice(2).map(() => 1)], x.dtype)];
  },
  ReduceSum: reduce((v) => v.reduce((a, b) => a + b, 0)), ReduceMean: reduce((v) => v.reduce((a, b) => a + b, 0) / v.length),
  ReduceMax: reduce(maxOf), ReduceMin: reduce(minOf), ReduceProd: reduce((v) => v.reduce((a, b) => a * b, 1)),
  ReduceL2: reduce(), ReduceL1: reduce(), ReduceSumSquare: reduce(), ReduceLogSumExp: reduce(),
  // shape and data movement
  Shape: (node, ins) => {
    const x = req(node, ins, 0);
    const r = x.shape.length;
    const cl = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
    const s = x.shape.slice(cl(node.attrs.int('start', 0)), cl(node.attrs.int('end', r)));
    return [t([s.length], DT.INT64, () => s, { isStatic: true, fromShape: true })];
  },
  Size: (node, ins) => {
    const x = req(node, ins, 0);
    return [t([], DT.INT64, () => [numel(x.shape)], { isStatic: true, fromShape: true })];
  },
  Constant: (node) => {
    const a = node.attrs;
    const tensor = a.tensor('value');
    if (tensor) return [t(tensorDims(tensor), tensor.dataType ?? DT.FLOAT, lazy(() => tensorValues(tensor, node.where)), { isStatic: true })];
    const f = a.float('value_float');
    if (f !== undefined) return [t([], DT.FLOAT, () => [f], { isStatic: true })];
    const fs = a.floats('value_floats');
    if (fs) return [t([fs.length], DT.FLOAT, () => fs, { isStatic: true })];
    const i = a.int('value_int');
    if (i !== undefined) return [t([], DT.INT64, () => [i], { isStatic: true })];
    const is = a.ints('value_ints');
    if (is) return [t([is.length], DT.INT64, () => is, { isStatic: true })];
    throw new AddersimError('UNKNOWN_OP', 'Constant with a sparse or string value has no rule', node.where);
  },
  ConstantOfShape: (node, ins) => {
    const shape = constInput(node, ins, 0, 'ConstantOfShape shape');
    const tv = node.attrs.tensor('value');
    const v = tv ? tensorValues(tv, node.where)?.[0] ?? 0 : 0;
    return [t(shape, tv?.dataType ?? DT.FLOAT, small(shape) ? () => new Array<number>(numel(shape)).fill(v) : none, { isStatic: true })];
  },
  Range: (node, ins) => {
    const [s, l, d] = [0, 1, 2].map((i) => constInput(node, ins, i, 'Range bounds')[0]!);
    const n = Math.max(Math.ceil((l! - s!) / d!), 0);
    return [t([n], req(node, ins, 0).dtype, small([n]) ? lazy(() => Array.from({ length: n }, (_, i) => s! + i * d!)) : none)];
  },
  Reshape: (node, ins, opset) => {
    const x = req(node, ins, 0);
    const target = constInput(node, ins, 1, 'the Reshape target shape');
    return [reshapeTo(x, resolveReshape(node, x.shape, target, opset >= 14 && node.attrs.int('allowzero', 0) === 1))];
  },
  Flatten: (node, ins) => {
    const x = req(node, ins, 0);
    const axis = normAxis(node.attrs.int('axis', 1), x.shape.length + 1, node.where);
    return [reshapeTo(x, [numel(x.shape.slice(0, axis)), numel(x.shape.slice(axis))])];
  },
  Squeeze: (node, ins, opset) => {
    const x = req(node, ins, 0);
    const axes = axesOf(node, ins, opset, 13, 1);
    const set = new Set((axes ?? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => normAxis(a, x.shape.length, node.where)));
    for (const a of set) if (x.shape[a] !== 1) throw new AddersimError('SHAPE_MISMATCH', `cannot squeeze axis ${a} of size ${x.shape[a]}`, node.where);
    return [reshapeTo(x, x.shape.filter((_, i) => !set.has(i)))];
  },
  Unsqueeze: (node, ins, opset) => {
    const x = req(node, ins, 0);
    const axes = node.attrs.required(axesOf(node, ins, opset, 13, 1), 'axes');
    return [reshapeTo(x, unsqueezeShape(node, x.shape, axes))];
  },
  Transpose: (node, ins) => {
    const x = req(node, ins, 0);
    const perm = node.attrs.ints('perm') ?? x.shape.map((_, i) => x.shape.length - 1 - i);
    const shape = perm.map((p) => x.shape[p]!);
    return [t(shape, x.dtype, transposeValues(x, perm, shape))];
  },
  Gather: (node, ins) => {
    const x = req(node, ins, 0);
    const idx = req(node, ins, 1);
    const axis = normAxis(node.attrs.int('axis', 0), x.shape.length, node.where);
    const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
    return [t(shape, x.dtype, gatherValues(x, idx, axis, shape))];
  },
  Slice: slice, Concat: concat, Pad: pad,
  Split: (node, ins, opset) => {
    const x = req(node, ins, 0);
    const axis = normAxis(node.attrs.int('axis', 0), x.shape.length, node.where);
    const dim = x.shape[axis]!;
    const n = node.outputs.length;
    let sizes = opset >= 13 ? optConstInput(node, ins, 1, 'Split sizes') : node.attrs.ints('split');
    if (!sizes) {
      const each = Math.ceil(dim / n);
      sizes = Array.from({ length: n }, (_, i) => Math.min(each, dim - i * each));
    }
    if (sizes.reduce((a, b) => a + b, 0) !== dim) throw new AddersimError('SHAPE_MISMATCH', `Split sizes [${sizes.join(',')}] do not add up to ${dim}`, node.where);
    return sizes.map((s) => {
      const shape = [...x.shape];
      shape[axis] = s;
      return t(shape, x.dtype);
    });
  },
  Expand: (node, ins) => {
    const x = req(node, ins, 0);
    const target = constInput(node, ins, 1, 'the Expand shape');
    const shape = broadcast([x.shape, target], node.where);
    return [t(shape, x.dtype, small(shape) ? lazy(() => {
      const v = x.value();
      if (!v) return undefined;
      const bi = broadcastIndex(x.shape, shape);
      return Array.from({ length: numel(shape) }, (_, e) => v[bi(e)]!);
    }) : none)];
  },
  Upsample: (node, ins, opset) => resize(node, ins, opset),
  Resize: (node, ins, opset) => resize(node, ins, opset),
  Tile: (node, ins) => {
    const x = req(node, ins, 0);
    const reps = constInput(node, ins, 1, 'Tile repeats');
    return [t(x.shape.map((d, i) => d * reps[i]!), x.dtype)];
  },
};

