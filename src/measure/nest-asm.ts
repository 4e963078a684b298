// A whole layer kernel (a loop nest) as one x86-64 function over real buffers, for `addersim measure MODEL`:
// every instruction through the `--emit-asm x86` table (emitX86Instr), so what runs is what is simulated;
// every memory operand addressed `disp(%ptr)` where one pointer register per buffer is advanced by the
// loop strides the layer's addressing gives (and rewound when the loop ends). Registers by liveness over
// the whole nest (a value read in a loop before it is written there lives through the loop); the innermost
// loop unrolled (copies address disp + u·stride) so loop control stays a few percent of the instructions.
// A name used in both register classes (int8: the vector accumulator folded into a general register,
// `sub acc = zero − acc`) is one register to addersim: after a general-register write of it, the next vector
// read depends on that write, not on the old vector chain — a zeroing idiom (eliminated at rename) after the
// write cuts the vector chain the same way. (Vector → general the run does not carry: that chain is its own.)
//   layer_3: push…; mov $2, 8(%rsp); 1: … 2: vbroadcastss 0(%rbx), %ymm1; vfmadd231ps … add $2304, %rbx …

import { AddersimError, InternalError, typeBits, type DataType, type Instr, type Kernel, type Stmt } from '../isa/index.ts';
import { emitX86Instr, X86_GPR, type RegisterNames } from '../isa/emit-asm.ts';

export interface LoopRef {
  readonly name: string;
  readonly trip: number;
}

/** Where one memory instruction reads or writes: `array` + offset + Σ index(loop) × strides[loop] (bytes). */
export interface AccessSpec {
  readonly array: string;
  readonly offset: number;
  /** Bytes per iteration of each enclosing loop (or sub-loop of a split loop); absent = 0. */
  readonly strides: Readonly<Record<string, number>>;
  /** For a loop run fully unrolled: the offset added at iteration i (an address that is not affine in i, e.g. K blocks across patch rows). */
  readonly unrolled?: Readonly<Record<string, (i: number) => number>>;
}

export interface ArraySpec {
  readonly name: string;
  readonly bytes: number;
  /** Element type its bytes are filled with (1.0 for floats, 1 for integers). */
  readonly type: DataType;
}

/** How a layer's memory instructions address its buffers (src/measure/addressing.ts). */
export interface Addressing {
  /** e.g. `conv NHWC`, `im2col`, `streams`. */
  readonly kind: string;
  /** A loop run as nested sub-loops (same trip product, same body: e.g. k = kh × kw × ic), outer first. */
  split?(loop: LoopRef, outer: readonly LoopRef[]): readonly LoopRef[] | undefined;
  enter?(loop: LoopRef): void;
  exit?(loop: LoopRef): void;
  access(s: Instr, loops: readonly LoopRef[]): AccessSpec;
  /** The buffers, once every access has been asked for. */
  arrays(): readonly ArraySpec[];
}

/** Innermost loops are unrolled to about this many instructions per trip (fully when the whole loop is at most twice that). */
export const UNROLL_INSTRUCTIONS = 256;
const MEMORY_OPS = new Set(['load', 'store', 'bcast']);
const VEC_REGS = 16;
const SLOT = 32;

type Node =
  | { kind: 'instr'; s: Instr; pos: number; access?: AccessSpec }
  | { kind: 'loop'; loops: readonly LoopRef[]; body: Node[]; start: number; end: number };

export interface LayerFunction {
  readonly lines: readonly string[];
  readonly arrays: readonly ArraySpec[];
  /** Vector registers loaded at entry (32-byte slots of `vinit`) and general registers (after the array pointers in the table). */
  readonly vecLiveIn: readonly { readonly register: string; readonly name: string; readonly type: DataType }[];
  readonly gprLiveIn: readonly { readonly register: string; readonly name: string; readonly type: DataType }[];
  /** Instructions one call executes: the kernel's (as emitted) and the loop control around them (pointer steps, counters, branches). */
  readonly executed: { readonly kernel: number; readonly loopControl: number };
  /** One past the highest byte the accesses reach in each buffer (≤ its size + BUFFER_SLACK, checked). */
  readonly reached: ReadonlyMap<string, number>;
}

const cls = (t: DataType): 'vec' | 'gpr' => (t.lanes > 1 || t.elem[0] === 'f' || t.elem === 'bf16' ? 'vec' : 'gpr');
const key = (name: string, c: 'vec' | 'gpr') => `${name}|${c}`;

/** Slack past each buffer's end the harness allocates (a block load may run past the last patch row). */
export const BUFFER_SLACK = 64;

function build(kernel: Kernel, addr: Addressing): { nodes: Node[]; reached: Map<string, number> } {
  let pos = 0;
  const reached = new Map<string, number>();
  // the highest byte an access touches: offset + Σ (trip − 1) × stride (or the largest unrolled offset) + its width
  const reach = (a: AccessSpec, loops: readonly LoopRef[], s: Instr) => {
    const bytes = s.op === 'bcast' ? typeBits({ elem: s.type.elem, lanes: 1 }) / 8 : Math.max(1, typeBits(s.type) / 8);
    let hi = a.offset + bytes;
    for (const l of loops) {
      const at = a.unrolled?.[l.name];
      hi += at ? Math.max(...Array.from({ length: l.trip }, (_, i) => at(i))) : Math.max(0, (l.trip - 1) * (a.strides[l.name] ?? 0));
    }
    if (a.offset < 0 || Object.values(a.strides).some((x) => x < 0)) throw new InternalError(`negative address step into ${a.array}`, `kernel ${kernel.name}`);
    reached.set(a.array, Math.max(reached.get(a.array) ?? 0, hi));
  };
  const walk = (body: readonly Stmt[], outer: readonly LoopRef[]): Node[] =>
    body.map((s): Node => {
      if (s.kind === 'instr') {
        const n: Node = { kind: 'instr', s, pos: pos++ };
        if (MEMORY_OPS.has(s.op)) {
          n.access = addr.access(s, outer);
          reach(n.access, outer, s);
        }
        return n;
      }
      const ref = { name: s.name, trip: s.trip };
      const loops = addr.split?.(ref, outer) ?? [ref];
      if (loops.reduce((a, l) => a * l.trip, 1) !== s.trip)
        throw new InternalError(`split of loop ${s.name} does not keep its trip ${s.trip}`, `kernel ${kernel.name}`);
      const all = [...outer, ...loops];
      if (new Set(all.map((l) => l.name)).size !== all.length)
        throw new AddersimError('LIMIT', `loop names repeat in one nest (${all.map((l) => l.name).join(', ')})`, `kernel ${kernel.name}`);
      addr.enter?.(ref);
      const start = pos;
      const inner = walk(s.body, all);
      addr.exit?.(ref);
      return { kind: 'loop', loops, body: inner, start, end: pos - 1 };
    });
  return { nodes: walk(kernel.body, []), reached };
}

function* instrs(nodes: readonly Node[]): Generator<Extract<Node, { kind: 'instr' }>> {
  for (const n of nodes) {
    if (n.kind === 'instr') yield n;
    else yield* instrs(n.body);
  }
}

function* loopNodes(nodes: readonly Node[]): Generator<Extract<Node, { kind: 'loop' }>> {
  for (const n of nodes) {
    if (n.kind === 'loop') {
      yield n;
      yield* loopNodes(n.body);
    }
  }
}

interface Occurrence {
  pos: number;
  read: boolean;
}

/** Every register name (name|class) with its occurrences; hidden constants (`__absmask` …) found by a dry emission. */
function occurrences(nodes: readonly Node[]): { occ: Map<string, Occurrence[]>; types: Map<string, DataType> } {
  const occ = new Map<string, Occurrence[]>();
  const types = new Map<string, DataType>();
  const note = (k: string, o: Occurrence, t: DataType) => {
    if (!occ.has(k)) occ.set(k, []);
    occ.get(k)!.push(o);
    if (!types.has(k)) types.set(k, t);
  };
  for (const n of instrs(nodes)) {
    const c = cls(n.s.type);
    const named = new Set<string>();
    for (const r of n.s.src) {
      note(key(r, c), { pos: n.pos, read: true }, n.s.type);
      named.add(key(r, c));
    }
    const seen: [string, 'vec' | 'gpr'][] = [];
    const dry: RegisterNames = {
      vecIndex: (name) => (seen.push([name, 'vec']), 0),
      gprName: (name) => (seen.push([name, 'gpr']), ['%rax', '%eax']),
    };
    emitX86Instr(n.s, dry, () => '0(%rax)');
    for (const [name, kc] of seen) {
      const k = key(name, kc);
      if (named.has(k) || name === n.s.dst) continue;
      // a register the table reads that the instruction does not name: a hidden constant (or a defaulted operand)
      named.add(k);
      note(k, { pos: n.pos, read: true }, n.s.type);
    }
    if (n.s.dst !== undefined) note(key(n.s.dst, c), { pos: n.pos, read: false }, n.s.type);
  }
  return { occ, types };
}

/**
 * Live ranges of each name: a name written (not read) outside every loop that carries it starts a new value
 * (so a temporary reused by two sibling nests takes two registers only while live); each range runs from its
 * first to its last occurrence, widened to a whole loop whose body reads it before writing it (carried), and
 * from the function's entry when its first occurrence is a read (a live-in: loaded before the nest).
 */
function intervals(nodes: readonly Node[], occ: ReadonlyMap<string, Occurrence[]>): Map<string, Range[]> {
  const out = new Map<string, Range[]>();
  const loops = [...loopNodes(nodes)];
  for (const [k, os] of occ) {
    const sorted = [...os].sort((a, b) => a.pos - b.pos || Number(b.read) - Number(a.read));
    const carried = loops.filter((l) => sorted.find((o) => o.pos >= l.start && o.pos <= l.end)?.read);
    const ranges: Range[] = [];
    sorted.forEach((o, i) => {
      const readHere = sorted.some((x) => x.pos === o.pos && x.read);
      const fresh = i === 0 || (!readHere && sorted[i - 1]!.pos !== o.pos && !carried.some((l) => o.pos >= l.start && o.pos <= l.end));
      if (fresh) ranges.push({ start: i === 0 && o.read ? -1 : o.pos, end: o.pos, liveIn: i === 0 && o.read, first: o.pos, last: o.pos });
      const r = ranges.at(-1)!;
      r.end = Math.max(r.end, o.pos);
      r.last = o.pos;
    });
    for (const r of ranges)
      for (const l of carried)
        if (r.first <= l.end && r.last >= l.start) {
          r.start = Math.min(r.start, l.start);
          r.end = Math.max(r.end, l.end);
        }
    out.set(k, ranges);
  }
  return out;
}

interface Range {
  start: number;
  end: number;
  liveIn: boolean;
  /** First and last occurrence (before widening): the instructions that use this value. */
  first: number;
  last: number;
}

/** Linear scan: a register per name, distinct for overlapping intervals (an instruction's operands and result always overlap). */
function allocate(iv: ReadonlyMap<string, { start: number; end: number }>, pools: Record<'vec' | 'gpr', number>, where: string): Map<string, number> {
  const order = [...iv.entries()].sort((a, b) => a[1].start - b[1].start || a[0].localeCompare(b[0]));
  const active: { k: string; end: number; c: 'vec' | 'gpr'; r: number }[] = [];
  const free: Record<'vec' | 'gpr', number[]> = {
    vec: Array.from({ length: pools.vec }, (_, i) => i),
    gpr: Array.from({ length: pools.gpr }, (_, i) => i),
  };
  const got = new Map<string, number>();
  for (const [k, { start, end }] of order) {
    for (let j = active.length - 1; j >= 0; j--) {
      const a = active[j]!;
      if (a.end < start) {
        free[a.c].push(a.r);
        free[a.c].sort((x, y) => x - y);
        active.splice(j, 1);
      }
    }
    const c = k.includes('|vec') ? 'vec' : 'gpr';
    const r = free[c].shift();
    if (r === undefined)
      throw new AddersimError('LIMIT', `more ${c === 'vec' ? 'vector' : 'general'} registers live at once than the host has (at "${k.split('|')[0]}")`, where);
    got.set(k, r);
    active.push({ k, end, c, r });
  }
  return got;
}

/** Unroll factor of an innermost loop of `trip` iterations of `n` instructions: whole when small, else a divisor near UNROLL_INSTRUCTIONS / n. */
export function unrollFactor(trip: number, n: number): number {
  if (trip * n <= 2 * UNROLL_INSTRUCTIONS) return trip;
  const max = Math.max(1, Math.floor(UNROLL_INSTRUCTIONS / n));
  for (let u = max; u >= Math.ceil(max / 2); u--) if (trip % u === 0) return u;
  return max;
}

const imm = (x: number, where: string): string => {
  if (!Number.isSafeInteger(x) || Math.abs(x) >= 2 ** 31) throw new AddersimError('LIMIT', `address step ${x} does not fit a 32-bit immediate`, where);
  return `$${x}`;
};

/** The layer kernel as a function `void f(uint64_t *table, void *vinit)` (System V): table = buffer pointers, then general live-in values. */
export function emitLayerFunction(kernel: Kernel, addr: Addressing, fnName: string): LayerFunction {
  const where = `kernel ${kernel.name}`;
  const { nodes, reached } = build(kernel, addr);
  const arrays = addr.arrays();
  checkReach(reached, arrays, where);
  const { occ, types } = occurrences(nodes);
  const ranges = intervals(nodes, occ);
  const iv = new Map([...ranges].flatMap(([k, rs]) => rs.map((r, i) => [`${k}#${i}`, r] as const)));
  const { pointerOf, counter, gprPool, reg, spare } = registerPlan(iv, arrays, where);
  let at = 0; // position of the instruction being emitted: picks the live range of each name
  const rangeOf = (k: string): number => {
    const i = ranges.get(k)?.findIndex((r) => at >= r.first && at <= r.last) ?? -1;
    if (i < 0) throw new InternalError(`no live range of ${k} at instruction ${at}`, where);
    return reg.get(`${k}#${i}`)!;
  };
  const regs: RegisterNames = {
    vecIndex: (name) => rangeOf(key(name, 'vec')),
    gprName: (name) => gprPool[rangeOf(key(name, 'gpr'))]!,
  };
  const lines: string[] = [];
  let labels = 0;
  let kernelInstrs = 0;
  let control = 0;
  // outer loop counters: spare general registers, deepest levels first (a counter in memory is a store-to-load
  // chain per trip); further out, stack slots
  const levels = (ns: readonly Node[]): number =>
    Math.max(0, ...ns.map((n) => (n.kind === 'loop' ? n.loops.length - (n.body.every((b) => b.kind === 'instr') ? 1 : 0) + levels(n.body) : 0)));
  const depthMax = levels(nodes);
  const counterAt = (depth: number): string => spare[depthMax - 1 - depth] ?? `${16 + depth * 8}(%rsp)`;
  // stack: table and vinit pointers, then one counter slot per loop level (bounded by the number of (sub-)loops)
  const slots = [...loopNodes(nodes)].reduce((a, l) => a + l.loops.length, 0);
  const frame = Math.ceil((16 + slots * 8) / 16) * 16;
  // executed counts are multiplied by the trips of the enclosing loops as the text is written
  const emitInstr = (n: Extract<Node, { kind: 'instr' }>, copy: number, innermost: string | undefined, times: number) => {
    const operand = (): string => {
      const a = n.access;
      if (!a) throw new InternalError(`memory operand without an address (${n.s.op})`, where);
      const at = innermost ? a.unrolled?.[innermost] : undefined;
      const disp = a.offset + (at ? at(copy) : innermost ? copy * (a.strides[innermost] ?? 0) : 0);
      return `${disp}(${pointerOf.get(a.array)})`;
    };
    at = n.pos;
    const ls = emitX86Instr(n.s, regs, operand);
    kernelInstrs += ls.length * times;
    lines.push(...ls.map((l) => `\t${l}`));
    // a general-register write of a name whose vector namesake is live cuts the vector chain (file header)
    if (n.s.dst === undefined || cls(n.s.type) !== 'gpr') return;
    const k = key(n.s.dst, 'vec');
    const live = ranges.get(k)?.findIndex((r) => r.start <= n.pos && n.pos <= r.end) ?? -1;
    if (live < 0) return;
    const r = reg.get(`${k}#${live}`)!;
    lines.push(`\tvpxor %xmm${r}, %xmm${r}, %xmm${r}`);
    control += times;
  };
  /** Every pointer with a step in the loop moves by step × by; the line runs `executions` times a call. */
  const step = (strides: Map<string, number>, by: number, executions: number) => {
    for (const [arr, s] of strides) {
      lines.push(`\tadd ${imm(s * by, where)}, ${pointerOf.get(arr)}`);
      control += executions;
    }
  };
  const emitNodes = (ns: readonly Node[], depth: number, times: number) => {
    for (const n of ns) {
      if (n.kind === 'instr') emitInstr(n, 0, undefined, times);
      else emitLoop(n, 0, depth, times);
    }
  };
  const emitLoop = (n: Extract<Node, { kind: 'loop' }>, i: number, depth: number, times: number): void => {
    const l = n.loops[i]!;
    const strides = strideIn(n.body, l.name, where);
    const leaf = i === n.loops.length - 1 && n.body.every((b) => b.kind === 'instr');
    if (!leaf) {
      const label = ++labels;
      const slot = counterAt(depth);
      lines.push(`\tmovq ${imm(l.trip, where)}, ${slot}`, `.L${fnName}_${label}:`);
      control += times;
      const inner = times * l.trip;
      if (i < n.loops.length - 1) emitLoop(n, i + 1, depth + 1, inner);
      else emitNodes(n.body, depth + 1, inner);
      step(strides, 1, inner);
      lines.push(`\tdec${slot.startsWith('%') ? '' : 'q'} ${slot}`, `\tjnz .L${fnName}_${label}`);
      control += 2 * inner;
      step(strides, -l.trip, times);
      return;
    }
    const body = n.body as Extract<Node, { kind: 'instr' }>[];
    const whole = body.some((b) => b.access?.unrolled?.[l.name]);
    const u = whole ? l.trip : unrollFactor(l.trip, body.length);
    const trips = Math.floor(l.trip / u);
    const rest = l.trip - trips * u;
    const copies = (from: number, to: number, t: number) => {
      for (let c = from; c < to; c++) for (const b of body) emitInstr(b, c, l.name, t);
    };
    if (trips <= 1) {
      copies(0, l.trip, times);
      return;
    }
    const label = ++labels;
    lines.push(`\tmov ${imm(trips, where)}, ${counter}`, `.L${fnName}_${label}:`);
    control += times;
    copies(0, u, times * trips);
    step(strides, u, times * trips);
    lines.push(`\tdec ${counter}`, `\tjnz .L${fnName}_${label}`);
    control += 2 * times * trips;
    copies(0, rest, times);
    step(strides, -trips * u, times);
  };
  const saved = ['%rbx', '%rbp', '%r12', '%r13', '%r14', '%r15'];
  const head = entry(fnName, frame, saved, iv, types, reg, gprPool, arrays, pointerOf, where);
  emitNodes(nodes, 0, 1);
  lines.push(`\tadd $${frame}, %rsp`, ...[...saved].reverse().map((r) => `\tpop ${r}`), '\tvzeroupper', '\tret');
  return {
    lines: [...head.lines, ...lines],
    arrays,
    vecLiveIn: head.vecLiveIn,
    gprLiveIn: head.gprLiveIn,
    executed: { kernel: kernelInstrs, loopControl: control },
    reached,
  };
}

/**
 * General registers: one pointer per buffer (the last ones), one counter for innermost loops, the rest for
 * the kernel's names by live range; `spare` = those the kernel leaves free (outer loop counters).
 */
function registerPlan(iv: ReadonlyMap<string, Range>, arrays: readonly ArraySpec[], where: string) {
  if (arrays.length > X86_GPR.length - 2)
    throw new AddersimError('LIMIT', `${arrays.length} buffers: more pointers than general registers (${X86_GPR.length - 2} at most)`, where);
  const pointerOf = new Map(arrays.map((a, i) => [a.name, X86_GPR[X86_GPR.length - 1 - i]![0]]));
  const counter = X86_GPR[X86_GPR.length - 1 - arrays.length]![0];
  const gprPool = X86_GPR.slice(0, X86_GPR.length - 1 - arrays.length);
  const reg = allocate(iv, { vec: VEC_REGS, gpr: gprPool.length }, where);
  const usedGpr = new Set([...iv.keys()].filter((k) => k.includes('|gpr')).map((k) => reg.get(k)!));
  const spare = gprPool.filter((_, i) => !usedGpr.has(i)).map((r) => r[0]);
  return { pointerOf, counter, gprPool, reg, spare };
}

/** Prologue: callee-saved registers pushed, the frame, live-in vector registers from `vinit`, pointers and general live-ins from the table. */
function entry(
  fnName: string,
  frame: number,
  saved: readonly string[],
  iv: ReadonlyMap<string, Range>,
  types: ReadonlyMap<string, DataType>,
  reg: ReadonlyMap<string, number>,
  gprPool: readonly (readonly [string, string])[],
  arrays: readonly ArraySpec[],
  pointerOf: ReadonlyMap<string, string>,
  where: string,
): Pick<LayerFunction, 'lines' | 'vecLiveIn' | 'gprLiveIn'> {
  const lines = [`\t.globl ${fnName}`, `\t.type ${fnName}, @function`, '\t.p2align 6', `${fnName}:`, ...saved.map((r) => `\tpush ${r}`)];
  lines.push(`\tsub $${frame}, %rsp`, '\tmov %rdi, 0(%rsp)', '\tmov %rsi, 8(%rsp)', '\tmov 8(%rsp), %rax');
  const vecLiveIn: LayerFunction['vecLiveIn'][number][] = [];
  const gprLiveIn: LayerFunction['gprLiveIn'][number][] = [];
  for (const [k, v] of iv) {
    if (!v.liveIn) continue;
    const [name, c] = k.replace(/#\d+$/, '').split('|') as [string, 'vec' | 'gpr'];
    const t = types.get(k.replace(/#\d+$/, ''))!;
    if (c === 'vec') {
      if (typeBits(t) > 256) throw new AddersimError('LIMIT', 'the layer harness loads 256-bit live-in registers only', where);
      const register = `%ymm${reg.get(k)}`;
      lines.push(`\tvmovdqu ${vecLiveIn.length * SLOT}(%rax), ${register}`);
      vecLiveIn.push({ register, name, type: t });
    } else gprLiveIn.push({ register: gprPool[reg.get(k)!]![0], name, type: t });
  }
  arrays.forEach((a, i) => lines.push(`\tmov 0(%rsp), ${pointerOf.get(a.name)}`, `\tmov ${i * 8}(${pointerOf.get(a.name)}), ${pointerOf.get(a.name)}`));
  gprLiveIn.forEach((g, i) => lines.push(`\tmov 0(%rsp), ${g.register}`, `\tmov ${(arrays.length + i) * 8}(${g.register}), ${g.register}`));
  return { lines, vecLiveIn, gprLiveIn };
}

function checkReach(reached: ReadonlyMap<string, number>, arrays: readonly ArraySpec[], where: string): void {
  for (const [name, hi] of reached) {
    const a = arrays.find((x) => x.name === name);
    if (!a) throw new InternalError(`access to an undeclared buffer ${name}`, where);
    if (hi > a.bytes + BUFFER_SLACK) throw new InternalError(`accesses reach byte ${hi} of buffer ${name} (${a.bytes} bytes)`, where);
  }
}

/** Bytes each buffer's pointer steps per iteration of `loop`, from the accesses inside it (one step per buffer, or LIMIT). */
function strideIn(nodesIn: readonly Node[], loop: string, where: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const n of instrs(nodesIn)) {
    const a = n.access;
    const s = a?.strides[loop];
    if (!a || !s) continue;
    const had = m.get(a.array);
    if (had !== undefined && had !== s) throw new AddersimError('LIMIT', `buffer ${a.array} steps by ${had} and ${s} bytes in loop ${loop}`, where);
    m.set(a.array, s);
  }
  return m;
}
