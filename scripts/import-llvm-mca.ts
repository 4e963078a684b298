// Generates a CPU profile from llvm-mca 14: times one instruction per form (the fixed table of
// src/sim/profile/forms.ts) with -instruction-tables, reads dispatch width / ROB / schedulers from
// -all-stats, decomposes resource cycles into µops, and compares with InstLatX64 where measured.
//   npx tsx scripts/import-llvm-mca.ts --name intel-skylake            (runs llvm-mca, records its output)
//   npx tsx scripts/import-llvm-mca.ts --mcpu skylake --arch x86 --name intel-skylake --from-recorded
//   npx tsx scripts/import-llvm-mca.ts --all [--from-recorded] [--check]
// Recorded outputs live in cpu-profiles/llvm-mca/ (so tests run without llvm-mca).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_NAMES, FORM_TABLES, FEATURES, type Feature, formsMissingFeatures, pickVariant, variantText } from '../src/sim/profile/forms.ts';
import { type McaStats, type McaTables, type McaRow, parseInstructionTables, parseStats, timeVariant, round2 } from './lib/profile-llvm-mca.ts';
import { parseType, typeBits } from '../src/isa/index.ts';
import { validateProfile } from '../src/sim/profile/loader.ts';
import type { ProfileFile } from '../src/sim/profile/schema.ts';
import { MCA_CPUS, type McaCpu } from './profiles/llvm-cpus.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const MCA_DIR = `${ROOT}cpu-profiles/llvm-mca/`;
export const INSTLAT_DIR = `${ROOT}cpu-profiles/instlat/`;
const GENERATED_BY = 'scripts/import-llvm-mca.ts';

const KERNELS = {
  x86: '# FP32 multiply-accumulate kernel (SSE only, every x86 model accepts it); used only for -all-stats\n.Lloop:\n  movups (%rdi), %xmm1\n  mulps %xmm2, %xmm1\n  addps %xmm1, %xmm0\n  addq $16, %rdi\n  decl %ecx\n  jne .Lloop\n',
  aarch64:
    '// FP32 multiply-accumulate kernel (NEON); used only for -all-stats\n.Lloop:\n  ldr q1, [x0], #16\n  fmla v0.4s, v1.4s, v2.4s\n  subs w1, w1, #1\n  b.ne .Lloop\n',
} as const;
const TRIPLE = { x86: 'x86_64', aarch64: 'aarch64' } as const;

/** x86 features per -mcpu from LLVM 14's own ISA table (cpu-profiles/llvm-mca/isa_features_llvm14.txt). */
export function cpuFeatures(cpu: McaCpu): Set<Feature> {
  if (cpu.arch === 'aarch64') return new Set(cpu.features ?? []);
  const text = readFileSync(`${MCA_DIR}isa_features_llvm14.txt`, 'utf8');
  const line = text.split('\n').find((l) => l.split(' ')[0] === cpu.mcpu);
  if (!line) {
    if (MCA_CPUS.includes(cpu)) throw new Error(`isa_features_llvm14.txt has no line for ${cpu.mcpu}`);
    return new Set(); // a generic CPU the table does not know: baseline forms only
  }
  const yes = (k: string) => new RegExp(`\\b${k}=yes\\b`).test(line);
  const f = new Set<Feature>();
  const probe: Record<Feature, string | undefined> = {
    ssse3: 'ssse3_pmaddubsw',
    sse41: 'sse41_pmulld',
    popcnt: 'popcnt',
    avx: 'avx_ymm_fadd',
    fma: 'fma_scalar',
    avx2: 'avx2_ymm_paddd',
    avx512f: 'avx512f_zmm_fadd',
    avx512bw: 'avx512bw_zmm_paddb',
    avx512vnni: 'avx512vnni_zmm',
    vpopcntdq: 'avx512vpopcntdq_zmm',
    bitalg: 'avx512bitalg_zmm',
    dotprod: undefined,
  };
  for (const k of FEATURES) if (probe[k] && yes(probe[k])) f.add(k);
  return f;
}

/** Forms this CPU can do, in table order, with the variant used. */
export function cpuForms(cpu: McaCpu) {
  const table = FORM_TABLES[cpu.arch];
  const features = cpuFeatures(cpu);
  return Object.keys(table).flatMap((form) => {
    const v = pickVariant(table, form, features);
    return v ? [{ form, v }] : [];
  });
}

/** Forms of the table the CPU has no instruction for, as the profile's `absent` list (with LLVM's word for it). */
export function cpuAbsent(cpu: McaCpu): NonNullable<ProfileFile['absent']> {
  // AArch64: ASIMD registers are 128 bits; the wider vector types of the x86 table have no AArch64 form
  const wide = [...new Set(Object.keys(FORM_TABLES.x86).map((f) => f.split('.')[1]!))].filter((t) => typeBits(parseType(t)) > 128);
  const aarch64Wide =
    cpu.arch === 'aarch64'
      ? [
          {
            forms: wide.map((t) => `*.${t}`),
            reason: `no vectors wider than 128 bits on the ${cpu.model} (ASIMD registers are 128-bit; no SVE)`,
            source: `llvm-mca-14: -mcpu=${cpu.mcpu} rejects SVE instructions ("instruction requires: sve or sme")`,
          },
        ]
      : [];
  return [
    ...aarch64Wide,
    ...formsMissingFeatures(FORM_TABLES[cpu.arch], cpuFeatures(cpu)).map(({ needs, patterns }) => {
      const what = needs.map((n) => FEATURE_NAMES[n]).join(' or ');
      return {
        forms: patterns,
        reason: `no ${what} on the ${cpu.model}`,
        source:
          cpu.arch === 'x86'
            ? `llvm-mca-14: LLVM 14's feature table for -mcpu=${cpu.mcpu} (cpu-profiles/llvm-mca/isa_features_llvm14.txt) has no ${what}`
            : `llvm-mca-14: -mcpu=${cpu.mcpu} rejects these instructions ("instruction requires: ${needs.join(', ')}")`,
      };
    }),
  ];
}

/** The distinct instructions of a CPU's forms, in order: line i of the .s file = row i of llvm-mca's tables. */
export function instructionList(cpu: McaCpu): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const { v } of cpuForms(cpu))
    for (const a of v.asm)
      if (!seen.has(a)) {
        seen.add(a);
        lines.push(a);
      }
  return lines;
}

export function instructionsFile(cpu: McaCpu): string {
  return `${instructionList(cpu).join('\n')}\n`;
}

const base = (cpu: McaCpu) => `${MCA_DIR}${cpu.mcpu}.${cpu.arch}`;

/** Runs llvm-mca 14 and records its outputs (the first line of each is the command, as run from the repo root). */
export function runLlvmMca(cpu: McaCpu): void {
  mkdirSync(MCA_DIR, { recursive: true });
  const version = execFileSync('llvm-mca', ['--version'], { encoding: 'utf8' });
  const m = /LLVM version (\d+\.\d+\.\d+)/.exec(version);
  if (!m || !m[1]!.startsWith('14.')) throw new Error(`llvm-mca 14 required, found: ${version.split('\n').find((l) => /version/.test(l))}`);
  writeFileSync(`${MCA_DIR}VERSION`, `${m[1]}\n`);
  const rel = (f: string) => f.slice(ROOT.length);
  const sFile = `${base(cpu)}.s`;
  writeFileSync(sFile, instructionsFile(cpu));
  const args = [`-mtriple=${TRIPLE[cpu.arch]}`, `-mcpu=${cpu.mcpu}`, '-instruction-tables', rel(sFile)];
  const out = execFileSync('llvm-mca', args, { encoding: 'utf8', cwd: ROOT });
  writeFileSync(`${base(cpu)}.instruction-tables.txt`, `$ llvm-mca ${args.join(' ')}\n${out}`);
  const kFile = `${MCA_DIR}kernel_${cpu.arch}.s`;
  writeFileSync(kFile, KERNELS[cpu.arch]);
  const sargs = [
    `-mtriple=${TRIPLE[cpu.arch]}`,
    `-mcpu=${cpu.mcpu}`,
    '-iterations=200',
    '-all-stats',
    '-resource-pressure=false',
    '-instruction-info=false',
    rel(kFile),
  ];
  const sout = execFileSync('llvm-mca', sargs, { encoding: 'utf8', cwd: ROOT });
  writeFileSync(`${MCA_DIR}${cpu.mcpu}.stats.txt`, `$ llvm-mca ${sargs.join(' ')}\n${sout}`);
}

export function readRecorded(cpu: McaCpu): { tables: McaTables; stats: McaStats; version: string } {
  const tf = `${base(cpu)}.instruction-tables.txt`;
  const sf = `${MCA_DIR}${cpu.mcpu}.stats.txt`;
  return {
    tables: parseInstructionTables(readFileSync(tf, 'utf8'), tf),
    stats: parseStats(readFileSync(sf, 'utf8'), sf),
    version: readFileSync(`${MCA_DIR}VERSION`, 'utf8').trim(),
  };
}

// ------------------------------------------------------------------ dependency chains and write-back order

const CHAIN_COPIES = 8;
const CHAIN_ITERATIONS = 200;
const NO_CHAIN_OPS = new Set(['load', 'store', 'bcast', 'mov']);

/**
 * The instruction rewritten so that its destination is also its (first) source, or undefined when that
 * makes no sense (memory operands, a destination of another register class). Repeated, each copy then
 * waits for the previous one: the chain measures the latency a loop-carried accumulator sees
 * (llvm-mca applies ReadAdvance forwarding, e.g. Cortex-A57 FMLA 10 → 4, Cortex-A55 ALU 3 → 1).
 */
export function chainAsm(asm: string, arch: 'x86' | 'aarch64'): string | undefined {
  const sp = asm.indexOf(' ');
  const mn = asm.slice(0, sp < 0 ? asm.length : sp);
  const ops = sp < 0 ? [] : asm.slice(sp + 1).split(', ');
  const cls = (r: string) => r.replace(/^%/, '').replace(/[0-9].*$/, '');
  if (ops.some((o) => o.startsWith('[') || o.startsWith('(') || o.startsWith('{') || o.includes('('))) return undefined;
  if (arch === 'aarch64') {
    if (mn === 'fmadd' && ops.length === 4) return `${mn} ${[ops[0], ops[1], ops[2], ops[0]].join(', ')}`;
    if (/^(fmla|mla|sdot|udot|uabal2?|smlal2?|uadalp)$/.test(mn)) return asm;
    if (ops.length < 2 || ops[1]!.startsWith('#') || cls(ops[0]!) !== cls(ops[1]!)) return undefined;
    return `${mn} ${[ops[0], ops[0], ...ops.slice(2)].join(', ')}`;
  }
  if (ops.length === 1) return asm; // not / neg: read-modify-write
  const dst = ops[ops.length - 1]!;
  if (/^(vfmadd|vpdpbusd|vpternlog)/.test(mn)) return asm;
  if (ops.length === 2) {
    if (/^(v?pabs|popcnt|v?pshufd|vpopcnt)/.test(mn)) return ops[0]!.startsWith('$') || cls(ops[0]!) !== cls(dst) ? undefined : `${mn} ${dst}, ${dst}`;
    return asm; // two-operand x86 arithmetic reads its destination
  }
  if (ops.length === 3) return cls(ops[1]!) === cls(dst) ? `${mn} ${[ops[0], dst, dst].join(', ')}` : undefined;
  return undefined;
}

/**
 * AArch64 only: the instruction rewritten so that its destination is also its SECOND source (`add x0,
 * x1, x0`, `fmla v0.4s, v1.4s, v0.4s`), or undefined (fewer than two register sources, another register
 * class). Repeated, each copy waits for the previous one through an operand that is not the accumulator:
 * the chain measures forwarding to any operand (llvm-mca ReadAdvance, e.g. Cortex-A55
 * ReadAdvance<ReadI, 2, [WriteI, …]>: 3 → 1), which `readAdvance` records.
 */
export function operandChainAsm(asm: string, arch: 'x86' | 'aarch64'): string | undefined {
  if (arch !== 'aarch64') return undefined; // x86 two-operand forms read their destination: the accumulator chain
  const sp = asm.indexOf(' ');
  if (sp < 0) return undefined;
  const mn = asm.slice(0, sp);
  const ops = asm.slice(sp + 1).split(', ');
  const cls = (r: string) => r.replace(/[0-9].*$/, '');
  if (ops.length < 3 || ops.some((o) => /^[[#{]/.test(o)) || cls(ops[0]!) !== cls(ops[2]!)) return undefined;
  const reg = (r: string) => r.replace(/\..*$/, '');
  const arr = (r: string) => (r.includes('.') ? r.slice(r.indexOf('.')) : '');
  return `${mn} ${[ops[0], ops[1], `${reg(ops[0]!)}${arr(ops[2]!)}`, ...ops.slice(3)].join(', ')}`;
}

/** Single-instruction forms whose chain is measured: everything but memory forms and moves. */
export function chainForms(cpu: McaCpu) {
  return cpuForms(cpu)
    .filter(({ form, v }) => v.asm.length === 1 && !NO_CHAIN_OPS.has(form.split('.')[0]!))
    .flatMap(({ form, v }) => {
      const c = chainAsm(v.asm[0]!, cpu.arch);
      return c ? [{ form, asm: c }] : [];
    });
}

function mca(cpu: McaCpu, dir: string, text: string, extra: string[]): string {
  const f = join(dir, 'probe.s');
  writeFileSync(f, text);
  return execFileSync('llvm-mca', [`-mtriple=${TRIPLE[cpu.arch]}`, `-mcpu=${cpu.mcpu}`, ...extra, f], { encoding: 'utf8' });
}

/** Forms whose operand chain (operandChainAsm) is measured. */
export function operandChainForms(cpu: McaCpu) {
  return cpuForms(cpu)
    .filter(({ form, v }) => v.asm.length === 1 && !NO_CHAIN_OPS.has(form.split('.')[0]!))
    .flatMap(({ form, v }) => {
      const c = operandChainAsm(v.asm[0]!, cpu.arch);
      return c ? [{ form, asm: c }] : [];
    });
}

/** Runs the operand-chain simulations (AArch64) and records them in <mcpu>.aarch64.operand-chains.txt. */
export function runOperandChains(cpu: McaCpu): void {
  const forms = operandChainForms(cpu);
  if (forms.length === 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'addersim-chain-'));
  const lines = [
    `# llvm-mca -mtriple=${TRIPLE[cpu.arch]} -mcpu=${cpu.mcpu} -iterations=${CHAIN_ITERATIONS} on ${CHAIN_COPIES} copies of one instruction whose destination is also its second source (not the accumulator); form | instruction | Total Cycles`,
  ];
  try {
    for (const { form, asm } of forms) {
      const out = mca(cpu, dir, `${Array(CHAIN_COPIES).fill(asm).join('\n')}\n`, [`-iterations=${CHAIN_ITERATIONS}`]);
      const m = /Total Cycles:\s+(\d+)/.exec(out);
      if (!m) throw new Error(`${cpu.name} ${form}: no Total Cycles in llvm-mca output`);
      lines.push(`${form} | ${asm} | ${m[1]}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(`${base(cpu)}.operand-chains.txt`, `${lines.join('\n')}\n`);
}

/** Recorded operand-chain results: form → cycles per dependent copy (empty when not recorded). */
export function readOperandChains(cpu: McaCpu): Map<string, number> {
  const out = new Map<string, number>();
  const f = `${base(cpu)}.operand-chains.txt`;
  if (!existsSync(f)) return out;
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    const c = line.split(' | ');
    if (c.length === 3 && !line.startsWith('#')) out.set(c[0]!, Number(c[2]) / (CHAIN_COPIES * CHAIN_ITERATIONS));
  }
  return out;
}

/** An independent short instruction placed after X: if it writes back before X, X retires out of order. */
const PROBE = { x86: 'addl %r8d, %r9d', aarch64: 'add w20, w21, w22' } as const;

/** Runs the chain simulations (and, on in-order models, the write-back-order probes) and records them. */
export function runChains(cpu: McaCpu, inOrder: boolean): void {
  const dir = mkdtempSync(join(tmpdir(), 'addersim-chain-'));
  const lines = [
    `# llvm-mca -mtriple=${TRIPLE[cpu.arch]} -mcpu=${cpu.mcpu} -iterations=${CHAIN_ITERATIONS} on ${CHAIN_COPIES} copies of one instruction whose destination is also its source; form | instruction | Total Cycles`,
  ];
  const probes = [
    `# llvm-mca -mtriple=${TRIPLE[cpu.arch]} -mcpu=${cpu.mcpu} -iterations=1 -timeline on "X" then "${PROBE[cpu.arch]}"; form | X | cycle X writes back | cycle the probe writes back`,
  ];
  try {
    for (const { form, asm } of chainForms(cpu)) {
      const out = mca(cpu, dir, `${Array(CHAIN_COPIES).fill(asm).join('\n')}\n`, [`-iterations=${CHAIN_ITERATIONS}`]);
      const m = /Total Cycles:\s+(\d+)/.exec(out);
      if (!m) throw new Error(`${cpu.name} ${form}: no Total Cycles in llvm-mca output`);
      lines.push(`${form} | ${asm} | ${m[1]}`);
    }
    if (inOrder) {
      for (const { form, v } of cpuForms(cpu).filter(({ form: f, v: w }) => w.asm.length === 1 && !f.startsWith('store.'))) {
        const out = mca(cpu, dir, `${v.asm[0]}\n${PROBE[cpu.arch]}\n`, [
          '-iterations=1',
          '-timeline',
          '-timeline-max-cycles=1000',
          '-instruction-info=false',
          '-resource-pressure=false',
        ]);
        const rows = out.split('\n').filter((l) => /^\[0,[01]\]/.test(l));
        const wb = rows.map((l) => l.slice(10).indexOf('E'));
        if (rows.length !== 2 || wb.some((x) => x < 0)) throw new Error(`${cpu.name} ${form}: cannot read the probe timeline`);
        probes.push(`${form} | ${v.asm[0]} | ${wb[0]} | ${wb[1]}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(`${base(cpu)}.chains.txt`, `${lines.join('\n')}\n`);
  if (inOrder) writeFileSync(`${base(cpu)}.retire-order.txt`, `${probes.join('\n')}\n`);
}

/** Recorded chain results: form → cycles per dependent copy. */
export function readChains(cpu: McaCpu): Map<string, number> {
  const out = new Map<string, number>();
  const f = `${base(cpu)}.chains.txt`;
  if (!existsSync(f)) return out;
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    const c = line.split(' | ');
    if (c.length === 3 && !line.startsWith('#')) out.set(c[0]!, Number(c[2]) / (CHAIN_COPIES * CHAIN_ITERATIONS));
  }
  return out;
}

/** Forms that write back out of order on an in-order model (llvm-mca RetireOOO): the probe after them
 *  writes back first without being delayed. */
export function readRetireOoo(cpu: McaCpu): Set<string> {
  const out = new Set<string>();
  const f = `${base(cpu)}.retire-order.txt`;
  if (!existsSync(f)) return out;
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    const c = line.split(' | ');
    if (c.length === 4 && !line.startsWith('#') && Number(c[3]) < Number(c[2])) out.add(c[0]!);
  }
  return out;
}

// ------------------------------------------------------------------ InstLatX64 comparison (x86)

/** AIDA64 instruction name → forms it measures. */
const AIDA_FORMS: Record<string, string[]> = {
  'ADDSS xmm,xmm': ['add.f32'],
  'SUBSS xmm,xmm': ['sub.f32'],
  'MULSS xmm,xmm': ['mul.f32'],
  'DIVSS xmm,xmm': ['div.f32'],
  'MAXSS xmm,xmm': ['max.f32'],
  'ADDPS xmm,xmm': ['add.f32x4'],
  'SUBPS xmm,xmm': ['sub.f32x4'],
  'MULPS xmm,xmm': ['mul.f32x4'],
  'MAXPS xmm,xmm': ['max.f32x4'],
  'MINPS xmm,xmm': ['min.f32x4'],
  'ANDPS xmm,xmm': ['abs.f32', 'abs.f32x4'],
  'ADDSD xmm,xmm': ['add.f64'],
  'MULSD xmm,xmm': ['mul.f64'],
  'VADDPS ymm,ymm,ymm': ['add.f32x8'],
  'VMULPS ymm,ymm,ymm': ['mul.f32x8'],
  'VFMADD231PS xmm,xmm,xmm': ['fma.f32x4'],
  'VFMADD231PS ymm,ymm,ymm': ['fma.f32x8'],
  'VFMADD231SS xmm,xmm,xmm': ['fma.f32'],
  'VADDPS zmm,zmm,zmm': ['add.f32x16'],
  'VMULPS zmm,zmm,zmm': ['mul.f32x16'],
  'VFMADD231PS zmm,zmm,zmm': ['fma.f32x16'],
  'VPADDD ymm,ymm,ymm': ['add.i32x8'],
  'VPMULLD ymm,ymm,ymm': ['mul.i32x8'],
  'VPMADDUBSW ymm,ymm,ymm': ['dot.u8x32'],
  'VPSADBW ymm,ymm,ymm': ['sad.u8x32'],
  'VPADDD zmm,zmm,zmm': ['add.i32x16'],
  'VPMULLD zmm,zmm,zmm': ['mul.i32x16'],
  'VPMADDUBSW zmm,zmm,zmm': ['dot.u8x64'],
  'VPDPBUSD zmm,zmm,zmm': ['dot.i8x64'],
  'VPDPBUSD ymm,ymm,ymm': ['dot.i8x32'],
  'VPOPCNTD zmm,zmm': ['popcnt.i32x16'],
  'VPOPCNTB zmm,zmm': ['popcnt.i8x64'],
  'VPTERNLOGD zmm,zmm,zmm,imm8': ['xnor.i32x16'],
  'ADD r32,r32': ['add.i32'],
  'SUB r1_32,r2_32': ['sub.i32'],
  'XOR r1_32,r2_32': ['xor.i32'],
  'AND r32,r32': ['and.i32'],
  'IMUL r32,r32': ['mul.i32'],
  'IMUL r64,r64': ['mul.i64'],
  'POPCNT r32,r32': ['popcnt.i32'],
  'POPCNT r64,r64': ['popcnt.i64'],
  'PADDB xmm,xmm': ['add.i8x16'],
  'PADDW xmm,xmm': ['add.i16x8'],
  'PADDD xmm,xmm': ['add.i32x4'],
  'PSUBD xmm1,xmm2': ['sub.i32x4'],
  'PMULLW xmm,xmm': ['mul.i16x8'],
  'PMULLD xmm,xmm': ['mul.i32x4'],
  'PMADDWD xmm,xmm': ['dot.i16x8'],
  'PMADDUBSW xmm,xmm': ['dot.u8x16'],
  'PSADBW xmm,xmm': ['sad.u8x16'],
  'PABSD xmm,xmm': ['abs.i32x4'],
  'PXOR xmm1,xmm2': ['xor.i8x16'],
  'PAND xmm,xmm': ['and.i8x16'],
  'MOV r32,[m32]': ['load.i32'],
  'MOV r64,[m64]': ['load.i64'],
};

export interface Measured {
  test: string;
  instr: string;
  lat: number | null;
  rthr: number | null;
}

export function readMeasured(cpu: McaCpu): Map<string, Measured> {
  const out = new Map<string, Measured>();
  if (!cpu.measured) return out;
  const text = readFileSync(`${INSTLAT_DIR}${cpu.measured.file}.txt`, 'utf8');
  for (const line of text.split('\n')) {
    const c = line.split('|').map((s) => s.trim());
    if (c.length !== 5 || !/^\d+$/.test(c[0]!)) continue;
    const num = (s: string) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) : null);
    for (const form of AIDA_FORMS[c[2]!] ?? []) {
      if (!out.has(form)) out.set(form, { test: c[0]!, instr: c[2]!, lat: num(c[3]!), rthr: num(c[4]!) });
    }
  }
  return out;
}

/** The README §4.4 criterion: |Δlatency| ≥ 1 cycle or a throughput ratio ≥ 1.5. */
export function disagrees(lat: number, rthr: number, m: Measured): { lat: boolean; rthr: boolean } {
  return {
    lat: m.lat !== null && Math.abs(Math.round(m.lat) - lat) >= 1,
    rthr: m.rthr !== null && Math.max(m.rthr, rthr) / Math.min(m.rthr, rthr) >= 1.5,
  };
}

// ------------------------------------------------------------------ the profile

export function buildProfile(cpu: McaCpu, tables: McaTables, stats: McaStats, version: string): { profile: ProfileFile; measured?: Record<string, unknown> } {
  const list = instructionList(cpu);
  if (list.length !== tables.rows.length)
    throw new Error(`${cpu.name}: ${list.length} instructions but ${tables.rows.length} llvm-mca rows (re-run without --from-recorded)`);
  // llvm-mca prints instructions canonically (`shll %eax`, `$153`), so rows are matched by position
  const rowsByAsm = new Map<string, McaRow>(list.map((a, i) => [a.trim().replace(/\s+/g, ' '), tables.rows[i]!]));
  const src = (detail: string) => `llvm-mca-14: -mcpu=${cpu.mcpu} ${detail}`;
  const measured = readMeasured(cpu);
  const chains = readChains(cpu);
  const operandChains = readOperandChains(cpu);
  const retireOoo = readRetireOoo(cpu);
  const forms: ProfileFile['forms'] = {};
  const overrides: Record<string, unknown> = {};
  const disagreements: string[] = [];
  const absent = cpuAbsent(cpu);
  for (const { form, v } of cpuForms(cpu)) {
    const t = timeVariant(v, rowsByAsm, tables.resources, cpu.resources, `${cpu.name}: forms["${form}"]`);
    const notes = [...(v.note ? [v.note] : []), ...t.notes];
    const entry: ProfileFile['forms'][string] = {
      latency: t.latency,
      rthroughput: t.rthroughput,
      uops: t.uops,
      source: src(variantText(v)),
      instruction: variantText(v),
    };
    const chain = chains.get(form);
    if (chain !== undefined && Math.round(chain) < t.latency) {
      entry.accumulatorLatency = Math.max(1, Math.round(chain));
      notes.push(
        `a chain through the destination register recurs every ${round2(chain)} cycles in llvm-mca's simulation (operand forwarding, llvm-mca-14-chain), so accumulatorLatency ${entry.accumulatorLatency}`,
      );
    }
    const opChain = operandChains.get(form);
    if (opChain !== undefined && Math.round(opChain) < t.latency) {
      entry.readAdvance = t.latency - Math.round(opChain);
      notes.push(
        `a chain through a source that is not the destination recurs every ${round2(opChain)} cycles in llvm-mca's simulation (ReadAdvance on every operand, llvm-mca-14-chain), so readAdvance ${entry.readAdvance}: a result of a form with readAdvance reaches this form's sources ${entry.readAdvance} cycles early`,
      );
    }
    if (retireOoo.has(form)) {
      entry.retireOutOfOrder = true;
      notes.push('writes back out of order on this in-order model (llvm-mca RetireOOO: a later independent instruction is not held back)');
    }
    if (t.parts && v.combine !== 'single') entry.composite = { combine: v.combine, parts: t.parts };
    const llvmUops = t.rows.reduce((n, r) => n + r.uops, 0);
    if (llvmUops !== t.uops.length && llvmUops > 0) entry.dispatchUops = llvmUops;
    const m = measured.get(form);
    if (m && cpu.measured) {
      const d = disagrees(t.latency, t.rthroughput, m);
      const ms = `${cpu.measured.source}: test ${m.test} ${m.instr} ${m.lat ?? '–'}/${m.rthr ?? '–'}`;
      if (d.lat || d.rthr) {
        // say only what the -measured file really carries: it overrides latencies, never µops or ports
        const uses = [
          ...(d.lat && m.lat !== null ? [`${cpu.name}-measured.json uses the measured latency`] : []),
          ...(d.rthr ? ['the measured throughput is in no profile (InstLatX64 names no ports to build µops from)'] : []),
        ];
        notes.push(
          `InstLatX64 measures ${m.lat ?? 'n/a'}/${m.rthr ?? 'n/a'} (${ms}); this profile keeps LLVM's ${t.latency}/${t.rthroughput} so that it matches llvm-mca${uses.length ? `; ${uses.join('; ')}` : ''}`,
        );
        disagreements.push(`${form} LLVM ${t.latency}/${t.rthroughput} vs measured ${m.lat ?? '–'}/${m.rthr ?? '–'}`);
        if (d.lat && m.lat !== null) {
          const ml = Math.round(m.lat);
          entry.latencyRange = [Math.min(ml, t.latency), Math.max(ml, t.latency)];
          overrides[form] = { latency: ml, source: ms, note: `measured; LLVM 14 says ${t.latency}` };
        }
      } else {
        notes.push(`agrees with InstLatX64 (${ms})`);
      }
    }
    if (notes.length) entry.note = notes.join('; ');
    forms[form] = entry;
  }
  const usedPorts = new Set(Object.values(forms).flatMap((f) => f.uops.flatMap((u) => u.ports)));
  const ports = Object.fromEntries(Object.entries(cpu.ports).filter(([p]) => usedPorts.has(p)));
  const inOrder = stats.robEntries === 0;
  const cfg = cpu.scheduler;
  const queues = stats.schedulers.filter((q) => !cfg?.lsq?.includes(q.name));
  for (const q of queues) if (queues.length > 1 && !cfg?.queues[q.name]) throw new Error(`${cpu.name}: scheduler buffer ${q.name} has no port mapping`);
  const sched = cfg?.total === 'rob' ? stats.robEntries : queues.reduce((s, q) => s + q.entries, 0);
  const schedulerQueues =
    cfg && queues.length > 0
      ? queues.map((q) => ({
          name: q.name,
          ports: cfg.queues[q.name]!.filter((p) => p in ports),
          entries: { value: q.entries, source: `llvm-mca-14-stats: -mcpu=${cpu.mcpu} scheduler buffer ${q.name}` },
        }))
      : undefined;
  const load = forms['load.i32'] ?? forms['load.i64'];
  if (!load) throw new Error(`${cpu.name}: no load form`);
  const statsSrc = `llvm-mca-14-stats: -mcpu=${cpu.mcpu}`;
  const l1Measured = measured.get('load.i32');
  const nul = (note: string) => ({ value: null, note });
  const noBw = nul('no archived source gives bandwidth for this CPU (cpu-timing/README.md §6)');
  const hasL3 = !['atom', 'silvermont', 'btver2', 'cortex-a53', 'cortex-a55', 'cortex-a57'].includes(cpu.mcpu);
  const memory: ProfileFile['memory'] = [
    {
      level: 'L1D',
      sizeBytes: nul('not in any archived source used here'),
      latencyCycles:
        l1Measured?.lat != null && cpu.measured
          ? { value: Math.round(l1Measured.lat), source: `${cpu.measured.source}: test ${l1Measured.test} MOV r32,[m32] (load-to-use, simple address)` }
          : { value: load.latency, source: src(`${load.instruction} (model load-to-use latency)`) },
      bytesPerCycle: noBw,
    },
    {
      level: 'L2',
      sizeBytes: nul('not in any archived source used here'),
      latencyCycles: nul('LLVM does not model caches; no archived measurement'),
      bytesPerCycle: noBw,
    },
    ...(hasL3
      ? [
          {
            level: 'L3',
            sizeBytes: nul('not in any archived source used here'),
            latencyCycles: nul('LLVM does not model caches; no archived measurement'),
            bytesPerCycle: noBw,
          },
        ]
      : []),
    { level: 'DRAM', sizeBytes: nul('main memory; size not a property of the CPU'), latencyCycles: nul('no archived measurement'), bytesPerCycle: noBw },
  ];
  const profile: ProfileFile = {
    schema: 'addersim/profile@1',
    name: cpu.name,
    description: cpu.description,
    identity: {
      vendor: cpu.vendor,
      model: cpu.model,
      microarchitecture: cpu.microarchitecture,
      isa: cpu.arch,
      clockGHz: cpu.clock,
      llvm: { mcpu: cpu.mcpu, version: version, generatedBy: GENERATED_BY },
    },
    machine: {
      issue: inOrder ? 'in-order' : 'out-of-order',
      issueSource: `${statsSrc} (MicroOpBufferSize ${stats.robEntries}${inOrder ? ' = in-order model' : ''})`,
      dispatchWidth: { value: stats.dispatchWidth, source: `${statsSrc} Dispatch Width (model IssueWidth)` },
      retireWidth: {
        value: stats.dispatchWidth,
        source: 'assumption: llvm-mca 14 -all-stats does not print a retire limit; taken equal to the dispatch width',
      },
      reorderBuffer: inOrder
        ? nul('in-order core: no reorder buffer in the LLVM model (MicroOpBufferSize 0)')
        : { value: stats.robEntries, source: `${statsSrc} Total ROB Entries` },
      schedulerSize:
        sched > 0
          ? {
              value: sched,
              source:
                cfg?.total === 'rob'
                  ? `${statsSrc} Total ROB Entries (µops outside the queues wait in the unified MicroOpBuffer)`
                  : `${statsSrc} scheduler buffers ${queues.map((q) => `${q.name}=${q.entries}`).join(', ')}`,
              ...(cfg?.total === 'rob'
                ? {
                    note: `the model gives only ${queues.map((q) => `${q.name}=${q.entries}`).join(', ')} as separate buffers (machine.schedulerQueues); everything else waits in the ${stats.robEntries}-entry MicroOpBuffer`,
                  }
                : queues.length > 1
                  ? {
                      note: `sum of the model's separate scheduler queues (machine.schedulerQueues)${
                        cfg?.lsq
                          ? `; load/store queues ${stats.schedulers
                              .filter((q) => cfg.lsq!.includes(q.name))
                              .map((q) => `${q.name}=${q.entries}`)
                              .join(', ')} excluded`
                          : ''
                      }`,
                    }
                  : {}),
            }
          : nul(inOrder ? 'in-order core: no scheduler window' : 'the LLVM model declares no scheduler buffer sizes'),
      loadLatency: { value: load.latency, source: src(`${load.instruction} (model load-to-use latency)`) },
      ...(schedulerQueues && schedulerQueues.length > 0 ? { schedulerQueues } : {}),
    },
    ports,
    forms,
    ...(absent.length ? { absent } : {}),
    memory,
    energy: 'horowitz-45nm',
    notes: [
      ...cpu.notes,
      `Generated by ${GENERATED_BY} from llvm-mca ${version} -mcpu=${cpu.mcpu} (-instruction-tables on cpu-profiles/llvm-mca/${cpu.mcpu}.${cpu.arch}.s, -all-stats on kernel_${cpu.arch}.s); the instruction behind each form is the fixed table of cpu-profiles/FORMS.md.`,
      "µops: llvm-mca spreads a µop that may use k ports as 1/k cycle on each, so ports with equal resource cycles form a group whose total is its µop count (SKLPort0:0.5 SKLPort1:0.5 = one µop on p0|p1; 1 + 1 = two µops); µops beyond llvm-mca's count are merged into multi-cycle µops; a non-pipelined divider keeps its port busy for the divider cycles. Composite forms (several instructions) add latencies along their chain and time throughput from the combined µops.",
      ...(disagreements.length
        ? [
            `LLVM vs InstLatX64 (${cpu.measured!.source}) disagreements, criterion of cpu-timing/README.md §4.4: ${disagreements.join('; ')}. The profile uses LLVM's model (the scheduler is validated against llvm-mca); the measured values are in latencyRange, the form notes and ${cpu.name}-measured.json.`,
          ]
        : []),
    ],
  };
  let measuredFile: Record<string, unknown> | undefined;
  if (cpu.measured && (Object.keys(overrides).length > 0 || (l1Measured?.lat != null && Math.round(l1Measured.lat) !== load.latency))) {
    const machine =
      l1Measured?.lat != null && Math.round(l1Measured.lat) !== load.latency
        ? { loadLatency: { value: Math.round(l1Measured.lat), source: `${cpu.measured.source}: test ${l1Measured.test} MOV r32,[m32]` } }
        : undefined;
    measuredFile = {
      extends: cpu.name,
      name: `${cpu.name}-measured`,
      description: `${cpu.name} with InstLatX64 latencies (${cpu.measured.source}) where they differ from LLVM 14's model; ports and µops unchanged.`,
      ...(machine ? { machine } : {}),
      forms: overrides,
    };
  }
  return { profile, ...(measuredFile ? { measured: measuredFile } : {}) };
}

export const profileText = (p: unknown) => `${JSON.stringify(p, null, 2)}\n`;

/** A CPU without a hand-made resource map: every llvm-mca resource column becomes a port (one cluster).
 *  Good enough to start from; review the µops before relying on the profile. */
export function genericCpu(name: string, mcpu: string, arch: 'x86' | 'aarch64'): McaCpu {
  return {
    name,
    mcpu,
    arch,
    description: `Generated for llvm-mca 14 -mcpu=${mcpu} with the generic resource mapping (every llvm-mca resource is a port): review ports and µops before relying on it.`,
    vendor: 'unknown',
    model: mcpu,
    microarchitecture: mcpu,
    clock: { value: 1, source: 'assumption: no clock given; set identity.clockGHz' },
    ports: {},
    resources: { ports: {} },
    features: [],
    notes: [
      `Generic mapping: no port clusters, sub-units or scheduler queues were configured for -mcpu=${mcpu} (scripts/profiles/llvm-cpus.ts has the hand-made maps).`,
    ],
  };
}

function fillGenericPorts(cpu: McaCpu, tables: McaTables): void {
  const ports: Record<string, string> = {};
  for (const col of tables.resources) ports[col] = col.replace(/[^A-Za-z0-9_]/g, '_');
  cpu.resources = { ports };
  cpu.ports = Object.fromEntries(Object.entries(ports).map(([col, p]) => [p, `llvm-mca resource ${col}`]));
}

function main(argv: string[]): number {
  const arg = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const has = (k: string) => argv.includes(k);
  const recorded = has('--from-recorded');
  const check = has('--check');
  let cpus: McaCpu[];
  if (has('--all')) cpus = MCA_CPUS;
  else {
    const name = arg('--name');
    const mcpu = arg('--mcpu');
    const arch = arg('--arch');
    let cpu = MCA_CPUS.find((c) => (name ? c.name === name : c.mcpu === mcpu));
    if (!cpu && name && mcpu && (arch === 'x86' || arch === 'aarch64')) cpu = genericCpu(name, mcpu, arch);
    if (!cpu) {
      console.error(
        `unknown CPU: give --name one of ${MCA_CPUS.map((c) => c.name).join(', ')}, or --name NAME --mcpu CPU --arch x86|aarch64 for a generic mapping`,
      );
      return 2;
    }
    if (mcpu && cpu.mcpu !== mcpu) {
      console.error(`${cpu.name} is generated from -mcpu=${cpu.mcpu}, not ${mcpu}`);
      return 2;
    }
    if (arch && cpu.arch !== arch) {
      console.error(`${cpu.name} is ${cpu.arch}, not ${arch}`);
      return 2;
    }
    cpus = [cpu];
  }
  let bad = 0;
  for (const cpu of cpus) {
    if (!recorded) {
      runLlvmMca(cpu);
      runChains(cpu, readRecorded(cpu).stats.robEntries === 0);
      runOperandChains(cpu);
    }
    const { tables, stats, version } = readRecorded(cpu);
    if (Object.keys(cpu.resources.ports).length === 0) fillGenericPorts(cpu, tables);
    const { profile, measured } = buildProfile(cpu, tables, stats, version);
    validateProfile(profile, `${cpu.name}.json`);
    const outs: [string, string][] = [[`${ROOT}cpu-profiles/${cpu.name}.json`, profileText(profile)]];
    if (measured) outs.push([`${ROOT}cpu-profiles/${cpu.name}-measured.json`, profileText(measured)]);
    for (const [file, text] of outs) {
      if (check) {
        const same = existsSync(file) && readFileSync(file, 'utf8') === text;
        console.log(`${same ? 'same' : 'DIFFERS'} ${file.slice(ROOT.length)}`);
        if (!same) bad++;
      } else {
        writeFileSync(file, text);
        console.log(`wrote ${file.slice(ROOT.length)} (${Object.keys(profile.forms).length} forms)`);
      }
    }
  }
  return bad > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));

export { round2 };
