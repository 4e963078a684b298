// --accumulators chooses the simd lowering's independent accumulators; the scalar, int8 and paper lowerings
// have none to choose, so with them the flag would change nothing: a usage error, in every command that
// takes it (a sweep only when none of its lowerings is simd).

import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './run-cli.ts';

const RUN = ['lenet5-bn', '--cpu', 'intel-skylake', '--variant', 'cnn', '--scheduler', 'bound'];

describe('--accumulators outside the simd lowering', () => {
  it.each(['scalar', 'int8', 'paper'])('latency/compare --lowering %s --accumulators 4: exit 2, the flag named', async (lowering) => {
    for (const command of ['latency', 'compare']) {
      const r = await runCli(command, ...RUN, '--lowering', lowering, '--accumulators', '4');
      expect(r.code, `${command} ${lowering}`).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(`--accumulators applies to the simd lowering only (the ${lowering} lowering`);
    }
  });

  it('energy --view full and crossover refuse it too', async () => {
    const energy = await runCli('energy', 'lenet5-bn', '--view', 'full', '--cpu', 'intel-skylake', '--lowering', 'scalar', '--accumulators', '4');
    expect(energy.code).toBe(2);
    const crossover = await runCli(
      ...['crossover', ...RUN],
      '--lowering',
      'scalar',
      '--accumulators',
      '4',
      '--param',
      'forms.add.f32.latency',
      '--range',
      '1..2',
    );
    expect(crossover.code).toBe(2);
    expect(crossover.err).toContain('--accumulators applies to the simd lowering only');
  });

  it('sweep: refused when no lowering is simd, run when one is (simd × scalar: the scalar rows are the same for 1 and 4)', async () => {
    const none = await runCli('sweep', ...RUN, '--lowering', 'scalar,int8', '--accumulators', '1,4', '--workers', '1');
    expect(none.code).toBe(2);
    expect(none.err).toContain('no point of this sweep lowers with simd');
    const mixed = await runJson<{ points: { lowering: string; accumulators: number; cycles: number }[] }>(
      'sweep',
      ...RUN,
      '--lowering',
      'simd,scalar',
      '--accumulators',
      '1,4',
      '--workers',
      '1',
      '--json',
    );
    const scalar = mixed.points.filter((p) => p.lowering === 'scalar').map((p) => p.cycles);
    expect(scalar).toHaveLength(2);
    expect(scalar[0]).toBe(scalar[1]);
    const simd = mixed.points.filter((p) => p.lowering === 'simd').map((p) => p.cycles);
    expect(simd[0]).not.toBe(simd[1]);
  });

  it('simd with --accumulators still runs, and 1 accumulator costs more than 4 under bound', async () => {
    type Doc = { results: { cycles: number }[] };
    const one = await runJson<Doc>('latency', ...RUN, '--accumulators', '1', '--json');
    const four = await runJson<Doc>('latency', ...RUN, '--accumulators', '4', '--json');
    expect(one.results[0]!.cycles).toBeGreaterThan(four.results[0]!.cycles);
  });
});

describe('--dtype with the int8 lowering', () => {
  it('is a usage error: the int8 types are fixed, and bound cycles are the same for f32 and f64 without the check', async () => {
    for (const command of ['latency', 'compare']) {
      const r = await runCli(command, ...RUN, '--lowering', 'int8', '--dtype', 'f64');
      expect(r.code, command).toBe(2);
      expect(r.err).toContain('--dtype does not apply to the int8 lowering');
    }
    const energy = await runCli('energy', 'lenet5-bn', '--view', 'full', '--cpu', 'intel-skylake', '--lowering', 'int8', '--dtype', 'f64');
    expect(energy.code).toBe(2);
    // without --dtype the int8 lowering runs as before
    const ok = await runJson<{ results: { cycles: number }[] }>('latency', ...RUN, '--lowering', 'int8', '--json');
    expect(ok.results[0]!.cycles).toBeGreaterThan(0);
  });
});

describe('--accumulators above the limit (64): the flag named, exit 2, in every command', () => {
  it.each([
    [['latency', ...RUN, '--accumulators', '1e9'], '--accumulators must be an integer from 1 to 64, got "1e9"'],
    [['compare', ...RUN, '--accumulators', '65'], '--accumulators must be an integer from 1 to 64, got "65"'],
    [['sweep', ...RUN, '--accumulators', '1e9'], '--accumulators must be integers from 1 to 64, got 1000000000'],
    [['sweep', ...RUN, '--set', 'accumulators=60..70'], '--set accumulators must be integers from 1 to 64, got 65'],
  ])('addersim %j', async (argv, message) => {
    const r = await runCli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toContain('[USAGE] accumulators:'); // the library's name of the field, not the flag
  });
  it('64 itself runs', async () => {
    expect((await runCli('latency', ...RUN, '--accumulators', '64')).code).toBe(0);
  });
});
