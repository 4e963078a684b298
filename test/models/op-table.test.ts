import { describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { parseGraphFile } from '../../src/models/graph-file.ts';
import { opTable } from '../../src/models/op-table.ts';
import { inferShapes } from '../../src/models/shapes.ts';
import { applyVariant, VARIANTS } from '../../src/models/variants.ts';
import { ZOO_NAMES, zooModel } from '../../src/models/zoo/index.ts';

const shaped = (name: string) => inferShapes(zooModel(name));

describe('variants', () => {
  it('inner keeps the first conv and the classifier multiplicative (resnet20: 1×1 conv fc)', () => {
    const g = applyVariant(zooModel('resnet20'), 'adder', 'inner');
    const kinds = new Map(g.layers.map((l) => [l.name, l.kind]));
    expect(kinds.get('conv1')).toBe('conv2d');
    expect(kinds.get('fc')).toBe('conv2d');
    expect(kinds.get('layer1.0.conv1')).toBe('adder2d');
    expect(kinds.get('layer2.0.downsample')).toBe('adder2d');
    expect(kinds.get('conv1.bn')).toBe('batchnorm');
  });
  it('all converts every conv and FC; bnn uses binary kinds', () => {
    const g = applyVariant(zooModel('lenet5-bn'), 'bnn', 'all');
    expect(g.layers.filter((l) => l.kind === 'binconv2d').map((l) => l.name)).toEqual(['conv1', 'conv2']);
    expect(g.layers.filter((l) => l.kind === 'binlinear').map((l) => l.name)).toEqual(['fc1', 'fc2', 'fc3']);
    const inner = applyVariant(zooModel('lenet5-bn'), 'adder', 'inner');
    expect(inner.layers.filter((l) => l.kind === 'adderlinear').map((l) => l.name)).toEqual(['fc1', 'fc2']);
    expect(inner.layers.find((l) => l.name === 'fc3')!.kind).toBe('linear');
  });
  it('cnn of an adder graph is multiplicative again', () => {
    const g = applyVariant(applyVariant(zooModel('vgg-small'), 'adder', 'all'), 'cnn', 'all');
    expect(g.layers.map((l) => l.kind)).toEqual(zooModel('vgg-small').layers.map((l) => l.kind));
  });
});

describe('paper convention', () => {
  for (const name of ZOO_NAMES) {
    it(`${name}: cnn mul = add = MACs; adder (all) mul 0, add 2×MACs; bnn (all) xnor = add = MACs`, () => {
      const g = shaped(name);
      const cnn = opTable(g, 'paper');
      expect(cnn.totals).toEqual({ add: cnn.macs, mul: cnn.macs, xnor: 0 });
      const adder = opTable(applyVariant(g, 'adder', 'all'), 'paper');
      expect(adder.totals).toEqual({ add: 2 * cnn.macs, mul: 0, xnor: 0 });
      expect(adder.macs).toBe(cnn.macs);
      const bnn = opTable(applyVariant(g, 'bnn', 'all'), 'paper');
      expect(bnn.totals).toEqual({ add: cnn.macs, mul: 0, xnor: cnn.macs });
    });
  }
  it('inner: kept layers count as mul + add (resnet20: 443,008 = 442,368 + 640)', () => {
    const t = opTable(applyVariant(shaped('resnet20'), 'adder', 'inner'), 'paper');
    expect(t.totals.mul).toBe(443_008);
    expect(t.totals.add).toBe(443_008 + 2 * 40_370_176);
    expect(t.notes.join('\n')).toMatch(/conv1, fc/);
  });
  it('leaves out non-conv/FC layers', () => {
    const t = opTable(shaped('lenet5-bn'), 'paper');
    expect(t.layers.find((l) => l.name === 'conv1.bn')!.counts).toEqual({});
  });
});

describe('exact convention', () => {
  it('resnet20 adder: 40,370,176 sub and abs; conv1 and fc multiplications per layer', () => {
    const t = opTable(applyVariant(shaped('resnet20'), 'adder', 'inner'), 'exact');
    expect(t.macs).toBe(40_813_184);
    expect(t.totals.sub).toBe(40_370_176);
    expect(t.totals.abs).toBe(40_370_176);
    const layer = (n: string) => t.layers.find((l) => l.name === n)!;
    expect(layer('conv1').counts.mul).toBe(442_368);
    expect(layer('conv1').counts.add).toBe(442_368 - 16 * 32 * 32); // K−1 per output, no bias
    expect(layer('fc').counts.mul).toBe(640);
    expect(layer('fc').kind).toBe('conv2d');
    // K = 16·3·3 = 144, N = 16·32·32 = 16,384
    expect(layer('layer1.0.conv1').counts).toEqual({ sub: 2_359_296, abs: 2_359_296, add: 2_359_296 - 16_384, neg: 16_384 });
    // mul of BN (every BN element) + avgpool (64) + conv1 + fc + BN after fc
    expect(t.totals.mul).toBe(442_368 + 640 + 200_704 + 64 + 10);
  });
  it('lenet5-bn cnn by hand', () => {
    const t = opTable(shaped('lenet5-bn'), 'exact');
    const c = Object.fromEntries(t.layers.map((l) => [l.name, l.counts]));
    expect(c.conv1).toEqual({ add: 4704 * 24, mul: 117_600 });
    expect(c['conv1.bn']).toEqual({ add: 4704, mul: 4704 });
    expect(c['conv1.relu']).toEqual({ max: 4704 });
    expect(c.pool1).toEqual({ max: 3 * 1176 });
    expect(c.fc3).toEqual({ add: 840, mul: 840 }); // 83 + 1 bias per output
    expect(c.flatten).toEqual({});
  });
  it('binary layers: K xnor, K−1 add, 1 mul per output', () => {
    const t = opTable(applyVariant(shaped('lenet5-bn'), 'bnn', 'all'), 'exact');
    expect(t.layers.find((l) => l.name === 'conv2')!.counts).toEqual({ add: 1600 * 149, mul: 1600, xnor: 240_000 });
  });
  it('eltwise, reduce, softmax, avgpool; unknown fn is an error or, allowed, a listed exclusion', () => {
    const g = (fn: string) =>
      inferShapes(
        parseGraphFile(
          {
            schema: 'addersim/graph@1',
            name: 't',
            input: { shape: [2, 4, 4] },
            layers: [
              { name: 'e', kind: 'eltwise', fn },
              { name: 'a', kind: 'avgpool', kernel: [2, 2] },
              { name: 'r', kind: 'reduce', fn: 'mean', axes: [1, 2] },
              { name: 's', kind: 'softmax' },
            ],
          },
          't.json',
        ),
      );
    const t = opTable(g('sigmoid'), 'exact');
    const c = Object.fromEntries(t.layers.map((l) => [l.name, l.counts]));
    expect(c.e).toEqual({ add: 32 * 7, sub: 32, mul: 32 * 7, neg: 32, div: 32, shl: 32, cvt: 64 });
    expect(c.a).toEqual({ add: 8 * 3, mul: 8 });
    expect(c.r).toEqual({ add: 2 * 3, mul: 2 });
    // softmax of 2: 1 max, 2 sub, 1 add, 2 div + 2 exp (7 mul, 6 add, 1 sub, 2 cvt, 1 shl each)
    expect(c.s).toEqual({ add: 1 + 12, sub: 2 + 2, mul: 14, max: 1, shl: 2, cvt: 4, div: 2 });
    expect(() => opTable(g('gelu'), 'exact')).toThrow(AddersimError);
    expect(() => opTable(g('gelu'), 'exact')).toThrow(/t: layer e: eltwise function "gelu"/);
    const allowed = opTable(g('gelu'), 'exact', { allowUnknown: true });
    expect(allowed.notes.some((n) => n.startsWith('excluded e (eltwise)'))).toBe(true);
  });
  it('every variant of every zoo model counts without error', () => {
    for (const name of ZOO_NAMES) for (const v of VARIANTS) expect(opTable(applyVariant(shaped(name), v, 'inner'), 'exact').macs).toBeGreaterThan(0);
  });
});
