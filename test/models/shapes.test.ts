import { describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { parseGraphFile } from '../../src/models/graph-file.ts';
import { inferShapes } from '../../src/models/shapes.ts';
import { layerMacs } from '../../src/models/macs.ts';
import { caught as err } from '../helpers/caught.ts';

const shaped = (shape: number[], layers: unknown[]) =>
  inferShapes(parseGraphFile({ schema: 'addersim/graph@1', name: 't', input: { shape }, layers }, 't.json'), 't.json');
const out = (shape: number[], layers: unknown[]) => shaped(shape, layers).layers.map((l) => l.outShape);

describe('inferShapes by hand', () => {
  it('conv: stride, padding (2 and 4 values), dilation, groups', () => {
    expect(out([3, 32, 32], [{ name: 'c', kind: 'conv2d', outChannels: 16, kernel: [3, 3], padding: [1, 1] }])).toEqual([[16, 32, 32]]);
    // (32 + 2 - 3) / 2 + 1 = 16
    expect(out([3, 32, 32], [{ name: 'c', kind: 'adder2d', outChannels: 8, kernel: [3, 3], stride: [2, 2], padding: [1, 1] }])).toEqual([[8, 16, 16]]);
    // 224, 7×7 s2 p3 → 112
    expect(out([3, 224, 224], [{ name: 'c', kind: 'conv2d', outChannels: 64, kernel: [7, 7], stride: [2, 2], padding: [3, 3] }])).toEqual([[64, 112, 112]]);
    // 4-value padding [top, left, bottom, right]: H 10+0+2-3+1 = 10, W 10+1+0-3+1 = 9
    expect(out([1, 10, 10], [{ name: 'c', kind: 'conv2d', outChannels: 1, kernel: [3, 3], padding: [0, 1, 2, 0] }])).toEqual([[1, 10, 9]]);
    // dilation 2 of 3×3 spans 5: 10 - 5 + 1 = 6
    expect(out([1, 10, 10], [{ name: 'c', kind: 'binconv2d', outChannels: 1, kernel: [3, 3], dilation: [2, 2] }])).toEqual([[1, 6, 6]]);
    // depthwise: MACs = C·9·H·W
    const g = shaped([8, 4, 4], [{ name: 'dw', kind: 'conv2d', outChannels: 8, kernel: [3, 3], padding: [1, 1], groups: 8 }]);
    expect(layerMacs(g.layers[0]!)).toBe(8 * 9 * 16);
  });
  it('pools: stride defaults to the kernel; ceil mode', () => {
    expect(out([6, 28, 28], [{ name: 'p', kind: 'maxpool', kernel: [2, 2] }])).toEqual([[6, 14, 14]]);
    expect(out([1, 7, 7], [{ name: 'p', kind: 'avgpool', kernel: [2, 2] }])).toEqual([[1, 3, 3]]);
    expect(out([1, 7, 7], [{ name: 'p', kind: 'maxpool', kernel: [2, 2], ceilMode: true }])).toEqual([[1, 4, 4]]);
    // 112, 3×3 s2 p1 → 56
    expect(out([64, 112, 112], [{ name: 'p', kind: 'maxpool', kernel: [3, 3], stride: [2, 2], padding: [1, 1] }])).toEqual([[64, 56, 56]]);
  });
  it('vectors: globalavgpool, flatten, linear, concat, reduce, reshape, eltwise, convtranspose', () => {
    expect(
      out(
        [64, 8, 8],
        [
          { name: 'g', kind: 'globalavgpool' },
          { name: 'f', kind: 'flatten' },
          { name: 'fc', kind: 'linear', outFeatures: 10 },
          { name: 's', kind: 'softmax' },
        ],
      ),
    ).toEqual([[64, 1, 1], [64], [10], [10]]);
    expect(
      out(
        [4, 5, 5],
        [
          { name: 'a', kind: 'relu' },
          { name: 'b', kind: 'hardtanh', inputs: ['input'] },
          { name: 'c', kind: 'concat', inputs: ['a', 'b'] },
        ],
      ).at(-1),
    ).toEqual([8, 5, 5]);
    expect(out([4, 5, 6], [{ name: 'r', kind: 'reduce', fn: 'mean', axes: [1, 2] }])).toEqual([[4]]);
    expect(out([4, 5, 6], [{ name: 'r', kind: 'reduce', fn: 'max', axes: [0], keepDims: true }])).toEqual([[1, 5, 6]]);
    expect(out([4, 5, 6], [{ name: 'r', kind: 'reshape', shape: [20, 6] }])).toEqual([[20, 6]]);
    expect(
      out(
        [4, 5, 6],
        [
          { name: 'g', kind: 'globalavgpool' },
          { name: 'e', kind: 'eltwise', fn: 'mul', inputs: ['input', 'g'] },
        ],
      ).at(-1),
    ).toEqual([4, 5, 6]);
    // (4-1)·2 - 2 + 3 + 1 = 8
    expect(
      out([4, 4, 4], [{ name: 't', kind: 'convtranspose2d', outChannels: 2, kernel: [3, 3], stride: [2, 2], padding: [1, 1], outputPadding: [1, 1] }]),
    ).toEqual([[2, 8, 8]]);
  });
});

describe('shape mismatches name the file and layer', () => {
  it('linear on a feature map', () => {
    const e = err(() => shaped([16, 5, 5], [{ name: 'fc1', kind: 'linear', outFeatures: 120 }]));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.path).toBe('t.json: layers[0] (fc1)');
    expect(e.message).toMatch(/flatten/);
  });
  it('add of unequal shapes', () => {
    const e = err(() =>
      shaped(
        [4, 8, 8],
        [
          { name: 'c', kind: 'conv2d', outChannels: 8, kernel: [1, 1] },
          { name: 'sum', kind: 'add', inputs: ['input', 'c'] },
        ],
      ),
    );
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.path).toBe('t.json: layers[1] (sum)');
  });
  it('groups that do not divide the channels', () => {
    const e = err(() => shaped([6, 8, 8], [{ name: 'g', kind: 'conv2d', outChannels: 8, kernel: [1, 1], groups: 4 }]));
    expect(e.path).toBe('t.json: layers[0] (g)');
    expect(e.message).toMatch(/divisible by groups 4/);
  });
  it('a kernel larger than the input, a bad reshape, a bad concat, a bad broadcast', () => {
    expect(err(() => shaped([1, 4, 4], [{ name: 'k', kind: 'conv2d', outChannels: 1, kernel: [5, 5] }])).code).toBe('SHAPE_MISMATCH');
    expect(err(() => shaped([4, 5, 6], [{ name: 'r', kind: 'reshape', shape: [7] }])).path).toBe('t.json: layers[0] (r)');
    expect(
      err(() =>
        shaped(
          [4, 5, 5],
          [
            { name: 'p', kind: 'maxpool', kernel: [2, 2] },
            { name: 'c', kind: 'concat', inputs: ['input', 'p'] },
          ],
        ),
      ).path,
    ).toBe('t.json: layers[1] (c)');
    expect(
      err(() =>
        shaped(
          [4, 5, 5],
          [
            { name: 'p', kind: 'maxpool', kernel: [2, 2] },
            { name: 'e', kind: 'eltwise', fn: 'add', inputs: ['input', 'p'] },
          ],
        ),
      ).code,
    ).toBe('SHAPE_MISMATCH');
  });
});
