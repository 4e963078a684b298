// Properties over random conv / FC layers: every lowering accounts for the layer's MACs, and the
// exact op table agrees with the scalar loop nest on the arithmetic both describe.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countForms, ELEMENT_BITS, ELEMENT_TYPES, OPS, type TargetCaps } from '../../src/isa/index.ts';
import { parseGraphFile } from '../../src/models/graph-file.ts';
import { lower } from '../../src/models/lowering/index.ts';
import { layerMacs, outputs } from '../../src/models/macs.ts';
import { opTable } from '../../src/models/op-table.ts';
import { inferShapes } from '../../src/models/shapes.ts';
import { applyVariant } from '../../src/models/variants.ts';

function caps(vectorBits: number): TargetCaps {
  const forms = new Set<string>();
  for (const o of OPS)
    for (const t of ELEMENT_TYPES) {
      forms.add(`${o}.${t}`);
      for (let l = 2; l * ELEMENT_BITS[t] <= vectorBits; l *= 2) forms.add(`${o}.${t}x${l}`);
    }
  return { name: `v${vectorBits}`, isa: 'x86', vectorBits, forms };
}

const convArb = fc.record({
  groups: fc.integer({ min: 1, max: 3 }),
  cinPer: fc.integer({ min: 1, max: 5 }),
  coutPer: fc.integer({ min: 1, max: 13 }),
  k: fc.integer({ min: 1, max: 4 }),
  stride: fc.integer({ min: 1, max: 3 }),
  pad: fc.integer({ min: 0, max: 2 }),
  h: fc.integer({ min: 4, max: 9 }),
  w: fc.integer({ min: 4, max: 9 }),
  bias: fc.boolean(),
  linear: fc.boolean(),
  vectorBits: fc.constantFrom(128, 256, 512),
  accumulators: fc.integer({ min: 1, max: 6 }),
});

type P = typeof convArb extends fc.Arbitrary<infer T> ? T : never;

function graphOf(p: P) {
  const cin = p.cinPer * p.groups;
  const layers = p.linear
    ? [
        { name: 'f', kind: 'flatten' },
        { name: 'l', kind: 'linear', outFeatures: p.coutPer * p.groups, bias: p.bias },
      ]
    : [
        {
          name: 'l',
          kind: 'conv2d',
          outChannels: p.coutPer * p.groups,
          kernel: [p.k, p.k],
          stride: [p.stride, p.stride],
          padding: [p.pad, p.pad],
          groups: p.groups,
          bias: p.bias,
        },
      ];
  return inferShapes(parseGraphFile({ schema: 'addersim/graph@1', name: 'p', input: { shape: [cin, p.h, p.w] }, layers }, 'p.json'));
}

const laneSum = (m: ReadonlyMap<string, number>, re: RegExp) =>
  [...m].filter(([f]) => re.test(f)).reduce((a, [f, n]) => a + n * Number(/x(\d+)$/.exec(f)?.[1] ?? 1), 0);

describe('lowering properties (random conv and FC layers)', () => {
  it('scalar and simd multiply exactly MACs times; adder subtracts and takes |·| exactly MACs times', () => {
    fc.assert(
      fc.property(convArb, (p) => {
        const g = graphOf(p);
        const l = g.layers.at(-1)!;
        const macs = layerMacs(l);
        const target = caps(p.vectorBits);
        for (const low of ['scalar', 'simd'] as const) {
          const cnn = countForms(lower(g, { lowering: low, accumulators: p.accumulators }, target).kernels.at(-1)!.body);
          expect(laneSum(cnn, /^(fma|mul)\./)).toBe(macs);
          const adder = countForms(lower(applyVariant(g, 'adder', 'all'), { lowering: low, accumulators: p.accumulators }, target).kernels.at(-1)!.body);
          expect(laneSum(adder, /^sub\./)).toBe(macs);
          expect(laneSum(adder, /^abs\./)).toBe(macs);
          // one store per output element, whatever the blocking
          expect(laneSum(cnn, /^store\./)).toBe(outputs(l));
        }
      }),
      { numRuns: 150, seed: 20260 },
    );
  });
  it('exact op table = scalar nest: K mul and K−1 (+bias) adds per output (the first term starts the accumulator)', () => {
    fc.assert(
      fc.property(convArb, (p) => {
        const g = graphOf(p);
        const l = g.layers.at(-1)!;
        const t = opTable(g, 'exact').layers.at(-1)!.counts;
        const c = countForms(lower(g, { lowering: 'scalar' }, caps(0)).kernels.at(-1)!.body);
        expect(c.get('mul.f32')).toBe(t.mul);
        expect(c.get('add.f32') ?? 0).toBe(t.add ?? 0);
      }),
      { numRuns: 150, seed: 20261 },
    );
  });
  it('int8: sad / dot lanes = MACs + zero padding < 16 bytes per output', () => {
    fc.assert(
      fc.property(convArb, (p) => {
        const g = graphOf(p);
        const l = g.layers.at(-1)!;
        const macs = layerMacs(l);
        for (const v of ['cnn', 'adder'] as const) {
          const prog = lower(applyVariant(g, v, 'all'), { lowering: 'int8' }, caps(p.vectorBits));
          const counted = laneSum(countForms(prog.kernels.at(-1)!.body), v === 'cnn' ? /^dot\.i8x/ : /^sad\./);
          const pad = counted - macs;
          expect(pad).toBeGreaterThanOrEqual(0);
          expect(pad).toBeLessThan(16 * outputs(l));
          expect(pad % outputs(l)).toBe(0);
        }
      }),
      { numRuns: 100, seed: 20262 },
    );
  });
});
