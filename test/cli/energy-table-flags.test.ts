// latency, sweep and crossover compute cycles only: an --energy-table (or --table) there changed nothing but
// the settings line, so it is a usage error pointing at compare and energy, which price energy with it.

import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './run-cli.ts';

const RUN = ['lenet5-bn', '--cpu', 'via-nano-2000', '--scheduler', 'serial', '--lowering', 'paper', '--convert', 'all'];

describe('--energy-table where no energy is computed', () => {
  it.each([
    ['latency', RUN],
    ['sweep', [...RUN, '--workers', '1']],
    ['crossover', [...RUN, '--param', 'forms.mul.f64.latency', '--range', '1..3']],
  ])('%s: exit 2, nothing on stdout, compare and energy named', async (command, args) => {
    for (const flag of ['--energy-table', '--table']) {
      const r = await runCli(command, ...args, flag, 'aladdin-40nm');
      expect(r.code, `${command} ${flag}`).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(`${flag}: ${command} computes cycles only`);
    }
  });

  it('compare takes it, and the table changes the energy: aladdin-40nm ≠ horowitz-45nm', async () => {
    type Doc = { results: { variant: string; energyPJ: number }[] };
    const h = await runJson<Doc>('compare', ...RUN, '--variant', 'cnn', '--json');
    const a = await runJson<Doc>('compare', ...RUN, '--variant', 'cnn', '--energy-table', 'aladdin-40nm', '--json');
    expect(a.results[0]!.energyPJ).not.toBe(h.results[0]!.energyPJ);
  });
});
