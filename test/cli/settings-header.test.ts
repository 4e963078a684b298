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
  it('the simd lowering notes name their variant (variants side by side print their notes together)', async () => {
    // Skylake: the CNN chains fma.f32x8 (⌈4 / 0.5⌉ = 8), the AdderNet add.f32x8 at latency 8 here (⌈8 / 0.5⌉ = 16, capped at 13 registers)
    const r = await runCli(
      'latency',
      'resnet20',
      '--cpu',
      'intel-skylake',
      '--scheduler',
      'bound',
      '--variant',
      'cnn,adder',
      '--set',
      'forms.add.f32x8.latency=8',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('note: simd lowering (cnn): f32, 8 accumulator(s)');
    expect(r.out).toContain('note: simd lowering (adder): f32, 13 accumulator(s)');
  });
});
