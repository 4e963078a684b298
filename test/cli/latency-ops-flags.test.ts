// `latency --ops` prices bare counts (Σ count × latency): a flag that shapes a MODEL's program would change
// nothing there, so it is a usage error naming the flag instead of a silently identical figure.

import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './run-cli.ts';

const OPS = ['latency', '--ops', 'mul=10,add=10', '--cpu', 'via-nano-2000'];

describe('latency --ops refuses model-only flags', () => {
  it.each([
    ['--lowering', 'simd'],
    ['--variant', 'adder'],
    ['--convert', 'all'],
    ['--accumulators', '4'],
    ['--energy-table', 'aladdin-40nm'],
    ['--table', 'aladdin-40nm'],
    ['--no-extrapolate'],
    ['--allow-unknown'],
    ['--layers'],
    ['--emit-asm', '/tmp/addersim-never-written'],
  ])('%s: exit 2, nothing on stdout, the flag named', async (...flag) => {
    const r = await runCli(...OPS, ...flag);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${flag[0]} applies to a MODEL`);
  });

  it('--dtype and --json still apply: 10 × 3 (MULSS) + 10 × 2 (ADDSS) = 50 cycles in f32', async () => {
    const r = await runJson<{ results: { cycles: number }[] }>(...OPS, '--dtype', 'f32', '--json');
    expect(r.results[0]!.cycles).toBe(10 * 3 + 10 * 2);
  });
});
