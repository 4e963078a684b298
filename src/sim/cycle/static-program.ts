// The static side of the cycle model: a kernel's loop nest compiled once into frozen nodes whose
// instructions carry their descriptor (src/sim/descriptors.ts) and integer register ids. Nothing
// here changes during simulation (llvm-mca keeps `InstrDesc` apart from `Instruction` the same way).
//
//   Kernel ── compile ──▶ StaticLoop{ trip, body: [StaticInstr | StaticLoop] }   (+ register names)

import type { Kernel, Stmt } from '../../isa/index.ts';
import { instrDesc, type InstrDesc } from '../descriptors.ts';
import type { Profile } from '../profile-schema.ts';

export interface StaticInstr {
  readonly kind: 'instr';
  /** Unique within the program (dense, from 0). */
  readonly id: number;
  /** Position in its body (the `idx` of a timeline row). */
  readonly pos: number;
  readonly desc: InstrDesc;
  readonly src: readonly number[];
  /** Register id written, or -1. */
  readonly dst: number;
  /** Per source: read as the accumulator (the source is also the destination), so the producer's
   *  accumulator latency applies. */
  readonly accRead: readonly boolean[];
}

export interface StaticLoop {
  readonly kind: 'loop';
  readonly id: number;
  readonly name: string;
  readonly trip: number;
  readonly body: readonly StaticNode[];
  /** True when the body holds no loop (its iterations are counted as "iterations"). */
  readonly innermost: boolean;
}

export type StaticNode = StaticInstr | StaticLoop;

export interface StaticProgram {
  /** The kernel's top level as a loop of one trip. */
  readonly root: StaticLoop;
  readonly registers: readonly string[];
  readonly instructions: readonly StaticInstr[];
}

export function compileKernel(kernel: Kernel, profile: Profile): StaticProgram {
  const regs = new Map<string, number>();
  const reg = (name: string) => {
    let r = regs.get(name);
    if (r === undefined) regs.set(name, (r = regs.size));
    return r;
  };
  const instructions: StaticInstr[] = [];
  let loops = 0;
  const make = (pos: number, desc: StaticInstr['desc'], src: readonly number[], dst: number): StaticInstr => {
    const si: StaticInstr = Object.freeze({ kind: 'instr', id: instructions.length, pos, desc, src: Object.freeze([...src]), dst, accRead: Object.freeze(src.map((r) => r === dst && dst >= 0)) });
    instructions.push(si);
    return si;
  };
  const body = (stmts: readonly Stmt[], path: string): StaticNode[] =>
    stmts.flatMap((s, pos): StaticNode[] => {
      const p = `${path}[${pos}]`;
      if (s.kind === 'loop') {
        const b = body(s.body, `${p}.body`);
        return [Object.freeze({ kind: 'loop', id: ++loops, name: s.name, trip: s.trip, body: Object.freeze(b), innermost: b.every((n) => n.kind === 'instr') })];
      }
      const desc = instrDesc(profile, s, `kernel ${kernel.name}: ${p}`);
      const src = s.src.map(reg);
      const dst = s.dst === undefined ? -1 : reg(s.dst);
      if (!desc.chainParts) return [make(pos, desc, src, dst)];
      // A chain composite enters the pipeline as its instructions: part k reads part k−1's result
      // (a register of its own), the first reads the form's sources, the last writes its destination.
      const parts = desc.chainParts;
      const out: StaticInstr[] = [];
      let from = src;
      parts.forEach((part, k) => {
        const to = k === parts.length - 1 ? dst : reg(`${p}#${k}`);
        out.push(make(pos, part, from, to));
        from = [to];
      });
      return out;
    });
  const top = body(kernel.body, 'body');
  const root: StaticLoop = Object.freeze({ kind: 'loop', id: 0, name: '(top)', trip: 1, body: Object.freeze(top), innermost: false });
  return { root, registers: [...regs.keys()], instructions };
}
