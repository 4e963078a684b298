// Hand-checkable single-op and small-chain models: shapes and attributes per opset, the view chain,
// folding, and the layer each ONNX op becomes.

import { describe, expect, it } from 'vitest';
import type { Layer } from '../../../src/models/graph.ts';
import { importOnnx } from '../../../src/models/onnx/index.ts';
import { opTable } from '../../../src/models/op-table.ts';
import { inferShapes } from '../../../src/models/shapes.ts';
import { buildModel, type ModelSpec } from './build-model.ts';

const imp = (spec: ModelSpec, allowUnknown = false) => {
  const r = importOnnx(buildModel(spec), 't.onnx', { allowUnknown });
  return { ...r, shaped: inferShapes(r.graph, 't.onnx') };
};
const kinds = (layers: readonly Layer[]) => layers.map((l) => l.kind);

describe('ONNX ops → layers', () => {
  it('Conv with auto_pad SAME_UPPER, stride 2: explicit pads reproduce ceil(8/2) = 4', () => {
    const r = imp({
      inits: { w: { dims: [5, 3, 3, 3] } },
      nodes: [{ op: 'Conv', in: ['x', 'w'], out: ['y'], attrs: { auto_pad: 'SAME_UPPER', strides: [2, 2] } }],
    });
    const l = r.shaped.layers[0]!;
    expect(l.kind).toBe('conv2d');
    expect(l.outShape).toEqual([5, 4, 4]);
    // total pad = (4−1)·2 + 3 − 8 = 1 → SAME_UPPER puts it at the end.
    expect(l.kind === 'conv2d' && l.padding).toEqual([0, 0, 1, 1]);
    expect(opTable(r.shaped, 'exact').macs).toBe(5 * 4 * 4 * 27);
  });

  it('grouped, dilated Conv with bias', () => {
    const r = imp({
      inits: { w: { dims: [6, 1, 3, 3] }, b: { dims: [6] } },
      input: { name: 'x', dims: [1, 6, 10, 10] },
      nodes: [{ op: 'Conv', in: ['x', 'w', 'b'], out: ['y'], attrs: { group: 6, dilations: [2, 2], pads: [2, 2, 2, 2] } }],
    });
    const l = r.shaped.layers[0]!;
    expect(l.kind === 'conv2d' && [l.groups, l.dilation, l.bias, l.outShape]).toEqual([6, [2, 2], true, [6, 10, 10]]);
  });

  it('Gemm with transB = 0 and MatMul + Add bias fold into linear layers', () => {
    const r = imp({
      input: { name: 'x', dims: [1, 16] },
      inits: { w1: { dims: [16, 8] }, w2: { dims: [8, 4] }, b2: { dims: [4] } },
      nodes: [
        { op: 'Gemm', in: ['x', 'w1'], out: ['h'] },
        { op: 'MatMul', in: ['h', 'w2'], out: ['m'] },
        { op: 'Add', in: ['m', 'b2'], out: ['y'] },
      ],
    });
    expect(r.graph.layers.map((l) => l.kind === 'linear' && [l.outFeatures, l.bias])).toEqual([
      [8, false],
      [4, true],
    ]);
    expect(r.coverage.recognised.biasAdds).toBe(1);
    expect(r.coverage.nodes).toEqual({ total: 3, counted: 2, folded: 1, excluded: 0 });
  });

  it("PyTorch's x.view(x.size(0), -1): Shape → Gather → Unsqueeze → Concat → Reshape resolves to one flatten (opset 9 and 13)", () => {
    for (const opset of [9, 13]) {
      const unsq = opset >= 13 ? { op: 'Unsqueeze', in: ['n', 'ax0'], out: ['n1'] } : { op: 'Unsqueeze', in: ['n'], out: ['n1'], attrs: { axes: [0] } };
      const r = imp({
        opset,
        input: { name: 'x', dims: ['batch', 4, 2, 2] },
        inits: { zero: { dims: [], int64: [0] }, minus1: { dims: [1], int64: [-1] }, ax0: { dims: [1], int64: [0] } },
        nodes: [
          { op: 'Relu', in: ['x'], out: ['r'] },
          { op: 'Shape', in: ['r'], out: ['s'] },
          { op: 'Gather', in: ['s', 'zero'], out: ['n'], attrs: { axis: 0 } },
          unsq,
          { op: 'Concat', in: ['n1', 'minus1'], out: ['shape'], attrs: { axis: 0 } },
          { op: 'Reshape', in: ['r', 'shape'], out: ['y'] },
        ],
      });
      expect(kinds(r.graph.layers)).toEqual(['relu', 'flatten']);
      expect(r.shaped.layers[1]!.outShape).toEqual([16]);
      expect(r.coverage.excludedBy['shape arithmetic']).toBe(4);
    }
  });

  it('Slice: attributes in opset 9, inputs from opset 10 (negative end, step 2)', () => {
    const a = imp({ opset: 9, nodes: [{ op: 'Slice', in: ['x'], out: ['y'], attrs: { starts: [1], ends: [-1], axes: [2] } }] });
    expect(a.shaped.layers[0]!.outShape).toEqual([3, 6, 8]);
    const b = imp({
      opset: 13,
      inits: { s: { dims: [1], int64: [0] }, e: { dims: [1], int64: [9223372036854775807] }, a: { dims: [1], int64: [3] }, st: { dims: [1], int64: [2] } },
      nodes: [{ op: 'Slice', in: ['x', 's', 'e', 'a', 'st'], out: ['y'] }],
    });
    expect(b.shaped.layers[0]!.outShape).toEqual([3, 8, 4]);
    expect(b.graph.layers[0]!.kind).toBe('reshape');
  });

  it('Pad: attribute pads in opset 7, input pads in opset 11; then MaxPool with ceil_mode', () => {
    const a = imp({
      opset: 7,
      nodes: [
        { op: 'Pad', in: ['x'], out: ['p'], attrs: { pads: [0, 0, 1, 1, 0, 0, 0, 0] } },
        { op: 'MaxPool', in: ['p'], out: ['y'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
      ],
    });
    expect(a.shaped.layers.map((l) => l.outShape)).toEqual([
      [3, 9, 9],
      [3, 4, 4],
    ]);
    const b = imp({
      opset: 11,
      inits: { pads: { dims: [8], int64: [0, 0, 1, 1, 0, 0, 0, 0] } },
      nodes: [
        { op: 'Pad', in: ['x', 'pads'], out: ['p'] },
        { op: 'MaxPool', in: ['p'], out: ['y'], attrs: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 } },
      ],
    });
    expect(b.shaped.layers.map((l) => l.outShape)).toEqual([
      [3, 9, 9],
      [3, 5, 5],
    ]);
  });

  it('Clip: attributes (opset 7) → relu6 is eltwise clip; inputs (opset 11) −1…1 → hardtanh; min 0 only → relu', () => {
    expect(imp({ opset: 7, nodes: [{ op: 'Clip', in: ['x'], out: ['y'], attrs: { min: { f: 0 }, max: { f: 6 } } }] }).graph.layers[0]).toMatchObject({
      kind: 'eltwise',
      fn: 'clip',
    });
    const h = imp({
      opset: 11,
      inits: { lo: { dims: [], float: [-1] }, hi: { dims: [], float: [1] } },
      nodes: [{ op: 'Clip', in: ['x', 'lo', 'hi'], out: ['y'] }],
    });
    expect(h.graph.layers[0]!.kind).toBe('hardtanh');
    const r = imp({ opset: 12, inits: { lo: { dims: [], float: [0] } }, nodes: [{ op: 'Clip', in: ['x', 'lo'], out: ['y'] }] });
    expect(r.graph.layers[0]!.kind).toBe('relu');
  });

  it('ReduceSum: axes attribute (opset 11) vs input (opset 13); batch axis dropped from IR axes', () => {
    const a = imp({ opset: 11, nodes: [{ op: 'ReduceSum', in: ['x'], out: ['y'], attrs: { axes: [2, 3], keepdims: 0 } }] });
    expect(a.graph.layers[0]).toMatchObject({ kind: 'reduce', fn: 'sum', axes: [1, 2], keepDims: false });
    expect(a.shaped.layers[0]!.outShape).toEqual([3]);
    const b = imp({ opset: 13, inits: { ax: { dims: [1], int64: [-1] } }, nodes: [{ op: 'ReduceMean', in: ['x', 'ax'], out: ['y'], attrs: { axes: [1] } }] });
    // ReduceMean takes axes from its attribute until opset 18: axis 1 (channels).
    expect(b.graph.layers[0]).toMatchObject({ kind: 'reduce', fn: 'mean', axes: [0] });
  });

  it('Squeeze/Unsqueeze (attribute < 13, input ≥ 13), Transpose, Split, Concat map to data-movement layers', () => {
    const r = imp({
      opset: 13,
      inits: { ax: { dims: [1], int64: [4] }, split: { dims: [2], int64: [1, 2] } },
      nodes: [
        { op: 'Unsqueeze', in: ['x', 'ax'], out: ['u'] },
        { op: 'Squeeze', in: ['u', 'ax'], out: ['s'] },
        { op: 'Split', in: ['s', 'split'], out: ['a', 'b'], attrs: { axis: 1 } },
        { op: 'Transpose', in: ['b'], out: ['t'], attrs: { perm: [0, 1, 3, 2] } },
        { op: 'Concat', in: ['a', 't'], out: ['y'], attrs: { axis: 1 } },
      ],
    });
    expect(kinds(r.graph.layers)).toEqual(['reshape', 'reshape', 'reshape', 'reshape', 'concat']);
    expect(r.shaped.layers.at(-1)!.outShape).toEqual([3, 8, 8]);
    expect(r.coverage.excludedBy['no-op']).toBe(1);
  });

  it('Add of two activations → add; Mul with a broadcast [C,1,1] activation → eltwise; sigmoid·x (SiLU)', () => {
    const r = imp({
      nodes: [
        { op: 'Relu', in: ['x'], out: ['a'] },
        { op: 'Add', in: ['a', 'x'], out: ['s'] },
        { op: 'GlobalAveragePool', in: ['s'], out: ['g'] },
        { op: 'Sigmoid', in: ['g'], out: ['sg'] },
        { op: 'Mul', in: ['s', 'sg'], out: ['y'] },
      ],
    });
    expect(kinds(r.graph.layers)).toEqual(['relu', 'add', 'globalavgpool', 'eltwise', 'eltwise']);
    expect(r.shaped.layers.at(-1)!.outShape).toEqual([3, 8, 8]);
  });

  it('ConvTranspose: stride 2, pads 1, output_padding 1 doubles the size', () => {
    const r = imp({
      inits: { w: { dims: [3, 4, 3, 3] } },
      nodes: [{ op: 'ConvTranspose', in: ['x', 'w'], out: ['y'], attrs: { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] } }],
    });
    expect(r.shaped.layers[0]!.outShape).toEqual([4, 16, 16]);
  });

  it('Identity, Dropout and Constant are excluded with reasons; every node is accounted for', () => {
    const r = imp({
      opset: 13,
      nodes: [
        { op: 'Constant', in: [], out: ['c'], attrs: { value_float: { f: 2 } } as never },
        { op: 'Identity', in: ['x'], out: ['i'] },
        { op: 'Dropout', in: ['i'], out: ['d'] },
        { op: 'Mul', in: ['d', 'c'], out: ['y'] },
      ],
    });
    expect(kinds(r.graph.layers)).toEqual(['eltwise']);
    expect(r.coverage.excludedBy).toMatchObject({ constant: 1, 'no-op': 2 });
    expect(r.coverage.nodes).toEqual({ total: 4, counted: 1, folded: 0, excluded: 3 });
  });

  it('Sign → Flatten → MatMul is a binlinear (the Sign folded); a Sign used elsewhere stays an eltwise sign', () => {
    const r = imp({
      input: { name: 'x', dims: [1, 2, 2, 2] },
      inits: { w: { dims: [8, 4] } },
      nodes: [
        { op: 'Sign', in: ['x'], out: ['s'] },
        { op: 'Flatten', in: ['s'], out: ['f'] },
        { op: 'MatMul', in: ['f', 'w'], out: ['m'] },
        { op: 'Sign', in: ['m'], out: ['y'] },
      ],
    });
    expect(r.graph.layers.map((l) => (l.kind === 'eltwise' ? `eltwise ${l.fn}` : l.kind))).toEqual(['flatten', 'binlinear', 'eltwise sign']);
    expect(r.graph.layers[0]!.inputs).toEqual(['x']);
    expect(opTable(r.shaped, 'exact').totals.xnor).toBe(32);
    expect(r.coverage.byOpType.Sign).toEqual({ counted: 1, folded: 1, excluded: 0 });
  });

  it('nodes stored out of order are sorted; a sorted file keeps its order', () => {
    const nodes = [
      { op: 'Relu', in: ['b'], out: ['y'], name: 'last' },
      { op: 'Relu', in: ['x'], out: ['a'], name: 'first' },
      { op: 'Sigmoid', in: ['a'], out: ['b'], name: 'middle' },
    ];
    expect(imp({ nodes, outputs: ['y'] }).graph.layers.map((l) => l.name)).toEqual(['first', 'middle', 'last']);
    expect(imp({ nodes: [nodes[1]!, nodes[2]!, nodes[0]!] }).graph.layers.map((l) => l.name)).toEqual(['first', 'middle', 'last']);
  });

  it('opset 18: ReduceMean axes as an input, Split by num_outputs', () => {
    const r = imp({
      opset: 18,
      inits: { ax: { dims: [2], int64: [2, 3] } },
      nodes: [
        { op: 'Split', in: ['x'], out: ['a', 'b', 'c'], attrs: { axis: 2, num_outputs: 3 } },
        { op: 'ReduceMean', in: ['a', 'ax'], out: ['y'], attrs: { keepdims: 1 } },
      ],
    });
    expect(r.shaped.layers.map((l) => l.outShape)).toEqual([
      [3, 3, 8],
      [3, 3, 8],
      [3, 2, 8],
      [3, 1, 1],
    ]);
    expect(r.graph.layers.at(-1)).toMatchObject({ kind: 'reduce', fn: 'mean', axes: [1, 2], keepDims: true });
  });

  it('a 1-D Conv has its shape inferred but no layer kind: UNKNOWN_OP, or with allowUnknown excluded with its work', () => {
    const spec: ModelSpec = {
      input: { name: 'x', dims: [1, 4, 16] },
      inits: { w: { dims: [8, 4, 3] } },
      nodes: [
        { op: 'Conv', in: ['x', 'w'], out: ['c'], name: 'c1d', attrs: { pads: [1, 1] } },
        { op: 'Relu', in: ['c'], out: ['y'] },
      ],
    };
    expect(() => imp(spec)).toThrow(/node c1d \(Conv\): 1-D Conv has no layer kind/);
    const r = imp(spec, true);
    expect(r.coverage.unknown).toEqual([{ node: 'c1d', opType: 'Conv', reason: '1-D Conv has no layer kind (only 2-D)', work: 8 * 16 * 12 }]);
    expect(r.shaped.layers.map((l) => [l.kind, l.outShape])).toEqual([
      ['reshape', [8, 16]],
      ['relu', [8, 16]],
    ]);
  });

  it('x + x is a residual add with the same input twice; x ** 2 is x · x', () => {
    const r = imp({
      inits: { two: { dims: [], float: [2] } },
      nodes: [
        { op: 'Add', in: ['x', 'x'], out: ['s'] },
        { op: 'Pow', in: ['s', 'two'], out: ['y'] },
      ],
    });
    expect(r.graph.layers.map((l) => [l.kind, l.inputs])).toEqual([
      ['add', ['x', 'x']],
      ['eltwise', ['Add_0', 'Add_0']],
    ]);
    expect(opTable(r.shaped, 'exact').totals).toEqual({ add: 192, mul: 192 });
  });

  it('nearest Upsample (opset 7 attribute, opset 9 input) and Resize (opset 13 scales) copy data; bilinear has no rule', () => {
    const up7 = imp({ opset: 7, nodes: [{ op: 'Upsample', in: ['x'], out: ['y'], attrs: { scales: { floats: [1, 1, 2, 2] } } }] });
    expect(up7.shaped.layers[0]).toMatchObject({ kind: 'reshape', outShape: [3, 16, 16] });
    const sc = { dims: [4], float: [1, 1, 2, 3] };
    const up9 = imp({ opset: 9, inits: { sc }, nodes: [{ op: 'Upsample', in: ['x', 'sc'], out: ['y'] }] });
    expect(up9.shaped.layers[0]!.outShape).toEqual([3, 16, 24]);
    const rs = imp({ opset: 13, inits: { sc }, nodes: [{ op: 'Resize', in: ['x', '', 'sc'], out: ['y'], attrs: { mode: 'nearest' } }] });
    expect(rs.shaped.layers[0]!.outShape).toEqual([3, 16, 24]);
    expect(opTable(rs.shaped, 'exact').totals).toEqual({});
    expect(() => imp({ opset: 13, inits: { sc }, nodes: [{ op: 'Resize', in: ['x', '', 'sc'], out: ['y'], attrs: { mode: 'linear' } }] })).toThrow(
      /Resize in mode 'linear'/,
    );
  });

  it('an adder FC written as −Σ|W − x| becomes one adderlinear layer', () => {
    const r = imp({
      opset: 13,
      input: { name: 'x', dims: [1, 8] },
      inits: { w: { dims: [4, 8] }, ax1: { dims: [1], int64: [1] }, ax2: { dims: [1], int64: [2] } },
      nodes: [
        { op: 'Relu', in: ['x'], out: ['r'] },
        { op: 'Unsqueeze', in: ['r', 'ax1'], out: ['u'] },
        { op: 'Sub', in: ['w', 'u'], out: ['d'], name: 'fc/Sub' },
        { op: 'Abs', in: ['d'], out: ['a'] },
        { op: 'ReduceSum', in: ['a', 'ax2'], out: ['s'], attrs: { keepdims: 0 } },
        { op: 'Neg', in: ['s'], out: ['y'] },
      ],
    });
    expect(r.graph.layers.map((l) => l.kind)).toEqual(['relu', 'adderlinear']);
    expect(r.graph.layers[1]).toMatchObject({ name: 'fc', outFeatures: 4, inputs: ['Relu_0'] });
    expect(opTable(r.shaped, 'exact').totals).toMatchObject({ sub: 32, abs: 32, add: 28, neg: 4 });
    expect(r.coverage.nodes).toEqual({ total: 6, counted: 2, folded: 4, excluded: 0 });
  });

  it('Sum of three equal-shaped activations (old Caffe2 exports) is one residual add with 2 adds per element', () => {
    const r = imp({
      nodes: [
        { op: 'Relu', in: ['x'], out: ['a'] },
        { op: 'Sigmoid', in: ['x'], out: ['b'] },
        { op: 'Sum', in: ['x', 'a', 'b'], out: ['y'] },
      ],
    });
    expect(r.graph.layers.at(-1)).toMatchObject({ kind: 'add', inputs: ['x', 'Relu_0', 'Sigmoid_1'] });
    expect(opTable(r.shaped, 'exact').layers.at(-1)!.counts).toEqual({ add: 2 * 192 });
  });

  it('a tf2onnx-style NHWC graph: Transpose in, Conv, ReduceMean over H and W, MatMul + Add', () => {
    const r = imp({
      opset: 13,
      input: { name: 'x', dims: ['unk__1', 8, 8, 3] },
      inits: { w: { dims: [16, 3, 3, 3] }, fw: { dims: [16, 10] }, fb: { dims: [10] }, ax: { dims: [2], int64: [2, 3] } },
      nodes: [
        { op: 'Transpose', in: ['x'], out: ['t'], attrs: { perm: [0, 3, 1, 2] } },
        { op: 'Conv', in: ['t', 'w'], out: ['c'], attrs: { pads: [1, 1, 1, 1] } },
        { op: 'Relu', in: ['c'], out: ['r'] },
        { op: 'ReduceMean', in: ['r'], out: ['m'], attrs: { axes: [2, 3], keepdims: 0 } },
        { op: 'MatMul', in: ['m', 'fw'], out: ['f'] },
        { op: 'Add', in: ['f', 'fb'], out: ['y'] },
      ],
    });
    expect(r.graph.input.shape).toEqual([8, 8, 3]);
    expect(r.shaped.layers.map((l) => [l.kind, l.outShape])).toEqual([
      ['reshape', [3, 8, 8]],
      ['conv2d', [16, 8, 8]],
      ['relu', [16, 8, 8]],
      ['reduce', [16]],
      ['linear', [10]],
    ]);
    expect(opTable(r.shaped, 'exact').macs).toBe(16 * 64 * 27 + 160);
  });
});
