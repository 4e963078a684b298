// Builds cpu-profiles/via-nano-2000.json (and via-nano-3000.json) from the measured InstLatX64 rows
// and Agner Fog's tables (no LLVM model exists for VIA). Run: npx tsx scripts/profiles/via-nano.ts
// Each form names its AIDA test number; numbers no source gives are marked `assumption: …`.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FEATURE_NAMES, FORM_TABLES, type Feature, formsMissingFeatures } from '../../src/sim/profile/forms.ts';
import { validateProfile } from '../../src/sim/profile/loader.ts';
import type { ProfileFile, FormTiming } from '../../src/sim/profile/schema.ts';

type Uop = { ports: string[]; cycles: number };
const u = (ports: string | string[], cycles = 1): Uop => ({ ports: Array.isArray(ports) ? ports : [ports], cycles });

interface Row {
  lat: number;
  rthr: number;
  uops: Uop[];
  src: string;
  instr: string;
  note?: string;
  range?: [number, number];
  /** Composite: the instruction and latency of each part; part i owns µop i. */
  parts?: { combine: 'chain' | 'parallel'; list: [string, number][] };
}
const row = (lat: number, rthr: number, uops: Uop[], src: string, instr: string, extra: Partial<Row> = {}): Row => ({
  lat,
  rthr,
  uops,
  src,
  instr,
  ...extra,
});

function toForm(r: Row): FormTiming {
  const f: FormTiming = { latency: r.lat, rthroughput: r.rthr, uops: r.uops, source: r.src, instruction: r.instr };
  if (r.note) f.note = r.note;
  if (r.range) f.latencyRange = r.range;
  if (r.parts) {
    if (r.parts.list.length !== r.uops.length) throw new Error(`composite ${r.instr}: ${r.parts.list.length} parts but ${r.uops.length} µops`);
    f.composite = { combine: r.parts.combine, parts: r.parts.list.map(([instruction, latency], i) => ({ instruction, latency, uops: [r.uops[i]!] })) };
  }
  return f;
}

const I12 = ['I1', 'I2'];

/** What the Nano lacks of the form table: every form whose instruction needs an extension it does not have. */
function nanoAbsent(features: readonly Feature[], model: string, source: (what: string) => string): NonNullable<ProfileFile['absent']> {
  return formsMissingFeatures(FORM_TABLES.x86, new Set(features)).map(({ needs, patterns }) => {
    const what = needs.map((n) => FEATURE_NAMES[n]).join(' or ');
    return { forms: patterns, reason: `no ${what} on the ${model}`, source: source(what) };
  });
}

/** Nano 2000 (CNA, L2200): InstLatX64 test numbers from CentaurHauls00006F2_CNA_Isaiah_InstLatX64.txt. */
function nano2000Forms(): Record<string, Row> {
  const c = 'instlatx64-cna';
  const F: Record<string, Row> = {};
  // --- scalar floating point (SSE/SSE2; x87 has the same figures, see notes) ---
  F['add.f64'] = row(2, 1, [u('FADD')], `${c}: test 1040 ADDSD 2/1 (x87 FADD test 577: 2/1)`, 'addsd xmm, xmm', {
    note: 'x87 FADD (Agner: port MB, 2/1) has the same timing; the paper\'s "add = 2"',
  });
  F['sub.f64'] = row(2, 1, [u('FADD')], `${c}: test 1036 SUBSD 2/1`, 'subsd xmm, xmm');
  F['mul.f64'] = row(4, 2, [u('MA', 2)], `${c}: test 1044 MULSD 4/2 (x87 FMUL test 580: 4/2)`, 'mulsd xmm, xmm', {
    note: 'the paper\'s "mul = 4" (x87 FMUL / SSE2 MULSD, Agner: MA 4/2); double multiply is half-rate: one µop holding MA 2 cycles',
  });
  F['div.f64'] = row(36, 36, [u('MA', 36)], `${c}: test 1080 DIVSD 36/36`, 'divsd xmm, xmm', { note: 'not pipelined (agner-fog-microarch-2020 §17.6)' });
  F['abs.f64'] = row(1, 1, [u('MB')], `${c}: test 1068 ANDPD 1/1 (x87 FABS test 572: 1/1)`, 'andpd xmm, [abs mask]');
  F['neg.f64'] = row(1, 1, [u('MB')], `${c}: test 1076 XORPD 1/1`, 'xorpd xmm, [sign mask]');
  F['max.f64'] = row(2, 1, [u('FADD')], `${c}: test 1056 MAXSD 2/1`, 'maxsd xmm, xmm', { note: 'Agner: MAX/MIN on MBfadd' });
  F['min.f64'] = row(2, 1, [u('FADD')], `${c}: test 1060 MINSD 2/1`, 'minsd xmm, xmm');
  F['add.f32'] = row(2, 1, [u('FADD')], `${c}: test 862 ADDSS 2/1`, 'addss xmm, xmm', {
    range: [2, 3],
    note: 'agner-fog-instr-2021 gives 2–3 for ADDSS/ADDPS on Nano 2000; measured 2',
  });
  F['sub.f32'] = row(2, 1, [u('FADD')], `${c}: test 858 SUBSS 2/1`, 'subss xmm, xmm', { range: [2, 3] });
  F['mul.f32'] = row(3, 1, [u('MA')], `${c}: test 866 MULSS 3/1`, 'mulss xmm, xmm');
  F['div.f32'] = row(22, 22, [u('MA', 22)], `${c}: test 902 DIVSS 22/22`, 'divss xmm, xmm', { note: 'not pipelined' });
  F['abs.f32'] = row(1, 1, [u('MB')], `${c}: test 890 ANDPS 1/1`, 'andps xmm, [abs mask]');
  F['neg.f32'] = row(1, 1, [u('MB')], `${c}: test 898 XORPS 1/1`, 'xorps xmm, [sign mask]');
  F['max.f32'] = row(2, 1, [u('FADD')], `${c}: test 878 MAXSS 2/1`, 'maxss xmm, xmm');
  F['min.f32'] = row(2, 1, [u('FADD')], `${c}: test 882 MINSS 2/1`, 'minss xmm, xmm');
  // --- 128-bit floating point ---
  F['add.f32x4'] = row(2, 1, [u('FADD')], `${c}: test 864 ADDPS 2/1`, 'addps xmm, xmm', { range: [2, 3] });
  F['sub.f32x4'] = row(2, 1, [u('FADD')], `${c}: test 860 SUBPS 2/1`, 'subps xmm, xmm', { range: [2, 3] });
  F['mul.f32x4'] = row(3, 1, [u('MA')], `${c}: test 868 MULPS 3/1`, 'mulps xmm, xmm');
  F['div.f32x4'] = row(82, 82, [u('MA', 82)], `${c}: test 912 DIVPS 82/82`, 'divps xmm, xmm');
  F['abs.f32x4'] = row(1, 1, [u('MB')], `${c}: test 890 ANDPS 1/1`, 'andps xmm, [abs mask]');
  F['neg.f32x4'] = row(1, 1, [u('MB')], `${c}: test 898 XORPS 1/1`, 'xorps xmm, [sign mask]');
  F['max.f32x4'] = row(2, 1, [u('FADD')], `${c}: test 880 MAXPS 2/1`, 'maxps xmm, xmm');
  F['min.f32x4'] = row(2, 1, [u('FADD')], `${c}: test 884 MINPS 2/1`, 'minps xmm, xmm');
  F['hadd.f32x4'] = row(5, 3, [u('FADD', 3)], `${c}: test 1488 HADDPS 5/3`, 'haddps xmm, xmm', {
    note: 'one horizontal-add step; Agner: MBfadd 5/3. µop modelled as FADD busy 3 cycles (assumption, reproduces rthr 3)',
  });
  F['add.f64x2'] = row(2, 1, [u('FADD')], `${c}: test 1042 ADDPD 2/1`, 'addpd xmm, xmm');
  F['sub.f64x2'] = row(2, 1, [u('FADD')], `${c}: test 1038 SUBPD 2/1`, 'subpd xmm, xmm');
  F['mul.f64x2'] = row(4, 2, [u('MA', 2)], `${c}: test 1046 MULPD 4/2`, 'mulpd xmm, xmm');
  F['abs.f64x2'] = row(1, 1, [u('MB')], `${c}: test 1068 ANDPD 1/1`, 'andpd xmm, [abs mask]');
  F['max.f64x2'] = row(2, 1, [u('FADD')], `${c}: test 1058 MAXPD 2/1`, 'maxpd xmm, xmm');
  F['min.f64x2'] = row(2, 1, [u('FADD')], `${c}: test 1062 MINPD 2/1`, 'minpd xmm, xmm');
  F['hadd.f64x2'] = row(5, 3, [u('FADD', 3)], `${c}: test 1490 HADDPD 5/3`, 'haddpd xmm, xmm');
  F['div.f64x2'] = row(70, 70, [u('MA', 70)], `${c}: test 1090 DIVPD 70/70`, 'divpd xmm, xmm', { note: 'not pipelined' });
  F['neg.f64x2'] = row(1, 1, [u('MB')], `${c}: test 1076 XORPD 1/1`, 'xorpd xmm, [sign mask]');
  // --- scalar integer ---
  for (const t of ['i32', 'i64'] as const) {
    const w = t === 'i32' ? 'r32' : 'r64';
    F[`add.${t}`] = row(1, 0.5, [u(I12)], t === 'i32' ? `${c}: test 72 ADD 1/0.44` : `agner-fog-instr-2021: ADD r,r I12 1/0.5`, `add ${w}, ${w}`, {
      note: 'two integer ALUs (I1, I2); measured rthr 0.44, Agner ½',
    });
    F[`sub.${t}`] = row(1, 0.5, [u(I12)], t === 'i32' ? `${c}: test 114 SUB 1/0.45` : `agner-fog-instr-2021: SUB r,r I12 1/0.5`, `sub ${w}, ${w}`);
    F[`and.${t}`] = row(1, 0.5, [u(I12)], t === 'i32' ? `${c}: test 138 AND 1/0.44` : `agner-fog-microarch-2020: Boolean ops on I1 and I2`, `and ${w}, ${w}`);
    F[`xor.${t}`] = row(1, 0.5, [u(I12)], t === 'i32' ? `${c}: test 158 XOR 1/0.45` : `agner-fog-microarch-2020: Boolean ops on I1 and I2`, `xor ${w}, ${w}`);
    F[`or.${t}`] = row(1, 0.5, [u(I12)], `agner-fog-microarch-2020: Boolean ops on I1 and I2 (OR not measured)`, `or ${w}, ${w}`);
    F[`not.${t}`] = row(1, 0.5, [u(I12)], `agner-fog-microarch-2020: Boolean ops on I1 and I2 (NOT not measured)`, `not ${w}`);
    F[`xnor.${t}`] = row(2, 1, [u(I12), u(I12)], `agner-fog-microarch-2020: composite of two Boolean ops on I1/I2`, `xor ${w}, ${w}; not ${w}`, {
      note: 'composite: x86 has no scalar XNOR; XOR then NOT (dependent), 2 µops',
      parts: {
        combine: 'chain',
        list: [
          [`xor ${w}, ${w}`, 1],
          [`not ${w}`, 1],
        ],
      },
    });
  }
  for (const [t, w, shl, shr] of [
    ['i32', 'r32', 223, 235],
    ['i64', 'r64', 224, 236],
  ] as const) {
    F[`shl.${t}`] = row(1, 1, [u('I1')], `${c}: test ${shl} SHL ${w},imm8 1/1`, `shl ${w}, imm8`, { note: 'Agner: shifts on I1 only (Nano 2000)' });
    F[`shr.${t}`] = row(1, 1, [u('I1')], `${c}: test ${shr} SHR ${w},imm8 1/1`, `shr ${w}, imm8`, { note: 'Agner: shifts on I1 only (Nano 2000)' });
  }
  F['mul.i32'] = row(4, 1, [u('MA')], `${c}: test 328 IMUL r32,r32 4/1`, 'imul r32, r32', {
    range: [4, 6],
    note: 'Agner: MA 4–6/1; Nano 2000 multiplies integers on MA',
  });
  F['mul.i64'] = row(5, 2, [u('MA', 2)], `${c}: test 329 IMUL r64,r64 5/2`, 'imul r64, r64', { range: [5, 7], note: 'Agner: MA 5–7/2' });
  for (const [t, w, neg, cmov] of [
    ['i32', 'r32', 162, 41],
    ['i64', 'r64', 163, 42],
  ] as const) {
    F[`neg.${t}`] = row(1, 0.5, [u(I12)], `${c}: test ${neg} NEG ${w} 1/${t === 'i32' ? '0.44' : '0.5'}`, `neg ${w}`);
    F[`abs.${t}`] = row(
      3,
      1,
      [u(I12), u(I12)],
      `${c}: composite NEG ${w} (test ${neg}: 1) + CMOVNZ ${w},${w} (test ${cmov}: 2/1)`,
      `neg ${w}; cmovl ${w}, ${w}`,
      {
        note: 'composite: x86 has no scalar ABS; NEG then CMOV on the sign, latencies 1 + 2; the CMOV port is not documented (I1|I2 assumed)',
        parts: {
          combine: 'chain',
          list: [
            [`neg ${w}`, 1],
            [`cmovl ${w}, ${w}`, 2],
          ],
        },
      },
    );
  }
  F['mov.i32'] = row(1, 1, [u('I2')], `${c}: test 2250 MOV r32,r32 1/1`, 'mov r32, r32', { note: 'Agner: moves on I2 only (Nano 2000)' });
  F['mov.i64'] = row(1, 1, [u('I2')], `${c}: test 2251 MOV r64,r64 1/1`, 'mov r64, r64');
  // --- 128-bit integer SIMD ---
  const simd = (form: string, test: number, mnem: string, lat = 1, rthr = 1, port = 'MB', extra: Partial<Row> = {}) => {
    F[form] = row(lat, rthr, [u(port, rthr)], `${c}: test ${test} ${mnem.toUpperCase()} ${lat}/${rthr}`, `${mnem} xmm, xmm`, extra);
  };
  simd('add.i8x16', 1230, 'paddb');
  simd('add.u8x16', 1230, 'paddb');
  simd('add.i16x8', 1232, 'paddw');
  simd('add.i32x4', 1234, 'paddd');
  simd('add.i64x2', 1236, 'paddq');
  simd('sub.i8x16', 1246, 'psubb');
  simd('sub.u8x16', 1246, 'psubb');
  simd('sub.i16x8', 1250, 'psubw');
  simd('sub.i32x4', 1254, 'psubd');
  simd('sub.i64x2', 1258, 'psubq');
  simd('abs.i8x16', 1504, 'pabsb');
  simd('abs.i16x8', 1506, 'pabsw');
  simd('abs.i32x4', 1508, 'pabsd');
  for (const t of ['i8x16', 'u8x16', 'i16x8', 'i32x4', 'i64x2']) {
    simd(`and.${t}`, 1310, 'pand');
    simd(`or.${t}`, 1318, 'por');
    simd(`xor.${t}`, 1322, 'pxor');
    F[`not.${t}`] = row(1, 1, [u('MB')], `${c}: test 1322 PXOR 1/1`, 'pxor xmm, [all-ones]', {
      note: 'composite: XOR with an all-ones register (no NOT instruction)',
    });
    F[`xnor.${t}`] = row(2, 2, [u('MB'), u('MB')], `${c}: test 1322 PXOR 1/1, twice`, 'pxor xmm, xmm; pxor xmm, [all-ones]', {
      note: 'composite: no XNOR before AVX-512; PXOR then PXOR with all-ones (or PCMPEQB to make the ones), 2 dependent MB µops',
      parts: {
        combine: 'chain',
        list: [
          ['pxor xmm, xmm', 1],
          ['pxor xmm, [all-ones]', 1],
        ],
      },
    });
  }
  simd('max.u8x16', 1450, 'pmaxub');
  simd('min.u8x16', 1462, 'pminub');
  simd('max.i16x8', 1456, 'pmaxsw');
  simd('min.i16x8', 1468, 'pminsw');
  simd('shl.i16x8', 1346, 'psllw');
  simd('shr.i16x8', 1368, 'psrlw');
  simd('shl.i32x4', 1350, 'pslld');
  simd('shr.i32x4', 1372, 'psrld');
  simd('shl.i64x2', 1354, 'psllq');
  simd('shr.i64x2', 1376, 'psrlq');
  simd('mul.i16x8', 1332, 'pmullw', 3, 1, 'MA', { note: 'Agner: PMULLW on MA 3/1' });
  simd('sad.u8x16', 1474, 'psadbw', 2, 1, 'MB', { note: 'Agner: MB 2/1. 16 |a−b| terms summed into two 64-bit lanes' });
  simd('dot.i16x8', 1342, 'pmaddwd', 4, 2, 'MA', {
    note: 'port blank for Nano 2000 in Agner; MA on Nano 3000 — taken as MA, busy 2 cycles (reproduces rthr 2)',
  });
  F['dot.u8x16'] = row(
    10,
    8,
    [u('MA', 2), u('MA', 2), u('MA', 2), u('MA', 2), u('MB'), u('MB'), u('MB')],
    `${c}: test 1340 PMADDUBSW 10/8`,
    'pmaddubsw xmm, xmm',
    {
      note: 'assumption for the µop split: Agner lists 7 µops on Nano 3000 (port blank on Nano 2000); modelled as 4 multiply µops holding MA 2 cycles each + 3 MB µops, which reproduces rthr 8 and 7 µops',
    },
  );
  simd('hadd.i32x4', 1514, 'phaddd', 3, 3, 'MB');
  simd('hadd.i16x8', 1512, 'phaddw', 3, 3, 'MB');
  simd('mov.f32x4', 812, 'movaps');
  simd('mov.i8x16', 1196, 'movdqa');
  // register copies of the other 128-bit types and of scalar floats (xmm registers): the emitter prints movaps / movdqa
  for (const t of ['f32', 'f64', 'f64x2']) simd(`mov.${t}`, 812, 'movaps');
  for (const t of ['i64x2', 'i32x4', 'i16x8', 'u8x16']) simd(`mov.${t}`, 1196, 'movdqa');
  // i32 ↔ f32 conversions. The self-dependent chains (tests 1147, 1150) measure 15 and 17 cycles: each feeds a
  // float result to an integer input (a domain crossing). The round trips CVTPS2DQ/CVTTPS2DQ + CVTDQ2PS (tests
  // 1149, 1151), whose inputs match, take 5; the split 2 + 3 follows the chains' difference (17 − 15).
  const cvt = (form: string, instr: string, lat: number, chainTest: number, chainLat: number) => {
    F[form] = row(
      lat,
      1,
      [u('MB')],
      `assumption: latency ${lat}, a share of the measured round trip CVTTPS2DQ + CVTDQ2PS = 5 (${c} test 1151), split 2 + 3 as the self-chains differ (tests 1147: 15, 1150: 17); rthr 1 measured (test ${chainTest})`,
      `${instr} xmm, xmm`,
      {
        range: [lat, chainLat],
        note: `port MB: agner-fog-microarch-2020 puts every FP/SIMD op but multiply, divide and square root on MB. A chain of ${instr.toUpperCase()} on its own result measures ${chainLat} (test ${chainTest}: integer/float domain crossings)`,
      },
    );
  };
  cvt('cvt.f32', 'cvtdq2ps', 2, 1147, 15);
  cvt('cvt.f32x4', 'cvtdq2ps', 2, 1147, 15);
  cvt('cvt.i32x4', 'cvttps2dq', 3, 1150, 17);
  F['cvt.f64'] = row(4, 2, [u('MB', 2)], `${c}: test 1137 CVTDQ2PD xmm,xmm 4/2`, 'cvtdq2pd xmm, xmm', {
    note: 'port MB (agner-fog-microarch-2020: every FP/SIMD op but multiply, divide and square root), held 2 cycles to give the measured rthr 2 (assumption); round trip CVTPD2DQ + CVTDQ2PD 7 (test 1139)',
  });
  // --- memory ---
  const ld = (form: string, test: number, mnem: string, width: string, latSrc: string) => {
    F[form] = row(
      4,
      1.42,
      [u('LD')],
      latSrc === 'measured'
        ? `${c}: test ${test} ${mnem.toUpperCase()} 4/1.42`
        : `assumption: load-to-use latency 4 taken from the GPR load (${c} test 26; xmm load latency not measurable, "memory dep."); rthr 1.42 measured (test ${test})`,
      `${mnem} ${width}`,
      { note: 'one load per cycle on LD (agner-fog-microarch-2020); measured rthr 1.42 includes test overhead' },
    );
  };
  ld('load.i32', 26, 'mov', 'r32, [m32]', 'measured');
  ld('load.i64', 27, 'mov', 'r64, [m64]', 'measured');
  ld('load.f32', 794, 'movss', 'xmm, [m32]', 'xmm');
  ld('load.f64', 971, 'movsd', 'xmm, [m64]', 'xmm');
  ld('load.f32x4', 821, 'movups', 'xmm, [m128]', 'xmm');
  ld('load.f64x2', 999, 'movupd', 'xmm, [m128]', 'xmm');
  for (const t of ['i8x16', 'u8x16', 'i16x8', 'i32x4', 'i64x2']) ld(`load.${t}`, 1205, 'movdqu', 'xmm, [m128]', 'xmm');
  const st = (form: string, test: number, mnem: string, ops: string) => {
    F[form] = row(1, 1.67, [u('SA'), u('ST')], `${c}: test ${test} ${mnem.toUpperCase()} store rthr 1.67`, `${mnem} ${ops}`, {
      note: 'store-address µop (SA) + store-data µop (ST), agner-fog-microarch-2020; measured rthr 1.67 while the µops allow one store per cycle. latency 1 is an assumption (a store has no register result; store→load round trip is 4, test 823)',
    });
  };
  st('store.i32', 30, 'mov', '[m32], r32');
  st('store.i64', 30, 'mov', '[m64], r64');
  st('store.f32', 795, 'movss', '[m32], xmm');
  st('store.f64', 972, 'movsd', '[m64], xmm');
  st('store.f32x4', 822, 'movups', '[m128], xmm');
  st('store.f64x2', 1000, 'movupd', '[m128], xmm');
  for (const t of ['i8x16', 'u8x16', 'i16x8', 'i32x4', 'i64x2']) st(`store.${t}`, 1206, 'movdqu', '[m128], xmm');
  const bc = (form: string, instr: string, shuffle: string) => {
    const [a, b] = instr.split('; ') as [string, string];
    F[form] = row(
      5,
      1.42,
      [u('LD'), u('MB')],
      `assumption: composite of a scalar load (${c} test 794/1181: 4 c, rthr 1.42) and one shuffle (${shuffle} 1/1 on MB)`,
      instr,
      {
        note: 'composite broadcast load: SSE has no broadcast instruction; load + shuffle, latency 4 + 1; rthr = the measured load rthr 1.42',
        parts: {
          combine: 'chain',
          list: [
            [a, 4],
            [b, 1],
          ],
        },
      },
    );
  };
  bc('bcast.f32x4', 'movss xmm, [m32]; shufps xmm, xmm, 0', 'test 846 SHUFPS');
  bc('bcast.i32x4', 'movd xmm, [m32]; pshufd xmm, xmm, 0', 'test 1482 PSHUFD');
  bc('bcast.f64x2', 'movsd xmm, [m64]; movddup xmm, xmm', 'test 1500 MOVDDUP');
  bc('bcast.i64x2', 'movq xmm, [m64]; movddup xmm, xmm', 'test 1500 MOVDDUP');
  bc('bcast.i16x8', 'movd xmm, [m32]; pshufb xmm, [zero-pair mask]', 'test 1476 PSHUFB');
  bc('bcast.i8x16', 'movd xmm, [m32]; pshufb xmm, [zero mask]', 'test 1476 PSHUFB');
  bc('bcast.u8x16', 'movd xmm, [m32]; pshufb xmm, [zero mask]', 'test 1476 PSHUFB');
  return F;
}

function nano2000(): ProfileFile {
  const forms = nano2000Forms();
  return {
    schema: 'addersim/profile@1',
    name: 'via-nano-2000',
    description:
      "VIA Nano 2000 series (L2200, Isaiah CNA core): the AdderNet paper's CPU. Measured timings (InstLatX64) with Agner Fog's port assignment; no LLVM model exists.",
    identity: {
      vendor: 'VIA (Centaur)',
      model: 'VIA Nano L2200 @1.6 GHz',
      microarchitecture: 'Isaiah (CNA)',
      isa: 'x86',
      clockGHz: { value: 1.6, source: 'instlatx64-cna: header "VIA Nano processor L2200@1600MHz" (measured 1615.66 MHz)' },
    },
    machine: {
      issue: 'out-of-order',
      issueSource: 'agner-fog-microarch-2020: ch. 17, register renaming, reservation stations, out-of-order µop dispatch',
      dispatchWidth: { value: 3, source: 'agner-fog-microarch-2020: §17.3/17.5, 3 decoders, rename/dispatch 3 per clock' },
      retireWidth: { value: 3, source: 'assumption: retire width not published; taken equal to the 3-wide rename (agner-fog-microarch-2020)' },
      reorderBuffer: {
        value: null,
        note: 'not published in any archived source (cpu-timing/README.md §6); a simulator needing a size must take it as an explicit assumption',
      },
      schedulerSize: { value: null, note: 'reservation-station sizes not published (cpu-timing/README.md §6)' },
      loadLatency: { value: 4, source: 'instlatx64-cna: test 26 MOV r32,[m32] latency 4' },
    },
    ports: {
      I1: 'integer ALU: add, Boolean, shift, rotate (agner-fog-microarch-2020 Table 17.1)',
      I2: 'integer ALU: add, Boolean, move, jump',
      MA: 'media A: multiply, divide, square root of all types incl. integer IMUL (Nano 2000)',
      MB: 'media B: all other FP/SIMD ops (logic, integer SIMD, shuffles, PSADBW), except those on its FP-add sub-unit',
      FADD: 'MBfadd: the floating-point adder sub-unit of MB (add/sub/max/min/compare/hadd of FP), modelled as a port of its own',
      SA: 'store address (and LEA)',
      ST: 'store data',
      LD: 'load',
    },
    forms: Object.fromEntries(Object.entries(forms).map(([k, r]) => [k, toForm(r)])),
    absent: nanoAbsent(['ssse3'], 'Nano 2000', (what) => `instlatx64-cna: the feature line (X86 … SSE3, AMD64, SSSE3, VIA extensions) has no ${what}`),
    memory: [
      {
        level: 'L1D',
        sizeBytes: { value: 65536, source: 'instlatx64-cna-memlat: "L1D cache: 64KB, 64 byte cache line, 16 way"' },
        latencyCycles: { value: 4, source: 'instlatx64-cna-memlat: linear read, blocks ≤ 64 KB, 4 cycles' },
        bytesPerCycle: { value: null, note: 'no archived source gives L1 bandwidth' },
      },
      {
        level: 'L2',
        sizeBytes: { value: 1048576, source: 'instlatx64-cna-memlat: "L2 cache: 1024KB, 64 byte cache line, 16 way, exclusive"' },
        latencyCycles: { value: 24, source: 'instlatx64-cna-memlat: linear read, 128–512 KB blocks, ≥64 B stride: 24 cycles (26 at 1 MB)', min: 24, max: 26 },
        bytesPerCycle: { value: null, note: 'no archived source gives L2 bandwidth' },
      },
      {
        level: 'DRAM',
        sizeBytes: { value: null, note: 'main memory; size not a property of the CPU' },
        latencyCycles: {
          value: 177,
          source: 'instlatx64-cna-memlat: linear read, ≥2 MB blocks, 64 B stride: 177–178 cycles (≈281 at 4 KB stride)',
          min: 177,
          max: 285,
        },
        bytesPerCycle: { value: null, note: 'no archived source gives DRAM bandwidth' },
      },
    ],
    energy: 'horowitz-45nm',
    notes: [
      'Ports follow Agner Fog (agner-fog-microarch-2020 Table 17.1): I1, I2, MA, MB, SA, ST, LD. MBfadd, "the floating point addition subunit under MB" (agner-fog-instr-2021), is modelled as its own port FADD: FP add/sub/max/min/hadd µops go to FADD, every other FP/SIMD µop (logic, abs-by-mask, integer SIMD, PSADBW, shuffles) to MB. So ADDPS and ANDPS can issue in the same cycle; whether the real MB can do so is not documented (assumption).',
      'x87 vs SSE: the f64 scalar forms are SSE2 MULSD 4/2 and ADDSD 2/1 (instlatx64-cna tests 1044, 1040); x87 FMUL 4/2 and FADD 2/1 (tests 580, 577) are identical. These are the paper\'s "mul 4 / add 2". Single precision SSE is MULSS 3/1, ADDSS 2/1: use f32 forms for them; no number here is bent to match the paper.',
      'Agner\'s Nano 2000 x87 FADD row carries the remark "Lower precision: Lat: 4, Thr: 2" (placement ambiguous, addernet-paper.md §4.2); the main columns (2/1) are used.',
      'Transfer delays between units (agner-fog-microarch-2020 Table 17.2: MA→MB 1, MB↔MBfadd 0–1 with XMM registers) are not modelled: the instruction-table latencies exclude them. The measured MULPS→ADDPS chain is 6 = 3 + 2 + 1 (instlatx64-cna test 872).',
      "No POPCNT, no SSE4.1 (no PMULLD, PMAXSB/PMAXSD), no AVX/FMA on Nano 2000 (instlatx64-cna feature line): there is no popcnt.* and no mul.i32x4 form, and `absent` lists them with the reason. Binary networks use the lowering's SWAR popcount (shifts, masks, adds and a multiply on 64-bit words); a nibble-table PSHUFB lookup would need a shuffle op the vocabulary lacks (FORMS.md open question).",
      'Reorder buffer and scheduler sizes are unknown (value null). Load/store throughput: measured rthr 1.42 (loads) and 1.67 (stores) are kept in rthroughput; the µop model allows one load and one store per cycle.',
    ],
  };
}

/** Agner Fog's Nano 3000 rows (agner-fog-instr-2021 pp. 433–442, addernet-paper.md §4.2) that cover a form. */
function agner3000Row(form: string): string | undefined {
  const [op, type = ''] = form.split('.');
  const fp = /^f(32|64)/.test(type);
  if (fp && (op === 'add' || op === 'sub')) return 'ADDSS/SUBSS, ADDPS/SUBPS (also SD/PD) MBfadd 2/1';
  if (fp && (op === 'max' || op === 'min')) return 'MAXPS/MINPS MBfadd 2/1';
  if ((type === 'f32' || type === 'f32x4') && op === 'mul') return 'MULSS/MULPS MA 3/1';
  if ((type === 'f64' || type === 'f64x2') && op === 'mul') return 'MULSD/MULPD MA 4/2';
  if (fp && (op === 'abs' || op === 'neg')) return 'ANDPS/ORPS/XORPS MB 1/1';
  if (fp && op === 'hadd') return 'HADDPS MBfadd 5/3';
  const vi = /^[iu](8|16|32|64)x/.test(type);
  if (vi && ['add', 'sub', 'and', 'or', 'xor', 'not', 'xnor'].includes(op!)) return 'PADD/PSUB, PAND/POR/PXOR MB 1/1';
  if (vi && op === 'abs') return 'PABSB/W/D MB 1/1';
  if (form === 'sad.u8x16') return 'PSADBW MB 2/1';
  if (form === 'mul.i16x8') return 'PMULLW MA 3/1';
  if (form === 'dot.i16x8') return 'PMADDWD MA 4/2';
  if (form === 'dot.u8x16') return 'PMADDUBSW 7 µops 10/8';
  if (type === 'i32' || type === 'i64') {
    if (op === 'add' || op === 'sub') return 'ADD/SUB I12 1/0.5';
  }
  return undefined;
}

/** Nano 3000 (CNB, L3050, prerelease): InstLatX64 rows of CentaurHauls00006F8_CNB_Isaiah_InstLatX64.txt. */
function nano3000Forms(): Record<string, Row> {
  const c = 'instlatx64-cnb';
  const F: Record<string, Row> = {};
  for (const [form, r] of Object.entries(nano2000Forms())) {
    const agner = agner3000Row(form);
    const src = agner
      ? `agner-fog-instr-2021: Nano 3000 ${agner}`
      : r.src.startsWith('agner-fog-')
        ? r.src
        : `assumption: as on the Nano 2000 (${r.src}); this row is not in the archived Nano 3000 extract`;
    const { range: _range, ...rest } = r;
    F[form] = { ...rest, src };
  }
  const m = (form: string, test: number, instr: string, lat: number, rthr: number, extra: Partial<Row> = {}) => {
    F[form] = { ...F[form]!, lat, rthr, src: `${c}: test ${test} ${instr} ${lat}/${rthr}`, ...extra };
  };
  m('add.f32', 823, 'ADDSS', 2, 1);
  m('sub.f32', 821, 'SUBSS', 2, 1);
  m('mul.f32', 825, 'MULSS', 3, 1);
  m('div.f32', 843, 'DIVSS', 13, 13, { uops: [u('MA', 13)] });
  m('max.f32', 831, 'MAXSS', 2, 1);
  m('add.f32x4', 824, 'ADDPS', 2, 1);
  m('mul.f32x4', 826, 'MULPS', 3, 1);
  m('max.f32x4', 832, 'MAXPS', 2, 1);
  const andps = {
    uops: [u(['MB', 'FADD'])],
    note: 'measured 1.2/0.5 (two per cycle) where Agner gives MB 1/1: the profile follows the measurement, so the µop may use MB or the FP-add sub-unit (assumption about which second unit)',
  };
  m('abs.f32', 837, 'ANDPS', 1, 0.5, andps);
  m('abs.f32x4', 837, 'ANDPS', 1, 0.5, andps);
  m('mul.f64', 916, 'MULSD', 4, 2);
  m('add.i32', 72, 'ADD r32,r32', 1, 0.5, { note: 'two integer ALUs; measured rthr 0.44' });
  m('xor.i32', 158, 'XOR r32,r32', 1, 0.5, { note: 'measured rthr 0.41' });
  m('mul.i32', 328, 'IMUL r32,r32', 2, 1, { uops: [u('I2')], note: 'Nano 3000: 32-bit multiply on I2 (agner-fog-microarch-2020 §17.6), 2 cycles' });
  m('mul.i64', 329, 'IMUL r64,r64', 5, 2, { uops: [u('MA', 2)] });
  F['popcnt.i32'] = row(2, 1, [u('I2')], `${c}: test 559 POPCNT r32,r32 2/1`, 'popcnt r32, r32', {
    note: 'measured on the L3050 although Agner lists no POPCNT for the Nano; port not documented: I2 is an assumption',
  });
  F['popcnt.i64'] = row(
    2,
    1,
    [u('I2')],
    `assumption: POPCNT r64 timed as r32 (${c} test 559 2/1); the r64 row is not in the archived extract`,
    'popcnt r64, r64',
    { note: 'port I2 is an assumption' },
  );
  for (const f of ['shl.i32', 'shr.i32', 'shl.i64', 'shr.i64'])
    F[f] = {
      ...F[f]!,
      uops: [u(['I1', 'I2'])],
      rthr: 0.5,
      src: 'agner-fog-microarch-2020: Table 17.1, shifts on I1 and I2 on the Nano 3000 (latency 1 as on the Nano 2000, instlatx64-cna)',
      note: 'Nano 3000: I2 also shifts',
    };
  for (const t of ['i32', 'i64'])
    F[`mov.${t}`] = {
      ...F[`mov.${t}`]!,
      uops: [u(['I1', 'I2'])],
      rthr: 0.5,
      src: 'agner-fog-microarch-2020: Table 17.1, moves on I1 and I2 on the Nano 3000',
      note: 'Nano 3000: I1 also moves',
    };
  m('add.i32x4', 1015, 'PADDD', 1, 1);
  m('add.i8x16', 1013, 'PADDB', 1, 1);
  m('add.u8x16', 1013, 'PADDB', 1, 1);
  m('mul.i16x8', 1064, 'PMULLW', 3, 1);
  F['mul.i32x4'] = row(3, 1, [u('MA')], `${c}: test 1065 PMULLD 3/1`, 'pmulld xmm, xmm', { note: 'SSE4.1 on the Nano 3000; Agner: MA 3/1' });
  for (const [t, mx, mn] of [
    ['i8x16', 'pmaxsb', 'pminsb'],
    ['i32x4', 'pmaxsd', 'pminsd'],
  ] as const) {
    const src = 'assumption: SSE4.1 integer max/min timed as the SSE2 PMAXSW/PMINSW (instlatx64-cna tests 1456, 1468: MB 1/1); no Nano 3000 row archived';
    F[`max.${t}`] = row(1, 1, [u('MB')], src, `${mx} xmm, xmm`);
    F[`min.${t}`] = row(1, 1, [u('MB')], src, `${mn} xmm, xmm`);
  }
  m('dot.i16x8', 1069, 'PMADDWD', 4, 2);
  m('dot.u8x16', 1068, 'PMADDUBSW', 10, 8);
  m('sad.u8x16', 1142, 'PSADBW', 2, 1);
  m('abs.i32x4', 1159, 'PABSD', 1, 1);
  for (const f of Object.keys(F)) {
    if (f.startsWith('load.')) {
      const gpr = f === 'load.i32' || f === 'load.i64';
      F[f] = {
        ...F[f]!,
        rthr: 1.33,
        src: gpr
          ? `${c}: test 26 MOV r32,[m32] 4/1.33`
          : `assumption: load-to-use latency 4 taken from the GPR load (${c} test 26); rthr 1.33 measured (test 805 MOVUPS xmm,[m128])`,
        note: 'one load per cycle on LD; measured rthr 1.33 includes test overhead',
      };
    }
    if (f.startsWith('store.'))
      F[f] = {
        ...F[f]!,
        rthr: 1.67,
        src: `${c}: test 806 MOVUPS [m128],xmm rthr 1.67`,
        note: 'SA + ST µops; measured rthr 1.67 while the µops allow one store per cycle; latency 1 is an assumption (no register result)',
      };
    if (f.startsWith('bcast.'))
      F[f] = {
        ...F[f]!,
        rthr: 1.33,
        src: `assumption: composite of a scalar load (${c} test 26: 4 c, rthr 1.33) and one shuffle on MB (1/1 as on the Nano 2000)`,
        note: 'composite broadcast load: load + shuffle, latency 4 + 1; rthr = the measured load rthr 1.33',
      };
  }
  return F;
}

function nano3000(): ProfileFile {
  const p = nano2000();
  return {
    ...p,
    name: 'via-nano-3000',
    description:
      "VIA Nano 3000 series (L3050 prerelease, Isaiah CNB core): InstLatX64 measurements where the archived extract has them, Agner Fog's Nano 3000 rows otherwise, Nano 2000 values as marked assumptions for the rest.",
    identity: {
      ...p.identity,
      model: 'VIA Nano L3050 @1.8 GHz',
      microarchitecture: 'Isaiah (CNB)',
      clockGHz: { value: 1.8, source: 'instlatx64-cnb: header "VIA Nano L3050@1800MHz" (1799.90 MHz)' },
    },
    machine: { ...p.machine, loadLatency: { value: 4, source: 'instlatx64-cnb: test 26 MOV r32,[m32] latency 4' } },
    ports: {
      ...p.ports,
      I1: 'integer ALU: add, Boolean, shift, rotate, move (Nano 3000)',
      I2: 'integer ALU: add, Boolean, move, jump, shift, 32-bit multiply (Nano 3000)',
      MA: 'media A: FP/SIMD and 64-bit integer multiply, divide, square root',
    },
    forms: Object.fromEntries(Object.entries(nano3000Forms()).map(([k, r]) => [k, toForm(r)])),
    absent: nanoAbsent(
      ['ssse3', 'sse41', 'popcnt'],
      'Nano 3000',
      (what) => `agner-fog-microarch-2020: §17.6 lists SSE4.1 (and instlatx64-cnb POPCNT) as what the Nano 3000 adds to the Nano 2000, not ${what}`,
    ),
    memory: [
      {
        level: 'L1D',
        sizeBytes: { value: null, note: 'the archived Nano 3000 MemLatX64 figures quote latencies only' },
        latencyCycles: { value: 4, source: 'instlatx64-cnb-memlat: L1 4 cycles' },
        bytesPerCycle: { value: null, note: 'no archived source gives L1 bandwidth' },
      },
      {
        level: 'L2',
        sizeBytes: { value: null, note: 'not in the archived excerpt' },
        latencyCycles: { value: 20, source: 'instlatx64-cnb-memlat: L2 ≈20 cycles' },
        bytesPerCycle: { value: null, note: 'no archived source gives L2 bandwidth' },
      },
      {
        level: 'DRAM',
        sizeBytes: { value: null, note: 'main memory; size not a property of the CPU' },
        latencyCycles: {
          value: 250,
          min: 43,
          max: 250,
          source: 'instlatx64-cnb-memlat: ≈250 cycles at large strides; 43 at 64 B stride (probably hardware prefetch)',
        },
        bytesPerCycle: { value: null, note: 'no archived source gives DRAM bandwidth' },
      },
    ],
    notes: [
      'Same port model as via-nano-2000 (FADD = the MBfadd sub-unit of MB as a port of its own). Differences to the Nano 2000 (agner-fog-microarch-2020 §17.6, instlatx64-cnb): 32-bit IMUL on I2 in 2 cycles, SSE4.1 (PMULLD 3/1), POPCNT measured 2/1, DIVSS 13, ANDPS two per cycle.',
      'The archived Nano 3000 extract has ~30 rows; forms without a Nano 3000 row (measured or Agner) carry the Nano 2000 value with an `assumption:` source. The L3050 was a prerelease sample (agner-fog-instr-2021).',
      'Reorder buffer and scheduler sizes are unknown (value null), as for the Nano 2000.',
    ],
  };
}

const OUT = fileURLToPath(new URL('../../cpu-profiles/', import.meta.url));

export function buildViaNanoProfiles(): ProfileFile[] {
  return [nano2000(), nano3000()];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const p of buildViaNanoProfiles()) {
    const file = `${OUT}${p.name}.json`;
    validateProfile(p, file);
    writeFileSync(file, `${JSON.stringify(p, null, 2)}\n`);
    console.log(`wrote ${file} (${Object.keys(p.forms).length} forms)`);
  }
}
