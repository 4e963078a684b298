// Round trips through ONNX exports made by scripts/export-onnx.py with PyTorch (weights absent):
// the zoo's models give the zoo's per-layer counts; torchvision models give the conv + FC MACs that
// PyTorch forward hooks reported (expected.json, written by the same script); pattern models are
// recognised as adder / binary layers.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../src/models/onnx/index.ts';
import { opTable, type OpTableLayer } from '../../../src/models/op-table.ts';
import { inferShapes } from '../../../src/models/shapes.ts';
import { applyVariant } from '../../../src/models/variants.ts';
import { zooModel } from '../../../src/models/zoo/index.ts';

const DIR = resolve(__dirname, '../../fixtures/onnx/export');
interface Expected {
  group: string;
  opset: number;
  macs: number;
  conv: number;
  linear: number;
  layers: number;
  layer_macs: number[];
}
const EXPECTED = (JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as { models: Record<string, Expected> }).models;
const names = (group: string) => Object.keys(EXPECTED).filter((n) => EXPECTED[n]!.group === group);

const load = (name: string) => {
  const file = `${DIR}/${name}.onnx`;
  const r = importOnnx(readFileSync(file), file, {});
  const shaped = inferShapes(r.graph, file);
  return { ...r, shaped, exact: opTable(shaped, 'exact') };
};

/** Per-layer counts without names, as a sorted multiset (layer order may differ between builders). */
const signature = (layers: readonly OpTableLayer[]) =>
  layers
    .filter((l) => l.kind !== 'flatten' && l.kind !== 'reshape')
    .map((l) => `${l.kind} ${l.macs} ${JSON.stringify(l.counts)}`)
    .sort();

describe('zoo models exported by PyTorch round-trip to the zoo counts', () => {
  it('covers every zoo model', () => {
    expect(
      names('zoo')
        .map((n) => n.replace(/^zoo-/, ''))
        .sort(),
    ).toEqual(['lenet-pp', 'lenet5-bn', 'resnet18', 'resnet20', 'resnet32', 'resnet50', 'resnet50-v1', 'resnet56', 'vgg-small']);
  });
  for (const name of names('zoo')) {
    it(`${name} (opset ${EXPECTED[name]!.opset})`, () => {
      const r = load(name);
      const zoo = opTable(inferShapes(zooModel(name.replace(/^zoo-/, ''))), 'exact');
      expect(r.exact.macs).toBe(EXPECTED[name]!.macs);
      expect(r.exact.macs).toBe(zoo.macs);
      expect(signature(r.exact.layers)).toEqual(signature(zoo.layers));
      expect(r.exact.totals).toEqual(zoo.totals);
      expect(r.coverage.unknown).toEqual([]);
      expect(r.coverage.workShare).toBe(1);
      // --variant adder | bnn converts the imported CNN by the same rules as the zoo model.
      for (const variant of ['adder', 'bnn'] as const) {
        const fromOnnx = opTable(applyVariant(r.shaped, variant, 'inner'), 'exact');
        const fromZoo = opTable(applyVariant(inferShapes(zooModel(name.replace(/^zoo-/, ''))), variant, 'inner'), 'exact');
        expect(signature(fromOnnx.layers)).toEqual(signature(fromZoo.layers));
        expect(fromOnnx.totals).toEqual(fromZoo.totals);
      }
    });
  }
});

describe('torchvision models (weights absent) give the MACs of PyTorch forward hooks', () => {
  it('covers vgg11, densenet121, mnasnet0_5, efficientnet_b0', () => {
    expect(names('torchvision').sort()).toEqual(['tv-densenet121', 'tv-efficientnet_b0', 'tv-mnasnet0_5', 'tv-vgg11']);
  });
  for (const name of names('torchvision')) {
    it(name, () => {
      const e = EXPECTED[name]!;
      const r = load(name);
      const convFc = r.exact.layers.filter((l) => l.macs > 0);
      expect(r.exact.macs).toBe(e.macs);
      expect(convFc).toHaveLength(e.layers);
      expect(convFc.filter((l) => l.kind === 'conv2d').reduce((a, l) => a + l.macs, 0)).toBe(e.conv);
      expect(convFc.filter((l) => l.kind === 'linear').reduce((a, l) => a + l.macs, 0)).toBe(e.linear);
      expect(convFc.map((l) => l.macs).sort((p, q) => p - q)).toEqual([...e.layer_macs].sort((p, q) => p - q));
      expect(r.coverage.unknown).toEqual([]);
    });
  }
});

describe('pattern models', () => {
  for (const name of ['adder-lenet', 'adder-lenet-op17', 'adder-lenet-batch2']) {
    it(`${name} (opset ${EXPECTED[name]!.opset}): two reference-style adder layers with their true geometry`, () => {
      const r = load(name);
      const adders = r.shaped.layers.filter((l) => l.kind === 'adder2d');
      expect(adders.map((l) => l.kind === 'adder2d' && [l.inShapes[0], l.kernel, l.stride, l.padding, l.outShape])).toEqual([
        [
          [6, 12, 12],
          [5, 5],
          [1, 1],
          [0, 0],
          [16, 8, 8],
        ],
        [
          [16, 8, 8],
          [3, 3],
          [2, 2],
          [1, 1],
          [32, 4, 4],
        ],
      ]);
      // |x−w| terms: 16·8·8·150 + 32·4·4·144.
      expect(r.exact.totals.sub).toBe(153_600 + 73_728);
      expect(r.exact.totals.abs).toBe(153_600 + 73_728);
      expect(r.exact.layers.filter((l) => l.kind === 'conv2d' || l.kind === 'linear').reduce((a, l) => a + l.macs, 0)).toBe(EXPECTED[name]!.macs);
      expect(r.coverage.recognised.adder).toBe(2);
      expect(r.coverage.workShare).toBe(1);
      // 10 plain layers, and per adder layer 16 nodes: X.view Reshape, Pad, 2 Gather, Transpose, 2 Reshape (unfold),
      // Transpose + Reshape (permute, view), Unsqueeze, Sub (counted), Abs, ReduceSum, Neg, Reshape, Transpose.
      expect([r.coverage.nodes.counted, r.coverage.nodes.folded]).toEqual([10 + 2, 2 * 15]);
      expect(r.coverage.excludedBy['no-op']).toBe(0);
    });
  }

  it('binary-net: Sign on activations (and weights) makes binconv2d / binlinear; the Signs are folded', () => {
    const r = load('binary-net');
    expect(r.shaped.layers.filter((l) => l.kind.startsWith('bin')).map((l) => l.kind)).toEqual(['binconv2d', 'binlinear']);
    expect(r.exact.totals.xnor).toBe(64 * 16 * 16 * 288 + 16384 * 128);
    expect(r.coverage.recognised.binary).toBe(2);
    expect(r.coverage.byOpType.Sign).toEqual({ counted: 0, folded: 2, excluded: 2 }); // 2 on activations, 2 on weights (constants)
  });
});
