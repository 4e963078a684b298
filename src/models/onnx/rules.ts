// The inference rules: one per ONNX operator (RULES), giving each output's shape, type and, for static
// tensors, values, with the attribute-vs-input differences between opsets 7 and 18. The mapping onto
// the graph IR has its own table beside this one (layer-rules.ts), and a test checks the two agree.

import { AddersimError, badInput } from '../../isa/index.ts';
import { convTransposeOut, windowOut } from './geometry.ts';
import type { OnnxNode } from './model.ts';
import { concat, gatherValues, pad, slice, transposeValues } from './movement-rules.ts';
import { DT, isIntType, numel, tensorDims, tensorValues } from './tensor.ts';
import { broadcast, broadcastIndex, constInput, lazy, none, normAxis, optConstInput, req, small, stridesOf, t, type Rule, type TInfo } from './values.ts';

/** Largest and smallest element without spreading (a spread of a million arguments overflows the stack). */
const maxOf = (v: readonly number[]): number => v.reduce((a, b) => (b > a || Number.isNaN(b) ? b : a), -Infinity);
const minOf = (v: readonly number[]): number => v.reduce((a, b) => (b < a || Number.isNaN(b) ? b : a), Infinity);

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
    if (all.length < 2 && node.opType !== 'Sum' && node.opType !== 'Max' && node.opType !== 'Min' && node.opType !== 'Mean')
      throw badInput('expected two inputs', node.where);
    const shape = broadcast(
      all.map((i) => i.shape),
      node.where,
    );
    const dtype = outType ?? all[0]!.dtype;
    const int = isIntType(all[0]!.dtype);
    const value =
      f && small(shape)
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
  const value = small(shape)
    ? lazy(() => {
        const [cv, xv, yv] = [c.value(), x.value(), y.value()];
        if (!cv || !xv || !yv) return undefined;
        const [ci, xi, yi] = [broadcastIndex(c.shape, shape), broadcastIndex(x.shape, shape), broadcastIndex(y.shape, shape)];
        return Array.from({ length: numel(shape) }, (_, e) => (cv[ci(e)] ? xv[xi(e)]! : yv[yi(e)]!));
      })
    : none;
  return [t(shape, x.dtype, value)];
};

function reshapeTo(x: TInfo, shape: readonly number[]): TInfo {
  return t(shape, x.dtype, () => x.value());
}

function resolveReshape(node: OnnxNode, inShape: readonly number[], target: readonly number[], allowZero: boolean): number[] {
  const out = target.map((d, i) => (d === 0 && !allowZero ? (inShape[i] ?? 0) : d));
  const neg = out.filter((d) => d === -1).length;
  if (neg > 1) throw badInput(`Reshape target [${target.join(',')}] has more than one -1`, node.where);
  const total = numel(inShape);
  if (neg === 1) {
    const known = numel(out.filter((d) => d !== -1));
    if (known === 0 || total % known !== 0)
      throw new AddersimError('SHAPE_MISMATCH', `cannot reshape [${inShape.join(',')}] to [${target.join(',')}]`, node.where);
    out[out.indexOf(-1)] = total / known;
  }
  if (numel(out) !== total)
    throw new AddersimError('SHAPE_MISMATCH', `cannot reshape [${inShape.join(',')}] (${total} elements) to [${target.join(',')}]`, node.where);
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
    const value =
      f && small(x.shape)
        ? lazy(() => {
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
          })
        : none;
    return [t(shape, x.dtype, value)];
  };
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
    throw new AddersimError(
      'SHAPE_MISMATCH',
      `input has ${x.shape[1]} channels, weight [${w.shape.join(',')}] with group ${group} expects ${w.shape[1]! * group}`,
      node.where,
    );
  }
  const g = windowOut(node, x.shape, node.attrs.ints('kernel_shape') ?? w.shape.slice(2), false);
  return [t([x.shape[0]!, w.shape[0]!, ...g.out], x.dtype)];
};

const pool =
  (ceilFromOpset: number): Rule =>
  (node, ins, opset) => {
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
  return [
    t(
      x.shape.map((d, i) => Math.floor(d * scales![i]!)),
      x.dtype,
    ),
  ];
}

export const RULES: Readonly<Record<string, Rule>> = {
  // activations and unary functions
  Relu: unary((v) => Math.max(v, 0)),
  Sigmoid: unary(),
  Tanh: unary(),
  Sign: unary(Math.sign),
  Neg: unary((v) => -v),
  Abs: unary(Math.abs),
  LeakyRelu: unary(),
  HardSigmoid: unary(),
  HardSwish: unary(),
  Elu: unary(),
  Selu: unary(),
  Softplus: unary(),
  Softsign: unary(),
  Exp: unary(Math.exp),
  Log: unary(Math.log),
  Sqrt: unary(Math.sqrt),
  Reciprocal: unary((v) => 1 / v),
  Floor: unary(Math.floor),
  Ceil: unary(Math.ceil),
  Round: unary(Math.round),
  Erf: unary(),
  Not: unary((v) => (v ? 0 : 1)),
  Mish: unary(),
  Softmax: unary(),
  LogSoftmax: unary(),
  Identity: passValue,
  Dropout: passValue,
  PRelu: (node, ins) => [t(broadcast([req(node, ins, 0).shape, req(node, ins, 1).shape], node.where), req(node, ins, 0).dtype)],
  Clip: (node, ins) => {
    const x = req(node, ins, 0);
    return [t(x.shape, x.dtype)];
  },
  Cast: (node, ins) => {
    const x = req(node, ins, 0);
    const to = node.attrs.required(node.attrs.int('to'), 'to');
    return [
      t(
        x.shape,
        to,
        lazy(() => (isIntType(to) ? x.value()?.map(Math.trunc) : x.value())),
      ),
    ];
  },
  // binary (broadcasting)
  Add: binary((a, b) => a + b),
  Sub: binary((a, b) => a - b),
  Mul: binary((a, b) => a * b),
  Div: binary(divide),
  Pow: binary((a, b) => a ** b),
  Max: binary((a, b) => Math.max(a, b)),
  Min: binary((a, b) => Math.min(a, b)),
  Sum: binary((a, b) => a + b),
  Mod: binary((a, b) => a - Math.floor(a / b) * b),
  Equal: binary((a, b) => (a === b ? 1 : 0), DT.BOOL),
  Less: binary((a, b) => (a < b ? 1 : 0), DT.BOOL),
  Greater: binary((a, b) => (a > b ? 1 : 0), DT.BOOL),
  LessOrEqual: binary((a, b) => (a <= b ? 1 : 0), DT.BOOL),
  GreaterOrEqual: binary((a, b) => (a >= b ? 1 : 0), DT.BOOL),
  And: binary((a, b) => (a && b ? 1 : 0), DT.BOOL),
  Or: binary((a, b) => (a || b ? 1 : 0), DT.BOOL),
  Where: where,
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
    if (a.shape.length !== 2 || b.shape.length !== 2)
      throw new AddersimError('SHAPE_MISMATCH', `Gemm needs 2-D inputs, got [${a.shape.join(',')}] and [${b.shape.join(',')}]`, node.where);
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
    if (as[as.length - 1] !== bs[bs.length - 2])
      throw new AddersimError('SHAPE_MISMATCH', `MatMul inner dimensions differ: [${a.shape.join(',')}] × [${b.shape.join(',')}]`, node.where);
    const batch = broadcast([as.slice(0, -2), bs.slice(0, -2)], node.where);
    const shape = [...batch, ...(a.shape.length === 1 ? [] : [as[as.length - 2]!]), ...(b.shape.length === 1 ? [] : [bs[bs.length - 1]!])];
    return [t(shape, a.dtype)];
  },
  BatchNormalization: (node, ins) => {
    const x = req(node, ins, 0);
    return node.outputs.map((_, i) => (i === 0 ? t(x.shape, x.dtype) : t([x.shape[1]!], x.dtype)));
  },
  InstanceNormalization: unary(),
  LRN: unary(),
  MaxPool: pool(10),
  AveragePool: pool(10),
  LpPool: pool(99),
  GlobalAveragePool: (node, ins) => {
    const x = req(node, ins, 0);
    return [t([...x.shape.slice(0, 2), ...x.shape.slice(2).map(() => 1)], x.dtype)];
  },
  GlobalMaxPool: (node, ins) => {
    const x = req(node, ins, 0);
    return [t([...x.shape.slice(0, 2), ...x.shape.slice(2).map(() => 1)], x.dtype)];
  },
  ReduceSum: reduce((v) => v.reduce((a, b) => a + b, 0)),
  ReduceMean: reduce((v) => v.reduce((a, b) => a + b, 0) / v.length),
  ReduceMax: reduce(maxOf),
  ReduceMin: reduce(minOf),
  ReduceProd: reduce((v) => v.reduce((a, b) => a * b, 1)),
  ReduceL2: reduce(),
  ReduceL1: reduce(),
  ReduceSumSquare: reduce(),
  ReduceLogSumExp: reduce(),
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
    if (tensor)
      return [
        t(
          tensorDims(tensor),
          tensor.dataType ?? DT.FLOAT,
          lazy(() => tensorValues(tensor, node.where)),
          { isStatic: true },
        ),
      ];
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
    const v = tv ? (tensorValues(tv, node.where)?.[0] ?? 0) : 0;
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
    return [
      reshapeTo(
        x,
        x.shape.filter((_, i) => !set.has(i)),
      ),
    ];
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
  Slice: slice,
  Concat: concat,
  Pad: pad,
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
    if (sizes.reduce((a, b) => a + b, 0) !== dim)
      throw new AddersimError('SHAPE_MISMATCH', `Split sizes [${sizes.join(',')}] do not add up to ${dim}`, node.where);
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
    return [
      t(
        shape,
        x.dtype,
        small(shape)
          ? lazy(() => {
              const v = x.value();
              if (!v) return undefined;
              const bi = broadcastIndex(x.shape, shape);
              return Array.from({ length: numel(shape) }, (_, e) => v[bi(e)]!);
            })
          : none,
      ),
    ];
  },
  Upsample: (node, ins, opset) => resize(node, ins, opset),
  Resize: (node, ins, opset) => resize(node, ins, opset),
  Tile: (node, ins) => {
    const x = req(node, ins, 0);
    const reps = constInput(node, ins, 1, 'Tile repeats');
    return [
      t(
        x.shape.map((d, i) => d * reps[i]!),
        x.dtype,
      ),
    ];
  },
};
