// Lowering of binary (XNOR-net) conv and FC layers.
// paper:  one xnor and one add per MAC, as the paper's #XNOR and #Add columns, on the scalar integer type
//         of dtype's width (f64 → i64). The paper counts bit operations and names no type; i64 is the
//         native integer width of the CPUs studied.
// scalar: weights and activations bit-packed along K into ⌈K/64⌉ 64-bit words (the last word padded);
//         per word xnor.i64 + popcount + add.i64 into one accumulator; per output one mul.i64 applying the
//         scaling factor in fixed point (2·popcount − K folds into the factor and the following BN), then
//         the store. Binarising and packing the activations is not counted.
//         Popcount: popcnt.i64 where the target has it; else (documented fallbacks)
//           swar64  — SWAR on scalar words: 4 shr, 4 and, 1 sub, 2 add, 1 mul (Hacker's Delight 5-2);
//           swar128 — where 64-bit shifts exist only as SSE2 vectors (no scalar shr.i64): two words per step in
//                     i64x2, SWAR to byte counts (3 shr, 4 and, 1 sub, 2 add) then sad.u8x16 against zero
//                     (PSADBW) sums the bytes; one hadd.i32x4 per output folds the two lanes.
//         (A nibble-table pshufb popcount needs a shuffle op the vocabulary does not have.)

import { AddersimError, missingFormMessage, nest, type ElementType, type Stmt } from '../../isa/index.ts';
import type { ShapedLayer } from '../graph.ts';
import { dotGeometry } from './conv.ts';
import { has, intOf, op, s, v, type LowerCtx } from './context.ts';

export function lowerBinaryPaper(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const t = s(intOf(ctx.dtype));
  const g = dotGeometry(l);
  return [...nest([...g.outer, ['k', g.k]], [op('xnor', t, 'b', ['x', 'w'], 'one bit op per MAC'), op('add', t, 'acc', ['acc', 'b'])])];
}

const SWAR64 = ['shr.i64', 'and.i64', 'sub.i64', 'add.i64', 'mul.i64'];
const SWAR128 = ['load.i64x2', 'xnor.i64x2', 'shr.i64x2', 'and.i64x2', 'sub.i64x2', 'add.i64x2', 'sad.u8x16', 'hadd.i32x4', 'mul.i32', 'store.i32'];

export type PopcountStrategy = 'popcnt' | 'swar64' | 'swar128';

export function popcountStrategy(ctx: LowerCtx, layer: string): PopcountStrategy {
  if (has(ctx, 'popcnt.i64')) return 'popcnt';
  if (SWAR64.every((f) => has(ctx, f))) return 'swar64';
  if (SWAR128.every((f) => has(ctx, f))) return 'swar128';
  throw new AddersimError(
    'UNKNOWN_FORM',
    missingFormMessage('popcnt.i64', ctx.caps.name, ctx.caps.absent, `, nor the forms of a fallback (${SWAR64.join(', ')} or ${SWAR128.join(', ')})`),
    `layer ${layer}`,
  );
}

function swar(t: ElementType | 'i64x2'): Stmt[] {
  const ty = t === 'i64x2' ? v('i64', 2) : s(t);
  return [
    op('shr', ty, 't1', ['c'], '>> 1'),
    op('and', ty, 't1', ['t1', 'm1'], '& 0x55…'),
    op('sub', ty, 'c', ['c', 't1']),
    op('and', ty, 't2', ['c', 'm2'], '& 0x33…'),
    op('shr', ty, 't3', ['c'], '>> 2'),
    op('and', ty, 't3', ['t3', 'm2']),
    op('add', ty, 'c', ['t2', 't3']),
    op('shr', ty, 't4', ['c'], '>> 4'),
    op('add', ty, 'c', ['c', 't4']),
    op('and', ty, 'c', ['c', 'm4'], '& 0x0f… (byte counts)'),
  ];
}

export function lowerBinaryScalar(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const g = dotGeometry(l);
  const words = Math.ceil(g.k / 64);
  const i64 = s('i64');
  const strategy = popcountStrategy(ctx, `${l.name} (${l.kind})`);
  const note = `${words} word(s) of 64 bits for K = ${g.k}`;
  if (strategy === 'swar128') {
    const pairs = Math.ceil(words / 2);
    const inner = nest(
      [['kw2', pairs]],
      [
        op('load', v('i64', 2), 'x', [], `x bits, 2 words (${note})`),
        op('load', v('i64', 2), 'w', [], 'w bits, 2 words'),
        op('xnor', v('i64', 2), 'c', ['x', 'w']),
        ...swar('i64x2'),
        op('sad', v('u8', 16), 'c', ['c', 'zero'], 'PSADBW: sum of byte counts per 64-bit lane'),
        op('add', v('i64', 2), 'acc', ['acc', 'c']),
      ],
    );
    return [
      ...nest(g.outer, [
        ...inner,
        op('hadd', v('i32', 4), 'r', ['acc'], 'fold the two lanes'),
        op('mul', s('i32'), 'y', ['r', 'alpha'], 'scaling factor (fixed point)'),
        op('store', s('i32'), undefined, ['y']),
      ]),
    ];
  }
  const count =
    strategy === 'popcnt'
      ? [op('popcnt', i64, 'c', ['c'])]
      : [...swar('i64'), op('mul', i64, 'c', ['c', 'h01'], '× 0x0101… sums the bytes'), op('shr', i64, 'c', ['c'], '>> 56')];
  const inner = nest(
    [['kw', words]],
    [
      op('load', i64, 'x', [], `x bits (${note})`),
      op('load', i64, 'w', [], 'w bits'),
      op('xnor', i64, 'c', ['x', 'w']),
      ...count,
      op('add', i64, 'acc', ['acc', 'c']),
    ],
  );
  return [...nest(g.outer, [...inner, op('mul', i64, 'y', ['acc', 'alpha'], 'scaling factor (fixed point)'), op('store', i64, undefined, ['y'])])];
}
