// A layer kernel (loop nest) as one x86 function: addresses, pointer steps, unrolling, registers by live
// range, the loop-control count and the in-bounds check, on kernels small enough to check by hand; then the
// layouts of ResNet-20's layers (strides from the layer's shapes) and every layer of both lowerings in bounds.

import { describe, expect, it } from 'vitest';
import { instr, loop, type Kernel } from '../../src/isa/kernel.ts';
import { scalar, vector } from '../../src/isa/forms.ts';
import { InternalError } from '../../src/isa/errors.ts';
import { buildLayer, convNhwc, emitLayerFunction, streams, unrollFactor, type AccessSpec, type Addressing } from '../../src/measure/index.ts';
import { loadModel, applyVariant } from '../../src/models/index.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { lowerFor } from '../../src/whatif/evaluate.ts';
import { summarise } from '../../src/cli/commands/measure-model.ts';
import type { NetworkMeasurement } from '../../src/measure/network.ts';

const f32x8 = vector('f32', 8);

/** a×3 [ k×4 [ w = load; x = bcast; acc = fma x, w, acc ] ]; store acc — w steps 32 B per k, x 4 B per k and 16 B per a. */
const small: Kernel = {
  name: 'small',
  body: [
    loop('a', 3, [
      loop('k', 4, [instr('load', f32x8, 'w'), instr('bcast', f32x8, 'x'), instr('fma', f32x8, 'acc', ['x', 'w', 'acc'])]),
      instr('store', f32x8, undefined, ['acc']),
    ]),
  ],
};

function hand(): Addressing {
  return {
    kind: 'hand',
    access(s): AccessSpec {
      if (s.op === 'load') return { array: 'w', offset: 0, strides: { k: 32 } };
      if (s.op === 'bcast') return { array: 'x', offset: 0, strides: { a: 16, k: 4 } };
      return { array: 'y', offset: 0, strides: { a: 32 } };
    },
    arrays: () => [
      { name: 'w', bytes: 4 * 32, type: scalar('f32') },
      { name: 'x', bytes: 3 * 16, type: scalar('f32') },
      { name: 'y', bytes: 3 * 32, type: scalar('f32') },
    ],
  };
}

describe('a loop nest as one function', () => {
  it('unrolls the k loop whole (4 × 3 instructions): copy u reads w at 32u and x at 4u; the a loop steps x by 16 and y by 32, then rewinds', () => {
    const f = emitLayerFunction(small, hand(), 'f');
    const text = f.lines.join('\n');
    // pointers: the last general registers, one per buffer in order w, x, y
    expect(text).toContain('vmovups 0(%r15), %ymm');
    expect(text).toContain('vmovups 96(%r15), %ymm');
    expect(text).toContain('vbroadcastss 12(%r14), %ymm');
    expect(text).toMatch(/vmovups %ymm\d+, 0\(%r13\)/);
    expect(text).toContain('add $16, %r14');
    expect(text).toContain('add $32, %r13');
    expect(text).toContain('add $-48, %r14'); // 3 trips × 16
    expect(text).toContain('add $-96, %r13');
    expect(text.match(/vfmadd231ps/g)).toHaveLength(4);
    // executed: (4 × 3 + 1) × 3 = 39 kernel instructions; loop control: 1 counter set, per trip 2 steps + dec + jnz = 4 × 3, 2 rewinds
    expect(f.executed).toEqual({ kernel: 39, loopControl: 1 + 12 + 2 });
    // acc is read before written (a live-in, loaded at entry); w and x are temporaries
    expect(f.vecLiveIn.map((r) => r.name)).toEqual(['acc']);
    expect(f.reached).toEqual(
      new Map([
        ['w', 3 * 32 + 32],
        ['x', 2 * 16 + 3 * 4 + 4],
        ['y', 2 * 32 + 32],
      ]),
    );
  });
  it('an address past a buffer (beyond the 64-byte slack) is an internal error, never a silent overrun', () => {
    const short: Addressing = {
      ...hand(),
      arrays: () =>
        hand()
          .arrays()
          .map((a) => (a.name === 'x' ? { ...a, bytes: 0 } : a)),
    };
    expect(() => emitLayerFunction(small, { ...hand(), arrays: short.arrays }, 'f')).not.toThrow(); // 48 B reached ≤ 0 + 64
    const tiny: Addressing = { ...hand(), access: (s, l) => (s.op === 'bcast' ? { array: 'x', offset: 100, strides: { a: 16, k: 4 } } : hand().access(s, l)) };
    expect(() => emitLayerFunction(small, tiny, 'f')).toThrow(InternalError);
  });
  it('a temporary holds a register only while live (across sibling nests too); more live values than 16 ymm is a LIMIT error', () => {
    const body = (n: number) =>
      Array.from({ length: 8 }, (_, a) => [instr('load', f32x8, `t${a}`), instr('add', f32x8, `acc${a}_${n}`, [`acc${a}_${n}`, `t${a}`])]).flat();
    const k: Kernel = { name: 'siblings', body: [loop('i', 4, body(0)), loop('j', 4, body(1))] };
    // live-ins acc*_0 and acc*_1 (16) are live from entry; the 8 temporaries need more: more than 16 ymm at once
    const one: Addressing = {
      kind: 'one buffer',
      access: (s) => ({ array: 'm', offset: 32 * Number(s.dst!.slice(1)), strides: {} }),
      arrays: () => [{ name: 'm', bytes: 8 * 32, type: scalar('f32') }],
    };
    expect(() => emitLayerFunction(k, one, 'f')).toThrow(/more vector registers/);
    expect(() => emitLayerFunction(k, streams(), 'f')).toThrow(/16 buffers: more pointers than general registers/);
    const k2: Kernel = { name: 'siblings2', body: [loop('i', 4, body(0).slice(0, 8)), loop('j', 4, body(0).slice(0, 8))] };
    const f = emitLayerFunction(k2, one, 'f');
    // acc0_0..acc3_0 live from entry (4 registers) + 1 register that t0..t3 of both nests take in turn
    // (each is dead after its add): a name is not a register for the whole kernel
    expect(new Set(f.lines.join('\n').match(/%ymm\d+/g)).size).toBe(5);
  });
  it('unroll factor: whole when trip × body ≤ 512, else a divisor of the trip near 256 / body', () => {
    expect(unrollFactor(16, 17)).toBe(16); // 272 instructions
    expect(unrollFactor(144, 17)).toBe(12); // ⌊256/17⌋ = 15; 144 = 12 × 12
    expect(unrollFactor(1031, 3)).toBe(85); // prime trip: ⌊256/3⌋ copies and a remainder
  });
});

describe("ResNet-20's layers over their real buffers", async () => {
  const zen3 = loadProfile('amd-zen3');
  const { graph } = await loadModel('resnet20');
  it('layer1.0.conv1 (3×3, 16→16, 32×32, pad 1): NHWC strides from the shapes', () => {
    const e = lowerFor(graph, zen3, { variant: 'cnn', lowering: 'simd' });
    const k = e.program.kernels.find((x) => x.layer === 'layer1.0.conv1')!;
    const layer = graph.layers.find((l) => l.name === 'layer1.0.conv1')!;
    const a = convNhwc(layer, k);
    // padded row 34 pixels × 16 channels × 4 B = 2176 B; 8 accumulators = 8 output columns
    expect(a.split!({ name: 'k', trip: 144 }, [])).toEqual([
      { name: 'kh', trip: 3 },
      { name: 'kw', trip: 3 },
      { name: 'ic', trip: 16 },
    ]);
    const nest = [
      { name: 'ocb', trip: 2 },
      { name: 'oh', trip: 32 },
      { name: 'owb', trip: 4 },
      { name: 'kh', trip: 3 },
      { name: 'kw', trip: 3 },
      { name: 'ic', trip: 16 },
    ];
    const x = a.access(instr('bcast', f32x8, 'x3'), nest);
    expect(x).toEqual({ array: 'x', offset: 3 * 64, strides: { oh: 2176, owb: 8 * 64, kh: 2176, kw: 64, ic: 4 } });
    expect(a.arrays().map((b) => [b.name, b.bytes])).toEqual([
      ['x', 34 * 34 * 16 * 4],
      ['w', 3 * 3 * 16 * 16 * 4],
      ['y', 32 * 32 * 16 * 4],
    ]);
  });
  it('every layer of both lowerings, both variants, builds with its layout (no fallback) and stays inside its buffers', () => {
    for (const lowering of ['simd', 'int8'] as const)
      for (const variant of ['cnn', 'adder'] as const) {
        const e = lowerFor(graph, zen3, { variant, lowering });
        const g = applyVariant(graph, variant, e.convert);
        for (const k of e.program.kernels) {
          const b = buildLayer(
            k,
            g.layers.find((l) => l.name === k.layer),
            lowering,
            'f',
          );
          expect(b.fallback, `${lowering} ${variant} ${k.layer}`).toBeUndefined();
          // the classifier (a conv on a 1×1 map) is lowered like FC under simd: its loads stream
          if ((k.layerKind === 'conv2d' || k.layerKind === 'adder2d') && !(lowering === 'simd' && k.layer === 'fc'))
            expect(b.addressing, `${lowering} ${variant} ${k.layer}`).toBe(lowering === 'simd' ? 'conv NHWC' : 'NHWC bytes');
          for (const arr of b.fn.arrays) expect(b.fn.reached.get(arr.name)!).toBeLessThanOrEqual(arr.bytes + 64);
        }
      }
  });
});

describe('summary of measured runs', () => {
  const run = (variant: string, layers: [string, number, number][]): NetworkMeasurement =>
    ({
      variant,
      layers: layers.map(([kind, m, p]) => ({ kind, measuredCycles: m, predictedCycles: p, error: (p - m) / m })),
      totals: { measuredCycles: layers.reduce((a, l) => a + l[1], 0), predictedCycles: layers.reduce((a, l) => a + l[2], 0), error: 0 },
    }) as unknown as NetworkMeasurement;
  it('ratio = AdderNet total / CNN total, measured and predicted; conv layers within 15% counted', () => {
    // CNN 100 + 10 measured, 110 + 10 predicted; AdderNet 200 + 10 measured, 180 + 10 predicted
    const s = summarise([
      run('cnn', [
        ['conv2d', 100, 110],
        ['relu', 10, 10],
      ]),
      run('adder', [
        ['adder2d', 200, 180],
        ['relu', 10, 10],
      ]),
    ]);
    expect(s.ratio!.measured).toBeCloseTo(210 / 110, 12);
    expect(s.ratio!.predicted).toBeCloseTo(190 / 120, 12);
    expect(s.ratio!.error).toBeCloseTo(190 / 120 / (210 / 110) - 1, 12);
    expect(s.convLayers).toEqual({ within: 2, total: 2 }); // +10% and −10%
  });
});
