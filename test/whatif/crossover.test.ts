// Crossover search. Hand computation (serial, paper lowering, lenet5-bn on via-nano-2000, scalar f64):
// every conv/FC MAC costs one mul.f64 (latency m) + one add.f64 (2) as a CNN, and one sub.f64 (2) + one
// add.f64 (2) as an AdderNet. With --convert all: CNN = MACs·(m + 2), AdderNet = MACs·4 → tie at m = 2.
// With --convert inner the first conv and last FC stay multiplicative in both variants, so they cancel:
// CNN − AdderNet = MACs_inner·(m + 2 − 4) → the tie is at m = 2 again (only the slope differs).
import { describe, expect, it } from 'vitest';
import { crossover } from '../../src/whatif/crossover.ts';
import { sweep } from '../../src/whatif/sweep.ts';
import { runCli, runJson } from '../cli/run-cli.ts';

const MACS = 416_520;
const ADD = 2; // add.f64 = sub.f64 = 2 on the Nano (instlatx64-cna)

describe('crossover, serial (hand computation)', () => {
  it.each(['all', 'inner'] as const)('convert %s: the multiply latency at which CNN and AdderNet tie is m = a = 2', async (convert) => {
    const r = await crossover({
      model: 'lenet5-bn',
      cpu: 'via-nano-2000',
      param: 'forms.mul.f64.latency',
      lo: 1,
      hi: 64,
      scheduler: 'serial',
      lowering: 'paper',
      convert,
    });
    expect(r).toMatchObject({ found: true, value: ADD, exact: true });
    const tie = r.curve.find((c) => c.value === 2)!;
    expect(tie.a).toBe(MACS * (2 + ADD));
    expect(tie.b).toBe(tie.a);
    if (convert === 'all') for (const c of r.curve) expect(c.diff).toBe(MACS * (c.value + ADD) - MACS * 2 * ADD);
  });

  it('a crossing between integers is reported as the first value past it; no sign change → not found', async () => {
    // scalar f32 lowering (BN, pooling, |x − w| with abs, neg per output): the curves cross between 3 and 4
    const r = await crossover({
      model: 'lenet5-bn',
      cpu: 'via-nano-2000',
      param: 'forms.mul.f32.latency',
      lo: 0,
      hi: 64,
      scheduler: 'serial',
      lowering: 'scalar',
      convert: 'all',
    });
    expect(r).toMatchObject({ found: true, value: 4, exact: false, bracket: [3, 4] });
    expect(r.curve.find((c) => c.value === 3)!.diff).toBeLessThan(0);
    expect(r.curve.find((c) => c.value === 4)!.diff).toBeGreaterThan(0);
    // sub.f64 latency s moves only the AdderNet: CNN = MACs·(4 + 2), AdderNet = MACs·(s + 2) → tie at s = 4
    const s = await crossover({
      model: 'lenet5-bn',
      cpu: 'via-nano-2000',
      param: 'forms.sub.f64.latency',
      lo: 1,
      hi: 20,
      scheduler: 'serial',
      lowering: 'paper',
      convert: 'all',
    });
    expect(s).toMatchObject({ found: true, value: 4, exact: true });
    const none = await crossover({
      model: 'lenet5-bn',
      cpu: 'via-nano-2000',
      param: 'forms.mul.f64.latency',
      lo: 3,
      hi: 9,
      scheduler: 'serial',
      lowering: 'paper',
      convert: 'all',
    });
    expect(none.found).toBe(false);
    expect(none.curve.every((c) => c.diff > 0)).toBe(true);
  });

  it('the CLI prints the tie and the curve; JSON carries the schema', async () => {
    const t = await runCli(
      'crossover',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--param',
      'forms.mul.f64.latency',
      '--range',
      '1..64',
      '--scheduler',
      'serial',
      '--lowering',
      'paper',
      '--convert',
      'all',
    );
    expect(t.code, t.err).toBe(0);
    expect(t.out).toContain('forms.mul.f64.latency = 2: cnn and adder tie (1,666,080 cycles each)');
    const j = await runJson(
      'crossover',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--param',
      'forms.mul.f64.latency',
      '--range',
      '1..64',
      '--scheduler',
      'serial',
      '--lowering',
      'paper',
      '--json',
    );
    expect(j).toMatchObject({ schema: 'addersim/crossover@1', value: 2, exact: true, scheduler: 'serial', lowering: 'paper' });
  });

  it.each([
    [['--param', 'forms.mul.f64.latncy', '--range', '1..8'], 'unknown parameter path'],
    [['--param', 'forms.mul.f64.latency', '--range', '8..1'], 'empty range 8..1'],
    [['--param', 'forms.mul.f64.latency', '--range', '-1..8'], 'Too small'],
    [['--param', 'forms.mul.f64.latency', '--range', '1..8', '--a', 'adder'], 'the two variants must differ'],
  ])('bad input %j → an error before any evaluation', async (extra, message) => {
    const r = await runCli('crossover', 'lenet5-bn', '--cpu', 'via-nano-2000', ...(extra as string[]));
    expect(r.code).toBeGreaterThan(0);
    expect(r.err).toContain(message);
  });
});

describe('crossover, derived accumulators', () => {
  it('each value carries the simd accumulator count it ran with (⌈fma latency / 0.5⌉ for the CNN); the text shows them and a note', async () => {
    const spec = { model: 'lenet5-bn', cpu: 'intel-skylake', param: 'forms.fma.f32x8.latency', lo: 1, hi: 4, scheduler: 'bound', lowering: 'simd' } as const;
    const r = await crossover(spec);
    expect(r.curve.map((c) => [c.value, c.accumulatorsA, c.accumulatorsB])).toEqual([
      [1, 2, 8],
      [2, 4, 8],
      [3, 6, 8],
      [4, 8, 8], // skylake add.f32x8: latency 4 / rthroughput 0.5 → 8 for the AdderNet throughout
    ]);
    const args = ['crossover', 'lenet5-bn', '--cpu', 'intel-skylake', '--param', 'forms.fma.f32x8.latency', '--range', '1..4', '--scheduler', 'bound'];
    const text = await runCli(...args);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/accumulators cnn {2}accumulators adder\n/);
    expect(text.out).toContain("note: the simd lowering's accumulator count varies with forms.fma.f32x8.latency");
    const given = await runCli(...args, '--accumulators', '8');
    expect(given.out).not.toContain('accumulators adder');
    expect(given.out).not.toContain('note:');
  });
});

describe('crossover, cycle scheduler, confirmed by a sweep', () => {
  it('the sweep over the final bracket shows the sign change (or the tie) the search reports', async () => {
    const r = await crossover({
      model: 'lenet5-bn',
      cpu: 'via-nano-2000',
      param: 'forms.mul.f64.latency',
      lo: 1,
      hi: 64,
      scheduler: 'cycle',
      lowering: 'paper',
    });
    expect(r.found).toBe(true);
    const [lo, hi] = r.bracket!;
    const { rows } = await sweep({
      models: ['lenet5-bn'],
      cpus: ['via-nano-2000'],
      variants: ['cnn', 'adder'],
      schedulers: ['cycle'],
      lowerings: ['paper'],
      params: [{ path: 'forms.mul.f64.latency', values: [lo, hi] }],
    });
    const diff = (v: number) =>
      (rows.find((x) => x.variant === 'cnn' && x['forms.mul.f64.latency'] === v)!.cycles as number) -
      (rows.find((x) => x.variant === 'adder' && x['forms.mul.f64.latency'] === v)!.cycles as number);
    expect(Math.sign(diff(lo))).toBe(Math.sign(r.curve[0]!.diff));
    expect(Math.sign(diff(hi))).not.toBe(Math.sign(diff(lo)));
    expect(diff(hi) === 0).toBe(r.exact);
    expect(diff(hi)).toBe(r.curve.find((c) => c.value === hi)!.diff);
  });
});
