// The data-movement inference rules (Gather and Transpose values, Slice, Concat, Pad), split from the
// operator table in rules.ts, which uses them.

import { AddersimError, badInput } from '../../isa/index.ts';
import { numel } from './tensor.ts';
import { constInput, lazy, none, normAxis, optConstInput, req, small, stridesOf, t, type Rule, type TInfo, type Vals } from './values.ts';

/** Element-wise gather of a static tensor along one axis. */
export function gatherValues(x: TInfo, idx: TInfo, axis: number, shape: readonly number[]): () => Vals {
  if (!small(shape)) return none;
  return lazy(() => {
    const [xv, iv] = [x.value(), idx.value()];
    if (!xv || !iv) return undefined;
    const outer = numel(x.shape.slice(0, axis));
    const inner = numel(x.shape.slice(axis + 1));
    const dim = x.shape[axis]!;
    const out: number[] = [];
    for (let o = 0; o < outer; o++)
      for (const j of iv) {
        const jj = j < 0 ? j + dim : j;
        for (let i = 0; i < inner; i++) out.push(xv[(o * dim + jj) * inner + i]!);
      }
    return out;
  });
}

export function transposeValues(x: TInfo, perm: readonly number[], shape: readonly number[]): () => Vals {
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

export const slice: Rule = (node, ins, opset) => {
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
  const value = small(shape)
    ? lazy(() => {
        const v = x.value();
        if (!v) return undefined;
        const inStr = stridesOf(x.shape);
        const outStr = stridesOf(shape);
        return Array.from({ length: numel(shape) }, (_, e) => {
          let k = 0;
          for (let i = 0; i < shape.length; i++) k += (ranges[i]!.start + (Math.floor(e / outStr[i]!) % shape[i]!) * ranges[i]!.step) * inStr[i]!;
          return v[k]!;
        });
      })
    : none;
  return [t(shape, x.dtype, value)];
};

export const concat: Rule = (node, ins) => {
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
  const value = small(shape)
    ? lazy(() => {
        const vs = all.map((i) => i.value());
        if (vs.some((v) => !v)) return undefined;
        const outer = numel(shape.slice(0, axis));
        const out: number[] = [];
        for (let o = 0; o < outer; o++)
          all.forEach((i, k) => {
            const chunk = numel(i.shape.slice(axis));
            out.push(...vs[k]!.slice(o * chunk, (o + 1) * chunk));
          });
        return out;
      })
    : none;
  return [t(shape, first.dtype, value)];
};

export const pad: Rule = (node, ins, opset) => {
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
  return [
    t(
      x.shape.map((d, i) => d + pads[i]! + pads[i + rank]!),
      x.dtype,
    ),
  ];
};
