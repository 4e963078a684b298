// `addersim measure` without running anything: host identification, the harness text, the arithmetic
// that turns raw TSC samples into core cycles per iteration (hand-checkable), and the CLI's refusals.

import { describe, expect, it } from 'vitest';
import { emitAsmBlock } from '../../src/isa/emit-asm.ts';
import { scalar, vector } from '../../src/isa/forms.ts';
import { instr, type Kernel } from '../../src/isa/kernel.ts';
import {
  analyse,
  buildHarness,
  CALIBRATION_CHAIN,
  MIN_UNROLLED_INSTRUCTIONS,
  parseCpuinfo,
  predict,
  profileForHost,
  requiredFlags,
} from '../../src/measure/index.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { caught } from '../helpers/caught.ts';

const ZEN3 = `processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu sse2 avx avx2 fma popcnt\n\nprocessor\t: 1\nvendor_id\t: AuthenticAMD\n`;

const f32x8 = vector('f32', 8);
const fma8: Kernel = { name: 'fma-2acc', body: [instr('fma', f32x8, 'acc0', ['x', 'w', 'acc0']), instr('fma', f32x8, 'acc1', ['x', 'w', 'acc1'])] };

describe('host identification', () => {
  it('reads vendor, family, model, flags and CPU count from /proc/cpuinfo and maps Zen 3 to amd-zen3', () => {
    const h = parseCpuinfo(ZEN3, 'x64');
    expect({ vendor: h.vendor, family: h.family, model: h.model, cpus: h.cpus }).toEqual({ vendor: 'AuthenticAMD', family: 25, model: 1, cpus: 2 });
    expect(h.flags.has('fma')).toBe(true);
    expect(profileForHost(h)).toBe('amd-zen3');
  });
  it('an unknown CPU or an unreadable cpuinfo is a HOST error, never a guessed profile', () => {
    expect(caught(() => profileForHost(parseCpuinfo(ZEN3.replace('cpu family\t: 25', 'cpu family\t: 99'), 'x64')))?.code).toBe('HOST');
    expect(caught(() => parseCpuinfo('processor : 0\n', 'arm64'))?.code).toBe('HOST');
  });
});

describe('harness text', () => {
  it('unrolls the emitted block to ≥ 256 instructions, loads live-in registers with 1.0, keeps a free counter', () => {
    const block = emitAsmBlock(fma8, 'x86');
    const { asm, c, plans } = buildHarness([{ name: fma8.name, block }]);
    // 2 instructions per block → 128 copies per trip
    expect(plans[0]).toMatchObject({ unroll: MIN_UNROLLED_INSTRUCTIONS / 2, asmInstructions: 2, counter: '%r15' });
    expect(asm.match(/vfmadd231ps/g)?.length).toBe(256);
    expect(block.liveIn.map((r) => r.name).sort()).toEqual(['acc0', 'acc1', 'w', 'x']);
    // 1.0f = 0x3f800000, little-endian, in every lane of every live-in vector register
    expect(c).toContain('0x00,0x00,0x80,0x3f');
    expect(asm.match(/add %rax, %rax/g)?.length).toBe(CALIBRATION_CHAIN);
    expect(requiredFlags(asm)).toEqual(expect.arrayContaining(['avx', 'fma']));
  });
  it('the counter avoids every general register the block uses', () => {
    const i64 = scalar('i64');
    const k: Kernel = {
      name: 'gpr',
      body: [instr('load', i64, 'x'), instr('xor', i64, 'x', ['x', 'w']), instr('popcnt', i64, 'p', ['x']), instr('add', i64, 'acc', ['acc', 'p'])],
    };
    const block = emitAsmBlock(k, 'x86');
    const { plans } = buildHarness([{ name: 'gpr', block }]);
    expect(block.lines.join('\n')).not.toContain(plans[0]!.counter);
    expect(block.accesses).toEqual([{ kind: 'load', offsetBytes: 0, type: i64 }]);
  });
});

describe('analysis of raw samples', () => {
  const host = parseCpuinfo(ZEN3, 'x64');
  const plan = { name: 'k', unroll: 128, asmInstructions: 2, counter: '%r15' };
  it('cycles per iteration = kernel ticks ÷ (ticks per cycle from the add chain) ÷ (trips × unroll)', () => {
    // calibration: 100 trips × 256 adds = 25,600 cycles in 19,200 ticks → 0.75 ticks per cycle
    // kernel: 1,000 trips × 128 iterations at 4 cycles = 512,000 cycles = 384,000 ticks (min), 403,200 (median)
    const out = [
      '{"what":"start","pinned":1,"cpu":1}',
      '{"what":"kernel","index":0,"trips":1000,"calibrationTrips":100,"samples":[[19200,403200],[19400,384000],[19200,403200]]}',
    ].join('\n');
    const r = analyse(host, 'amd-zen3', out, [plan], [{ cycles: 4.4 }], 1);
    expect(r.calibration.ticksPerCycle).toBe(0.75);
    expect(r.kernels[0]!.measuredCyclesPerIteration).toBe(4);
    expect(r.kernels[0]!.medianCyclesPerIteration).toBeCloseTo(4.2, 12);
    expect(r.kernels[0]!.noise).toBeCloseTo(0.05, 12);
    expect(r.kernels[0]!.error).toBeCloseTo(0.1, 12); // (4.4 − 4) / 4
    expect(r.meanAbsoluteError).toBeCloseTo(0.1, 12);
  });
  it('global calibration (layers on a busy host): the lowest ticks per cycle over all series converts every series', () => {
    // series A: calibration 19,200 ticks / 25,600 cycles = 0.75; series B: a busy host inflated it to 0.80 (20,480)
    // kernel B: 384,000 ticks / 128,000 iterations: per series 384,000 / 0.80 / 128,000 = 3.75 (too low), globally / 0.75 = 4
    const out = [
      '{"what":"start","pinned":1,"cpu":1}',
      '{"what":"kernel","index":0,"trips":1000,"calibrationTrips":100,"samples":[[19200,403200]]}',
      '{"what":"kernel","index":0,"trips":1000,"calibrationTrips":100,"samples":[[20480,384000]]}',
    ].join('\n');
    expect(analyse(host, 'amd-zen3', out, [plan], [{ cycles: 4 }], 1).kernels[0]!.measuredCyclesPerIteration).toBe(3.75);
    const g = analyse(host, 'amd-zen3', out, [plan], [{ cycles: 4 }], 1, 'global');
    expect(g.kernels[0]!.measuredCyclesPerIteration).toBe(4);
    expect(g.calibration.drift).toBeCloseTo(0.8 / 0.75 - 1, 12); // still reported: how busy the host was
  });
  it('a kernel the profile cannot run is measured with no prediction and the reason', () => {
    // vector popcount (AVX-512 VPOPCNTD) is not an instruction of Zen 3: amd-zen3 has no popcnt.i32x8
    const k: Kernel = { name: 'vpopcnt', body: [instr('popcnt', vector('i32', 8), 'y', ['x'])] };
    const p = predict(k, loadProfile('amd-zen3'));
    expect('unpredicted' in p && p.unpredicted).toMatch(/^UNKNOWN_FORM/);
  });
  it('the steady-state prediction cancels fill and drain: FMA 8 chains of latency 4 at 2 per cycle → 4.0', () => {
    const body = Array.from({ length: 8 }, (_, i) => instr('fma', f32x8, `a${i}`, ['x', 'w', `a${i}`]));
    expect(predict({ name: 'fma8', body }, loadProfile('amd-zen3'))).toEqual({ cycles: 4 });
  });
});
