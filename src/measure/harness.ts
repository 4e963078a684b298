// The x86-64 harness `addersim measure` compiles and runs: the emitted block (emitAsmBlock, the same
// text `kernel --emit-asm x86` prints) unrolled U times inside a `dec/jnz` loop, its live-in
// registers loaded with normal values, loads reading an L1-resident buffer; a C driver pins the
// thread, calibrates TSC ticks to core cycles with a chain of 1-cycle adds and prints raw samples.
//   addersim_kernel_0: push…; vmovdqu 0(%rax), %ymm0; … 1: vfmadd231ps …(×U) dec %r15; jnz 1b

import { AddersimError, ELEMENT_BITS, typeBits, type DataType } from '../isa/index.ts';
import type { AsmBlock } from '../isa/emit-asm.ts';

/** Instructions per unrolled trip at least this many: loop control (2 µops) is then ≤ 1% of the work. */
export const MIN_UNROLLED_INSTRUCTIONS = 256;
/** Length of the calibration chain of dependent `add %rax, %rax` (latency 1) per trip. */
export const CALIBRATION_CHAIN = 256;
const SLOT_BYTES = 64;

/** Integer registers as the emitter spells them; the loop counter takes one the block leaves free. */
const COUNTER_CANDIDATES = ['%r15', '%r14', '%r13', '%r12', '%r11', '%r10', '%r9', '%r8', '%rbp', '%rdx', '%rcx', '%rbx', '%rax'];
const GPR32: Record<string, string> = { '%rax': '%eax', '%rbx': '%ebx', '%rcx': '%ecx', '%rdx': '%edx', '%rbp': '%ebp' };

export interface HarnessKernel {
  readonly name: string;
  readonly block: AsmBlock;
}

export interface HarnessPlan {
  readonly name: string;
  readonly unroll: number;
  readonly asmInstructions: number;
  readonly counter: string;
}

/** Little-endian bytes of one element holding the value a live-in register or loaded datum starts with. */
export function elementBytes(name: string, t: DataType): number[] {
  const bytes = ELEMENT_BITS[t.elem] / 8;
  const le = (v: bigint): number[] => Array.from({ length: bytes }, (_, k) => Number((v >> BigInt(8 * k)) & 0xffn));
  const bits = BigInt(ELEMENT_BITS[t.elem]);
  if (name === '__ones') return le((1n << bits) - 1n);
  if (name === '__zero') return le(0n);
  if (name === '__absmask') return le((1n << (bits - 1n)) - 1n);
  if (name === '__signmask') return le(1n << (bits - 1n));
  // 1.0 in each float format, 1 for integers: products and sums stay normal numbers (no denormals)
  switch (t.elem) {
    case 'f64':
      return le(0x3ff0000000000000n);
    case 'f32':
      return le(0x3f800000n);
    case 'f16':
      return le(0x3c00n);
    case 'bf16':
      return le(0x3f80n);
    default:
      return le(1n);
  }
}

function fill(name: string, t: DataType, sizeBytes: number): number[] {
  const e = elementBytes(name, t);
  return Array.from({ length: sizeBytes }, (_, k) => e[k % e.length]!);
}

function cArray(name: string, bytes: readonly number[]): string {
  const body = bytes.length ? bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(',') : '0';
  return `static unsigned char ${name}[${Math.max(bytes.length, 1)}] __attribute__((aligned(64))) = {${body}};`;
}

const roundUp = (n: number, m: number) => Math.max(m, Math.ceil(n / m) * m);

/** Which CPU flags (as /proc/cpuinfo names them) the assembly needs. */
export function requiredFlags(asm: string): string[] {
  const need = new Set<string>();
  if (/%ymm/.test(asm)) need.add('avx');
  if (/\bvp\w+ [^#\n]*%ymm/.test(asm)) need.add('avx2');
  if (/\bvfmadd/.test(asm)) need.add('fma');
  if (/\bpopcnt/.test(asm)) need.add('popcnt');
  if (/%zmm|vmovdqu64|vpternlog/.test(asm)) need.add('avx512f');
  if (/\bvpdpbusd/.test(asm)) need.add('avx512_vnni');
  if (/\bvpopcnt/.test(asm)) need.add('avx512_vpopcntdq');
  return [...need];
}

/** `addersim_calibrate(ctx)`: ctx->trips (first 8 bytes) trips of CALIBRATION_CHAIN dependent 1-cycle adds. */
export function calibrationAsm(): string[] {
  const out = ['# calibration: a chain of dependent 1-cycle adds', '\t.globl addersim_calibrate', '\t.type addersim_calibrate, @function', '\t.p2align 6'];
  out.push('addersim_calibrate:', '\tmov 0(%rdi), %rcx', '\tmov $1, %eax', '\t.p2align 6', '1:');
  for (let u = 0; u < CALIBRATION_CHAIN; u++) out.push('\tadd %rax, %rax');
  out.push('\tdec %rcx', '\tjnz 1b', '\tret');
  return out;
}

/** Assembly and C source of one harness measuring `kernels` (x86-64, System V, GNU as). */
export function buildHarness(kernels: readonly HarnessKernel[]): { asm: string; c: string; plans: HarnessPlan[] } {
  const asm: string[] = ['\t.text'];
  const c: string[] = [];
  const plans: HarnessPlan[] = [];
  const fn = (name: string) => [`\t.globl ${name}`, `\t.type ${name}, @function`, '\t.p2align 6', `${name}:`];
  const saved = ['%rbx', '%rbp', '%r12', '%r13', '%r14', '%r15'];
  const prologue = saved.map((r) => `\tpush ${r}`);
  const epilogue = [...saved]
    .reverse()
    .map((r) => `\tpop ${r}`)
    .concat(['\tvzeroupper', '\tret']);
  kernels.forEach(({ name, block }, i) => {
    const where = `kernel ${name}`;
    if (block.target !== 'x86') throw new AddersimError('HOST', `the harness drives x86-64 only, not ${block.target}`, where);
    const text = block.lines.join('\n');
    const used = new Set(text.match(/%[a-z0-9]+/g) ?? []);
    const usedGpr = (r: string) => used.has(r) || (GPR32[r] !== undefined && used.has(GPR32[r])) || used.has(`${r}d`);
    const counter = COUNTER_CANDIDATES.find((r) => !usedGpr(r));
    if (!counter) throw new AddersimError('LIMIT', 'the block uses every general register: none is left for the loop counter', where);
    const instructions = block.lines.length;
    const unroll = Math.ceil(MIN_UNROLLED_INSTRUCTIONS / instructions);
    const vec = block.liveIn.filter((r) => r.register.startsWith('%ymm') || r.register.startsWith('%zmm'));
    const gpr = block.liveIn.filter((r) => !vec.includes(r));
    const zmm = vec.some((r) => r.register.startsWith('%zmm'));
    asm.push('', `# ${name}: block × ${unroll} per trip (${instructions} instructions each), counter ${counter}`, ...fn(`addersim_kernel_${i}`), ...prologue);
    asm.push('\tmov 24(%rdi), %rax');
    vec.forEach((r, k) => asm.push(`\t${zmm ? 'vmovdqu64' : 'vmovdqu'} ${k * SLOT_BYTES}(%rax), ${r.register}`));
    asm.push('\tmov 32(%rdi), %rsi');
    gpr.forEach((r, k) => asm.push(`\tmovq ${k * 8}(%rsi), ${r.register}`));
    asm.push(`\tmov 0(%rdi), ${counter}`, '\tmov 16(%rdi), %rsi', '\tmov 8(%rdi), %rdi', '\t.p2align 6', '1:');
    for (let u = 0; u < unroll; u++) asm.push(...block.lines.map((l) => `\t${l.replace(/\s+#.*$/, '')}`));
    asm.push(`\tdec ${counter}`, '\tjnz 1b', ...epilogue);
    // data: live-in values (one 64-byte slot per vector register), integer registers, input buffer
    const vinit = vec.flatMap((r) => fill(r.name, r.type, SLOT_BYTES));
    const ginit = gpr.flatMap((r) => fill(r.name, { elem: 'i64', lanes: 1 }, 8));
    const input = new Array<number>(roundUp(block.loadBytes, 64)).fill(0);
    for (const a of block.accesses) {
      if (a.kind !== 'load') continue;
      const bytes = Math.max(1, typeBits(a.type) / 8);
      fill('', a.type, bytes).forEach((b, k) => {
        input[a.offsetBytes + k] = b;
      });
    }
    c.push(
      cArray(`vinit_${i}`, vinit),
      cArray(`ginit_${i}`, ginit),
      cArray(`in_${i}`, input),
      `static unsigned char out_${i}[${roundUp(block.storeBytes, 64)}] __attribute__((aligned(64)));`,
    );
    c.push(`extern void addersim_kernel_${i}(ctx_t *);`);
    plans.push({ name, unroll, asmInstructions: instructions, counter });
  });
  asm.push('', ...calibrationAsm(), '\t.section .note.GNU-stack,"",@progbits', '');
  const table = kernels.map((_, i) => `  { addersim_kernel_${i}, in_${i}, out_${i}, vinit_${i}, ginit_${i} },`).join('\n');
  const csrc = `${C_PRELUDE}
${c.join('\n')}
static const entry_t KERNELS[] = {
${table}
};
${C_MAIN.replace('%COUNT%', String(kernels.length))}`;
  return { asm: `${asm.join('\n')}\n`, c: csrc, plans };
}

/** The C drivers' serialising TSC reads (kernel files and model layers time the same way). */
export const C_TSC_TIMERS = `static inline uint64_t t_start(void) { _mm_lfence(); uint64_t t = __rdtsc(); _mm_lfence(); return t; }
static inline uint64_t t_stop(void) { unsigned aux; uint64_t t = __rdtscp(&aux); _mm_lfence(); return t; }`;

/** The C drivers' start of main: arguments CPU REPS PASSES TARGET_TICKS, pinning, the start line. */
export const C_MAIN_START = `int main(int argc, char **argv) {
  if (argc != 5) { fprintf(stderr, "usage: harness CPU REPS PASSES TARGET_TICKS\\n"); return 2; }
  int cpu = atoi(argv[1]), reps = atoi(argv[2]), passes = atoi(argv[3]);
  uint64_t target = strtoull(argv[4], 0, 10);
  cpu_set_t set; CPU_ZERO(&set); CPU_SET(cpu, &set);
  int pinned = sched_setaffinity(0, sizeof set, &set) == 0;
  printf("{\\"what\\":\\"start\\",\\"pinned\\":%d,\\"cpu\\":%d}\\n", pinned, cpu);`;

const C_PRELUDE = `// generated by addersim measure: times each kernel and the calibration chain, prints raw TSC samples
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <x86intrin.h>
typedef struct { uint64_t trips; void *in; void *out; void *vinit; void *ginit; } ctx_t;
typedef struct { void (*fn)(ctx_t *); void *in; void *out; void *vinit; void *ginit; } entry_t;
extern void addersim_calibrate(ctx_t *);
${C_TSC_TIMERS}`;

const C_MAIN = `static uint64_t once(void (*fn)(ctx_t *), ctx_t *c) { uint64_t a = t_start(); fn(c); return t_stop() - a; }
static void trips_for(void (*fn)(ctx_t *), ctx_t *c, uint64_t target) {
  c->trips = 4;
  while (c->trips < (1ull << 30) && once(fn, c) < target) c->trips *= 2;
}
// Each sample is a calibration run immediately followed by a kernel run, so a change of core clock
// between samples cancels; trips doubled until one run takes targetTicks (short: few interrupts).
static void series(int index, void (*fn)(ctx_t *), ctx_t *c, ctx_t *cal, uint64_t target, int samples) {
  trips_for(fn, c, target);
  for (int w = 0; w < 3; w++) { once(addersim_calibrate, cal); once(fn, c); }
  printf("{\\"what\\":\\"kernel\\",\\"index\\":%d,\\"trips\\":%llu,\\"calibrationTrips\\":%llu,\\"samples\\":[", index, (unsigned long long)c->trips, (unsigned long long)cal->trips);
  for (int p = 0; p < samples; p++) {
    uint64_t k0 = once(addersim_calibrate, cal);
    uint64_t k1 = once(fn, c);
    printf("%s[%llu,%llu]", p ? "," : "", (unsigned long long)k0, (unsigned long long)k1);
  }
  printf("]}\\n");
}
${C_MAIN_START}
  ctx_t cal = { 0, 0, 0, 0, 0 };
  trips_for(addersim_calibrate, &cal, target / 4);
  for (int pass = 0; pass < passes; pass++)
    for (int i = 0; i < %COUNT%; i++) {
      ctx_t c = { 0, KERNELS[i].in, KERNELS[i].out, KERNELS[i].vinit, KERNELS[i].ginit };
      series(i, KERNELS[i].fn, &c, &cal, target, reps);
    }
  return 0;
}
`;
