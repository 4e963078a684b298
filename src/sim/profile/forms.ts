// The fixed table of which instruction represents each form (`add.f32x8` → `vaddps ymm`), per ISA.
// The llvm-mca profile generator times exactly these instructions; cpu-profiles/FORMS.md is printed
// from this table (npm run gen:forms) and a test keeps the two in sync.

import type { IsaFamily } from '../../isa/index.ts';

/** ISA extensions a form may need; a CPU without it has no such form. */
export const FEATURES = ['ssse3', 'sse41', 'popcnt', 'avx', 'fma', 'avx2', 'avx512f', 'avx512bw', 'avx512vnni', 'vpopcntdq', 'bitalg', 'dotprod'] as const;
export type Feature = (typeof FEATURES)[number];

/** One way to implement a form: one instruction, or a composite of several. */
export interface FormVariant {
  readonly asm: readonly string[];
  /** How a composite's latency combines: `chain` = each instruction consumes the previous one's result
   *  (latencies add); `parallel` = independent instructions (latency = the largest). */
  readonly combine: 'single' | 'chain' | 'parallel';
  readonly requires?: Feature;
  readonly note?: string;
}

/** Variants in order of preference: the first whose `requires` the CPU has is used. */
export type FormTable = Readonly<Record<string, readonly FormVariant[]>>;

const one = (asm: string, requires?: Feature, note?: string): FormVariant => ({
  asm: [asm],
  combine: 'single',
  ...(requires ? { requires } : {}),
  ...(note ? { note } : {}),
});
const chain = (asm: string[], requires?: Feature, note?: string): FormVariant => ({
  asm,
  combine: 'chain',
  ...(requires ? { requires } : {}),
  ...(note ? { note } : {}),
});
const par = (asm: string[], requires?: Feature, note?: string): FormVariant => ({
  asm,
  combine: 'parallel',
  ...(requires ? { requires } : {}),
  ...(note ? { note } : {}),
});

// ---------------------------------------------------------------- x86 (AT&T syntax, as llvm-mca reads it)

type SetForm = (form: string, ...v: FormVariant[]) => void;

function x86Table(): Record<string, FormVariant[]> {
  const T: Record<string, FormVariant[]> = {};
  const set: SetForm = (form, ...v) => {
    T[form] = v;
  };
  x86Floats(set);
  x86Integers(set);
  set('mov.f32x4', one('movaps %xmm1, %xmm0'));
  set('mov.i8x16', one('movdqa %xmm1, %xmm0'));
  // register copies of every 128/256-bit type and of scalar floats (which live in xmm registers);
  // the emitter prints (v)movaps for all of them: movss xmm, xmm would merge into its destination
  for (const t of ['f32', 'f64', 'f64x2']) set(`mov.${t}`, one('movaps %xmm1, %xmm0'));
  for (const t of ['i64x2', 'i32x4', 'i16x8', 'u8x16']) set(`mov.${t}`, one('movdqa %xmm1, %xmm0'));
  for (const t of ['f32x8', 'f64x4', 'i64x4', 'i32x8', 'i16x16', 'i8x32', 'u8x32']) set(`mov.${t}`, one('vmovaps %ymm1, %ymm0', 'avx'));
  // i32 → f32 conversion (what exp's range reduction and casts count as cvt): CVTDQ2PS, as the emitter prints it
  set('cvt.f32', one('cvtdq2ps %xmm1, %xmm0', undefined, 'packed CVTDQ2PS on the low lane, as the emitter prints scalar f32 conversions'));
  set('cvt.f64', one('cvtdq2pd %xmm1, %xmm0', undefined, 'packed CVTDQ2PD on the low lane, as the emitter prints scalar f64 conversions'));
  set('cvt.f32x4', one('cvtdq2ps %xmm1, %xmm0'));
  set('cvt.f32x8', one('vcvtdq2ps %ymm1, %ymm0', 'avx'));
  set('cvt.i32x4', one('cvttps2dq %xmm1, %xmm0'));
  set('cvt.i32x8', one('vcvttps2dq %ymm1, %ymm0', 'avx'));
  return T;
}

/** Scalar and packed float forms (SSE/SSE2, AVX, AVX-512F; FMA3 for fma). */
function x86Floats(set: SetForm): void {
  const ABS = 'and with a sign-clearing mask register';
  const NEG = 'xor with a sign-bit mask register';

  // scalar float (SSE/SSE2 encodings; FMA3 for fma)
  for (const [t, s] of [
    ['f32', 'ss'],
    ['f64', 'sd'],
  ] as const) {
    const p = s === 'ss' ? 'ps' : 'pd';
    set(`add.${t}`, one(`add${s} %xmm1, %xmm0`));
    set(`sub.${t}`, one(`sub${s} %xmm1, %xmm0`));
    set(`mul.${t}`, one(`mul${s} %xmm1, %xmm0`));
    set(`div.${t}`, one(`div${s} %xmm1, %xmm0`));
    set(`fma.${t}`, one(`vfmadd231${s} %xmm2, %xmm1, %xmm0`, 'fma'));
    set(`abs.${t}`, one(`and${p} %xmm1, %xmm0`, undefined, ABS));
    set(`neg.${t}`, one(`xor${p} %xmm1, %xmm0`, undefined, NEG));
    set(`max.${t}`, one(`max${s} %xmm1, %xmm0`));
    set(`min.${t}`, one(`min${s} %xmm1, %xmm0`));
    set(`load.${t}`, one(`mov${s} (%rdi), %xmm0`));
    set(`store.${t}`, one(`mov${s} %xmm0, (%rdi)`));
  }
  // packed float: 128-bit (SSE), 256-bit (AVX), 512-bit (AVX-512F)
  const fvec: [string, string, string, Feature | undefined, Feature | undefined][] = [
    ['f32x4', 'ps', 'xmm', undefined, 'fma'],
    ['f64x2', 'pd', 'xmm', undefined, 'fma'],
    ['f32x8', 'ps', 'ymm', 'avx', 'fma'],
    ['f64x4', 'pd', 'ymm', 'avx', 'fma'],
    ['f32x16', 'ps', 'zmm', 'avx512f', 'avx512f'],
    ['f64x8', 'pd', 'zmm', 'avx512f', 'avx512f'],
  ];
  for (const [t, p, r, req, fmaReq] of fvec) {
    const op3 = (m: string, q: Feature | undefined = req) => (r === 'xmm' && !q ? one(`${m} %xmm1, %xmm0`) : one(`v${m} %${r}2, %${r}1, %${r}0`, q));
    set(`add.${t}`, op3(`add${p}`));
    set(`sub.${t}`, op3(`sub${p}`));
    set(`mul.${t}`, op3(`mul${p}`));
    set(`div.${t}`, op3(`div${p}`));
    set(`fma.${t}`, one(`vfmadd231${p} %${r}2, %${r}1, %${r}0`, fmaReq));
    set(`max.${t}`, op3(`max${p}`));
    set(`min.${t}`, op3(`min${p}`));
    if (r === 'zmm') {
      set(`abs.${t}`, one(`vpandd %zmm2, %zmm1, %zmm0`, 'avx512f', `${ABS} (VPANDD: VANDPS zmm needs AVX-512DQ)`));
      set(`neg.${t}`, one(`vpxord %zmm2, %zmm1, %zmm0`, 'avx512f', NEG));
    } else {
      const a = op3(`and${p}`);
      const x = op3(`xor${p}`);
      set(`abs.${t}`, { ...a, note: ABS });
      set(`neg.${t}`, { ...x, note: NEG });
      set(`hadd.${t}`, op3(`hadd${p}`));
    }
    const mv = p === 'ps' ? 'movups' : 'movupd';
    set(`load.${t}`, r === 'xmm' ? one(`${mv} (%rdi), %xmm0`) : one(`v${mv} (%rdi), %${r}0`, req));
    set(`store.${t}`, r === 'xmm' ? one(`${mv} %xmm0, (%rdi)`) : one(`v${mv} %${r}0, (%rdi)`, req));
  }
  set(
    'bcast.f32x4',
    one('vbroadcastss (%rdi), %xmm0', 'avx'),
    chain(['movss (%rdi), %xmm0', 'shufps $0, %xmm0, %xmm0'], undefined, 'no broadcast load before AVX: scalar load + shuffle'),
  );
  set('bcast.f64x2', one('movddup (%rdi), %xmm0', undefined, 'SSE3 MOVDDUP from memory'));
  set('bcast.f32x8', one('vbroadcastss (%rdi), %ymm0', 'avx'));
  set('bcast.f64x4', one('vbroadcastsd (%rdi), %ymm0', 'avx'));
  set('bcast.f32x16', one('vbroadcastss (%rdi), %zmm0', 'avx512f'));
  set('bcast.f64x8', one('vbroadcastsd (%rdi), %zmm0', 'avx512f'));
}

/** Scalar and packed integer forms (128/256/512 bits). */
function x86Integers(set: SetForm): void {
  // scalar integer
  for (const [t, s, a, b] of [
    ['i32', 'l', '%esi', '%eax'],
    ['i64', 'q', '%rsi', '%rax'],
  ] as const) {
    set(`add.${t}`, one(`add${s} ${a}, ${b}`));
    set(`sub.${t}`, one(`sub${s} ${a}, ${b}`));
    set(`and.${t}`, one(`and${s} ${a}, ${b}`));
    set(`or.${t}`, one(`or${s} ${a}, ${b}`));
    set(`xor.${t}`, one(`xor${s} ${a}, ${b}`));
    set(`not.${t}`, one(`not${s} ${b}`));
    set(`neg.${t}`, one(`neg${s} ${b}`));
    set(`xnor.${t}`, chain([`xor${s} ${a}, ${b}`, `not${s} ${b}`], undefined, 'no scalar XNOR on x86: XOR then NOT'));
    set(`abs.${t}`, chain([`neg${s} ${b}`, `cmovl${s} ${a}, ${b}`], undefined, 'no scalar ABS on x86: NEG then CMOV on the sign'));
    set(`mul.${t}`, one(`imul${s} ${a}, ${b}`));
    set(`shl.${t}`, one(`shl${s} $1, ${b}`));
    set(`shr.${t}`, one(`shr${s} $1, ${b}`));
    set(`mov.${t}`, one(`mov${s} ${a}, ${b}`));
    set(`popcnt.${t}`, one(`popcnt${s} ${a}, ${b}`, 'popcnt'));
    set(`load.${t}`, one(`mov${s} (%rdi), ${b}`));
    set(`store.${t}`, one(`mov${s} ${b}, (%rdi)`));
  }

  // packed integer, 128/256/512 bits
  const W: [string, 'xmm' | 'ymm' | 'zmm', Feature | undefined][] = [
    ['128', 'xmm', undefined],
    ['256', 'ymm', 'avx2'],
    ['512', 'zmm', 'avx512f'],
  ];
  const lanes = { i8: 8, u8: 8, i16: 16, i32: 32, i64: 64 } as const;
  const suffix = { i8: 'b', u8: 'b', i16: 'w', i32: 'd', i64: 'q' } as const;
  for (const [bits, r, base] of W) {
    const n = Number(bits);
    const bw: Feature | undefined = r === 'zmm' ? 'avx512bw' : base; // byte/word ops on zmm need AVX-512BW
    const op = (m: string, q: Feature | undefined) => (r === 'xmm' ? one(`${m} %xmm1, %xmm0`, q) : one(`v${m} %${r}2, %${r}1, %${r}0`, q));
    const op2 = (m: string, q: Feature | undefined) => (r === 'xmm' ? one(`${m} %xmm1, %xmm0`, q) : one(`v${m} %${r}1, %${r}0`, q));
    const lg = (m: string) => (r === 'zmm' ? `${m}q` : m); // EVEX logic ops carry an element size
    for (const e of ['i8', 'u8', 'i16', 'i32', 'i64'] as const) {
      const t = `${e}x${n / lanes[e]}`;
      const s = suffix[e];
      const small = e === 'i8' || e === 'u8' || e === 'i16';
      const req = small ? bw : base;
      set(`add.${t}`, op(`padd${s}`, req));
      set(`sub.${t}`, op(`psub${s}`, req));
      set(`and.${t}`, op(lg('pand'), base));
      set(`or.${t}`, op(lg('por'), base));
      set(`xor.${t}`, op(lg('pxor'), base));
      if (r === 'zmm') {
        set(`not.${t}`, one('vpternlogq $0x55, %zmm0, %zmm0, %zmm0', 'avx512f', 'NOT as VPTERNLOG imm 0x55'));
        set(`xnor.${t}`, one('vpternlogq $0x99, %zmm2, %zmm1, %zmm0', 'avx512f', 'native XNOR: VPTERNLOG imm 0x99'));
      } else {
        set(`not.${t}`, { ...op('pxor', base), note: 'XOR with an all-ones register (no NOT instruction)' });
        set(
          `xnor.${t}`,
          { ...one(`vpternlogq $0x99, %${r}2, %${r}1, %${r}0`, 'avx512f'), note: 'native XNOR with AVX-512VL: VPTERNLOG imm 0x99' },
          r === 'xmm'
            ? chain(['pxor %xmm1, %xmm0', 'pxor %xmm2, %xmm0'], undefined, 'PXOR then PXOR with all-ones')
            : chain([`vpxor %${r}2, %${r}1, %${r}0`, `vpxor %${r}3, %${r}0, %${r}0`], base, 'VPXOR then VPXOR with all-ones'),
        );
      }
      if (e !== 'u8' && e !== 'i64') set(`abs.${t}`, op2(`pabs${s}`, r === 'xmm' ? 'ssse3' : req));
      if (e === 'i64' && r === 'zmm') set(`abs.${t}`, op2('pabsq', 'avx512f'));
      if (e === 'i16') set(`mul.${t}`, op('pmullw', req));
      if (e === 'i32') set(`mul.${t}`, op('pmulld', r === 'xmm' ? 'sse41' : req));
      const mx = e === 'u8' ? 'ub' : e === 'i8' ? 'sb' : e === 'i16' ? 'sw' : e === 'i32' ? 'sd' : undefined;
      if (mx) {
        const q: Feature | undefined = r === 'xmm' && (e === 'i8' || e === 'i32') ? 'sse41' : req;
        set(`max.${t}`, op(`pmax${mx}`, q));
        set(`min.${t}`, op(`pmin${mx}`, q));
      }
      if (e === 'i16' || e === 'i32' || e === 'i64') {
        set(`shl.${t}`, r === 'xmm' ? one(`psll${s} $1, %xmm0`, undefined) : one(`vpsll${s} $1, %${r}1, %${r}0`, req));
        set(`shr.${t}`, r === 'xmm' ? one(`psrl${s} $1, %xmm0`, undefined) : one(`vpsrl${s} $1, %${r}1, %${r}0`, req));
      }
      const ld = r === 'zmm' ? 'vmovdqu64' : r === 'ymm' ? 'vmovdqu' : 'movdqu';
      set(`load.${t}`, one(`${ld} (%rdi), %${r}0`, r === 'ymm' ? 'avx' : base));
      set(`store.${t}`, one(`${ld} %${r}0, (%rdi)`, r === 'ymm' ? 'avx' : base));
      const bs = e === 'u8' ? 'b' : s;
      if (r === 'xmm') {
        set(
          `bcast.${t}`,
          one(`vpbroadcast${bs} (%rdi), %xmm0`, 'avx2'),
          e === 'i64'
            ? one('movddup (%rdi), %xmm0', undefined, 'SSE3 MOVDDUP from memory')
            : e === 'i32'
              ? chain(['movd (%rdi), %xmm0', 'pshufd $0, %xmm0, %xmm0'], undefined, 'no broadcast load before AVX2: load + PSHUFD')
              : chain(['movd (%rdi), %xmm0', 'pshufb %xmm1, %xmm0'], 'ssse3', 'no broadcast load before AVX2: load + PSHUFB with a zero index vector'),
        );
      } else {
        set(`bcast.${t}`, one(`vpbroadcast${bs} (%rdi), %${r}0`, small ? bw : base));
      }
    }
    const t8 = `u8x${n / 8}`;
    const t16 = `i16x${n / 16}`;
    const t32 = `i32x${n / 32}`;
    set(`sad.${t8}`, op('psadbw', bw));
    set(`dot.${t8}`, op('pmaddubsw', r === 'xmm' ? 'ssse3' : bw));
    set(`dot.${t16}`, op('pmaddwd', bw));
    set(`dot.i8x${n / 8}`, one(`vpdpbusd %${r}2, %${r}1, %${r}0`, 'avx512vnni', 'VPDPBUSD (u8×s8, 4-way into i32); xmm/ymm with AVX-512VL'));
    if (r === 'xmm') {
      set(`hadd.${t32}`, one('phaddd %xmm1, %xmm0', 'ssse3'));
      set(`hadd.${t16}`, one('phaddw %xmm1, %xmm0', 'ssse3'));
    } else if (r === 'ymm') {
      set(`hadd.${t32}`, one('vphaddd %ymm2, %ymm1, %ymm0', 'avx2'));
      set(`hadd.${t16}`, one('vphaddw %ymm2, %ymm1, %ymm0', 'avx2'));
    }
    // AVX-512 VPOPCNT at 128/256 bits (the VL encodings of the 512-bit instructions below)
    if (r !== 'zmm') {
      const k = r === 'xmm' ? 1 : 2;
      set(`popcnt.i8x${16 * k}`, one(`vpopcntb %${r}1, %${r}0`, 'bitalg'));
      set(`popcnt.i32x${4 * k}`, one(`vpopcntd %${r}1, %${r}0`, 'vpopcntdq'));
      set(`popcnt.i64x${2 * k}`, one(`vpopcntq %${r}1, %${r}0`, 'vpopcntdq'));
    } else {
      set('popcnt.i32x16', one('vpopcntd %zmm1, %zmm0', 'vpopcntdq'));
      set('popcnt.i64x8', one('vpopcntq %zmm1, %zmm0', 'vpopcntdq'));
      set('popcnt.i8x64', one('vpopcntb %zmm1, %zmm0', 'bitalg'));
    }
  }
}

// ---------------------------------------------------------------- AArch64 (A64 + NEON)

function aarch64Table(): Record<string, FormVariant[]> {
  const T: Record<string, FormVariant[]> = {};
  const set = (form: string, ...v: FormVariant[]) => {
    T[form] = v;
  };
  for (const [t, r] of [
    ['f32', 's'],
    ['f64', 'd'],
  ] as const) {
    set(`add.${t}`, one(`fadd ${r}0, ${r}1, ${r}2`));
    set(`sub.${t}`, one(`fsub ${r}0, ${r}1, ${r}2`));
    set(`mul.${t}`, one(`fmul ${r}0, ${r}1, ${r}2`));
    set(`div.${t}`, one(`fdiv ${r}0, ${r}1, ${r}2`));
    set(`fma.${t}`, one(`fmadd ${r}0, ${r}1, ${r}2, ${r}3`));
    set(`abs.${t}`, one(`fabs ${r}0, ${r}1`));
    set(`neg.${t}`, one(`fneg ${r}0, ${r}1`));
    set(`max.${t}`, one(`fmax ${r}0, ${r}1, ${r}2`));
    set(`min.${t}`, one(`fmin ${r}0, ${r}1, ${r}2`));
    set(`load.${t}`, one(`ldr ${r}0, [x1]`));
    set(`store.${t}`, one(`str ${r}0, [x1]`));
  }
  for (const [t, a] of [
    ['f32x4', '4s'],
    ['f64x2', '2d'],
  ] as const) {
    set(`add.${t}`, one(`fadd v0.${a}, v1.${a}, v2.${a}`));
    set(`sub.${t}`, one(`fsub v0.${a}, v1.${a}, v2.${a}`));
    set(`mul.${t}`, one(`fmul v0.${a}, v1.${a}, v2.${a}`));
    set(`div.${t}`, one(`fdiv v0.${a}, v1.${a}, v2.${a}`));
    set(`fma.${t}`, one(`fmla v0.${a}, v1.${a}, v2.${a}`));
    set(`abs.${t}`, one(`fabs v0.${a}, v1.${a}`));
    set(`neg.${t}`, one(`fneg v0.${a}, v1.${a}`));
    set(`max.${t}`, one(`fmax v0.${a}, v1.${a}, v2.${a}`));
    set(`min.${t}`, one(`fmin v0.${a}, v1.${a}, v2.${a}`));
    set(`hadd.${t}`, one(`faddp v0.${a}, v1.${a}, v2.${a}`));
    set(`load.${t}`, one('ldr q0, [x1]'));
    set(`store.${t}`, one('str q0, [x1]'));
    set(`bcast.${t}`, one(`ld1r {v0.${a}}, [x1]`));
  }
  for (const [t, r] of [
    ['i32', 'w'],
    ['i64', 'x'],
  ] as const) {
    set(`add.${t}`, one(`add ${r}0, ${r}1, ${r}2`));
    set(`sub.${t}`, one(`sub ${r}0, ${r}1, ${r}2`));
    set(`and.${t}`, one(`and ${r}0, ${r}1, ${r}2`));
    set(`or.${t}`, one(`orr ${r}0, ${r}1, ${r}2`));
    set(`xor.${t}`, one(`eor ${r}0, ${r}1, ${r}2`));
    set(`not.${t}`, one(`mvn ${r}0, ${r}1`));
    set(`neg.${t}`, one(`neg ${r}0, ${r}1`));
    set(`xnor.${t}`, one(`eon ${r}0, ${r}1, ${r}2`, undefined, 'native XNOR (EON)'));
    set(`abs.${t}`, chain([`cmp ${r}1, #0`, `cneg ${r}0, ${r}1, lt`], undefined, 'CMP then CNEG'));
    set(`mul.${t}`, one(`mul ${r}0, ${r}1, ${r}2`));
    set(`shl.${t}`, one(`lsl ${r}0, ${r}1, #1`));
    set(`shr.${t}`, one(`lsr ${r}0, ${r}1, #1`));
    set(`mov.${t}`, one(`mov ${r}0, ${r}1`));
    set(`load.${t}`, one(`ldr ${r}0, [x1]`));
    set(`store.${t}`, one(`str ${r}0, [x1]`));
  }
  set(
    'popcnt.i64',
    chain(
      ['fmov d0, x0', 'cnt v0.8b, v0.8b', 'addv b0, v0.8b', 'fmov x0, d0'],
      undefined,
      'no scalar popcount before Armv8.9 (CSSC): FMOV to SIMD, CNT per byte, ADDV, FMOV back',
    ),
  );
  const vec: [string, string][] = [
    ['i8x16', '16b'],
    ['u8x16', '16b'],
    ['i16x8', '8h'],
    ['i32x4', '4s'],
    ['i64x2', '2d'],
  ];
  for (const [t, a] of vec) {
    set(`add.${t}`, one(`add v0.${a}, v1.${a}, v2.${a}`));
    set(`sub.${t}`, one(`sub v0.${a}, v1.${a}, v2.${a}`));
    set(`and.${t}`, one('and v0.16b, v1.16b, v2.16b'));
    set(`or.${t}`, one('orr v0.16b, v1.16b, v2.16b'));
    set(`xor.${t}`, one('eor v0.16b, v1.16b, v2.16b'));
    set(`not.${t}`, one('mvn v0.16b, v1.16b'));
    set(`xnor.${t}`, chain(['eor v0.16b, v1.16b, v2.16b', 'mvn v0.16b, v0.16b'], undefined, 'NEON has no XNOR: EOR then MVN'));
    if (t !== 'u8x16') set(`abs.${t}`, one(`abs v0.${a}, v1.${a}`));
    if (t !== 'i64x2') set(`mul.${t}`, one(`mul v0.${a}, v1.${a}, v2.${a}`));
    if (t !== 'i64x2') {
      const sg = t === 'u8x16' ? 'u' : 's';
      set(`max.${t}`, one(`${sg}max v0.${a}, v1.${a}, v2.${a}`));
      set(`min.${t}`, one(`${sg}min v0.${a}, v1.${a}, v2.${a}`));
    }
    if (t === 'i16x8' || t === 'i32x4' || t === 'i64x2') {
      set(`shl.${t}`, one(`shl v0.${a}, v1.${a}, #1`));
      set(`shr.${t}`, one(`ushr v0.${a}, v1.${a}, #1`));
    }
    set(`load.${t}`, one('ldr q0, [x1]'));
    set(`store.${t}`, one('str q0, [x1]'));
    set(`bcast.${t}`, one(`ld1r {v0.${a}}, [x1]`));
  }
  set(
    'sad.u8x16',
    par(['uabal v0.8h, v1.8b, v2.8b', 'uabal2 v3.8h, v1.16b, v2.16b'], undefined, 'UABAL + UABAL2: |a−b| of 16 bytes accumulated into two u16x8 accumulators'),
  );
  set('dot.i8x16', one('sdot v0.4s, v1.16b, v2.16b', 'dotprod', 'SDOT: 4-way s8 dot into i32 (Armv8.2 dotprod)'));
  set(
    'dot.i16x8',
    par(['smlal v0.4s, v1.4h, v2.4h', 'smlal2 v3.4s, v1.8h, v2.8h'], undefined, 'SMLAL + SMLAL2 (the PMADDWD counterpart: i16 products into i32)'),
  );
  set('popcnt.i8x16', one('cnt v0.16b, v1.16b'));
  set('hadd.i32x4', one('addp v0.4s, v1.4s, v2.4s'));
  set('hadd.i16x8', one('addp v0.8h, v1.8h, v2.8h'));
  set('mov.f32x4', one('mov v0.16b, v1.16b'));
  set('mov.i8x16', one('mov v0.16b, v1.16b'));
  for (const t of ['f64x2', 'i64x2', 'i32x4', 'i16x8', 'u8x16']) set(`mov.${t}`, one('mov v0.16b, v1.16b'));
  set('mov.f32', one('fmov s0, s1'));
  set('mov.f64', one('fmov d0, d1'));
  set('cvt.f32', one('scvtf s0, s1'));
  set('cvt.f64', one('scvtf d0, d1'));
  set('cvt.f32x4', one('scvtf v0.4s, v1.4s'));
  set('cvt.i32x4', one('fcvtzs v0.4s, v1.4s'));
  return T;
}

// ---------------------------------------------------------------- Armv7E-M + FPv4-SP (Cortex-M4F): documentation only

function armv7mTable(): Record<string, FormVariant[]> {
  return {
    'add.f32': [one('vadd.f32 s0, s1, s2')],
    'sub.f32': [one('vsub.f32 s0, s1, s2')],
    'mul.f32': [one('vmul.f32 s0, s1, s2')],
    'fma.f32': [one('vfma.f32 s0, s1, s2')],
    'div.f32': [one('vdiv.f32 s0, s1, s2')],
    'abs.f32': [one('vabs.f32 s0, s1')],
    'neg.f32': [one('vneg.f32 s0, s1')],
    'max.f32': [chain(['vcmp.f32 s0, s1', 'vmrs APSR_nzcv, fpscr', 'vmovgt.f32 s0, s1'], undefined, 'no VMAX in FPv4: compare, move flags, conditional move')],
    'min.f32': [chain(['vcmp.f32 s0, s1', 'vmrs APSR_nzcv, fpscr', 'vmovlt.f32 s0, s1'], undefined, 'no VMIN in FPv4: compare, move flags, conditional move')],
    'mov.f32': [one('vmov.f32 s0, s1')],
    'cvt.f32': [one('vcvt.f32.s32 s0, s1')],
    'load.f32': [one('vldr s0, [r0]')],
    'store.f32': [one('vstr s0, [r0]')],
    'add.i32': [one('add r0, r1, r2')],
    'sub.i32': [one('sub r0, r1, r2')],
    'mul.i32': [one('mul r0, r1, r2')],
    'and.i32': [one('and r0, r1, r2')],
    'or.i32': [one('orr r0, r1, r2')],
    'xor.i32': [one('eor r0, r1, r2')],
    'not.i32': [one('mvn r0, r1')],
    'xnor.i32': [chain(['eor r0, r1, r2', 'mvn r0, r0'], undefined, 'EOR then MVN')],
    'load.i32': [one('ldr r0, [r1]')],
    'store.i32': [one('str r0, [r1]')],
    'shl.i32': [one('lsl r0, r1, #1')],
    'shr.i32': [one('lsr r0, r1, #1')],
    'mov.i32': [one('mov r0, r1')],
    'neg.i32': [one('rsb r0, r1, #0')],
    'abs.i32': [chain(['eor r1, r0, r0, asr #31', 'sub r0, r1, r0, asr #31'], undefined, 'no ABS in Armv7-M: x XOR sign, minus sign (shifted operands)')],
    // 64-bit integer forms on the 32-bit core: composites on register pairs (single issue: back to back)
    'and.i64': [chain(['and r0, r2, r4', 'and r1, r3, r5'], undefined, '32-bit core: one AND per half')],
    'or.i64': [chain(['orr r0, r2, r4', 'orr r1, r3, r5'], undefined, '32-bit core: one ORR per half')],
    'xor.i64': [chain(['eor r0, r2, r4', 'eor r1, r3, r5'], undefined, '32-bit core: one EOR per half')],
    'not.i64': [chain(['mvn r0, r2', 'mvn r1, r3'], undefined, '32-bit core: one MVN per half')],
    'xnor.i64': [chain(['eor r0, r2, r4', 'eor r1, r3, r5', 'mvn r0, r0', 'mvn r1, r1'], undefined, '32-bit core: EOR then MVN per half')],
    'add.i64': [chain(['adds r0, r2, r4', 'adc r1, r3, r5'], undefined, '32-bit core: ADDS + ADC')],
    'sub.i64': [chain(['subs r0, r2, r4', 'sbc r1, r3, r5'], undefined, '32-bit core: SUBS + SBC')],
    'shr.i64': [chain(['lsr r0, r2, #1', 'orr r0, r0, r3, lsl #31', 'lsr r1, r3, #1'], undefined, '32-bit core: shift both halves, carry a bit across')],
    'shl.i64': [chain(['lsl r1, r3, #1', 'orr r1, r1, r2, lsr #31', 'lsl r0, r2, #1'], undefined, '32-bit core: shift both halves, carry a bit across')],
    'mul.i64': [chain(['umull r0, r1, r2, r4', 'mla r1, r2, r5, r1', 'mla r1, r3, r4, r1'], undefined, '32-bit core: low 64 bits of a 64×64 product')],
    'mov.i64': [par(['mov r0, r2', 'mov r1, r3'], undefined, '32-bit core: one MOV per half (independent)')],
    'load.i64': [one('ldrd r0, r1, [r2]')],
    'store.i64': [one('strd r0, r1, [r2]')],
  };
}

export const FORM_TABLES: Readonly<Record<IsaFamily, FormTable>> = {
  x86: x86Table(),
  aarch64: aarch64Table(),
  armv7m: armv7mTable(),
};

/** The variant used on a CPU with `features`, or undefined when the CPU cannot do the form. */
export function pickVariant(table: FormTable, form: string, features: ReadonlySet<Feature>): FormVariant | undefined {
  return table[form]?.find((v) => v.requires === undefined || features.has(v.requires));
}

export const FEATURE_NAMES: Readonly<Record<Feature, string>> = {
  ssse3: 'SSSE3',
  sse41: 'SSE4.1',
  popcnt: 'POPCNT',
  avx: 'AVX',
  fma: 'FMA3',
  avx2: 'AVX2',
  avx512f: 'AVX-512F',
  avx512bw: 'AVX-512BW',
  avx512vnni: 'AVX-512 VNNI',
  vpopcntdq: 'AVX-512 VPOPCNTDQ',
  bitalg: 'AVX-512 BITALG',
  dotprod: 'SDOT/UDOT (the dot product extension)',
};

/**
 * The table's forms a CPU with `features` cannot do (every variant needs a feature it lacks), grouped by
 * those features; a group names `*.T` when it holds every form of type T. For a profile's `absent` list.
 */
export function formsMissingFeatures(table: FormTable, features: ReadonlySet<Feature>): { needs: Feature[]; patterns: string[] }[] {
  const groups = new Map<string, { needs: Feature[]; forms: string[] }>();
  for (const form of Object.keys(table)) {
    if (pickVariant(table, form, features)) continue;
    const needs = [...new Set(table[form]!.flatMap((v) => (v.requires ? [v.requires] : [])))].sort();
    const key = needs.join(',');
    if (!groups.has(key)) groups.set(key, { needs, forms: [] });
    groups.get(key)!.forms.push(form);
  }
  const typeOf = (f: string) => f.split('.')[1]!;
  return [...groups.values()].map(({ needs, forms }) => {
    const patterns: string[] = [];
    for (const f of forms) {
      const t = typeOf(f);
      const p = Object.keys(table).every((g) => typeOf(g) !== t || forms.includes(g)) ? `*.${t}` : f;
      if (!patterns.includes(p)) patterns.push(p);
    }
    return { needs, patterns };
  });
}

/** One line for docs and the `instruction` field: `addps %xmm1, %xmm0` or `xorl …; notl …`. */
export function variantText(v: FormVariant): string {
  return v.asm.join('; ');
}
