// Data movement layers: concat and reshapes that move data (slice, pad, gather: a `note` is set) are a
// load and a store per output element; flatten and plain reshapes are views with no instructions.

import { nest, type Stmt } from '../../isa/index.ts';
import type { ShapedLayer } from '../graph.ts';
import { outputs } from '../macs.ts';
import { op, s, type LowerCtx } from './context.ts';

export function isView(l: ShapedLayer): boolean {
  return l.kind === 'flatten' || (l.kind === 'reshape' && l.note === undefined);
}

export function lowerCopy(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  const t = s(ctx.dtype);
  return [...nest([['i', outputs(l)]], [op('load', t, 'x'), op('store', t, undefined, ['x'])])];
}
