// What-ifs that cannot be silent: a swept or crossed path that no evaluated program reads is an error naming
// the forms executed instead; every sweep row says which share of the program a swept path touches; the
// crossover evaluates every point of a short range and reports every tie and sign change.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossingsOf, crossover } from '../../src/whatif/crossover.ts';
import { sweep } from '../../src/whatif/sweep.ts';
import { runCli } from '../cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'addersim-unused-'));

describe('unused what-if paths are errors', () => {
  it('sweep resnet20 --lowering simd --set forms.mul.f64.latency: exit 1, names the multiply forms simd executes, no file', async () => {
    const out = join(dir, 's.csv');
    const r = await runCli('sweep', 'resnet20', '--cpu', 'via-nano-2000', '--lowering', 'simd', '--set', 'forms.mul.f64.latency=2..4', '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[UNUSED_PARAMETER]');
    expect(r.err).toContain('no evaluated program executes mul.f64; the multiply forms executed are mul.f32, mul.f32x4, mul.i64');
    expect(existsSync(out)).toBe(false);
  });

  it('machine.loadLatency is read by no scheduler; machine.reorderBuffer not by bound; rthroughput not by serial', async () => {
    const base = { models: ['lenet5-bn'], cpus: ['via-nano-2000'], variants: ['cnn' as const], lowerings: ['scalar' as const] };
    await expect(sweep({ ...base, schedulers: ['cycle'], params: [{ path: 'machine.loadLatency', values: [2, 3] }] })).rejects.toThrow(
      /no scheduler reads machine.loadLatency/,
    );
    await expect(sweep({ ...base, schedulers: ['bound'], params: [{ path: 'machine.reorderBuffer', values: [8, 16] }] })).rejects.toThrow(/read by cycle only/);
    await expect(sweep({ ...base, schedulers: ['serial'], params: [{ path: 'forms.mul.f32.rthroughput', values: [1, 2] }] })).rejects.toThrow(
      /mul.f32 runs, but its rthroughput is read by no scheduler/,
    );
    // --allow-unused runs it: a flat curve, share 0 in every row
    const { rows } = await sweep({ ...base, schedulers: ['cycle'], allowUnused: true, params: [{ path: 'machine.loadLatency', values: [2, 3] }] });
    expect(rows.map((x) => x['share:machine.loadLatency'])).toEqual([0, 0]);
    expect(rows[0]!.cycles).toBe(rows[1]!.cycles);
  });

  it('a path used in some programs only is no error; the share column says where (machine paths: all of it)', async () => {
    const { rows } = await sweep({
      models: ['lenet5-bn'],
      cpus: ['intel-skylake'],
      variants: ['cnn', 'adder'],
      schedulers: ['bound'],
      lowerings: ['simd'],
      params: [
        { path: 'forms.abs.f32x8.latency', values: [1] },
        { path: 'machine.dispatchWidth', values: [4] },
      ],
    });
    const [cnn, adder] = rows;
    expect(cnn!['share:forms.abs.f32x8.latency']).toBe(0);
    expect(adder!['share:forms.abs.f32x8.latency']).toBeGreaterThan(0.1);
    expect(cnn!['share:machine.dispatchWidth']).toBe(1);
  });

  it("a sampled (--uncertain) path no program reads is an error too; with --ratio-to the denominator's forms count", async () => {
    const base = { models: ['lenet5-bn'], cpus: ['intel-skylake'], schedulers: ['bound' as const], lowerings: ['simd' as const] };
    await expect(
      sweep({ ...base, variants: ['cnn'], uncertainty: { interval: true, ranges: [{ path: 'forms.mul.f64.latency', lo: 3, hi: 5 }] } }),
    ).rejects.toThrow(/UNUSED|changes nothing/);
    // the CNN never runs abs.f32x8, the AdderNet does: as the ratio's denominator it makes the path used
    const { rows } = await sweep({
      ...base,
      schedulers: ['serial'],
      variants: ['cnn'],
      ratioTo: 'adder',
      params: [{ path: 'forms.abs.f32x8.latency', values: [1, 9] }],
    });
    expect(rows.map((r) => r['share:forms.abs.f32x8.latency'])).toEqual([0, 0]);
    expect(rows[0]!['cycles:adder']).not.toBe(rows[1]!['cycles:adder']);
  });

  it('crossover on a path neither variant reads is an error', async () => {
    const r = await runCli(
      'crossover',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--lowering',
      'simd',
      '--scheduler',
      'bound',
      '--param',
      'forms.mul.f64.latency',
      '--range',
      '1..4',
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('no evaluated program executes mul.f64');
  });
});

describe('crossovers on non-monotone curves', () => {
  it('crossingsOf reports every tie and sign change (hand-made curve: − + + 0 − − +)', () => {
    const d = [-3, 2, 5, 0, -1, -4, 6];
    expect(crossingsOf(d.map((diff, i) => ({ value: 10 + i, diff })))).toEqual([
      { value: 11, exact: false, bracket: [10, 11] },
      { value: 13, exact: true, bracket: [13, 13] },
      { value: 16, exact: false, bracket: [15, 16] },
    ]);
  });

  it('a short range is evaluated at every point; a long one is searched and says so', async () => {
    const spec = {
      model: 'lenet5-bn',
      cpu: 'via-nano-2000',
      param: 'forms.mul.f64.latency',
      lo: 1,
      hi: 20,
      scheduler: 'serial',
      lowering: 'paper',
      convert: 'all',
    } as const;
    const every = await crossover(spec);
    expect(every).toMatchObject({ method: 'every point', found: true, value: 2, exact: true, crossings: [{ value: 2, exact: true }] });
    expect(every.curve).toHaveLength(20);
    const searched = await crossover({ ...spec, everyPointLimit: 4 });
    expect(searched).toMatchObject({ method: 'search', found: true, value: 2, exact: true });
    expect(searched.curve.length).toBeLessThan(20);
  });
});

describe('an uncertainty request with nothing to vary is said, not printed as flat columns', () => {
  // intel-skylake's only ranged numbers are load.i32/i64 latencies (4..5), which the simd f32 lowering never
  // executes; via-nano-2000 ranges add.f32x4 (2..3), which it does
  const base = {
    models: ['lenet5-bn'],
    variants: ['cnn' as const],
    schedulers: ['bound' as const],
  };
  it('--samples on intel-skylake: a note naming the CPU and --uncertain; on via-nano-2000 or with --uncertain: none', async () => {
    const sky = await sweep({ ...base, cpus: ['intel-skylake'], uncertainty: { samples: 3 } });
    expect(sky.plan.notes.join('\n')).toMatch(/^intel-skylake: no ranged number the programs read.*--uncertain PATH=LO\.\.HI$/m);
    const row = sky.rows[0]!;
    expect(row.sampleMin).toBe(row.cycles);
    expect(row.sampleMax).toBe(row.cycles);
    const nano = await sweep({ ...base, cpus: ['via-nano-2000'], uncertainty: { samples: 3 } });
    expect(nano.plan.notes.some((n) => n.includes('no ranged number'))).toBe(false);
    const ranged = await sweep({ ...base, cpus: ['intel-skylake'], uncertainty: { samples: 3, ranges: [{ path: 'forms.mul.f32x8.latency', lo: 3, hi: 5 }] } });
    expect(ranged.plan.notes.some((n) => n.includes('no ranged number'))).toBe(false);
  });
});
