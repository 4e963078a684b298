// `kernel --help` and `measure --help` show the kernel file format with an example a new user can copy:
// the example is the text the help prints, and it runs (so it cannot drift from the parser).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KERNEL_FILE_EXAMPLE } from '../../src/cli/commands/kernel.ts';
import { runCli, runJson } from './run-cli.ts';

describe('kernel file format in --help', () => {
  it.each(['kernel', 'measure'])('%s --help prints the example kernel file', async (cmd) => {
    const r = await runCli(cmd, '--help');
    expect(r.out + r.err).toContain(KERNEL_FILE_EXAMPLE);
    expect(r.out + r.err).toContain('test/validation/kernels/');
  });

  it('the example, copied to a file, runs: 1,000 iterations of it on intel-skylake are bound at 1,000 cycles', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kernel-help-')), 'k.json');
    writeFileSync(file, KERNEL_FILE_EXAMPLE);
    // sub, abs and add (vpsubd, vpabsd, vpaddd) each take one µop on p0/p1/p5: 3 µops per iteration on 3 ports
    // = 1 cycle, and the acc0 chain (vpaddd, latency 1) is 1 cycle per iteration too: 1,000 × 1 = 1,000
    const bound = await runJson<{ cycles: number }>('kernel', file, '--cpu', 'intel-skylake', '--iterations', '1000', '--scheduler', 'bound', '--json');
    expect(bound.cycles).toBe(1000);
    const cycle = await runJson<{ cycles: number }>('kernel', file, '--cpu', 'intel-skylake', '--iterations', '1000', '--json');
    expect(cycle.cycles).toBeGreaterThanOrEqual(1000);
  });
});
