// `addersim calibrate` without running anything: the microbenchmark kernels per form, and which
// measured figures become profile numbers (hand-checkable cases).

import { describe, expect, it } from 'vitest';
import { emitAsmBlock } from '../../src/isa/emit-asm.ts';
import { formName } from '../../src/isa/forms.ts';
import { calibrationKernels, extension, THROUGHPUT_COPIES, type FormFigures } from '../../src/measure/index.ts';
import { deriveProfile, loadProfile } from '../../src/sim/profile/loader.ts';

const zen3 = loadProfile('amd-zen3');
const fig = (form: string, chainCycles: number, throughputCycles: number): FormFigures => ({
  form,
  chainCycles,
  throughputCycles,
  profileLatency: zen3.forms[form]!.latency,
  profileRthroughput: zen3.forms[form]!.rthroughput,
});

describe('calibration kernels', () => {
  it('a chain through the destination and 10 independent copies; general-register ops as independent chains (no copies)', () => {
    const add = calibrationKernels('add.f32x8');
    expect(emitAsmBlock(add.chain, 'x86').lines).toHaveLength(1);
    expect(add.throughput.body).toHaveLength(THROUGHPUT_COPIES);
    const sub = calibrationKernels('sub.i64');
    // y_k = sub y_k, w: destructive form, so the emitter adds no mov
    expect(emitAsmBlock(sub.throughput, 'x86').lines).toHaveLength(THROUGHPUT_COPIES);
    const mov = calibrationKernels('mov.i64');
    expect(mov.chain.body.map((s) => (s.kind === 'instr' ? formName(s) : ''))).toEqual(['mov.i64', 'mov.i64']);
  });
});

describe('measured figures → extends profile', () => {
  const SRC = 'measured: test cpu, 2026-12-03, addersim calibrate';
  it('agreeing figures change nothing', () => {
    expect(extension(zen3, [fig('add.f32x8', 3.002, 0.501)], SRC)).toEqual({ extends: 'amd-zen3', forms: {} });
  });
  it('a chain that rounds to another latency changes the latency, citing the measurement', () => {
    const e = extension(zen3, [fig('mul.f32x8', 4.01, 0.5)], SRC) as { forms: Record<string, { latency: number; source: string }> };
    expect(e.forms['mul.f32x8']!.latency).toBe(4);
    expect(e.forms['mul.f32x8']!.source).toMatch(/^measured: test cpu, 2026-12-03, addersim calibrate: chain 4.01/);
  });
  it('a single-µop throughput becomes busy cycles on the same ports: 1.0 per instruction on FP0|FP1 → 2 cycles', () => {
    // fma.f32x8 on amd-zen3 is one µop on FP0|FP1 for 1 cycle (0.5); measuring 1.0 means 2 busy cycles
    const e = extension(zen3, [fig('fma.f32x8', 4, 1.0)], SRC) as { forms: Record<string, { rthroughput: number; uops: unknown }> };
    expect(e.forms['fma.f32x8']).toMatchObject({ rthroughput: 1, uops: [{ ports: ['FP0', 'FP1'], cycles: 2 }] });
    // and the result validates as a profile
    expect(deriveProfile(zen3, { name: 'cal', forms: e.forms }).forms['fma.f32x8']!.rthroughput).toBe(1);
  });
  it('a throughput the µops cannot express keeps the µops and says so in a note', () => {
    const e = extension(zen3, [fig('add.i32x8', 1, 0.33)], SRC) as { forms: Record<string, { note: string; uops?: unknown }> };
    expect(e.forms['add.i32x8']!.uops).toBeUndefined();
    expect(e.forms['add.i32x8']!.note).toMatch(/0\.33 cycles each/);
  });
});
