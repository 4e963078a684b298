// The `simd` lowering: float arithmetic vectorised at the widest width the target has for the kernel's
// forms (lanes L = vector bits / element bits). Conv: vectorised over output channels — one weight vector
// load per k, the input element broadcast (bcast) — with A independent accumulators over A output positions
// (A = opts.accumulators, picked by the caller to cover the add/FMA latency); convs with fewer channels
// than lanes: over output positions instead; FC (and convs with a 1×1 output map): x broadcast, A blocks
// of L outputs. CNN uses fma where the target has it, else mul + add; AdderNet sub, abs (and-with-mask), add.
// Remainders are exact: channels past the last full vector go through the scalar nest, positions past the
// last group of A through a nest with fewer accumulators — so lanes × instructions = MACs.
// Binary layers: bit-packed words in i64 lanes, xnor + vector popcount (popcnt.i64xN, or popcnt.i8xN with
// sad.u8xN summing the bytes, or SWAR + sad), lanes folded per output. Element-wise layers and pooling are
// vectorised over elements / channels with a scalar remainder; other kinds are lowered scalar.

import { nest, type DataType, type Op, type Stmt } from '../../isa/index.ts';
import type { ShapedLayer } from '../graph.ts';
import { outputs } from '../macs.ts';
import { has, op, s, v, type LowerCtx } from './context.ts';
import { dotGeometry, hasBias, scalarDot } from './conv.ts';
import { chain } from './elementwise.ts';
import { eltwiseCost, type OpCounts } from '../elementwise-costs.ts';
import { foldLanes, lanesFor, requireLanes, splitTrip } from './vector.ts';

type Arith = 'mul' | 'adder';

function dotPlan(l: ShapedLayer, ctx: LowerCtx, arith: Arith): { lanes: number; fma: boolean } {
  const e = ctx.dtype;
  const x: Op = l.kind !== 'linear' && l.kind !== 'adderlinear' && 'groups' in l && l.groups > 1 ? 'load' : 'bcast';
  const common: Op[] = ['load', x, 'store', ...(hasBias(l) ? (['add'] as Op[]) : [])];
  if (arith === 'adder') return { lanes: requireLanes(ctx, e, [...common, 'sub', 'abs', 'add', 'neg'], `${l.name} (${l.kind})`), fma: false };
  const withFma = lanesFor(ctx, e, [...common, 'fma']);
  const withMul = lanesFor(ctx, e, [...common, 'mul', 'add']);
  if (withFma !== undefined && withFma >= (withMul ?? 0)) return { lanes: withFma, fma: true };
  return { lanes: requireLanes(ctx, e, [...common, 'mul', 'add'], `${l.name} (${l.kind})`), fma: false };
}

function math(arith: Arith, fma: boolean, t: DataType, x: string, w: string, a: number): Stmt[] {
  const acc = `acc${a}`;
  if (arith === 'adder') return [op('sub', t, `d${a}`, [x, w]), op('abs', t, `d${a}`, [`d${a}`]), op('add', t, acc, [acc, `d${a}`])];
  if (fma) return [op('fma', t, acc, [x, w, acc])];
  return [op('mul', t, `p${a}`, [x, w]), op('add', t, acc, [acc, `p${a}`])];
}

function epilogue(l: ShapedLayer, arith: Arith, t: DataType, accs: number, perAccBias: boolean): Stmt[] {
  const out: Stmt[] = [];
  for (let a = 0; a < accs; a++) {
    let y = `acc${a}`;
    if (arith === 'adder') {
      out.push(op('neg', t, `y${a}`, [y], '−Σ|x−w|'));
      y = `y${a}`;
    }
    if (hasBias(l)) {
      if (perAccBias) out.push(op('load', t, `b${a}`, [], 'bias'));
      out.push(op('add', t, y, [y, perAccBias ? `b${a}` : 'b']));
    }
    out.push(op('store', t, undefined, [y]));
  }
  return out;
}

export function lowerDotSimd(l: ShapedLayer, ctx: LowerCtx, arith: Arith): Stmt[] {
  const { lanes, fma } = dotPlan(l, ctx, arith);
  const t = v(ctx.dtype, lanes);
  const g = dotGeometry(l);
  const k = g.k;
  const out: Stmt[] = [];
  // A 1×1 output map (the CIFAR ResNets' classifier conv) is a matrix-vector product: lowered like FC.
  const pointwise = l.outShape.length === 3 && l.outShape[1] === 1 && l.outShape[2] === 1;
  if (l.outShape.length === 3 && !pointwise) {
    const [cout, oh, ow] = l.outShape as [number, number, number];
    const blocks = Math.floor(cout / lanes);
    const accs = Math.max(1, Math.min(ctx.accumulators, ow));
    const grouped = 'groups' in l && l.groups > 1;
    if (blocks === 0 && !grouped && (l.kind === 'conv2d' || l.kind === 'adder2d') && l.stride[1] === 1 && ow >= lanes)
      return positionsSimd(l, ctx, arith, lanes, fma, k);
    const body = (n: number): Stmt[] => [
      ...(hasBias(l) ? [op('load', t, 'b', [], 'bias[oc..oc+L]')] : []),
      ...nest(
        [['k', k]],
        [
          op('load', t, 'w', [], 'w[k, oc..oc+L]'),
          ...Array.from({ length: n }, (_x, a) => [
            grouped ? op('load', t, `x${a}`, [], 'x[oc..oc+L, …] (grouped)') : op('bcast', t, `x${a}`, [], `x[ic, oh·s+kh, (ow+${a})·s+kw]`),
            ...math(arith, fma, t, `x${a}`, 'w', a),
          ]).flat(),
        ],
      ),
      ...epilogue(l, arith, t, n, false),
    ];
    if (blocks > 0) {
      out.push(
        ...nest(
          [
            ['ocb', blocks],
            ['oh', oh],
            ['owb', Math.floor(ow / accs)],
          ],
          body(accs),
        ),
      );
      if (ow % accs)
        out.push(
          ...nest(
            [
              ['ocb', blocks],
              ['oh', oh],
            ],
            body(ow % accs),
          ),
        );
    }
    if (cout % lanes)
      out.push(
        ...scalarDot(
          l,
          ctx,
          [
            ['oc_rem', cout % lanes],
            ['oh', oh],
            ['ow', ow],
          ],
          k,
          arith,
        ),
      );
    return out;
  }
  const f = l.outShape[0]!;
  const blocks = Math.floor(f / lanes);
  const accs = Math.max(1, Math.min(ctx.accumulators, blocks));
  if (pointwise && 'groups' in l && l.groups > 1) return scalarDot(l, ctx, [['oc', f]], k, arith);
  const body = (n: number): Stmt[] => [
    ...nest(
      [['k', k]],
      [
        op('bcast', t, 'x', [], 'x[k]'),
        ...Array.from({ length: n }, (_x, a) => [op('load', t, `w${a}`, [], `w[k, o+${a}L..]`), ...math(arith, fma, t, 'x', `w${a}`, a)]).flat(),
      ],
    ),
    ...epilogue(l, arith, t, n, true),
  ];
  if (blocks > 0) {
    out.push(...nest([['ob', Math.floor(blocks / accs)]], body(accs)));
    if (blocks % accs) out.push(...body(blocks % accs));
  }
  if (f % lanes) out.push(...scalarDot(l, ctx, [['o_rem', f % lanes]], k, arith));
  return out;
}

/**
 * Convs with fewer output channels than lanes (LeNet's 6-channel conv1) and unit stride along W:
 * vectorised over L consecutive output positions instead — x vector loads, weights broadcast, A
 * accumulators over A output channels; positions past the last full vector go through the scalar nest.
 */
function positionsSimd(l: ShapedLayer, ctx: LowerCtx, arith: Arith, lanes: number, fma: boolean, k: number): Stmt[] {
  const t = v(ctx.dtype, lanes);
  const [cout, oh, ow] = l.outShape as [number, number, number];
  const accs = Math.max(1, Math.min(ctx.accumulators, cout));
  const body = (n: number): Stmt[] => [
    ...nest(
      [['k', k]],
      [
        op('load', t, 'x', [], 'x[ic, oh+kh, ow+kw .. +L]'),
        ...Array.from({ length: n }, (_x, a) => [op('bcast', t, `w${a}`, [], `w[oc+${a}, k]`), ...math(arith, fma, t, 'x', `w${a}`, a)]).flat(),
      ],
    ),
    ...epilogue(l, arith, t, n, true),
  ];
  const out: Stmt[] = [];
  const owb = Math.floor(ow / lanes);
  out.push(
    ...nest(
      [
        ['oh', oh],
        ['owb', owb],
        ['ocg', Math.floor(cout / accs)],
      ],
      body(accs),
    ),
  );
  if (cout % accs)
    out.push(
      ...nest(
        [
          ['oh', oh],
          ['owb', owb],
        ],
        body(cout % accs),
      ),
    );
  if (ow % lanes)
    out.push(
      ...scalarDot(
        l,
        ctx,
        [
          ['oc', cout],
          ['oh', oh],
          ['ow_rem', ow % lanes],
        ],
        k,
        arith,
      ),
    );
  return out;
}

/** Binary conv/FC: K bits as ⌈K/64⌉ words, vectorised over words (padding words fold into the bias). */
export function lowerBinarySimd(l: ShapedLayer, ctx: LowerCtx): Stmt[] | undefined {
  const bytesOk = (lanes: number, ...f: string[]) => f.every((x) => has(ctx, x.replace('#', String(lanes * 8))));
  let strategy: 'popcnt64' | 'popcnt8' | 'swar' | undefined;
  let lanes = lanesFor(ctx, 'i64', ['load', 'xnor', 'add', 'popcnt']);
  if (lanes !== undefined) strategy = 'popcnt64';
  if (!strategy) {
    lanes = lanesFor(ctx, 'i64', ['load', 'xnor', 'add']);
    if (lanes !== undefined) {
      if (bytesOk(lanes, 'popcnt.i8x#', 'sad.u8x#')) strategy = 'popcnt8';
      else if (lanes && ['shr', 'and', 'sub'].every((o) => has(ctx, `${o}.i64x${lanes}`)) && bytesOk(lanes, 'sad.u8x#')) strategy = 'swar';
    }
  }
  if (!strategy || lanes === undefined) return undefined;
  const g = dotGeometry(l);
  const words = Math.ceil(g.k / 64);
  const t = v('i64', lanes);
  const bytes = v('u8', lanes * 8);
  const count: Stmt[] =
    strategy === 'popcnt64'
      ? [op('popcnt', t, 'c', ['c'])]
      : strategy === 'popcnt8'
        ? [op('popcnt', v('i8', lanes * 8), 'c', ['c'], 'byte popcounts'), op('sad', bytes, 'c', ['c', 'zero'], 'sum bytes per 64-bit lane')]
        : [
            op('shr', t, 't1', ['c']),
            op('and', t, 't1', ['t1', 'm1']),
            op('sub', t, 'c', ['c', 't1']),
            op('and', t, 't2', ['c', 'm2']),
            op('shr', t, 't3', ['c']),
            op('and', t, 't3', ['t3', 'm2']),
            op('add', t, 'c', ['t2', 't3']),
            op('shr', t, 't4', ['c']),
            op('add', t, 'c', ['c', 't4']),
            op('and', t, 'c', ['c', 'm4']),
            op('sad', bytes, 'c', ['c', 'zero'], 'sum bytes per 64-bit lane'),
          ];
  return [
    ...nest(g.outer, [
      ...nest(
        [['kw', Math.ceil(words / lanes)]],
        [
          op('load', t, 'x', [], `x bits (${words} words for K = ${g.k}, padded to ${lanes}-word vectors)`),
          op('load', t, 'w', [], 'w bits'),
          op('xnor', t, 'c', ['x', 'w']),
          ...count,
          op('add', t, 'acc', ['acc', 'c']),
        ],
      ),
      ...foldLanes('i64', lanes, 'acc'),
      op('mul', s('i64'), 'y', ['acc', 'alpha'], 'scaling factor (fixed point)'),
      op('store', s('i64'), undefined, ['y']),
    ]),
  ];
}

/** Element-wise layers over N elements: vector body plus scalar remainder, at the widest width with the forms. */
export function lowerElementwiseSimd(l: ShapedLayer, ctx: LowerCtx, path: string): Stmt[] | undefined {
  const e = ctx.dtype;
  const perElem = (counts: OpCounts, loads: number, extra: Op[] = []) => {
    const ops = [...new Set<Op>(['load', 'store', ...(Object.keys(counts) as Op[]), ...extra])];
    const lanes = lanesFor(ctx, e, ops);
    if (lanes === undefined) return undefined;
    const body = (t: DataType): Stmt[] => [
      ...Array.from({ length: loads }, (_x, j) => op('load', t, j === 0 ? 'r' : `c${j}`)),
      ...chain(counts, () => t),
      op('store', t, undefined, ['r']),
    ];
    return splitTrip('i', outputs(l), lanes, body(v(e, lanes)), body(s(e)), ctx.padRemainder);
  };
  switch (l.kind) {
    case 'relu':
      return perElem({ max: 1 }, 1);
    case 'hardtanh':
      return perElem({ max: 1, min: 1 }, 1);
    case 'add':
      return perElem({ add: l.inputs.length - 1 }, l.inputs.length);
    case 'eltwise': {
      const cost = eltwiseCost(l.fn, l.inputs.length, path);
      if (Object.keys(cost).some((o) => ['shl', 'shr', 'and', 'or', 'xor', 'not', 'cvt'].includes(o))) return undefined;
      return perElem(cost, l.inputs.length);
    }
    case 'batchnorm': {
      const lanes = lanesFor(ctx, e, ['load', 'bcast', 'mul', 'add', 'store']);
      if (lanes === undefined) return undefined;
      const c = l.outShape[0]!;
      const per = outputs(l) / c;
      const vt = v(e, lanes);
      const st = s(e);
      const step = (t: DataType, sc: string, sh: string): Stmt[] => [
        op('load', t, 'x'),
        op('mul', t, 'y', ['x', sc]),
        op('add', t, 'y', ['y', sh]),
        op('store', t, undefined, ['y']),
      ];
      if (per >= lanes) {
        return [
          ...nest(
            [['c', c]],
            [
              op('bcast', vt, 'sc', [], 'scale[c]'),
              op('bcast', vt, 'sh', [], 'shift[c]'),
              ...splitTrip('i', per, lanes, step(vt, 'sc', 'sh'), step(st, 'sc', 'sh'), ctx.padRemainder),
            ],
          ),
        ];
      }
      // Vectors ([F]) or tiny maps: vectorise over channels, scale and shift loaded as vectors.
      const withLoads = (t: DataType): Stmt[] => [op('load', t, 'sc'), op('load', t, 'sh'), ...step(t, 'sc', 'sh')];
      return [...nest([['i', per]], splitTrip('c', c, lanes, withLoads(vt), withLoads(st), ctx.padRemainder))];
    }
    default:
      return undefined;
  }
}

/** Max/avg pooling and global average pooling vectorised over channels (NHWC), scalar channel remainder. */
export function lowerPoolSimd(l: ShapedLayer, ctx: LowerCtx): Stmt[] | undefined {
  if (l.kind !== 'maxpool' && l.kind !== 'avgpool' && l.kind !== 'globalavgpool') return undefined;
  const combine: Op = l.kind === 'maxpool' ? 'max' : 'add';
  const scale = l.kind !== 'maxpool';
  const lanes = lanesFor(ctx, ctx.dtype, ['load', 'store', combine, ...(scale ? (['mul'] as Op[]) : [])]);
  if (lanes === undefined) return undefined;
  const window = l.kind === 'globalavgpool' ? l.inShapes[0]![1]! * l.inShapes[0]![2]! : l.kernel[0] * l.kernel[1];
  const body = (t: DataType): Stmt[] => [
    op('load', t, 'm', [], 'first element of the window'),
    ...nest([['j', window - 1]], [op('load', t, 'x'), op(combine, t, 'm', ['m', 'x'])]),
    ...(scale ? [op('mul', t, 'm', ['m', 'inv'], '× 1/area')] : []),
    op('store', t, undefined, ['m']),
  ];
  const [c, oh, ow] = l.outShape as [number, number, number];
  return [
    ...nest(
      [
        ['oh', oh],
        ['ow', ow],
      ],
      splitTrip('c', c, lanes, body(v(ctx.dtype, lanes)), body(s(ctx.dtype)), ctx.padRemainder),
    ),
  ];
}
