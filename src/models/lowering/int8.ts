// The `int8` lowering: quantised conv/FC layers, vectorised along K per output (NHWC patches, bytes
// contiguous), at the widest byte width B the target has the forms for:
//   CNN     dot.i8xB (VPDPBUSD / SDOT: 4-way u8×s8 dot into B/4 i32 lanes), else dot.u8xB (PMADDUBSW, pairs
//           → i16) + dot.i16x(B/2) (PMADDWD with ones → i32) + add.i32x(B/4), else (Armv8.0) bytes widened
//           to i16 on load and dot.i16x(B/2) + add.i32x(B/4) per half;
//   AdderNet sad.u8xB (PSADBW / UABAL-class: Σ|x−w| of 8 bytes into B/8 64-bit lanes) + add.i64x(B/8),
//           else sub/abs/add on i16 lanes (bytes widened on load);
//   binary  bit-packed words with vector popcount (as `simd`), else the scalar word loop.
// K = q·B + r: q blocks at B, then one block at each narrower width (B/2 … 16) that fits r; a last part
// under 16 bytes is padded with zero bytes (both operands zero: adds nothing) — lanes × instructions then
// exceed the MACs by that padding, reported in the program notes. Per output the lanes are folded (halving
// adds, one hadd where the target has it) and the i32 sum stored: requantisation is left to the next BN.
// Element-wise layers and pooling run on i16 lanes (fixed point), rounded up to whole vectors; softmax,
// eltwise, reduce and data movement stay scalar f32.

import { AddersimError, missingFormMessage, nest, type Stmt } from '../../isa/index.ts';
import type { ShapedLayer } from '../graph.ts';
import { has, op, s, v, type LowerCtx } from './context.ts';
import { dotGeometry } from './conv.ts';
import { foldLanes } from './vector.ts';

type Strategy = { kind: 'dot8' | 'maddubs' | 'madd16' | 'sad' | 'subabs16'; forms: (b: number) => string[] };

const STRATEGIES: Record<'mul' | 'adder', Strategy[]> = {
  mul: [
    { kind: 'dot8', forms: (b) => [`load.u8x${b}`, `load.i8x${b}`, `dot.i8x${b}`] },
    { kind: 'maddubs', forms: (b) => [`load.u8x${b}`, `load.i8x${b}`, `dot.u8x${b}`, `dot.i16x${b / 2}`, `add.i32x${b / 4}`] },
    { kind: 'madd16', forms: (b) => [`load.i16x${b / 2}`, `dot.i16x${b / 2}`, `add.i32x${b / 4}`] },
  ],
  adder: [
    { kind: 'sad', forms: (b) => [`load.u8x${b}`, `sad.u8x${b}`, `add.i64x${b / 8}`] },
    { kind: 'subabs16', forms: (b) => [`load.i16x${b / 2}`, `sub.i16x${b / 2}`, `abs.i16x${b / 2}`, `add.i16x${b / 2}`] },
  ],
};

const MIN_BYTES = 16;

/** Byte widths from the widest register down to 16 at which the strategy has every form. */
function widths(ctx: LowerCtx, st: Strategy): number[] {
  const out: number[] = [];
  for (let b = Math.floor(ctx.caps.vectorBits / 8); b >= MIN_BYTES; b /= 2) if (st.forms(b).every((f) => has(ctx, f))) out.push(b);
  return out;
}

/** K split into blocks: [width, count] pairs, and the padding bytes of the last block. */
function blocksOf(k: number, ws: readonly number[]): { blocks: [number, number][]; padding: number } {
  const blocks: [number, number][] = [];
  let r = k;
  ws.forEach((w, i) => {
    const n = i === 0 ? Math.floor(r / w) : r >= w ? 1 : 0;
    if (n > 0) {
      blocks.push([w, n]);
      r -= n * w;
    }
  });
  if (r > 0) {
    const w = ws.at(-1)!;
    const last = blocks.find((b) => b[0] === w);
    if (last) last[1] += 1;
    else blocks.push([w, 1]);
    return { blocks, padding: w - r };
  }
  return { blocks, padding: 0 };
}

function step(kind: Strategy['kind'], b: number): Stmt[] {
  switch (kind) {
    case 'dot8':
      return [
        op('load', v('u8', b), 'x', [], 'x patch bytes'),
        op('load', v('i8', b), 'w', [], 'w bytes'),
        op('dot', v('i8', b), 'acc', ['x', 'w', 'acc'], '4-way dot into i32 lanes'),
      ];
    case 'maddubs':
      return [
        op('load', v('u8', b), 'x', [], 'x patch bytes'),
        op('load', v('i8', b), 'w', [], 'w bytes'),
        op('dot', v('u8', b), 't', ['x', 'w'], 'PMADDUBSW: pairs → i16'),
        op('dot', v('i16', b / 2), 't', ['t', 'ones'], 'PMADDWD: pairs → i32'),
        op('add', v('i32', b / 4), 'acc', ['acc', 't']),
      ];
    case 'madd16':
      return [0, 1].flatMap((h) => [
        op('load', v('i16', b / 2), `x${h}`, [], `x bytes widened to i16 (half ${h})`),
        op('load', v('i16', b / 2), `w${h}`, [], `w bytes widened to i16 (half ${h})`),
        op('dot', v('i16', b / 2), `t${h}`, [`x${h}`, `w${h}`], 'i16 pairs → i32 (PMADDWD / SMLAL-class)'),
        op('add', v('i32', b / 4), 'acc', ['acc', `t${h}`]),
      ]);
    case 'sad':
      return [
        op('load', v('u8', b), 'x', [], 'x patch bytes'),
        op('load', v('u8', b), 'w', [], 'w bytes'),
        op('sad', v('u8', b), 't', ['x', 'w'], 'Σ|x−w| per 8 bytes'),
        op('add', v('i64', b / 8), 'acc', ['acc', 't']),
      ];
    case 'subabs16':
      return [
        op('load', v('i16', b / 2), 'x', [], 'x widened to i16'),
        op('load', v('i16', b / 2), 'w', [], 'w widened to i16'),
        op('sub', v('i16', b / 2), 'd', ['x', 'w']),
        op('abs', v('i16', b / 2), 'd', ['d']),
        op('add', v('i16', b / 2), 'acc', ['acc', 'd']),
      ];
  }
}

/** Fold the accumulator's lanes: halving adds until a hadd form exists (then one hadd), else down to one lane. */
function reduce(ctx: LowerCtx, elem: 'i32' | 'i64' | 'i16', lanes: number): Stmt[] {
  const out: Stmt[] = [];
  for (let w = lanes; w >= 2; w /= 2) {
    if (has(ctx, `hadd.${elem}x${w}`)) return [...out, op('hadd', v(elem, w), 'acc', ['acc'], 'horizontal sum')];
    out.push(op('add', w / 2 === 1 ? s(elem) : v(elem, w / 2), 'acc', ['acc', 'acc_hi'], 'fold the upper half'));
  }
  return out.length ? out : foldLanes(elem, lanes, 'acc');
}

export interface Int8Dot {
  readonly body: Stmt[];
  /** Padding terms (zero bytes) the blocks add beyond the layer's MACs. */
  readonly paddingTerms: number;
}

export function lowerDotInt8(l: ShapedLayer, ctx: LowerCtx, arith: 'mul' | 'adder'): Int8Dot {
  const g = dotGeometry(l);
  const st = STRATEGIES[arith].find((x) => widths(ctx, x).length > 0);
  if (!st) {
    const b = Math.max(MIN_BYTES, Math.floor(ctx.caps.vectorBits / 8));
    const missing = STRATEGIES[arith][0]!.forms(b).find((f) => !has(ctx, f));
    throw new AddersimError(
      'UNKNOWN_FORM',
      missingFormMessage(
        missing ?? 'an int8 form',
        ctx.caps.name,
        ctx.caps.absent,
        ` (nor a fallback for int8 ${arith === 'mul' ? 'dot products' : 'sums of absolute differences'})`,
      ),
      `layer ${l.name} (${l.kind})`,
    );
  }
  const ws = widths(ctx, st);
  const { blocks, padding } = blocksOf(g.k, ws);
  const widest = blocks[0]![0];
  const accElem = st.kind === 'sad' ? 'i64' : st.kind === 'subabs16' ? 'i16' : 'i32';
  const accLanes = st.kind === 'sad' ? widest / 8 : st.kind === 'subabs16' ? widest / 2 : widest / 4;
  const perOutput: Stmt[] = [
    ...blocks.flatMap(([w, n]) => [...nest([[w === widest ? 'kb' : `kb${w}`, n]], step(st.kind, w))]),
    ...reduce(ctx, accElem, accLanes),
    ...(arith === 'adder' ? [op('sub', s(accElem === 'i16' ? 'i32' : accElem), 'acc', ['zero', 'acc'], '−Σ|x−w|')] : []),
    op('store', s('i32'), undefined, ['acc'], 'i32 sum (requantised by the next BN)'),
  ];
  const outputs = g.outer.reduce((a, [, t]) => a * t, 1);
  return { body: [...nest(g.outer, perOutput)], paddingTerms: padding * outputs };
}
