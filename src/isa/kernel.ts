// Kernels as loop nests: `{ loop trip [ body ] }`, innermost bodies are short instruction lists.
// Registers are names; reading a register written later in the body (or by the same instruction)
// is a loop-carried dependency from the previous iteration. Loops are data and are never expanded.

import type { Op } from './ops.ts';
import type { DataType } from './forms.ts';

export interface Instr {
  readonly kind: 'instr';
  readonly op: Op;
  readonly type: DataType;
  readonly dst?: string;
  readonly src: readonly string[];
  /** Free text shown by the printer, e.g. `x[c,h+i,w+j]`. */
  readonly note?: string;
}

export interface Loop {
  readonly kind: 'loop';
  /** Loop variable, e.g. `oc`, `k`. */
  readonly name: string;
  readonly trip: number;
  readonly body: readonly Stmt[];
}

export type Stmt = Instr | Loop;

export interface Kernel {
  readonly name: string;
  /** The layer this kernel implements, when lowered from a graph. */
  readonly layer?: string;
  /** The layer kind, e.g. `conv2d`, `adder2d`, `relu`. */
  readonly layerKind?: string;
  readonly body: readonly Stmt[];
}

/** What lowering produced for a whole graph: one kernel per layer, plus what was left out and why. */
export interface Program {
  readonly model: string;
  readonly variant: string;
  readonly lowering: string;
  readonly kernels: readonly Kernel[];
  /** Layers not lowered, each with a reason (e.g. the `paper` lowering leaves out BN and ReLU). */
  readonly excluded: readonly { readonly layer: string; readonly kind: string; readonly reason: string }[];
  readonly notes: readonly string[];
}

export function instr(op: Op, type: DataType, dst: string | undefined, src: readonly string[] = [], note?: string): Instr {
  // literals, not spreads (lowering builds millions): keys in the order kind, op, type, dst, src, note
  if (note === undefined) return dst === undefined ? { kind: 'instr', op, type, src } : { kind: 'instr', op, type, dst, src };
  return dst === undefined ? { kind: 'instr', op, type, src, note } : { kind: 'instr', op, type, dst, src, note };
}

export function loop(name: string, trip: number, body: readonly Stmt[]): Loop {
  if (!Number.isSafeInteger(trip) || trip < 0) throw new Error(`loop ${name}: trip count ${trip} must be a non-negative safe integer`);
  return { kind: 'loop', name, trip, body };
}

/** Wrap `body` in loops, outermost first: nest([['oc', 16], ['k', 27]], body). */
export function nest(loops: readonly (readonly [string, number])[], body: readonly Stmt[]): readonly Stmt[] {
  let inner: readonly Stmt[] = body;
  for (let i = loops.length - 1; i >= 0; i--) {
    const [name, trip] = loops[i]!;
    if (trip === 1) continue;
    inner = [loop(name, trip, inner)];
  }
  return inner;
}
