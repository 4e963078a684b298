// The static side of the cycle model: a kernel's loop nest compiled once into frozen nodes whose
// instructions carry their descriptor (src/sim/descriptors.ts) and integer register ids. Nothing
// here changes during simulation (llvm-mca keeps `InstrDesc` apart from `Instruction` the same way).
//
//   Kernel ── compile ──▶ StaticLoop{ trip, body: [StaticInstr | StaticLoop] }   (+ register names)

import type { Kernel, Stmt } from '../../isa/index.ts';
import { instrDesc, type InstrDesc } from '../descriptors.ts';
import type { Profile } from '../profile/schema.ts';

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
  /** Id of the body alone (the trip left out; shared ids: by content). What one iteration runs, hence
   *  what the recorded steps and periods of steady-state.ts depend on (they check iterations left
   *  themselves): loops with the same body and different trips share them. */
  readonly bodyId: number;
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

/**
 * Ids of registers, instructions and loops. Private to one kernel by default (every instruction and
 * loop its own id). Shared by the kernels of one program (`shared`): registers by name, instructions
 * by content (descriptor, registers) and loops by content (trip and body; `bodyId`: the body alone), so
 * that a machine state written in one kernel means the same in another with the same inner structure,
 * and recorded steps and periods (steady-state.ts, keyed by body) carry over, also between loops that
 * differ only in their trips (a 3×3 conv's `k` loop of 576 and of 1,152 iterations). Position labels (`pos`) are then those of the first
 * instruction with that content, so timelines use private ids.
 */
export class StaticIds {
  readonly registers: string[] = [];
  readonly instructions: StaticInstr[] = [];
  private readonly regIds = new Map<string, number>();
  private readonly byContent = new Map<string, StaticInstr>();
  private readonly loopIds = new Map<string, number>();
  private readonly bodyIds = new Map<string, number>();
  private readonly descIds = new Map<InstrDesc, number>();
  private loops = 0;

  constructor(readonly shared = false) {}

  reg(name: string): number {
    let r = this.regIds.get(name);
    if (r === undefined) {
      this.regIds.set(name, (r = this.registers.length));
      this.registers.push(name);
    }
    return r;
  }

  instr(pos: number, desc: InstrDesc, src: readonly number[], dst: number): StaticInstr {
    let key = '';
    if (this.shared) {
      let d = this.descIds.get(desc);
      if (d === undefined) this.descIds.set(desc, (d = this.descIds.size));
      key = `${d}:${dst}:${src.join(',')}`;
      const hit = this.byContent.get(key);
      if (hit) return hit;
    }
    const si: StaticInstr = Object.freeze({
      kind: 'instr',
      id: this.instructions.length,
      pos,
      desc,
      src: Object.freeze([...src]),
      dst,
      accRead: Object.freeze(src.map((r) => r === dst && dst >= 0)),
    });
    this.instructions.push(si);
    if (this.shared) this.byContent.set(key, si);
    return si;
  }

  /** A loop's id and its body's id (private ids: both the loop's own). */
  loop(trip: number, body: readonly StaticNode[]): { id: number; bodyId: number } {
    if (!this.shared) {
      const id = ++this.loops;
      return { id, bodyId: id };
    }
    const b = body.map((n) => (n.kind === 'instr' ? `i${n.id}` : `l${n.id}`)).join(' ');
    let bodyId = this.bodyIds.get(b);
    if (bodyId === undefined) this.bodyIds.set(b, (bodyId = this.bodyIds.size + 1));
    const key = `${trip}(${bodyId})`;
    let id = this.loopIds.get(key);
    if (id === undefined) this.loopIds.set(key, (id = this.loopIds.size + 1));
    return { id, bodyId };
  }
}

export function compileKernel(kernel: Kernel, profile: Profile, ids: StaticIds = new StaticIds()): StaticProgram {
  const reg = (name: string) => ids.reg(name);
  const split = splitRegisters(kernel, profile);
  /** Register ids a source reads: a split register's share k for part k of an n-part composite, all shares otherwise. */
  const readIds = (name: string, part: number, nParts: number): number[] => {
    const n = split.get(name);
    if (n === undefined) return [reg(name)];
    if (n === nParts) return [reg(`${name}#part${part}`)];
    return Array.from({ length: n }, (_, k) => reg(`${name}#part${k}`));
  };
  const make = (pos: number, desc: StaticInstr['desc'], src: readonly number[], dst: number): StaticInstr => ids.instr(pos, desc, src, dst);
  const body = (stmts: readonly Stmt[], path: string): StaticNode[] =>
    stmts.flatMap((s, pos): StaticNode[] => {
      const p = `${path}[${pos}]`;
      if (s.kind === 'loop') {
        const b = body(s.body, `${p}.body`);
        return [
          Object.freeze({
            kind: 'loop',
            ...ids.loop(s.trip, b),
            name: s.name,
            trip: s.trip,
            body: Object.freeze(b),
            innermost: b.every((n) => n.kind === 'instr'),
          }),
        ];
      }
      const desc = instrDesc(profile, s, `kernel ${kernel.name}: ${p}`);
      const pp = desc.parallelParts;
      if (pp && s.dst !== undefined && split.get(s.dst) === pp.length) {
        // A parallel composite whose destination is split: part k reads the sources (share k of a split
        // one) and writes share k of the destination, so parts issue and complete independently.
        return pp.map((part, k) =>
          make(
            pos,
            part,
            s.src.flatMap((r) => readIds(r, k, pp.length)),
            reg(`${s.dst}#part${k}`),
          ),
        );
      }
      const src = s.src.flatMap((r) => readIds(r, 0, 0));
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
  const root: StaticLoop = Object.freeze({ kind: 'loop', id: 0, bodyId: 0, name: '(top)', trip: 1, body: Object.freeze(top), innermost: false });
  return { root, registers: ids.registers, instructions: ids.instructions };
}

/**
 * Registers held as n shares (`acc#part0` … `acc#part{n−1}`): those written only by parallel
 * composites of n parts whose parts all have the form's latency (so the parts time exactly what the
 * form says, and the bound, which uses the form, stays below). A reader other than such a part
 * depends on every share. A register with any other writer stays whole and its composites stay one
 * instruction.
 */
function splitRegisters(kernel: Kernel, profile: Profile): Map<string, number> {
  const parts = new Map<string, number>();
  const whole = new Set<string>();
  const visit = (stmts: readonly Stmt[], path: string): void => {
    stmts.forEach((s, pos) => {
      const p = `${path}[${pos}]`;
      if (s.kind === 'loop') return visit(s.body, `${p}.body`);
      if (s.dst === undefined) return;
      const d = instrDesc(profile, s, `kernel ${kernel.name}: ${p}`);
      const pp = d.parallelParts;
      if (pp && pp.every((q) => q.latencyCycles === d.latencyCycles) && (parts.get(s.dst) ?? pp.length) === pp.length) parts.set(s.dst, pp.length);
      else whole.add(s.dst);
    });
  };
  visit(kernel.body, 'body');
  for (const r of whole) parts.delete(r);
  return parts;
}
