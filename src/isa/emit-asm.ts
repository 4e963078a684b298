// Assembly that llvm-mca accepts for a kernel's basic block (x86 AT&T with VEX encodings, or AArch64),
// from a fixed form → instruction table matching cpu-profiles/FORMS.md. Register names map onto
// machine registers in order of first use: vectors and floats → xmm/ymm/zmm or v/s/d, integer
// scalars → general registers; loads read (%rdi) / [x0] and stores write (%rsi) / [x1] at rising
// offsets. A kernel with loops emits its first innermost loop body (llvm-mca repeats one block).
//   # kernel adder-avx2-2acc (x86, AT&T)
//   vmovdqu 0(%rdi), %ymm0
//   vpsubd %ymm1, %ymm0, %ymm2

import { AddersimError } from './errors.ts';
import { formName, typeBits, typeName, type DataType } from './forms.ts';
import type { Instr, Kernel, Stmt } from './kernel.ts';
import { assertNever, isFloat, type Op } from './ops.ts';
import { ARG, checkArgs } from './api-args.ts';
import { z } from 'zod';

export const ASM_TARGETS = ['x86', 'aarch64'] as const;
export type AsmTarget = (typeof ASM_TARGETS)[number];

type RegClass = 'vec' | 'gpr';

/** The straight-line block llvm-mca should repeat: the body itself, or its first innermost loop. */
export function asmBlock(body: readonly Stmt[]): { instrs: Instr[]; loop?: string } {
  if (body.every((s) => s.kind === 'instr')) return { instrs: body as Instr[] };
  for (const s of body) {
    if (s.kind !== 'loop') continue;
    const inner = asmBlock(s.body);
    return inner.loop ? inner : { instrs: inner.instrs, loop: s.name };
  }
  return { instrs: [] };
}

function regClass(t: DataType): RegClass {
  return t.lanes > 1 || isFloat(t.elem) ? 'vec' : 'gpr';
}

/**
 * Registers by liveness inside the block: names live across iterations (read before written:
 * invariants and loop-carried values) and hidden constants keep a register for the whole block;
 * temporaries hold one from their first write to their last read and are then reused (never by an
 * operand of the same instruction, so destructive two-operand sequences stay correct).
 */
class Allocator {
  private readonly assigned = new Map<string, { cls: RegClass; idx: number }>();
  private readonly free: Record<RegClass, number[]>;
  private readonly temps: { name: string; end: number }[] = [];
  private pos = 0;

  /** Names (not temporaries) the emitter asked for, with their class: found by a first, dry pass. */
  readonly requested: [string, RegClass][] = [];
  /** Type of the instruction being emitted, recorded beside each requested name (what a harness loads into it). */
  currentType: DataType | undefined;
  readonly requestedTypes = new Map<string, DataType>();

  constructor(
    maxVec: number,
    private readonly gprNames: readonly (readonly [string, string])[],
    private readonly where: string,
    private readonly end: ReadonlyMap<string, number>,
    wholeBlock: readonly (readonly [string, RegClass])[] = [],
  ) {
    this.free = { vec: Array.from({ length: maxVec }, (_, k) => k), gpr: Array.from({ length: gprNames.length }, (_, k) => k) };
    for (const [name, cls] of wholeBlock) this.take(name, cls);
  }

  /** Moves to instruction k: temporaries last read before k give their registers back. */
  at(k: number): void {
    this.pos = k;
    for (let j = this.temps.length - 1; j >= 0; j--) {
      const t = this.temps[j]!;
      if (t.end >= k) continue;
      const a = this.assigned.get(t.name)!;
      this.free[a.cls].push(a.idx);
      this.free[a.cls].sort((x, y) => x - y);
      this.assigned.delete(t.name);
      this.temps.splice(j, 1);
    }
  }

  private take(name: string, cls: RegClass): number {
    const a = this.assigned.get(name);
    if (a) {
      if (a.cls !== cls) throw new AddersimError('BAD_INPUT', `register "${name}" is used both as a vector/float and as an integer scalar`, this.where);
      return a.idx;
    }
    if (!this.end.has(name)) {
      this.requested.push([name, cls]);
      if (this.currentType) this.requestedTypes.set(name, this.currentType);
    }
    const idx = this.free[cls].shift();
    if (idx === undefined)
      throw new AddersimError(
        'LIMIT',
        `more ${cls === 'vec' ? 'vector' : 'general'} registers live at once than the ISA has (at "${name}", instruction ${this.pos})`,
        this.where,
      );
    this.assigned.set(name, { cls, idx });
    const end = this.end.get(name);
    if (end !== undefined) this.temps.push({ name, end });
    return idx;
  }

  vecIndex(name: string): number {
    return this.take(name, 'vec');
  }

  /** The machine register given to a name, as the emitter spells it (`%ymm3`, `%rbx`, `v3`, `x5`). */
  machineRegister(name: string, vecPrefix: string): string | undefined {
    const a = this.assigned.get(name);
    if (!a) return undefined;
    return a.cls === 'vec' ? `${vecPrefix}${a.idx}` : this.gprNames[a.idx]![0];
  }

  /** [64-bit name, 32-bit name] of a general register. */
  gprName(name: string): readonly [string, string] {
    return this.gprNames[this.take(name, 'gpr')]!;
  }
}

/** Last instruction index of each temporary (a name first written, not read before, in the block). */
function temporaries(instrs: readonly Instr[]): Map<string, number> {
  const written = new Set<string>();
  const liveIn = new Set<string>();
  const end = new Map<string, number>();
  instrs.forEach((s, k) => {
    for (const r of s.src) {
      if (!written.has(r)) liveIn.add(r);
      end.set(r, k);
    }
    if (s.dst !== undefined) {
      written.add(s.dst);
      end.set(s.dst, Math.max(end.get(s.dst) ?? k, k));
    }
  });
  for (const r of liveIn) end.delete(r);
  return end;
}

/** Running load/store offsets; with `accesses`, every memory operand emitted is recorded there; with
 *  `operand`, the caller spells each memory operand (a whole loop nest with real addresses, src/measure). */
interface Mem {
  load: number;
  store: number;
  accesses?: MemAccess[];
  operand?: (kind: 'load' | 'store', type: DataType) => string;
}

/** What the x86 instruction table needs from a register allocator: a vector register index, a general register's [64-bit, 32-bit] names. */
export interface RegisterNames {
  vecIndex(name: string): number;
  gprName(name: string): readonly [string, string];
}

export interface MemAccess {
  readonly kind: 'load' | 'store';
  readonly offsetBytes: number;
  readonly type: DataType;
}

// ------------------------------------------------------------------------------------------ x86

export const X86_GPR: readonly (readonly [string, string])[] = [
  ['%rax', '%eax'],
  ['%rbx', '%ebx'],
  ['%rcx', '%ecx'],
  ['%rdx', '%edx'],
  ['%rbp', '%ebp'],
  ['%r8', '%r8d'],
  ['%r9', '%r9d'],
  ['%r10', '%r10d'],
  ['%r11', '%r11d'],
  ['%r12', '%r12d'],
  ['%r13', '%r13d'],
  ['%r14', '%r14d'],
  ['%r15', '%r15d'],
];
const INT_SFX = { i8: 'b', u8: 'b', i16: 'w', i32: 'd', i64: 'q' } as const;

function x86Lines(s: Instr, A: RegisterNames, mem: Mem): string[] {
  const t = s.type;
  const bits = typeBits(t);
  const float = isFloat(t.elem);
  const vecName = bits > 256 ? 'zmm' : bits > 128 ? 'ymm' : 'xmm';
  const V = (n: string) => `%${vecName}${A.vecIndex(n)}`;
  const is64 = t.elem === 'i64';
  const G = (n: string) => A.gprName(n)[is64 ? 0 : 1];
  const gs = is64 ? 'q' : 'l';
  const cls = regClass(t);
  const d = s.dst ?? '';
  const [a = '__zero', b = '__zero', c = '__zero'] = s.src;
  const fs = float ? (t.lanes > 1 ? (t.elem === 'f64' ? 'pd' : 'ps') : t.elem === 'f64' ? 'sd' : 'ss') : '';
  const is = float ? '' : INT_SFX[t.elem as keyof typeof INT_SFX];
  const evex = vecName === 'zmm';
  const logic = (m: string) => (float ? `v${m}${t.elem === 'f64' ? 'pd' : 'ps'}` : `vp${m}${evex ? 'q' : ''}`);
  const two = (m: string, commutative: boolean, x: string, y: string): string[] => {
    // x86 scalar integer ops are destructive: d = d op src
    if (d === x) return [`${m}${gs} ${G(y)}, ${G(d)}`];
    if (commutative && d === y) return [`${m}${gs} ${G(x)}, ${G(d)}`];
    return [`mov${gs} ${G(x)}, ${G(d)}`, `${m}${gs} ${G(y)}, ${G(d)}`];
  };
  const one = (m: string): string[] => (d === a ? [`${m}${gs} ${G(d)}`] : [`mov${gs} ${G(a)}, ${G(d)}`, `${m}${gs} ${G(d)}`]);
  const vop = (m: string) => [`${m} ${V(b)}, ${V(a)}, ${V(d)}`];
  const addr = (k: 'load' | 'store') => {
    if (mem.operand) return mem.operand(k, t);
    const off = mem[k];
    mem[k] += Math.max(1, bits / 8);
    mem.accesses?.push({ kind: k, offsetBytes: off, type: t });
    return `${off}(${k === 'load' ? '%rdi' : '%rsi'})`;
  };
  const op: Op = s.op;
  switch (op) {
    case 'load':
      if (cls === 'gpr')
        return [t.elem === 'i64' || t.elem === 'i32' ? `mov${gs} ${addr('load')}, ${G(d)}` : `movz${t.elem === 'i16' ? 'w' : 'b'}l ${addr('load')}, ${G(d)}`];
      if (t.lanes === 1) return [`vmov${fs} ${addr('load')}, ${V(d)}`];
      return [`${float ? `vmovu${fs}` : evex ? 'vmovdqu64' : 'vmovdqu'} ${addr('load')}, ${V(d)}`];
    case 'store':
      if (cls === 'gpr') return [`mov${gs} ${G(a)}, ${addr('store')}`];
      if (t.lanes === 1) return [`vmov${fs} ${V(a)}, ${addr('store')}`];
      return [`${float ? `vmovu${fs}` : evex ? 'vmovdqu64' : 'vmovdqu'} ${V(a)}, ${addr('store')}`];
    case 'bcast':
      return [float ? `vbroadcasts${t.elem === 'f64' ? 'd' : 's'} ${addr('load')}, ${V(d)}` : `vpbroadcast${is} ${addr('load')}, ${V(d)}`];
    case 'mov':
      return cls === 'gpr' ? [`mov${gs} ${G(a)}, ${G(d)}`] : [`vmovaps ${V(a)}, ${V(d)}`];
    case 'add':
    case 'sub': {
      if (cls === 'gpr') return two(op, op === 'add', a, b);
      return vop(float ? `v${op}${fs}` : `vp${op}${is}`);
    }
    case 'mul':
      if (cls === 'gpr') return two('imul', true, a, b);
      return vop(float ? `vmul${fs}` : `vpmull${is}`);
    case 'div':
      return vop(`vdiv${fs}`);
    case 'max':
    case 'min':
      if (cls === 'gpr') throw new AddersimError('UNKNOWN_FORM', `no x86 instruction for ${formName(s)}`);
      return vop(float ? `v${op}${fs}` : `vp${op}${t.elem === 'u8' ? 'u' : 's'}${is}`);
    case 'fma': {
      if (!float) throw new AddersimError('UNKNOWN_FORM', `no x86 instruction for ${formName(s)}`);
      if (d === c) return [`vfmadd231${fs} ${V(b)}, ${V(a)}, ${V(d)}`];
      if (d === a) return [`vfmadd213${fs} ${V(c)}, ${V(b)}, ${V(d)}`];
      if (d === b) return [`vfmadd213${fs} ${V(c)}, ${V(a)}, ${V(d)}`];
      return [`vmovaps ${V(c)}, ${V(d)}`, `vfmadd231${fs} ${V(b)}, ${V(a)}, ${V(d)}`];
    }
    case 'abs':
      if (cls === 'gpr') return [...(d === a ? [] : [`mov${gs} ${G(a)}, ${G(d)}`]), `neg${gs} ${G(d)}`, `cmovl${gs} ${G(a)}, ${G(d)}`];
      if (float) return [`${logic('and')} ${V('__absmask')}, ${V(a)}, ${V(d)}`];
      return [`vpabs${is} ${V(a)}, ${V(d)}`];
    case 'neg':
      if (cls === 'gpr') return one('neg');
      if (float) return [`${logic('xor')} ${V('__signmask')}, ${V(a)}, ${V(d)}`];
      return [`vpsub${is} ${V(a)}, ${V('__zero')}, ${V(d)}`];
    case 'and':
    case 'or':
    case 'xor':
      if (cls === 'gpr') return two(op, true, a, b);
      return vop(logic(op));
    case 'not':
      if (cls === 'gpr') return one('not');
      return [evex ? `vpternlogq $0x55, ${V(a)}, ${V(a)}, ${V(d)}` : `vpxor ${V('__ones')}, ${V(a)}, ${V(d)}`];
    case 'xnor':
      if (cls === 'gpr') return [...two('xor', true, a, b), `not${gs} ${G(d)}`];
      if (evex) return [`vpternlogq $0x99, ${V(b)}, ${V(a)}, ${V(d)}`];
      return [`vpxor ${V(b)}, ${V(a)}, ${V(d)}`, `vpxor ${V('__ones')}, ${V(d)}, ${V(d)}`];
    case 'popcnt':
      if (cls === 'gpr') return [`popcnt${gs} ${G(a)}, ${G(d)}`];
      return [`vpopcnt${is} ${V(a)}, ${V(d)}`];
    case 'shl':
    case 'shr':
      if (cls === 'gpr') return d === a ? [`${op}${gs} $1, ${G(d)}`] : [`mov${gs} ${G(a)}, ${G(d)}`, `${op}${gs} $1, ${G(d)}`];
      return [`vps${op === 'shl' ? 'll' : 'rl'}${is} $1, ${V(a)}, ${V(d)}`];
    case 'sad': {
      const l = [`vpsadbw ${V(b)}, ${V(a)}, ${V(d)}`];
      if (s.src.length > 2) l.push(`vpaddq ${V(c)}, ${V(d)}, ${V(d)}`);
      return l;
    }
    case 'dot': {
      if (t.elem === 'i8') return d === c ? [`vpdpbusd ${V(b)}, ${V(a)}, ${V(d)}`] : [`vmovdqa ${V(c)}, ${V(d)}`, `vpdpbusd ${V(b)}, ${V(a)}, ${V(d)}`];
      const l = [`${t.elem === 'i16' ? 'vpmaddwd' : 'vpmaddubsw'} ${V(b)}, ${V(a)}, ${V(d)}`];
      if (s.src.length > 2) l.push(`${t.elem === 'i16' ? 'vpaddd' : 'vpaddw'} ${V(c)}, ${V(d)}, ${V(d)}`);
      return l;
    }
    case 'hadd':
      return [float ? `vhadd${fs} ${V(a)}, ${V(a)}, ${V(d)}` : `vphadd${is} ${V(a)}, ${V(a)}, ${V(d)}`];
    case 'cvt':
      return [float ? `vcvtdq2p${t.elem === 'f64' ? 'd' : 's'} ${V(a)}, ${V(d)}` : `vcvttps2dq ${V(a)}, ${V(d)}`];
    default:
      return assertNever(op, 'op');
  }
}

/**
 * One instruction as the x86 lines `--emit-asm x86` prints for it, with registers from `regs` and memory
 * operands spelled by `operand` (called once per memory operand, in order): the table `addersim measure`
 * shares with `--emit-asm`, so a layer run on the host is the instruction stream addersim simulates.
 */
export function emitX86Instr(s: Instr, regs: RegisterNames, operand: (kind: 'load' | 'store', type: DataType) => string): string[] {
  return x86Lines(s, regs, { load: 0, store: 0, operand });
}

// -------------------------------------------------------------------------------------- AArch64

const A64_GPR: readonly (readonly [string, string])[] = Array.from({ length: 26 }, (_, k) => [`x${k + 2}`, `w${k + 2}`] as const);
const ARR: Record<string, string> = {
  f32x4: '4s',
  f64x2: '2d',
  i32x4: '4s',
  i64x2: '2d',
  i16x8: '8h',
  i8x16: '16b',
  u8x16: '16b',
  f32x2: '2s',
  i32x2: '2s',
  i16x4: '4h',
  i8x8: '8b',
  u8x8: '8b',
};

function a64Lines(s: Instr, A: Allocator, mem: Mem): string[] {
  const t = s.type;
  const bits = typeBits(t);
  const float = isFloat(t.elem);
  const cls = regClass(t);
  const op: Op = s.op;
  if (cls === 'vec' && t.lanes > 1 && !ARR[typeName(t)]) throw new AddersimError('UNKNOWN_FORM', `no AArch64 NEON arrangement for ${formName(s)}`);
  const arr = ARR[typeName(t)] ?? '';
  const d = s.dst ?? '';
  const [a = '__zero', b = '__zero', c = '__zero'] = s.src;
  const vec = t.lanes > 1;
  const sc = t.elem === 'f64' ? 'd' : 's';
  const R = (n: string) => (vec ? `v${A.vecIndex(n)}.${arr}` : cls === 'vec' ? `${sc}${A.vecIndex(n)}` : A.gprName(n)[t.elem === 'i64' ? 0 : 1]);
  const B16 = (n: string) => `v${A.vecIndex(n)}.16b`;
  const q = (n: string) => (bits === 128 ? `q${A.vecIndex(n)}` : bits === 64 && vec ? `d${A.vecIndex(n)}` : R(n));
  const addr = (k: 'load' | 'store') => {
    const off = mem[k];
    mem[k] += Math.max(1, bits / 8);
    mem.accesses?.push({ kind: k, offsetBytes: off, type: t });
    return `[${k === 'load' ? 'x0' : 'x1'}, #${off}]`;
  };
  const three = (m: string) => [`${m} ${R(d)}, ${R(a)}, ${R(b)}`];
  const acc = (m: string, x: string, y: string) => (d === c ? [] : [`mov ${B16(d)}, ${B16(c)}`]).concat([`${m} ${R(d)}, ${x}, ${y}`]);
  switch (op) {
    case 'load':
      if (cls === 'gpr' && (t.elem === 'i8' || t.elem === 'u8' || t.elem === 'i16')) return [`ldr${t.elem === 'i16' ? 'h' : 'b'} ${R(d)}, ${addr('load')}`];
      return [`ldr ${q(d)}, ${addr('load')}`];
    case 'store':
      return [`str ${q(a)}, ${addr('store')}`];
    case 'bcast':
      return [`ld1r {${R(d)}}, [x0]`];
    case 'mov':
      return [vec ? `mov ${B16(d)}, ${B16(a)}` : `${cls === 'gpr' ? 'mov' : 'fmov'} ${R(d)}, ${R(a)}`];
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return three(float ? `f${op}` : op === 'div' ? (t.elem === 'u8' ? 'udiv' : 'sdiv') : op);
    case 'max':
    case 'min':
      return three(float ? `f${op}` : `${t.elem === 'u8' ? 'u' : 's'}${op}`);
    case 'fma':
      if (!vec) return [`${float ? 'fmadd' : 'madd'} ${R(d)}, ${R(a)}, ${R(b)}, ${R(c)}`];
      return acc(float ? 'fmla' : 'mla', R(a), R(b));
    case 'abs':
      if (cls === 'gpr') return [`cmp ${R(a)}, #0`, `cneg ${R(d)}, ${R(a)}, lt`];
      return [`${float ? 'fabs' : 'abs'} ${R(d)}, ${R(a)}`];
    case 'neg':
      return [`${float ? 'fneg' : 'neg'} ${R(d)}, ${R(a)}`];
    case 'and':
    case 'or':
    case 'xor': {
      const m = op === 'and' ? 'and' : op === 'or' ? 'orr' : 'eor';
      return vec ? [`${m} ${B16(d)}, ${B16(a)}, ${B16(b)}`] : three(m);
    }
    case 'not':
      return [vec ? `mvn ${B16(d)}, ${B16(a)}` : `mvn ${R(d)}, ${R(a)}`];
    case 'xnor':
      return vec ? [`eor ${B16(d)}, ${B16(a)}, ${B16(b)}`, `mvn ${B16(d)}, ${B16(d)}`] : three('eon');
    case 'popcnt':
      if (vec) return [`cnt ${B16(d)}, ${B16(a)}`];
      return [
        `fmov d${A.vecIndex('__pop')}, ${R(a)}`,
        `cnt v${A.vecIndex('__pop')}.8b, v${A.vecIndex('__pop')}.8b`,
        `addv b${A.vecIndex('__pop')}, v${A.vecIndex('__pop')}.8b`,
        `fmov ${R(d)}, d${A.vecIndex('__pop')}`,
      ];
    case 'shl':
    case 'shr':
      return [vec ? `${op === 'shl' ? 'shl' : 'ushr'} ${R(d)}, ${R(a)}, #1` : `${op === 'shl' ? 'lsl' : 'lsr'} ${R(d)}, ${R(a)}, #1`];
    case 'sad': {
      // UABAL + UABAL2 into two accumulators (the second one hidden: `<dst>.hi`)
      const lo = `v${A.vecIndex(d)}.8h`;
      const hi = `v${A.vecIndex(`${d}.hi`)}.8h`;
      return [
        ...(d === c || s.src.length < 3 ? [] : [`mov ${B16(d)}, ${B16(c)}`]),
        `uabal ${lo}, v${A.vecIndex(a)}.8b, v${A.vecIndex(b)}.8b`,
        `uabal2 ${hi}, v${A.vecIndex(a)}.16b, v${A.vecIndex(b)}.16b`,
      ];
    }
    case 'dot': {
      if (t.elem === 'i8') return [...(d === c ? [] : [`mov ${B16(d)}, ${B16(c)}`]), `sdot v${A.vecIndex(d)}.4s, v${A.vecIndex(a)}.16b, v${A.vecIndex(b)}.16b`];
      const lo = `v${A.vecIndex(d)}.4s`;
      const hi = `v${A.vecIndex(`${d}.hi`)}.4s`;
      return [`smlal ${lo}, v${A.vecIndex(a)}.4h, v${A.vecIndex(b)}.4h`, `smlal2 ${hi}, v${A.vecIndex(a)}.8h, v${A.vecIndex(b)}.8h`];
    }
    case 'hadd':
      return [`${float ? 'faddp' : 'addp'} ${R(d)}, ${R(a)}, ${R(a)}`];
    case 'cvt':
      return [`${float ? 'scvtf' : 'fcvtzs'} ${R(d)}, ${R(a)}`];
    default:
      return assertNever(op, 'op');
  }
}

/** A kernel's block as emitted, with what a harness running it needs: registers live into the block and memory operands. */
export interface AsmBlock {
  readonly target: AsmTarget;
  readonly header: string;
  /** Instruction lines, each with its `# [k] form` comment on the first line of an instruction. */
  readonly lines: readonly string[];
  /** Names read before written in the block (invariants, loop-carried values, hidden constants such as `__absmask`). */
  readonly liveIn: readonly { readonly name: string; readonly register: string; readonly type: DataType }[];
  readonly accesses: readonly MemAccess[];
  /** Bytes read at (%rdi) / [x0] and written at (%rsi) / [x1] per block. */
  readonly loadBytes: number;
  readonly storeBytes: number;
}

export function emitAsmBlock(kernel: Kernel, target: AsmTarget): AsmBlock {
  const where = `kernel ${kernel.name}`;
  const { instrs, loop } = asmBlock(kernel.body);
  if (instrs.length === 0) throw new AddersimError('BAD_INPUT', 'no instructions to emit', `${where}: body`);
  const zmm = instrs.some((s) => typeBits(s.type) > 256);
  const ends = temporaries(instrs);
  const emit = (A: Allocator, k: number, s: Instr, mem: Mem): string[] => {
    try {
      A.currentType = s.type;
      return target === 'x86' ? x86Lines(s, A, mem) : a64Lines(s, A, mem);
    } catch (e) {
      if (e instanceof AddersimError && !e.path) throw new AddersimError(e.code, e.message, `${where}: body[${k}]`);
      throw e;
    }
  };
  // Dry pass: which names live through the whole block (invariants, carried values, hidden constants)?
  const dry = new Allocator(
    1024,
    Array.from({ length: 1024 }, () => ['r', 'r'] as const),
    where,
    ends,
  );
  const dryMem: Mem = { load: 0, store: 0 };
  instrs.forEach((s, k) => {
    dry.at(k);
    emit(dry, k, s, dryMem);
  });
  const gprs = target === 'x86' ? X86_GPR : A64_GPR;
  const A = new Allocator(target === 'x86' ? (zmm ? 32 : 16) : 32, gprs, where, ends, dry.requested);
  const mem: Mem = { load: 0, store: 0, accesses: [] };
  const comment = target === 'x86' ? '#' : '//';
  // Names may come from model files (ONNX node names): a newline in one must not start a line of assembly.
  const oneLine = (t: string): string => t.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  const header = `${comment} kernel ${oneLine(kernel.name)} (${target === 'x86' ? 'x86-64, AT&T syntax, VEX encodings' : 'AArch64'})${loop ? `: innermost loop ${oneLine(loop)}` : ''}`;
  const lines: string[] = [];
  instrs.forEach((s, k) => {
    A.at(k);
    const ls = emit(A, k, s, mem);
    lines.push(...ls.map((l, j) => (j === 0 ? `${l.padEnd(40)} ${comment} [${k}] ${formName(s)}` : l)));
  });
  const vecPrefix = target === 'x86' ? `%${zmm ? 'zmm' : 'ymm'}` : 'v';
  const liveIn = dry.requested.map(([name]) => ({ name, register: A.machineRegister(name, vecPrefix)!, type: dry.requestedTypes.get(name)! }));
  return { target, header, lines, liveIn, accesses: mem.accesses!, loadBytes: mem.load, storeBytes: mem.store };
}

/**
 * A kernel as assembly text for llvm-mca (`x86`: AT&T syntax with VEX encodings; `aarch64`), each line
 * commented with its addersim instruction, so the same kernel can be timed by both tools.
 * @example
 * writeFileSync('mul-add.s', emitAsm(k, 'x86'));            // llvm-mca -mcpu=skylake mul-add.s
 */
export function emitAsm(kernel: Kernel, target: AsmTarget): string {
  checkArgs('emitAsm', [
    ['kernel', ARG.kernel, kernel],
    ['target', z.enum(ASM_TARGETS), target],
  ]);
  const b = emitAsmBlock(kernel, target);
  return `${[b.header, ...b.lines].join('\n')}\n`;
}
