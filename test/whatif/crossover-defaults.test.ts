// crossover() takes its scheduler and lowering defaults from the one settings table, as evaluate, sweep and
// the CLI do: a spec without them (plain JavaScript callers) ran into a TypeError before.

import { describe, expect, it } from 'vitest';
import { crossover, DEFAULT_SETTINGS } from '../../src/index.ts';
import { runJson } from '../cli/run-cli.ts';

const SPEC = { model: 'lenet5-bn', cpu: 'via-nano-2000', param: 'forms.mul.f32x4.latency', lo: 1, hi: 3 } as const;

describe('crossover defaults', () => {
  it('no scheduler or lowering: the defaults (cycle, simd), the same curve as given explicitly and as the CLI', async () => {
    const bare = await crossover(SPEC);
    expect(bare.scheduler).toBe(DEFAULT_SETTINGS.scheduler);
    expect(bare.lowering).toBe(DEFAULT_SETTINGS.lowering);
    const explicit = await crossover({ ...SPEC, scheduler: DEFAULT_SETTINGS.scheduler, lowering: DEFAULT_SETTINGS.lowering });
    expect(bare.curve).toEqual(explicit.curve);
    expect(bare.curve).toHaveLength(3);
    const cli = await runJson<{ curve: { value: number; a: number; b: number }[] }>(
      'crossover',
      SPEC.model,
      '--cpu',
      SPEC.cpu,
      '--param',
      SPEC.param,
      '--range',
      `${SPEC.lo}..${SPEC.hi}`,
      '--json',
    );
    expect(cli.curve.map((c) => [c.value, c.a, c.b])).toEqual(bare.curve.map((c) => [c.value, c.a, c.b]));
  });
});
