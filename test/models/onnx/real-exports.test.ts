// The importer against real ONNX exports that were not written for addersim (test/fixtures/onnx,
// copied from shared/onnx): MACs and AdderNet terms must equal the independently computed figures.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../src/models/onnx/index.ts';
import { opTable } from '../../../src/models/op-table.ts';
import { inferShapes } from '../../../src/models/shapes.ts';

const FIX = resolve(__dirname, '../../fixtures/onnx');
const load = (name: string) => {
  const file = `${FIX}/${name}.onnx`;
  const r = importOnnx(readFileSync(file), file, {});
  const g = inferShapes(r.graph, file);
  return { ...r, shaped: g, exact: opTable(g, 'exact'), paper: opTable(g, 'paper') };
};
const expected = (name: string) => JSON.parse(readFileSync(`${FIX}/${name}.expected.json`, 'utf8')) as Record<string, number>;
const convFc = (layers: readonly { kind: string; macs: number }[]) => layers.filter((l) => l.macs > 0);

describe('real ONNX exports', () => {
  it('resnet20-pytorch1.6 (opset 9, BN unfolded, x.view(x.size(0), -1) chain): 40,813,184 MACs', () => {
    const r = load('resnet20-pytorch1.6');
    expect(r.exact.macs).toBe(expected('resnet20-pytorch1.6').macs);
    expect(r.exact.macs).toBe(40_813_184);
    expect(convFc(r.exact.layers)).toHaveLength(22);
    // The view chain resolves into one flatten before the classifier.
    const fc = r.shaped.layers.find((l) => l.kind === 'linear')!;
    expect(fc.inShapes[0]).toEqual([64]);
    expect(r.coverage.excludedBy['shape arithmetic']).toBe(4);
    expect(r.coverage.workShare).toBe(1);
  });

  it('lenet5-pytorch (batch 10 in the file): 416,520 MACs per sample', () => {
    const r = load('lenet5-pytorch');
    expect(r.coverage.batch).toBe(10);
    expect(r.graph.input.shape).toEqual([1, 28, 28]);
    expect(r.exact.macs).toBe(416_520);
    expect(convFc(r.exact.layers)).toHaveLength(expected('lenet5-pytorch').layers!);
    expect(r.exact.layers.map((l) => l.macs).filter((m) => m > 0)).toEqual([117_600, 240_000, 48_000, 10_080, 840]);
  });

  it('tv-resnet18 with its external weight file absent: 1,814,073,344 MACs', () => {
    const e = expected('tv-resnet18');
    const r = load('tv-resnet18');
    expect(r.exact.macs).toBe(e.macs);
    const layers = convFc(r.exact.layers);
    expect(layers).toHaveLength(e.layers!);
    expect(layers.filter((l) => l.kind === 'conv2d').reduce((a, l) => a + l.macs, 0)).toBe(e.conv);
    expect(layers.filter((l) => l.kind === 'linear').reduce((a, l) => a + l.macs, 0)).toBe(e.linear);
  });

  it('addernet-resnet20: unfold + −ΣAbs(Sub) subgraphs become 20 adder2d layers; 40,370,176 |x−w| terms + 443,008 MACs; 100% coverage', () => {
    const e = expected('addernet-resnet20');
    const r = load('addernet-resnet20');
    const adders = r.shaped.layers.filter((l) => l.kind === 'adder2d');
    expect(adders).toHaveLength(20);
    expect(r.exact.totals.sub).toBe(e.adder_abs_diff_terms);
    expect(r.exact.totals.abs).toBe(e.adder_abs_diff_terms);
    const mul = r.exact.layers.filter((l) => l.kind === 'conv2d' || l.kind === 'linear');
    expect(mul.map((l) => l.macs)).toEqual([442_368, 640]);
    expect(mul.reduce((a, l) => a + l.macs, 0)).toBe(e.mult_macs);
    // True geometry: the first block's adder reads [16, 32, 32] with a 3×3 kernel, pad 1 → K = 144.
    const first = adders[0]!;
    expect([first.kernel, first.stride, first.padding, first.inShapes[0], first.outShape]).toEqual([
      [3, 3],
      [1, 1],
      [1, 1],
      [16, 32, 32],
      [16, 32, 32],
    ]);
    // The stride-2 projection shortcuts are 1×1 adder layers.
    const proj = adders.filter((l) => l.kernel[0] === 1);
    expect(proj.map((l) => [l.stride, l.outShape])).toEqual([
      [
        [2, 2],
        [32, 16, 16],
      ],
      [
        [2, 2],
        [64, 8, 8],
      ],
    ]);
    const c = r.coverage;
    expect(c.recognised.adder).toBe(20);
    expect(c.unknown).toEqual([]);
    expect(c.workShare).toBe(1);
    expect(c.nodes.counted + c.nodes.folded + c.nodes.excluded).toBe(c.nodes.total);
    expect(c.excludedBy['unknown op']).toBe(0);
    // Each adder layer is counted at its Sub(W, X); its unfold, Abs, ReduceSum, Neg and reshapes are folded into it.
    expect(c.byOpType.Sub).toEqual({ counted: 20, folded: 0, excluded: 40 });
    expect(c.byOpType.Transpose).toEqual({ counted: 0, folded: 60, excluded: 0 });
    expect(c.nodes).toEqual({ total: 1328, counted: 72, folded: 260, excluded: 996 });
  });

  it('the same bytes give the same graph and coverage, byte for byte', () => {
    const file = `${FIX}/addernet-resnet20.onnx`;
    const bytes = readFileSync(file);
    expect(JSON.stringify(importOnnx(bytes, file, {}))).toBe(JSON.stringify(importOnnx(Uint8Array.from(bytes), file, {})));
  });
});
