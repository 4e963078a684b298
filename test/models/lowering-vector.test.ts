import { describe, expect, it } from 'vitest';
import { AddersimError, countForms, countLaneOps, ELEMENT_BITS, ELEMENT_TYPES, OPS, type Kernel, type Program, type TargetCaps } from '../../src/isa/index.ts';
import { parseGraphFile } from '../../src/models/graph-file.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { accumulatorsToCover, lower } from '../../src/models/lowering/index.ts';
import { graphMacs } from '../../src/models/macs.ts';
import { inferShapes } from '../../src/models/shapes.ts';
import { applyVariant, VARIANTS } from '../../src/models/variants.ts';
import { loadProfile, targetCaps } from '../../src/sim/profile/loader.ts';

/** Every op × element type at every lane count up to `vectorBits`, minus the forms matching `drop`. */
function caps(name: string, vectorBits: number, drop?: RegExp): TargetCaps {
  const forms = new Set<string>();
  for (const o of OPS)
    for (const t of ELEMENT_TYPES) {
      forms.add(`${o}.${t}`);
      for (let l = 2; l * ELEMENT_BITS[t] <= vectorBits; l *= 2) forms.add(`${o}.${t}x${l}`);
    }
  return { name, isa: 'x86', vectorBits, forms: new Set([...forms].filter((f) => !drop?.test(f))) };
}

const AVX2_FMA = caps('avx2', 256, /^(dot\.i8x|popcnt\.i(8|64)x)/); // no VPDPBUSD, no vector popcount
const SSE_NOFMA = caps('sse', 128, /^(fma|dot\.i8x|popcnt)/);
const AVX512 = caps('avx512', 512);

const conv = (kind: 'mul' | 'adder') => (kind === 'mul' ? ['conv2d', 'linear'] : ['adder2d', 'adderlinear']);
const dotKernels = (p: Program, kind: 'mul' | 'adder'): Kernel[] => p.kernels.filter((k) => conv(kind).includes(k.layerKind!));
const lanes = (ks: Kernel[], pick: (form: string) => boolean): number => {
  let n = 0;
  for (const k of ks) for (const [f, c] of countForms(k.body)) if (pick(f)) n += c * Number(/x(\d+)$/.exec(f)?.[1] ?? 1);
  return n;
};

const tiny = (layers: unknown[], shape: number[]) =>
  inferShapes(parseGraphFile({ schema: 'addersim/graph@1', name: 'tiny', input: { shape }, layers }, 'tiny.json'), 'tiny.json');

describe('simd lowering', () => {
  it('hand case: conv 1→10 channels 3×3 on 1×3×6, 8 lanes, 4 accumulators', () => {
    // outputs 10×1×4, K = 9: one 8-channel block, 4 positions → 1 group of 4; 2 channels left scalar.
    const g = tiny([{ name: 'c', kind: 'conv2d', outChannels: 10, kernel: [3, 3] }], [1, 3, 6]);
    const p = lower(g, { lowering: 'simd', accumulators: 4 }, AVX2_FMA);
    expect(Object.fromEntries(countForms(p.kernels[0]!.body))).toEqual({
      'load.f32x8': 9,
      'bcast.f32x8': 36,
      'fma.f32x8': 36,
      'store.f32x8': 4,
      'load.f32': 2 * 2 * 4 * 9,
      'mul.f32': 2 * 4 * 9,
      'add.f32': 2 * 4 * 8,
      'store.f32': 8, // scalar remainder: K−1 adds
    });
    // 3 accumulators: 1 group of 3 positions + a remainder group of 1
    const q = lower(g, { lowering: 'simd', accumulators: 3 }, AVX2_FMA);
    expect(countForms(q.kernels[0]!.body).get('fma.f32x8')).toBe(36);
    expect(countForms(q.kernels[0]!.body).get('load.f32x8')).toBe(18);
  });
  it('AdderNet: sub, abs, add per vector term; no FMA target: mul + add', () => {
    const g = tiny([{ name: 'c', kind: 'conv2d', outChannels: 8, kernel: [3, 3] }], [1, 3, 6]);
    const a = lower(applyVariant(g, 'adder', 'all'), { lowering: 'simd', accumulators: 2 }, SSE_NOFMA);
    expect(Object.fromEntries(countForms(a.kernels[0]!.body))).toEqual({
      'load.f32x4': 2 * 2 * 9,
      'bcast.f32x4': 2 * 4 * 9,
      'sub.f32x4': 72,
      'abs.f32x4': 72,
      'add.f32x4': 72,
      'neg.f32x4': 8,
      'store.f32x4': 8,
    });
    const m = lower(g, { lowering: 'simd', accumulators: 2 }, SSE_NOFMA);
    expect(countForms(m.kernels[0]!.body).get('mul.f32x4')).toBe(72);
    expect(countForms(m.kernels[0]!.body).get('fma.f32x4')).toBeUndefined();
  });
  it('a 1×1-map classifier conv (resnet20 fc, 64→10) is lowered like FC: one x broadcast shared by A blocks', async () => {
    const { graph } = await loadModel('resnet20');
    const fc = lower(graph, { lowering: 'simd', accumulators: 2 }, SSE_NOFMA).kernels.find((k) => k.layer === 'fc')!;
    expect(Object.fromEntries(countForms(fc.body))).toMatchObject({ 'bcast.f32x4': 64, 'load.f32x4': 128, 'mul.f32x4': 128, 'mul.f32': 128 });
  });
  it('fewer channels than lanes (lenet5-bn conv1, 6 channels at 28×28): vectorised over positions', async () => {
    const { graph } = await loadModel('lenet5-bn');
    const c = countForms(lower(graph, { lowering: 'simd', accumulators: 3 }, AVX2_FMA).kernels[0]!.body);
    // 28 rows × 3 vectors of 8 positions × 2 groups of 3 channels × 25 terms; 4 positions per row scalar
    expect(c.get('fma.f32x8')).toBe(28 * 3 * 6 * 25);
    expect(c.get('load.f32x8')).toBe(28 * 3 * 2 * 25);
    expect(c.get('mul.f32')).toBe(6 * 28 * 4 * 25);
    expect(c.get('fma.f32x8')! * 8 + c.get('mul.f32')!).toBe(117_600);
  });
  it('accumulatorsToCover = ⌈latency / reciprocal throughput⌉', () => {
    expect(accumulatorsToCover(4, 0.5)).toBe(8);
    expect(accumulatorsToCover(3, 1)).toBe(3);
    expect(accumulatorsToCover(2, 1)).toBe(2);
    expect(accumulatorsToCover(40, 0.5)).toBe(16);
  });
  it('a target without vectors lowers scalar and says so', () => {
    const g = tiny([{ name: 'c', kind: 'conv2d', outChannels: 8, kernel: [3, 3] }], [1, 3, 6]);
    const p = lower(g, { lowering: 'simd' }, caps('mcu', 0));
    expect(countForms(p.kernels[0]!.body).get('mul.f32')).toBe(8 * 4 * 9);
    expect(p.notes[0]).toMatch(/no vector forms/);
  });
  it('a missing vector form is UNKNOWN_FORM naming form and profile', () => {
    const g = applyVariant(tiny([{ name: 'c', kind: 'conv2d', outChannels: 8, kernel: [3, 3] }], [1, 3, 6]), 'adder', 'all');
    let e: unknown;
    try {
      lower(g, { lowering: 'simd' }, caps('noabs', 256, /^abs\.f32x/));
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(AddersimError);
    expect((e as AddersimError).message).toMatch(/layer c \(adder2d\): form abs\.f32x8 is not in profile noabs/);
  });
});

describe('every lowering accounts for every MAC-equivalent (resnet20, resnet18)', () => {
  for (const model of ['resnet20', 'resnet18']) {
    for (const target of [AVX2_FMA, SSE_NOFMA, AVX512]) {
      it(`${model} on ${target.name}: scalar and simd exact, int8 exact plus its reported padding`, async () => {
        const { graph } = await loadModel(model);
        const macs = graphMacs(graph);
        for (const low of ['scalar', 'simd'] as const) {
          const cnn = lower(graph, { lowering: low }, target);
          expect(lanes(dotKernels(cnn, 'mul'), (f) => /^(fma|mul)\./.test(f))).toBe(macs);
          const adder = lower(applyVariant(graph, 'adder', 'all'), { lowering: low }, target);
          expect(lanes(dotKernels(adder, 'adder'), (f) => f.startsWith('sub.'))).toBe(macs);
          expect(lanes(dotKernels(adder, 'adder'), (f) => f.startsWith('abs.'))).toBe(macs);
        }
        for (const v of ['cnn', 'adder'] as const) {
          const p = lower(applyVariant(graph, v, 'all'), { lowering: 'int8' }, target);
          const pad = Number((/int8: ([\d,]+) zero-padding/.exec(p.notes.join('\n'))?.[1] ?? '0').replaceAll(',', '')); // grouped: 81,920
          const counted =
            v === 'cnn' ? lanes(dotKernels(p, 'mul'), (f) => /^dot\.(i8|u8)x/.test(f)) : lanes(dotKernels(p, 'adder'), (f) => f.startsWith('sad.'));
          expect(counted).toBe(macs + pad);
          // only the first conv (K = 3·3·3 = 27 or 3·7·7 = 147) is not a multiple of 16 bytes
          const first = graph.layers.find((l) => l.kind === 'conv2d')!;
          const k = first.inShapes[0]![0]! * first.kernel[0] * first.kernel[1];
          const outs = first.outShape.reduce((a, d) => a * d, 1);
          expect(pad).toBe((16 - (k % 16)) * outs);
        }
      });
    }
  }
});

describe('int8 and binary forms by target', () => {
  it('VIA Nano 2000: PMADDUBSW chain for the CNN, PSADBW for the AdderNet, SWAR + PSADBW popcount for the BNN', async () => {
    const nano = targetCaps(await loadProfile('via-nano-2000'));
    const { graph } = await loadModel('resnet20');
    const cnn = countLaneOps(lower(graph, { lowering: 'int8' }, nano).kernels.flatMap((k) => k.body));
    expect(cnn.get('dot')).toBeGreaterThan(0);
    const adder = lower(applyVariant(graph, 'adder', 'inner'), { lowering: 'int8' }, nano);
    const byForm = new Map<string, number>();
    for (const k of adder.kernels) for (const [f, n] of countForms(k.body)) byForm.set(f, (byForm.get(f) ?? 0) + n);
    expect(byForm.get('sad.u8x16')! * 16).toBe(40_370_176);
    const bnn = lower(applyVariant(graph, 'bnn', 'inner'), { lowering: 'simd' }, nano);
    expect(bnn.kernels.some((k) => countForms(k.body).has('xnor.i64x2'))).toBe(true);
  });
  it('VPDPBUSD where present (avx512 target) and no PMADDUBSW then', () => {
    const g = tiny([{ name: 'c', kind: 'conv2d', outChannels: 4, kernel: [4, 4] }], [8, 4, 4]);
    // K = 8·16 = 128 bytes: two 64-byte blocks per output, 4 outputs
    const c = countForms(lower(g, { lowering: 'int8' }, AVX512).kernels[0]!.body);
    expect(c.get('dot.i8x64')).toBe(8);
    expect(c.get('dot.u8x64')).toBeUndefined();
  });
  it('every variant of every zoo model lowers on the VIA Nano 2000 with every lowering', async () => {
    const nano = targetCaps(await loadProfile('via-nano-2000'));
    for (const name of ['lenet5-bn', 'vgg-small', 'resnet20', 'resnet50']) {
      const { graph } = await loadModel(name);
      for (const v of VARIANTS)
        for (const low of ['paper', 'scalar', 'simd', 'int8'] as const) {
          expect(lower(applyVariant(graph, v, 'inner'), { lowering: low }, nano).kernels.length).toBeGreaterThan(0);
        }
    }
  });
});
