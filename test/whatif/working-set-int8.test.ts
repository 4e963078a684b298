// Working sets follow how the lowering stores data: int8 keeps conv/FC weights and inputs in bytes and
// stores i32 sums; its BN/ReLU/pooling run on i16. By hand, lenet5-bn conv2 (6 → 16 channels, 5×5, input
// 6×14×14, output 16×10×10): weights 16·6·25 = 2,400, inputs 1,176, outputs 1,600 elements →
//   simd f32: (2,400 + 1,176 + 1,600) × 4 = 20,704 bytes;  int8: 2,400 + 1,176 + 1,600 × 4 = 9,976 bytes;
// conv2.bn (1,600 in, 1,600 out): f32 12,800 bytes, int8 (i16) 6,400 bytes.
import { describe, expect, it } from 'vitest';
import { elementBytes } from '../../src/whatif/working-set.ts';
import { runJson } from '../cli/run-cli.ts';

type Doc = { results: { layers: { layer: string; workingSetBytes?: number }[] }[] };
const wsOf = (d: Doc, layer: string) => d.results[0]!.layers.find((l) => l.layer === layer)?.workingSetBytes;

describe('working sets per lowering', () => {
  it('elementBytes: int8 conv/FC 1 B data, 4 B sums; element-wise i16; softmax f32; other lowerings the dtype', () => {
    expect(elementBytes('conv2d', 'int8', 'f32')).toEqual({ data: 1, out: 4 });
    expect(elementBytes('adderlinear', 'int8', 'f32')).toEqual({ data: 1, out: 4 });
    expect(elementBytes('batchnorm', 'int8', 'f32')).toEqual({ data: 2, out: 2 });
    expect(elementBytes('softmax', 'int8', 'f32')).toEqual({ data: 4, out: 4 });
    expect(elementBytes('conv2d', 'simd', 'f32')).toEqual({ data: 4, out: 4 });
    expect(elementBytes('conv2d', 'paper', 'f64')).toEqual({ data: 8, out: 8 });
  });

  it('energy --view full on lenet5-bn: conv2 20,704 B under simd, 9,976 B under int8; conv2.bn 12,800 / 6,400 B', async () => {
    const run = ['energy', 'lenet5-bn', '--view', 'full', '--cpu', 'intel-skylake', '--variant', 'cnn', '--json'];
    const simd = await runJson<Doc>(...run, '--lowering', 'simd');
    const int8 = await runJson<Doc>(...run, '--lowering', 'int8');
    expect(wsOf(simd, 'conv2')).toBe((2400 + 1176 + 1600) * 4);
    expect(wsOf(int8, 'conv2')).toBe(2400 + 1176 + 1600 * 4);
    expect(wsOf(simd, 'conv2.bn')).toBe(1600 * 2 * 4);
    expect(wsOf(int8, 'conv2.bn')).toBe(1600 * 2 * 2);
  });
});
