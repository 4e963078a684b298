// The `settings:` line of text outputs names the element type where it applies: simd and scalar run the
// --dtype (f32 by default), paper f64; int8 runs its own integer forms (u8/i8 dot, SAD, popcount), so no
// float type is shown for it.

import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const header = async (...flags: string[]) => {
  const r = await runCli('latency', 'lenet5-bn', '--cpu', 'intel-skylake', '--scheduler', 'bound', '--variant', 'cnn', ...flags);
  expect(r.code, r.err).toBe(0);
  return r.out.split('\n')[0]!;
};

describe('settings header', () => {
  it('simd f32 (default), simd f64, paper f64, int8 without a float type', async () => {
    expect(await header()).toContain(', lowering simd f32, convert inner');
    expect(await header('--dtype', 'f64')).toContain(', lowering simd f64, convert inner');
    expect(await header('--lowering', 'paper')).toContain(', lowering paper f64, convert inner');
    expect(await header('--lowering', 'int8')).toContain(', lowering int8, convert inner');
  });
});
