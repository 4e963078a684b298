import { describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { graphMacs, graphWeights, layerMacs, outputs } from '../../src/models/macs.ts';
import { inferShapes } from '../../src/models/shapes.ts';
import { listModels, ZOO_NAMES, zooModel } from '../../src/models/zoo/index.ts';

// Outside references: reference/addernet-paper.md §1.5 (layer-exact counts) and the ONNX exports' expected.json.
const MACS: Record<string, number> = {
  'lenet5-bn': 416_520,
  'lenet-pp': 80_911_124, // 627,200 + 20,070,400 + 10,035,200 + 20,070,400 + 10,035,200 + 20,070,400 + 2,304 + 20
  'vgg-small': 607_600_640,
  resnet20: 40_813_184,
  resnet32: 69_124_736,
  resnet56: 125_747_840,
  resnet18: 1_814_073_344,
  resnet50: 4_089_184_256,
  'resnet50-v1': 3_857_973_248,
};

describe('zoo', () => {
  it('lists every model with a description', () => {
    expect(listModels().map((m) => m.name)).toEqual(Object.keys(MACS));
    for (const m of listModels()) expect(m.description.length).toBeGreaterThan(10);
  });
  for (const name of ZOO_NAMES) {
    it(`${name} has the reference MACs`, () => {
      expect(graphMacs(inferShapes(zooModel(name)))).toBe(MACS[name]);
    });
  }
  it('lenet5-bn layer by layer', () => {
    const g = inferShapes(zooModel('lenet5-bn'));
    const per = g.layers.filter((l) => layerMacs(l) > 0).map((l) => [l.name, layerMacs(l)]);
    expect(per).toEqual([
      ['conv1', 117_600],
      ['conv2', 240_000],
      ['fc1', 48_000],
      ['fc2', 10_080],
      ['fc3', 840],
    ]);
  });
  it('resnet20: first conv 442,368, classifier 640, 1×1 projections, 10 outputs', () => {
    const g = inferShapes(zooModel('resnet20'));
    const m = new Map(g.layers.map((l) => [l.name, layerMacs(l)]));
    expect(m.get('conv1')).toBe(442_368);
    expect(m.get('fc')).toBe(640);
    expect(m.get('layer2.0.downsample')).toBe(32 * 16 * 16 * 16);
    expect(g.layers.filter((l) => l.kind === 'conv2d')).toHaveLength(22); // conv1 + 18 block convs + 2 projections + fc
    expect(g.layers.at(-1)!.outShape).toEqual([10]);
  });
  it('weights and BN elements match reference/addernet-paper.md §1.2 and §1.5', () => {
    const w = (n: string) => graphWeights(inferShapes(zooModel(n)));
    expect(w('resnet20')).toBe(270_896);
    expect(w('resnet32')).toBe(464_432);
    expect(w('vgg-small')).toBe(4_656_512);
    expect(w('lenet5-bn')).toBe(61_470);
    // BN output elements of the convs (the classifier's BN over 10 outputs is not in the reference figure)
    const bn = (n: string) =>
      inferShapes(zooModel(n))
        .layers.filter((l) => l.kind === 'batchnorm' && l.name !== 'fc.bn')
        .reduce((a, l) => a + outputs(l), 0);
    expect(bn('resnet20')).toBe(200_704);
    expect(bn('resnet32')).toBe(315_392);
  });
  it('unknown model lists the zoo', () => {
    expect(() => zooModel('resnet19')).toThrow(AddersimError);
    expect(() => zooModel('resnet19')).toThrow(/lenet5-bn.*resnet50-v1/);
  });
});
