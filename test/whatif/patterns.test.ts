// Globs and ties bind several profile numbers to one value, in the API (deriveWith, sweep specs) and the CLI.
import { describe, expect, it } from 'vitest';
import { deriveWith, loadProfile, parseParamPath } from '../../src/index.ts';
import { expandPath } from '../../src/whatif/params.ts';
import { sweep } from '../../src/whatif/sweep.ts';
import { runCli } from '../cli/run-cli.ts';

const MACS = 416_520; // lenet5-bn

describe('globs and ties', () => {
  it('expandPath: a glob matches forms by op and type; a tie lists paths', () => {
    const forms = ['mul.f64', 'mul.f32', 'mul.f32x4', 'add.f32', 'fma.f32x8'];
    expect(expandPath('forms.mul.*.latency', forms)).toEqual(['forms.mul.f32.latency', 'forms.mul.f32x4.latency', 'forms.mul.f64.latency']);
    expect(expandPath('forms.*.f32.latency', forms)).toEqual(['forms.add.f32.latency', 'forms.mul.f32.latency']);
    expect(expandPath('forms.mul.f64.latency,forms.fma.*.latency', forms)).toEqual(['forms.mul.f64.latency', 'forms.fma.f32x8.latency']);
    expect(() => parseParamPath('forms.mul.*.latncy')).toThrow(/not a form field/);
    expect(() => parseParamPath('forms.mul.f64.latency,variant')).toThrow(/is an option/);
  });

  it('deriveWith sets every matching form of the profile (FP multiply latency = every mul form); a glob matching nothing is an error', () => {
    const nano = loadProfile('via-nano-2000');
    const d = deriveWith(nano, [{ path: 'forms.mul.f*.latency', value: 9 }]);
    const muls = Object.keys(nano.forms).filter((f) => /^mul\.f/.test(f));
    expect(muls.length).toBeGreaterThan(2);
    for (const f of muls) expect(d.forms[f]!.latency, f).toBe(9);
    expect(d.forms['add.f64']!.latency).toBe(nano.forms['add.f64']!.latency);
    expect(() => deriveWith(nano, [{ path: 'forms.mul.q*.latency', value: 9 }])).toThrow(/no form of profile via-nano-2000 matches forms.mul.q\*.latency/);
  });

  it('a tie in a sweep, hand-checked: serial paper CNN with mul.f64 = add.f64 = v costs MACs · 2v', async () => {
    const { rows } = await sweep({
      models: ['lenet5-bn'],
      cpus: ['via-nano-2000'],
      variants: ['cnn'],
      schedulers: ['serial'],
      lowerings: ['paper'],
      params: [{ path: 'forms.mul.f64.latency,forms.add.f64.latency', values: [1, 2, 3] }],
    });
    expect(rows.map((r) => r.cycles)).toEqual([1, 2, 3].map((v) => MACS * 2 * v));
    expect(rows.map((r) => r['share:forms.mul.f64.latency,forms.add.f64.latency'])).toEqual([1, 1, 1]);
  });

  it("the CLI takes the same spelling: --set 'forms.mul.*.latency=2..3'", async () => {
    const r = await runCli(
      'sweep',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--variant',
      'cnn',
      '--scheduler',
      'serial',
      '--lowering',
      'paper',
      '--set',
      'forms.mul.*.latency=2..3',
      '--workers',
      '1',
    );
    expect(r.code, r.err).toBe(0);
    const rows = r.out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    // MACs · (m + add.f64 2): the glob reaches mul.f64, the form the paper lowering runs
    expect(rows.map((c) => Number(c[8]))).toEqual([MACS * 4, MACS * 5]);
  });
});
