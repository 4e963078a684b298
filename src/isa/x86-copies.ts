// The register copies the x86 emitter writes (emit-asm.ts): integer instructions are destructive
// (d = d op s), so `d = op a, b` with d ≠ a (and d ≠ b for a commutative op) runs as `mov a → d; op b → d`.
// Schedulers run x86 kernels with these copies, so what is simulated is what the emitter prints.
//   d = sub.i32 x, w   →   d = mov.i32 x;  d = sub.i32 d, w        (movl %x, %d; subl %w, %d)

import { isFloat, type Op } from './ops.ts';
import { instr, type Instr, type Stmt } from './kernel.ts';
import { scalar } from './forms.ts';

/** Destructive two-source integer ops and whether their sources commute (then d = b needs no copy either). */
const TWO_SOURCE: Partial<Record<Op, boolean>> = { add: true, sub: false, mul: true, and: true, or: true, xor: true, xnor: true };
/** Destructive one-source integer ops (abs = neg + cmov on a copy). */
const ONE_SOURCE: ReadonlySet<Op> = new Set<Op>(['neg', 'not', 'abs', 'shl', 'shr']);

/** The copy the emitter writes before `s`, if any: a general-register instruction whose destination is not its first source. */
export function x86Copy(s: Instr): Instr | undefined {
  if (s.type.lanes !== 1 || isFloat(s.type.elem) || s.dst === undefined) return undefined;
  const [a, b] = s.src;
  if (a === undefined || s.dst === a) return undefined;
  const commutes = TWO_SOURCE[s.op];
  if (commutes === undefined && !ONE_SOURCE.has(s.op)) return undefined;
  if (commutes && s.dst === b) return undefined;
  return instr('mov', scalar(s.type.elem === 'i64' ? 'i64' : 'i32'), s.dst, [a], 'register copy the x86 emitter writes (destructive two-operand form)');
}

/** The body with the emitter's copies made explicit; the instruction after a copy reads its destination. */
export function withX86Copies(body: readonly Stmt[]): Stmt[] {
  return body.flatMap((s): Stmt[] => {
    if (s.kind === 'loop') return [{ ...s, body: withX86Copies(s.body) }];
    const copy = x86Copy(s);
    if (!copy) return [s];
    return [copy, { ...s, src: [s.dst!, ...s.src.slice(1)] }];
  });
}
