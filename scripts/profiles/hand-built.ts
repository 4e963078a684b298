// Builds the profiles that neither llvm-mca 14 nor InstLatX64 covers: arm-neoverse-n1 (from the newer
// upstream LLVM model AArch64SchedNeoverseN1.td, read not run) and arm-cortex-m4f (TI's FPU cycle table).
// Run: npx tsx scripts/profiles/hand-built.ts. Instructions follow the form table (cpu-profiles/FORMS.md).

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORM_TABLES, variantText } from '../../src/sim/profile/forms.ts';
import { validateProfile } from '../../src/sim/profile/loader.ts';
import type { FormTiming, ProfileFile } from '../../src/sim/profile/schema.ts';

type Uop = { ports: string[]; cycles: number };
const u = (ports: string | string[], cycles = 1): Uop => ({ ports: Array.isArray(ports) ? ports : [ports], cycles });

/** A form with the instruction(s) of the form table; a composite gets per-part latencies (part i owns
 *  µop i; chain parts share the latency equally unless given, parallel parts each take the full one). */
function form(
  isa: 'aarch64' | 'armv7m',
  name: string,
  latency: number,
  rthroughput: number,
  uops: Uop[],
  source: string,
  note?: string,
  partLatencies?: number[],
): [string, FormTiming] {
  const v = FORM_TABLES[isa][name]?.[0];
  if (!v) throw new Error(`${name} is not in the ${isa} form table`);
  const t: FormTiming = { latency, rthroughput, uops, source, instruction: variantText(v), ...(note ? { note } : {}) };
  if (v.combine !== 'single') {
    if (uops.length !== v.asm.length) throw new Error(`${name}: ${v.asm.length} instructions but ${uops.length} µops`);
    const lat = partLatencies ?? v.asm.map(() => (v.combine === 'chain' ? latency / v.asm.length : latency));
    if (lat.some((l) => !Number.isInteger(l))) throw new Error(`${name}: give the part latencies`);
    t.composite = { combine: v.combine, parts: v.asm.map((instruction, i) => ({ instruction, latency: lat[i]!, uops: [uops[i]!] })) };
  }
  return [name, t];
}

// ------------------------------------------------------------------ Arm Neoverse N1

function neoverseN1(): ProfileFile {
  const S = 'llvm-upstream-neoverse-n1';
  const V = ['V0', 'V1'];
  const INT = ['S0', 'S1', 'M'];
  const L = ['L0', 'L1'];
  const D = ['D0', 'D1'];
  const F: [string, FormTiming][] = [];
  const a = (name: string, lat: number, rthr: number, uops: Uop[], src: string, note?: string) => F.push(form('aarch64', name, lat, rthr, uops, src, note));
  for (const t of ['f32', 'f64']) {
    for (const op of ['add', 'sub', 'abs', 'neg', 'max', 'min']) a(`${op}.${t}`, 2, 0.5, [u(V)], `${S}: FP scalar fadd/fsub/fabs/fmin/fmax/fneg 2c on V0|V1`);
    a(`mul.${t}`, 3, 0.5, [u(V)], `${S}: FP scalar fmul 3c on V`);
    a(`fma.${t}`, 4, 0.5, [u(V)], `${S}: FP scalar fmadd 4c on V`);
    a(`load.${t}`, 5, 0.5, [u(INT), u(L)], `assumption: ldr s/d timed as ldr q (${S}: 5c, I+L); no separate entry read`);
    a(`store.${t}`, 1, 0.5, [u(L), u(D)], `assumption: str s/d timed as str w/x (${S}: 1c, L+D)`);
  }
  a('div.f32', 10, 7, [u('V0', 7)], `${S}: fdiv s 10c, V0 busy 7`);
  a('div.f32x4', 10, 7, [u('V0', 7)], `${S}: ASIMD FP divide, Q-form F32 (FDIVv4f32) 10c, V0 busy 7`, 'not pipelined');
  a('div.f64x2', 15, 7, [u('V0', 7)], `${S}: ASIMD FP divide, Q-form F64 (FDIVv2f64) 15c, V0 busy 7`, 'not pipelined');
  for (const t of ['f32x4', 'f64x2']) {
    for (const op of ['add', 'sub', 'abs', 'neg', 'max', 'min'])
      a(
        `${op}.${t}`,
        2,
        0.5,
        [u(V)],
        `${S}: ASIMD FP fadd/fabs/fabd/fmax 2c on V (WriteV)`,
        op === 'sub' || op === 'neg' || op === 'min' ? 'fsub/fneg/fmin assumed in the same class as fadd/fabs/fmax' : undefined,
      );
    a(`mul.${t}`, 3, 0.5, [u(V)], `${S}: ASIMD FP fmul 3c on V`);
    a(`fma.${t}`, 4, 0.5, [u(V)], `${S}: ASIMD FP fmla 4c on V (2 FMLA.4S per cycle)`);
    a(`hadd.${t}`, 2, 0.5, [u(V)], `assumption: faddp in the ASIMD FP arithmetic class (${S}: 2c on V); no separate entry read`);
    a(`load.${t}`, 5, 0.5, [u(INT), u(L)], `${S}: ldr q (unsigned immediate) 5c, I+L`);
    a(`store.${t}`, 2, 1, [u(L), u(L), u(V), u(V)], `${S}: str q 2c, 2L+2V`, 'modelled as two load/store-pipe µops and two V µops');
    a(`bcast.${t}`, 7, 0.5, [u(L), u(V)], `${S}: ld1r 7c, L+V`);
  }
  for (const t of ['i32', 'i64']) {
    for (const op of ['add', 'sub', 'and', 'or', 'xor', 'not', 'neg', 'xnor', 'shl', 'shr', 'mov']) {
      a(`${op}.${t}`, 1, 1 / 3, [u(INT)], `${S}: integer ALU 1c on S/M`, op === 'xnor' ? 'EON: native XNOR' : undefined);
    }
    a(`abs.${t}`, 2, 2 / 3, [u(INT), u(INT)], `${S}: composite of two 1c integer ALU ops (CMP then CNEG)`);
    a(`load.${t}`, 4, 0.5, [u(L)], `${S}: ldr w/x 4c on L`);
    a(`store.${t}`, 1, 0.5, [u(L), u(D)], `${S}: str w/x 1c, L+D`);
  }
  a('mul.i32', 2, 1, [u('M')], `${S}: mul w 2c on M`);
  a('mul.i64', 4, 3, [u('M', 3)], `${S}: mul x 4c, M busy 3`);
  for (const t of ['i8x16', 'u8x16', 'i16x8', 'i32x4', 'i64x2']) {
    for (const op of ['add', 'sub', 'and', 'or', 'xor', 'not']) a(`${op}.${t}`, 2, 0.5, [u(V)], `${S}: ASIMD integer basic arithmetic/logic 2c on V`);
    a(`xnor.${t}`, 4, 1, [u(V), u(V)], `${S}: composite EOR + MVN, each 2c on V`);
    if (t !== 'u8x16') a(`abs.${t}`, 2, 0.5, [u(V)], `${S}: ASIMD integer abs 2c on V`);
    if (t !== 'i64x2') {
      a(`max.${t}`, 2, 0.5, [u(V)], `${S}: ASIMD integer min/max 2c on V`);
      a(`min.${t}`, 2, 0.5, [u(V)], `${S}: ASIMD integer min/max 2c on V`);
    }
    if (t === 'i16x8' || t === 'i32x4' || t === 'i64x2') {
      a(`shl.${t}`, 2, 0.5, [u(V)], `assumption: ASIMD shift by immediate in the basic integer class (${S}: 2c on V); no separate entry read`);
      a(`shr.${t}`, 2, 0.5, [u(V)], `assumption: ASIMD shift by immediate in the basic integer class (${S}: 2c on V); no separate entry read`);
    }
    a(`load.${t}`, 5, 0.5, [u(INT), u(L)], `${S}: ldr q (unsigned immediate) 5c, I+L`);
    a(`store.${t}`, 2, 1, [u(L), u(L), u(V), u(V)], `${S}: str q 2c, 2L+2V`, 'modelled as two load/store-pipe µops and two V µops');
    a(`bcast.${t}`, 7, 0.5, [u(L), u(V)], `${S}: ld1r 7c, L+V`);
  }
  a('mul.i16x8', 5, 2, [u('V0'), u('V0')], `${S}: ASIMD mul .8h 5c as 2 µops on V0`);
  a('mul.i32x4', 5, 2, [u('V0'), u('V0')], `${S}: ASIMD mul .4s 5c as 2 µops on V0`);
  a('mul.i8x16', 5, 2, [u('V0'), u('V0')], `assumption: mul .16b timed as mul .8h (${S}: 5c, 2 µops on V0)`);
  a(
    'mul.u8x16',
    5,
    2,
    [u('V0'), u('V0')],
    `assumption: mul .16b timed as mul .8h (${S}: 5c, 2 µops on V0)`,
    'the same MUL .16b as mul.i8x16 (low 8 bits do not depend on signedness)',
  );
  F.push(
    form(
      'aarch64',
      'popcnt.i64',
      12,
      2,
      [u('M'), u(V), u('V1'), u('V1')],
      `${S}: FMOV x→d (FMOVXDr) 3c on M + CNT .8b (WriteVd) 2c on V + ADDV .8b (ADDVv8i8v) 5c on V1 and V + FMOV d→x (WriteFCopy) 2c on V1, a chain`,
      'composite of four dependent instructions, 3 + 2 + 5 + 2; the second µop (V) of ADDV is left out (a composite part owns one µop): rthr 2 from the two V1 µops either way',
      [3, 2, 5, 2],
    ),
  );
  a('sad.u8x16', 4, 2, [u('V1'), u('V1')], `${S}: uabal/uabal2 4c on V1 each (two in parallel)`);
  a('dot.i16x8', 4, 2, [u('V0'), u('V0')], `${S}: smlal 4c on V0 (smlal2 assumed the same), two in parallel`);
  a(
    'dot.i8x16',
    4,
    0.5,
    [u(V)],
    'assumption: SDOT has no entry in the archived upstream N1 model (cpu-timing/README.md §5.2); timed as an ASIMD multiply-accumulate (fmla 4c on V0|V1)',
    'UNVERIFIED: replace when the N1 optimization guide row is available',
  );
  a('popcnt.i8x16', 2, 0.5, [u(V)], `${S}: ASIMD cnt 2c on V`);
  a('hadd.i32x4', 2, 0.5, [u(V)], `assumption: addp in the basic integer class (${S}: 2c on V); addv .4s (a full reduction) is 3c on V1`);
  a('hadd.i16x8', 2, 0.5, [u(V)], `assumption: addp in the basic integer class (${S}: 2c on V)`);
  for (const t of ['f32x4', 'i8x16', 'f64x2', 'i64x2', 'i32x4', 'i16x8', 'u8x16']) a(`mov.${t}`, 2, 0.5, [u(V)], `${S}: ASIMD logic (mov = orr) 2c on V`);
  for (const t of ['f32', 'f64']) a(`mov.${t}`, 2, 0.5, [u(V)], `${S}: FP move, register (FMOVSr/FMOVDr) 2c on V`);
  a('div.f64', 15, 7, [u('V0', 7)], `${S}: fdiv d (FDIVDrr) 15c, V0 busy 7`, 'not pipelined');
  for (const [t, r] of [
    ['f32', 's'],
    ['f64', 'd'],
  ])
    a(
      `cvt.${t}`,
      3,
      0.5,
      [u(V)],
      `${S}: FP convert, from vec to vec reg (WriteFCvt) 3c on V`,
      `scvtf ${r}0, ${r}1: the SIMD-scalar form, integer already in a vector register`,
    );
  a('cvt.f32x4', 4, 2, [u('V0'), u('V0')], `${S}: ASIMD FP convert, other, Q-form F32 (scvtf .4s) 4c as 2 µops on V0`);
  a('cvt.i32x4', 4, 2, [u('V0'), u('V0')], `${S}: ASIMD FP convert, other, Q-form F32 (fcvtzs .4s) 4c as 2 µops on V0`);
  const forms = Object.fromEntries(F.map(([k, t]) => [k, { ...t, rthroughput: Math.round(t.rthroughput * 100) / 100 }]));
  return {
    schema: 'addersim/profile@1',
    name: 'arm-neoverse-n1',
    description:
      'Arm Neoverse N1 from the newer upstream LLVM model AArch64SchedNeoverseN1.td (read, not run; not in LLVM 14, whose -mcpu=neoverse-n1 is the Cortex-A57 model).',
    identity: {
      vendor: 'Arm',
      model: 'Neoverse N1',
      microarchitecture: 'Neoverse N1 (Ares)',
      isa: 'aarch64',
      clockGHz: { value: 3.0, source: 'assumption: a typical server N1 clock (e.g. Ampere Altra 3.0 GHz); no archived source' },
    },
    machine: {
      issue: 'out-of-order',
      issueSource: `${S}: MicroOpBufferSize 128 (out-of-order model)`,
      dispatchWidth: {
        value: 3,
        min: 3,
        max: 8,
        source: `${S}: IssueWidth 8 at commit 02cec0a4ec2e; the later upstream PR #154495 sets 3 "from the decode bandwidth and empirical measurements" (web copy, cpu-timing/README.md §5.2)`,
        note: 'the profile takes the newer, measured value 3',
      },
      retireWidth: { value: 3, source: 'assumption: taken equal to the dispatch width' },
      reorderBuffer: { value: 128, source: `${S}: MicroOpBufferSize 128 ("copied from Cortex-A76")` },
      schedulerSize: { value: null, note: 'the upstream N1 model declares no scheduler buffer sizes that were read' },
      loadLatency: { value: 4, source: `${S}: LoadLatency 4; ldr w/x 4c` },
    },
    ports: {
      S0: 'single-cycle integer 0',
      S1: 'single-cycle integer 1',
      M: 'multi-cycle integer (multiply, divide; also ALU)',
      L0: 'load/store address 0',
      L1: 'load/store address 1',
      D0: 'store data 0',
      D1: 'store data 1',
      V0: 'FP/ASIMD 0 (128-bit; divide, integer multiply)',
      V1: 'FP/ASIMD 1 (128-bit; absolute-difference accumulate, reductions)',
    },
    forms,
    absent: [
      {
        forms: ['*.f32x8', '*.f64x4', '*.i64x4', '*.i32x8', '*.i16x16', '*.i8x32', '*.u8x32'],
        reason: 'Neoverse N1 has 128-bit ASIMD (NEON) only, no SVE: there are no 256-bit vector forms',
        source: `${S}: two 128-bit FP/ASIMD pipes V0/V1; SVE in UnsupportedFeatures`,
      },
    ],
    memory: [
      {
        level: 'L1D',
        sizeBytes: { value: null, note: 'not in any archived source used here' },
        latencyCycles: { value: 4, source: `${S}: LoadLatency 4 (model load-to-use)` },
        bytesPerCycle: { value: null, note: 'no archived source gives bandwidth' },
      },
      {
        level: 'L2',
        sizeBytes: { value: null, note: 'not in any archived source used here' },
        latencyCycles: { value: null, note: 'LLVM does not model caches; no archived measurement' },
        bytesPerCycle: { value: null, note: 'no archived source gives bandwidth' },
      },
      {
        level: 'DRAM',
        sizeBytes: { value: null, note: 'main memory; size not a property of the CPU' },
        latencyCycles: { value: null, note: 'no archived measurement' },
        bytesPerCycle: { value: null, note: 'no archived source gives bandwidth' },
      },
    ],
    energy: 'horowitz-45nm',
    notes: [
      'From the newer upstream LLVM model (llvm-upstream-neoverse-n1, AArch64SchedNeoverseN1.td @02cec0a4ec2e, based on the Arm Neoverse N1 Software Optimization Guide), read directly and transcribed by scripts/profiles/hand-built.ts: NOT llvm-mca 14 output (LLVM 14 aliases neoverse-n1 to the Cortex-A57 model). llvm-mca 14 cannot validate this profile.',
      'Rows the archived summary does not give (ldr s/d, faddp, addp, shifts, SDOT) are marked `assumption:`; SDOT timing on N1 is UNVERIFIED.',
      "popcnt.i64 is the scalar popcount sequence FMOV x→d, CNT .8b, ADDV .8b, FMOV d→x (no scalar popcount before Armv8.9), a chain of 3 + 2 + 5 + 2 = 12 cycles from the upstream model's rows; the simd lowering counts bits with popcnt.i8x16 (CNT) and vector accumulation instead.",
    ],
  };
}

// ------------------------------------------------------------------ Arm Cortex-M4F

function cortexM4f(): ProfileFile {
  const T = 'ti-swcu192';
  const P = ['EX'];
  const F: [string, FormTiming][] = [];
  const a = (name: string, lat: number, rthr: number, uops: Uop[], src: string, note?: string) => F.push(form('armv7m', name, lat, rthr, uops, src, note));
  const cyc = 'issue cycles from the vendor table, used as both latency and occupancy';
  a('add.f32', 1, 1, [u(P)], `${T}: FPU add 1 cycle`, cyc);
  a('sub.f32', 1, 1, [u(P)], `${T}: FPU add 1 cycle (subtract is the same instruction class)`, cyc);
  a('mul.f32', 1, 1, [u(P)], `${T}: FPU multiply 1 cycle`, cyc);
  a('fma.f32', 3, 3, [u(P, 3)], `${T}: FPU (fused) multiply-accumulate 3 cycles`, cyc);
  a('div.f32', 14, 14, [u(P, 14)], `${T}: FPU divide 14 cycles`, `${cyc}; not pipelined`);
  a('abs.f32', 1, 1, [u(P)], `${T}: FPU absolute value 1 cycle`, cyc);
  a('neg.f32', 1, 1, [u(P)], `${T}: FPU negate float 1 cycle`, cyc);
  a(
    'max.f32',
    3,
    3,
    [u(P), u(P), u(P)],
    `${T}: composite VCMP (compare 1 cycle) + VMRS (floating-point control/status to core register 1) + conditional VMOV (move float to float-register 1)`,
    'FPv4-SP has no VMAX',
  );
  a(
    'min.f32',
    3,
    3,
    [u(P), u(P), u(P)],
    `${T}: composite VCMP (compare 1 cycle) + VMRS (floating-point control/status to core register 1) + conditional VMOV (move float to float-register 1)`,
    'FPv4-SP has no VMIN',
  );
  a('mov.f32', 1, 1, [u(P)], `${T}: FPU move float to float-register 1 cycle`, cyc);
  a('cvt.f32', 1, 1, [u(P)], `${T}: FPU convert between integer, fixed-point, half-precision and float 1 cycle`, cyc);
  a('load.f32', 2, 2, [u(P, 2)], `${T}: FPU load single float 2 cycles`, cyc);
  a('store.f32', 1, 1, [u(P)], 'assumption: single-precision store 1 cycle (not in the archived table)');
  // integer rows of TI's Cortex-M4F instruction table (Table 3-25, zero wait states; <op2> may be a shifted register)
  const I = (rows: string) => `${T}: Table 3-25 ${rows}`;
  const intA = 'assumption: Cortex-M4 single-cycle shifts (the archived excerpt of Table 3-25 ends after "Logical shift left 1")';
  const alu: Record<string, string> = {
    add: 'Add 1',
    sub: 'Subtract 1',
    and: 'AND 1',
    or: 'OR 1',
    xor: 'Exclusive OR 1',
    not: 'Move NOT 1',
    mul: 'Multiply 1',
  };
  for (const [op, row] of Object.entries(alu)) a(`${op}.i32`, 1, 1, [u(P)], I(row));
  a('xnor.i32', 2, 2, [u(P), u(P)], I('composite Exclusive OR 1 + Move NOT 1'));
  a('shl.i32', 1, 1, [u(P)], I('Logical shift left 1'));
  a('shr.i32', 1, 1, [u(P)], intA);
  a('mov.i32', 1, 1, [u(P)], I('Move register 1'));
  a('neg.i32', 1, 1, [u(P)], I('Reverse subtract (RSB) 1'));
  a('abs.i32', 2, 2, [u(P), u(P)], I('composite Exclusive OR 1 + Subtract 1, each with the sign (x ASR 31) as shifted <op2>'));
  a('load.i32', 2, 2, [u(P, 2)], `assumption: integer load timed as the FPU single load (${T}: 2 cycles)`);
  a('store.i32', 1, 1, [u(P)], 'assumption: integer store 1 cycle (not in the archived table)');
  const pair = (rows: string) => I(`${rows}: a composite on a register pair (32-bit core), one instruction per half`);
  for (const [op, row] of Object.entries({ and: 'AND 1', or: 'OR 1', xor: 'Exclusive OR 1', not: 'Move NOT 1' })) a(`${op}.i64`, 2, 2, [u(P), u(P)], pair(row));
  a('add.i64', 2, 2, [u(P), u(P)], pair('Add 1 + Add with carry 1'));
  a('sub.i64', 2, 2, [u(P), u(P)], pair('Subtract 1 + Subtract with borrow 1'));
  a('xnor.i64', 4, 4, [u(P), u(P), u(P), u(P)], pair('Exclusive OR 1 + Move NOT 1'));
  a('shr.i64', 3, 3, [u(P), u(P), u(P)], `${intA}; composite on a register pair, one cycle per instruction`);
  a('shl.i64', 3, 3, [u(P), u(P), u(P)], `${intA}; composite on a register pair (the ORR takes the low half LSR 31), one cycle per instruction`);
  a('mul.i64', 3, 3, [u(P), u(P), u(P)], I('composite Long unsigned (UMULL) 1 + 2 × Multiply accumulate (MLA) 1'));
  a('mov.i64', 1, 2, [u(P), u(P)], pair('Move register 1, twice (independent)'));
  a('load.i64', 3, 3, [u(P, 3)], 'assumption: LDRD = 1 + 2 cycles (ARM Cortex-M4 TRM, not archived here)');
  a('store.i64', 2, 2, [u(P, 2)], 'assumption: STRD 2 cycles (not in the archived table)');
  return {
    schema: 'addersim/profile@1',
    name: 'arm-cortex-m4f',
    description:
      "Arm Cortex-M4F microcontroller (Armv7E-M + FPv4-SP single-precision FPU, in-order, single issue, no SIMD float, no POPCNT) from TI's vendor FPU cycle table (SWCU192, CC13x2/CC26x2).",
    identity: {
      vendor: 'Arm (TI CC13x2/CC26x2)',
      model: 'Cortex-M4F',
      microarchitecture: 'Cortex-M4 with FPv4-SP',
      isa: 'armv7m',
      clockGHz: { value: 0.048, source: 'assumption: 48 MHz, the CC26x2 system clock; not in the archived excerpt' },
    },
    machine: {
      issue: 'in-order',
      issueSource: 'assumption: Cortex-M4 is a 3-stage in-order single-issue pipeline (ARM documentation, not archived here)',
      dispatchWidth: { value: 1, source: 'assumption: single issue (ARM documentation, not archived here)' },
      retireWidth: { value: 1, source: 'assumption: single issue' },
      reorderBuffer: { value: null, note: 'in-order core: no reorder buffer' },
      schedulerSize: { value: null, note: 'in-order core: no scheduler window' },
      loadLatency: { value: 2, source: `${T}: FPU load single float 2 cycles` },
    },
    ports: { EX: 'the single execute stage (integer ALU, multiplier, FPU, load/store)' },
    forms: Object.fromEntries(F),
    absent: [
      {
        forms: ['*.f64'],
        reason: 'FPv4-SP is a single-precision FPU: no double-precision arithmetic (compilers call software routines); use f32',
        source: `${T}: the FPU instruction table (Table 3-27) has float operations only; doubles appear only as loads, stores and register-pair moves`,
      },
      {
        forms: ['*.*x*'],
        reason:
          "no SIMD registers: 32-bit core registers and single-precision FP registers only (the DSP extension's packed 8/16-bit operations on core registers are not modelled)",
        source: `${T}: the instruction tables (3-25, 3-27) have no vector register operations`,
      },
      {
        forms: ['popcnt.*'],
        reason: 'no population-count instruction in Armv7E-M (binary layers use a SWAR popcount)',
        source: `${T}: Table 3-25 (ARMv7-M Thumb instruction set) has no popcount`,
      },
    ],
    memory: [
      {
        level: 'SRAM',
        sizeBytes: { value: null, note: 'on-chip SRAM size not in the archived excerpt' },
        latencyCycles: { value: 2, source: `${T}: load single float 2 cycles` },
        bytesPerCycle: { value: null, note: 'no archived source gives bandwidth' },
      },
    ],
    energy: 'horowitz-45nm',
    notes: [
      "Vendor table cycles (ti-swcu192) are issue cycles, not dependency latencies; they are used for both. The FPU is single precision only: there are no f64 forms, and no SIMD float forms (the DSP extension's packed 8/16-bit integer ops are not modelled).",
      "Integer ALU and multiply forms come from TI's Cortex-M4F instruction table (ti-swcu192 Table 3-25: 1 cycle each, zero wait states); integer loads and stores and the right shifts (the archived excerpt of that table ends after the left shift) are assumptions.",
      "No POPCNT: binary networks use the lowering's bit-trick popcount; the 64-bit integer forms it needs are composites on register pairs (32-bit core), one Table 3-25 instruction per half (the shifts assumed).",
    ],
  };
}

// ------------------------------------------------------------------ Cortex-A53, newer upstream model

/** What-if file over arm-cortex-a53 (LLVM 14) with the newer upstream A53 model's numbers (cpu-timing/README.md §5.3). */
function cortexA53Upstream(base: ProfileFile): Record<string, unknown> {
  const S = 'llvm-upstream-a53';
  const over: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(base.forms)) {
    const [op, type = ''] = name.split('.');
    const q = /x(16|8|4|2)$/.test(type) && type !== 'f32x2'; // every vector form here is a 128-bit Q-form
    const fp = type.startsWith('f');
    let latency: number | undefined;
    let why = '';
    if (fp && ['add', 'sub', 'abs', 'neg', 'max', 'min', 'hadd'].includes(op!)) {
      latency = 4;
      why = q ? 'ASIMD FP arithmetic 4c' : 'scalar FP arithmetic (WriteF) 4c';
    } else if (fp && op === 'mul') {
      latency = 4;
      why = 'FP multiply 4c';
    } else if (fp && op === 'fma') {
      latency = 8;
      why = 'FP multiply-accumulate 8c (the accumulator is forwarded: a dependent chain recurs every 4c)';
    } else if (!fp && q && ['add', 'sub'].includes(op!)) {
      latency = 2;
      why = 'ASIMD integer add/sub 2c';
    } else if (!fp && q && ['abs', 'hadd'].includes(op!)) {
      latency = 3;
      why = 'ASIMD integer abs / pairwise 3c';
    } else if (!fp && q && op === 'mul') {
      latency = 4;
      why = 'ASIMD integer multiply 4c';
    } else if (op === 'load' || op === 'bcast') {
      latency = 4;
      why = 'loads (WriteLD, LD1/LD1R) 4c';
    }
    const vecPipe = t.uops.some((u) => u.ports.includes('FPALU') || u.ports.includes('FPMDS'));
    const doubled = q && vecPipe && op !== 'div';
    if (latency === undefined && !doubled) continue;
    const uops = doubled ? t.uops.map((u) => ({ ports: u.ports, cycles: u.cycles * 2 })) : undefined;
    const parts = [...(latency !== undefined ? [why] : []), ...(doubled ? ['128-bit Q-form holds the 64-bit ASIMD pipe 2 cycles'] : [])];
    const composite =
      doubled && t.composite
        ? {
            combine: t.composite.combine,
            parts: t.composite.parts.map((pt) => ({ ...pt, uops: pt.uops.map((x) => ({ ports: x.ports, cycles: x.cycles * 2 })) })),
          }
        : undefined;
    over[name] = {
      ...(latency !== undefined ? { latency } : {}),
      ...(fp && op === 'fma' ? { accumulatorLatency: 4 } : {}),
      ...(uops ? { uops, rthroughput: t.rthroughput * 2 } : {}),
      ...(composite ? { composite } : {}),
      source: `${S}: ${parts.join('; ')}`,
      note: `newer upstream A53 model; LLVM 14 says ${t.latency}/${t.rthroughput}${latency === undefined ? ' (latency kept: the summary gives none for this class)' : ''}`,
    };
  }
  return {
    extends: 'arm-cortex-a53',
    name: 'arm-cortex-a53-upstream',
    description:
      'arm-cortex-a53 with the newer upstream LLVM A53 model (llvm-upstream-a53, partly measured on a Cortex-A53): 4c scalar/vector FP, 2–3c ASIMD integer, 128-bit ops holding the 64-bit ASIMD pipe 2 cycles. Read from the .td file, not run through llvm-mca.',
    forms: over,
  };
}

const OUT = fileURLToPath(new URL('../../cpu-profiles/', import.meta.url));

export function buildHandProfiles(): ProfileFile[] {
  return [neoverseN1(), cortexM4f()];
}

/** Extending (what-if) files written next to the profiles. */
export function buildHandExtensions(): { name: string; data: Record<string, unknown> }[] {
  const a53 = JSON.parse(readFileSync(`${OUT}arm-cortex-a53.json`, 'utf8')) as ProfileFile;
  return [{ name: 'arm-cortex-a53-upstream', data: cortexA53Upstream(a53) }];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const p of buildHandProfiles()) {
    const file = `${OUT}${p.name}.json`;
    validateProfile(p, file);
    writeFileSync(file, `${JSON.stringify(p, null, 2)}\n`);
    console.log(`wrote ${file} (${Object.keys(p.forms).length} forms)`);
  }
  for (const e of buildHandExtensions()) {
    const file = `${OUT}${e.name}.json`;
    writeFileSync(file, `${JSON.stringify(e.data, null, 2)}\n`);
    console.log(`wrote ${file} (extends ${String(e.data.extends)}, ${Object.keys(e.data.forms as object).length} forms overridden)`);
  }
}
