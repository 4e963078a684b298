// `latency --set` and `compare --set`: one what-if point, parsed and checked as `sweep --set` is, so one
// question gets one answer: the cycles equal the sweep's point, and a path that changes nothing is refused.
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './run-cli.ts';

type Latency = { settings: { cpu: string; overrides: { path: string; value: number }[] }; results: { variant: string; cycles: number }[] };
type Sweep = { points: { variant: string; cycles: number }[] };

const RUN = ['lenet5-bn', '--cpu', 'intel-skylake', '--variant', 'cnn,adder', '--accumulators', '1'];

describe('latency/compare --set PATH=VALUE', () => {
  it.each(['bound', 'cycle'])('equals the sweep point (%s, lenet5-bn, add.f32x8 latency 8) ', async (scheduler) => {
    const set = ['--set', 'forms.add.f32x8.latency=8'];
    const latency = await runJson<Latency>('latency', ...RUN, '--scheduler', scheduler, ...set, '--json');
    const compare = await runJson<Latency>('compare', ...RUN, '--scheduler', scheduler, ...set, '--json');
    const sweep = await runJson<Sweep>('sweep', ...RUN, '--scheduler', scheduler, ...set, '--workers', '1', '--json');
    const base = await runJson<Latency>('latency', ...RUN, '--scheduler', scheduler, '--json');
    const cycles = (d: { variant: string; cycles: number }[]) => Object.fromEntries(d.map((r) => [r.variant, r.cycles]));
    expect(cycles(latency.results)).toEqual(cycles(sweep.points));
    expect(cycles(compare.results)).toEqual(cycles(sweep.points));
    // the AdderNet's accumulation chain is add.f32x8 (4 on Skylake); with one accumulator (RUN) the cycle model's AdderNet slows down
    if (scheduler === 'cycle') expect(cycles(latency.results).adder).toBeGreaterThan(cycles(base.results).adder!);
    expect(latency.settings.cpu).toBe('intel-skylake+forms.add.f32x8.latency=8');
    expect(latency.settings.overrides).toEqual([{ path: 'forms.add.f32x8.latency', value: 8 }]);
  });

  it('bare --ops counts take --set too: 435,000 × (2 + 2) = 1,740,000 with mul.f64 at 2 on the Nano', async () => {
    const r = await runCli('latency', '--ops', 'mul=435000,add=435000', '--cpu', 'via-nano-2000', '--set', 'forms.mul.f64.latency=2');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/total\s+1,740,000/);
  });

  it('refused as a sweep refuses it: a path no program reads (exit 1, forms executed named), --allow-unused runs the base numbers', async () => {
    const r = await runCli('latency', ...RUN, '--scheduler', 'bound', '--set', 'forms.mul.f64.latency=8');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /error \[UNUSED_PARAMETER\] --set forms\.mul\.f64\.latency: .*no evaluated program executes mul\.f64; the multiply forms executed are .*mul\.f32x8/,
    );
    const sweep = await runCli('sweep', ...RUN, '--scheduler', 'bound', '--set', 'forms.mul.f64.latency=8');
    expect(sweep.err).toBe(r.err);
    const allowed = await runJson<Latency>('latency', ...RUN, '--scheduler', 'bound', '--set', 'forms.mul.f64.latency=8', '--allow-unused', '--json');
    const base = await runJson<Latency>('latency', ...RUN, '--scheduler', 'bound', '--json');
    expect(allowed.results.map((x) => x.cycles)).toEqual(base.results.map((x) => x.cycles));
  });

  it('a range is a sweep, an option is a flag, a bad path or value is the sweep parser`s error (exit 2)', async () => {
    const range = await runCli('latency', ...RUN, '--set', 'forms.add.f32x8.latency=1..4');
    expect([range.code, range.err]).toEqual([2, expect.stringContaining('one value per run (got 4: 1..4); a range is a sweep: addersim sweep MODEL')]);
    const option = await runCli('compare', ...RUN, '--set', 'lowering=paper');
    expect([option.code, option.err]).toEqual([2, expect.stringContaining('--set lowering: lowering is an option of the run: give --lowering paper')]);
    const path = await runCli('latency', ...RUN, '--set', 'add.f32.latency=5');
    const sweepPath = await runCli('sweep', ...RUN, '--set', 'add.f32.latency=5');
    expect(path.code).toBe(2);
    expect(path.err).toBe(sweepPath.err);
    const value = await runCli('latency', ...RUN, '--set', 'forms.add.f32x8.latency=fast');
    const sweepValue = await runCli('sweep', ...RUN, '--set', 'forms.add.f32x8.latency=fast');
    expect(value.code).toBe(2);
    expect(value.err).toBe(sweepValue.err);
  });
});
