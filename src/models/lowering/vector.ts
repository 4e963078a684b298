// Helpers shared by the vector lowerings (`simd`, `int8`): choosing the widest lane count at which the
// target has every form a kernel needs, splitting a trip into vector blocks and a scalar remainder,
// and folding vector lanes into one value.

import { AddersimError, ELEMENT_BITS, missingFormMessage, nest, type ElementType, type Op, type Stmt } from '../../isa/index.ts';
import { has, op, s, v, type LowerCtx } from './context.ts';

/**
 * The widest L ≥ 2 (from the target's widest vector register down) at which `op.elemxL` exists for every
 * op; `undefined` when none. Narrower than the register only when a form is missing at the full width.
 */
export function lanesFor(ctx: LowerCtx, elem: ElementType, ops: readonly Op[]): number | undefined {
  for (let lanes = Math.floor(ctx.caps.vectorBits / ELEMENT_BITS[elem]); lanes >= 2; lanes /= 2) {
    if (ops.every((o) => has(ctx, `${o}.${elem}x${lanes}`))) return lanes;
  }
  return undefined;
}

export function requireLanes(ctx: LowerCtx, elem: ElementType, ops: readonly Op[], layer: string): number {
  const lanes = lanesFor(ctx, elem, ops);
  if (lanes !== undefined) return lanes;
  const widest = Math.max(2, Math.floor(ctx.caps.vectorBits / ELEMENT_BITS[elem]));
  const missing = ops.map((o) => `${o}.${elem}x${widest}`).find((f) => !has(ctx, f)) ?? `${ops[0]}.${elem}x${widest}`;
  throw new AddersimError('UNKNOWN_FORM', missingFormMessage(missing, ctx.caps.name, ctx.caps.absent, ' (nor at any narrower width)'), `layer ${layer}`);
}

/**
 * `n` elements as ⌊n/L⌋ vector iterations plus n mod L scalar ones (empty parts left out); with `pad`,
 * ⌈n/L⌉ vector iterations (the last one partly padding) and no scalar part.
 */
export function splitTrip(name: string, n: number, lanes: number, vec: readonly Stmt[], scalarBody: readonly Stmt[], pad = false): Stmt[] {
  if (pad) return [...nest([[name, Math.ceil(n / lanes)]], vec)];
  const out: Stmt[] = [];
  const blocks = Math.floor(n / lanes);
  const rest = n % lanes;
  if (blocks > 0) out.push(...nest([[name, blocks]], vec));
  if (rest > 0) out.push(...nest([[`${name}_rem`, rest]], scalarBody));
  return out;
}

/** Folds an `elem`×lanes register to one lane by halving adds (lane extracts are shuffles, not counted). */
export function foldLanes(elem: ElementType, lanes: number, reg: string): Stmt[] {
  const out: Stmt[] = [];
  for (let w = lanes / 2; w >= 1; w /= 2) out.push(op('add', w === 1 ? s(elem) : v(elem, w), reg, [reg, `${reg}_hi`], 'fold the upper half'));
  return out;
}
