// A memory energy of 0 says why. The paper lowering is arithmetic only (no loads or stores), so in the
// full view (footprint model) a layer is charged memory only for its data brought once from beyond L1:
// the BNN's bit-packed layers fit in L1 and get 0. The result's notes name them and the reason; the
// lowerings with loads (simd) have no such zero and no such note.
import { describe, expect, it } from 'vitest';
import { runJson } from '../cli/run-cli.ts';

type Doc = {
  results: { variant: string; notes: string[]; layers: { layer: string; byKind: { memory: number }; workingSetBytes?: number }[] }[];
};

describe('energy --view full: a memory energy of 0 is explained', () => {
  it('lenet5-bn bnn, paper lowering on via-nano-2000: conv1 pays its 47,024 B once from sram-1MB, the L1-sized layers 0, named in a note', async () => {
    const doc = await runJson<Doc>('energy', 'lenet5-bn', '--view', 'full', '--cpu', 'via-nano-2000', '--lowering', 'paper', '--variant', 'bnn', '--json');
    const bnn = doc.results[0]!;
    const memory = Object.fromEntries(bnn.layers.map((l) => [l.layer, l.byKind.memory]));
    // ⌈47,024 / 8⌉ = 5,878 64-bit words × 100 pJ (Horowitz, 1 MB SRAM) = 587,800 pJ
    expect(memory.conv1).toBe(587_800);
    expect(bnn.layers.find((l) => l.layer === 'conv2')!.workingSetBytes).toBeLessThan(32 * 1024);
    const zero = bnn.layers.filter((l) => l.byKind.memory === 0).map((l) => l.layer);
    expect(zero).toEqual(['conv2', 'fc1', 'fc2', 'fc3']);
    expect(bnn.notes).toContain(
      'bnn: memory 0 in conv2, fc1, fc2, fc3: their kernels have no loads or stores (the paper lowering is arithmetic only), and their data fit in L1, which the footprint model prices only as accesses; the scalar, simd and int8 lowerings count every access',
    );
  });

  it('simd lowering: every layer loads, none is 0, no such note', async () => {
    const doc = await runJson<Doc>('energy', 'lenet5-bn', '--view', 'full', '--cpu', 'via-nano-2000', '--lowering', 'simd', '--variant', 'bnn', '--json');
    const bnn = doc.results[0]!;
    expect(bnn.layers.every((l) => l.byKind.memory > 0)).toBe(true);
    expect(bnn.notes.some((n) => n.includes('memory 0'))).toBe(false);
  });
});
