// Op tables of a shaped graph in a named counting convention (docs/architecture.md "Counting conventions"):
//   paper — the AdderNet paper's columns: multiplicative conv/FC mul = add = MACs, adder add = 2·MACs
//           (|·| free, mul 0), binary xnor = add = MACs; every other layer left out.
//   exact — what each layer computes per output element (K terms): see `exactCounts` below.
// `macs` is always the topology's conv + FC multiply-accumulate-equivalents. All counts exact integers.

import { AddersimError, assertNever, checkedAdd, checkedMul, OPS, withPath, type Op } from '../isa/index.ts';
import type { ShapedGraph, ShapedLayer } from './graph.ts';
import { eltwiseCost, softmaxRowCost, type OpCounts } from './elementwise-costs.ts';
import { layerMacs, outputs, termsPerOutput } from './macs.ts';
import { numel } from './shapes.ts';
import { ARG, checkArgs } from '../isa/api-args.ts';
import { z } from 'zod';

export const CONVENTIONS = ['paper', 'exact'] as const;
export type Convention = (typeof CONVENTIONS)[number];

export interface OpTableLayer {
  readonly name: string;
  readonly kind: string;
  readonly macs: number;
  readonly counts: Record<string, number>;
}

export interface OpTable {
  readonly convention: Convention;
  readonly macs: number;
  readonly totals: Record<string, number>;
  readonly layers: readonly OpTableLayer[];
  readonly notes: readonly string[];
}

class Counter {
  readonly m = new Map<Op, number>();
  add(op: Op, n: number): void {
    if (n < 0) throw new Error(`negative count ${n} for ${op}`);
    if (n > 0) this.m.set(op, checkedAdd(this.m.get(op) ?? 0, n, `${op} count`));
  }
  addAll(c: OpCounts, times: number): void {
    for (const op of OPS) {
      const n = c[op];
      if (n) this.add(op, checkedMul(n, times, `${op} count`));
    }
  }
  record(): Record<string, number> {
    return Object.fromEntries(OPS.flatMap((op) => (this.m.has(op) ? [[op, this.m.get(op)!]] : [])));
  }
}

function where(g: ShapedGraph, l: ShapedLayer): string {
  return `${g.name}: layer ${l.name}`;
}

/** The paper's columns for one layer. */
function paperCounts(l: ShapedLayer, c: Counter): void {
  const macs = layerMacs(l);
  switch (l.kind) {
    case 'conv2d':
    case 'linear':
    case 'convtranspose2d':
      c.add('mul', macs);
      c.add('add', macs);
      return;
    case 'adder2d':
    case 'adderlinear':
      c.add('add', checkedMul(2, macs));
      return;
    case 'binconv2d':
    case 'binlinear':
      c.add('xnor', macs);
      c.add('add', macs);
      return;
    case 'batchnorm':
    case 'relu':
    case 'hardtanh':
    case 'maxpool':
    case 'avgpool':
    case 'globalavgpool':
    case 'add':
    case 'flatten':
    case 'concat':
    case 'softmax':
    case 'eltwise':
    case 'reduce':
    case 'reshape':
      return;
    default:
      return assertNever(l, 'layer kind');
  }
}

/**
 * Per layer, with N output elements and K terms per output:
 *   conv/FC K mul, K−1 add (+1 with bias); adder K sub, K abs, K−1 add (+1 bias), 1 neg;
 *   binary K xnor, K−1 add (popcount-and-add; +1 bias), 1 mul (scaling factor);
 *   transposed conv MACs mul, MACs − N add (+N bias) (as if every output receives a product);
 *   BN 1 mul + 1 add; ReLU 1 max; hardtanh 1 max + 1 min; max pool window−1 max; avg pool window−1 add + 1 mul;
 *   global avg pool H·W−1 add + 1 mul per channel; residual add (inputs−1) add; softmax per row of the last
 *   axis (elementwise-costs.ts); eltwise by fn (elementwise-costs.ts); reduce R−1 add/max (+1 mul for mean)
 *   per output; flatten, reshape, concat: no arithmetic.
 */
function exactCounts(g: ShapedGraph, l: ShapedLayer, c: Counter): void {
  const n = outputs(l);
  const k = termsPerOutput(l) ?? 0;
  const biasAdds = 'bias' in l && l.bias ? n : 0;
  switch (l.kind) {
    case 'conv2d':
    case 'linear':
      c.add('mul', checkedMul(k, n));
      c.add('add', checkedAdd(checkedMul(k - 1, n), biasAdds));
      return;
    case 'adder2d':
    case 'adderlinear':
      c.add('sub', checkedMul(k, n));
      c.add('abs', checkedMul(k, n));
      c.add('add', checkedAdd(checkedMul(k - 1, n), biasAdds));
      c.add('neg', n);
      return;
    case 'binconv2d':
    case 'binlinear':
      c.add('xnor', checkedMul(k, n));
      c.add('add', checkedAdd(checkedMul(k - 1, n), biasAdds));
      c.add('mul', n);
      return;
    case 'convtranspose2d': {
      const macs = layerMacs(l);
      c.add('mul', macs);
      c.add('add', checkedAdd(Math.max(0, macs - n), biasAdds));
      return;
    }
    case 'batchnorm':
      c.add('mul', n);
      c.add('add', n);
      return;
    case 'relu':
      c.add('max', n);
      return;
    case 'hardtanh':
      c.add('max', n);
      c.add('min', n);
      return;
    case 'maxpool':
      c.add('max', checkedMul(l.kernel[0] * l.kernel[1] - 1, n));
      return;
    case 'avgpool':
      c.add('add', checkedMul(l.kernel[0] * l.kernel[1] - 1, n));
      c.add('mul', n);
      return;
    case 'globalavgpool': {
      const [ch, h, w] = l.inShapes[0]!;
      c.add('add', checkedMul(ch!, h! * w! - 1));
      c.add('mul', ch!);
      return;
    }
    case 'add':
      c.add('add', checkedMul(l.inputs.length - 1, n));
      return;
    case 'softmax': {
      const f = l.outShape.at(-1)!;
      c.addAll(softmaxRowCost(f), n / f);
      return;
    }
    case 'eltwise':
      c.addAll(eltwiseCost(l.fn, l.inputs.length, where(g, l)), n);
      return;
    case 'reduce': {
      const r = numel(l.inShapes[0]!) / n;
      if (l.fn === 'max') c.add('max', checkedMul(r - 1, n));
      else c.add('add', checkedMul(r - 1, n));
      if (l.fn === 'mean') c.add('mul', n);
      return;
    }
    case 'flatten':
    case 'reshape':
    case 'concat':
      return;
    default:
      return assertNever(l, 'layer kind');
  }
}

/**
 * Operation counts of a shaped graph per op, in a named convention: `paper` (the AdderNet paper's:
 * conv and FC MACs only) or `exact` (every layer's arithmetic). Unknown layer kinds are errors unless `allowUnknown`.
 * @example
 * const { graph } = await loadModel('lenet5-bn');
 * const t = opTable(graph, 'paper');
 * t.macs;                                                   // 416,520
 * t.totals;                                                 // { add: 416,520, mul: 416,520, xnor: 0 }
 */
export function opTable(graph: ShapedGraph, convention: Convention, opts: { allowUnknown?: boolean } = {}): OpTable {
  checkArgs('opTable', [
    ['graph', ARG.shapedGraph, graph],
    ['convention', z.enum(CONVENTIONS), convention],
    ['opts', z.strictObject({ allowUnknown: z.boolean().optional() }), opts],
  ]);
  const total = new Counter();
  const notes: string[] = [];
  let macs = 0;
  if (convention === 'paper') {
    for (const op of ['mul', 'add', 'xnor'] as const) total.m.set(op, 0);
  }
  const layers = graph.layers.map((l): OpTableLayer => {
    const c = new Counter();
    try {
      if (convention === 'paper') paperCounts(l, c);
      else if (convention === 'exact') exactCounts(graph, l, c);
      else assertNever(convention, 'convention');
    } catch (e) {
      if (!(opts.allowUnknown && e instanceof AddersimError && e.code === 'UNKNOWN_OP')) throw withPath(e, where(graph, l));
      notes.push(`excluded ${l.name} (${l.kind}): ${e.message}`);
    }
    try {
      const m = layerMacs(l);
      macs = checkedAdd(macs, m, 'MACs');
      for (const [op, n] of c.m) total.add(op, n);
      return { name: l.name, kind: l.kind, macs: m, counts: c.record() };
    } catch (e) {
      throw withPath(e, `${where(graph, l)} (running totals)`);
    }
  });
  const kept = graph.layers.filter((l) => l.kind === 'conv2d' || l.kind === 'linear');
  const converted = graph.layers.some((l) => l.kind.startsWith('adder') || l.kind.startsWith('bin'));
  if (convention === 'paper') {
    notes.unshift(
      'paper convention: multiplicative conv/FC mul = add = MACs; adder conv/FC add = 2 × MACs (|·| free, no mul); binary conv/FC xnor = add = MACs; BN, activations, pooling, residual adds and other layers are left out',
    );
    if (converted && kept.length) {
      notes.push(
        `layers kept multiplicative (${kept.map((l) => l.name).join(', ')}) count as mul + add; the paper's tables show #Mul = 0 for AdderNet and BNN regardless`,
      );
    }
  } else {
    notes.unshift(
      'exact convention: per output element with K terms — conv/FC K mul, K−1 add (+1 bias); adder K sub, K abs, K−1 add, 1 neg; binary K xnor, K−1 add, 1 mul; BN 1 mul + 1 add; ReLU 1 max; pooling window−1 max/add (+1 mul avg); residual 1 add',
    );
  }
  return { convention, macs, totals: total.record(), layers, notes };
}
