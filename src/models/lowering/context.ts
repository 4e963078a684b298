// Shared pieces of the lowerings: options, the per-layer context, typed instruction helpers and the
// check that every form a kernel uses is one the target can time.

import {
  AddersimError,
  ELEMENT_BITS,
  formName,
  instr,
  isFloat,
  missingFormMessage,
  scalar,
  vector,
  type DataType,
  type ElementType,
  type Instr,
  type Kernel,
  type Op,
  type Stmt,
  type TargetCaps,
} from '../../isa/index.ts';
import type { ShapedLayer } from '../graph.ts';

export const LOWERINGS = ['paper', 'scalar', 'simd', 'int8'] as const;
export type LoweringName = (typeof LOWERINGS)[number];

export interface LoweringOptions {
  readonly lowering: LoweringName;
  /** Element type of the arithmetic: `paper` defaults to f64 (x87/SSE2 double, the paper's 4/2), the others to f32. */
  readonly dtype?: ElementType;
  /** Independent accumulators of the `simd` lowering (the caller picks enough to cover the add latency). */
  readonly accumulators?: number;
  /** Label of the Program (default: derived from the layer kinds: cnn, adder, bnn or mixed). */
  readonly variant?: string;
  /** Layers without a lowering rule (an eltwise fn with no cost rule) become listed exclusions instead of errors. */
  readonly allowUnknown?: boolean;
}

export interface LowerCtx {
  readonly caps: TargetCaps;
  readonly lowering: LoweringName;
  readonly dtype: ElementType;
  readonly accumulators: number;
  /** Vector lowerings: round element trips up to whole vectors instead of a scalar remainder (int8 paths). */
  readonly padRemainder?: boolean;
}

/** The integer type of the same width as a float type (bit manipulation inside exp, etc.). */
export function intOf(t: ElementType): ElementType {
  if (!isFloat(t)) return t;
  const bits = ELEMENT_BITS[t];
  return bits === 64 ? 'i64' : bits === 32 ? 'i32' : 'i16';
}

export const s = scalar;
export const v = vector;

export function op(o: Op, t: DataType, dst: string | undefined, src: readonly string[] = [], note?: string): Instr {
  return instr(o, t, dst, src, note);
}

export function has(ctx: LowerCtx, form: string): boolean {
  return ctx.caps.forms.has(form);
}

export function kernel(l: ShapedLayer, ctx: LowerCtx, body: readonly Stmt[]): Kernel {
  return { name: `${ctx.lowering}.${l.name}`, layer: l.name, layerKind: l.kind, body };
}

/** Every form used must be in the target's table; otherwise UNKNOWN_FORM naming the form, profile and layer. */
export function checkForms(k: Kernel, caps: TargetCaps): void {
  const visit = (body: readonly Stmt[]): void => {
    for (const st of body) {
      if (st.kind === 'loop') visit(st.body);
      else {
        const f = formName(st);
        if (!caps.forms.has(f)) {
          throw new AddersimError('UNKNOWN_FORM', missingFormMessage(f, caps.name, caps.absent), `layer ${k.layer ?? k.name} (${k.layerKind ?? 'kernel'})`);
        }
      }
    }
  };
  visit(k.body);
}
