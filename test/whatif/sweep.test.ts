// Sweeps through the CLI: rows checked by hand (serial = Σ count × latency), byte-identical output with
// 1 worker and with a pool of worker threads, stop/resume from the output file, and bad input refused
// before any work (no output file is created).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { planSweep, runSweep, sweep, sweepRow } from '../../src/whatif/sweep.ts';
import { AddersimError } from '../../src/isa/index.ts';
import type { PointSpec } from '../../src/whatif/point.ts';
import { runPoints, startPool } from '../../src/whatif/pool.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { loadModel } from '../../src/models/index.ts';
import { deriveWith } from '../../src/whatif/params.ts';
import { evaluate } from '../../src/whatif/evaluate.ts';

const dir = mkdtempSync(join(tmpdir(), 'addersim-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MACS = 416_520; // lenet5-bn conv + FC MACs (paper lowering: one mul.f64 + one add.f64 per MAC)

describe('sweep rows', () => {
  it('serial, paper lowering, convert all: CNN = MACs·(m + 2), AdderNet = MACs·(2 + 2) whatever m', async () => {
    const r = await runCli(
      'sweep',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--variant',
      'cnn,adder',
      '--scheduler',
      'serial',
      '--lowering',
      'paper',
      '--convert',
      'all',
      '--set',
      'forms.mul.f64.latency=1..6',
      '--workers',
      '1',
    );
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('index,model,cpu,variant,convert,scheduler,lowering,forms.mul.f64.latency,cycles,share:forms.mul.f64.latency');
    expect(lines).toHaveLength(13);
    for (const line of lines.slice(1)) {
      const [index, , , variant, , , , m, cycles, share] = line.split(',');
      expect(Number(cycles)).toBe(variant === 'cnn' ? MACS * (Number(m) + 2) : MACS * 4);
      // the paper lowering runs MACs mul.f64 + MACs add.f64 as the CNN (share ½), no mul.f64 as the AdderNet
      expect(Number(share)).toBe(variant === 'cnn' ? 0.5 : 0);
      expect(variant).toBe(Number(index) < 6 ? 'cnn' : 'adder');
    }
  });

  it('the library sweep gives the same rows in the same order (last axis fastest)', async () => {
    const { rows } = await sweep({
      models: ['lenet5-bn'],
      cpus: ['via-nano-2000'],
      variants: ['cnn'],
      schedulers: ['serial'],
      lowerings: ['paper'],
      params: [
        { path: 'forms.mul.f64.latency', values: [1, 2] },
        { path: 'forms.add.f64.latency', values: [1, 3] },
      ],
    });
    expect(rows.map((r) => [r['forms.mul.f64.latency'], r['forms.add.f64.latency'], r.cycles])).toEqual([
      [1, 1, MACS * 2],
      [1, 3, MACS * 4],
      [2, 1, MACS * 3],
      [2, 3, MACS * 5],
    ]);
  });
});

describe('option axes', () => {
  it('--set variant=… and --set accumulators=… are axes like the flags; more accumulators cannot cost more under bound', async () => {
    const r = await runCli(
      'sweep',
      'lenet5-bn',
      '--cpu',
      'intel-skylake',
      '--set',
      'variant=cnn,adder',
      '--set',
      'lowering=simd',
      '--set',
      'accumulators=1,4',
      '--workers',
      '1',
    );
    expect(r.code, r.err).toBe(0);
    const rows = r.out
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(rows[0]).toEqual(['index', 'model', 'cpu', 'variant', 'convert', 'scheduler', 'lowering', 'accumulators', 'cycles']);
    expect(rows.slice(1).map((x) => [x[3], x[6], x[7]])).toEqual([
      ['cnn', 'simd', '1'],
      ['cnn', 'simd', '4'],
      ['adder', 'simd', '1'],
      ['adder', 'simd', '4'],
    ]);
    expect(Number(rows[2]![8])).toBeLessThan(Number(rows[1]![8]));
    const both = await runCli('sweep', 'lenet5-bn', '--cpu', 'intel-skylake', '--variant', 'cnn', '--set', 'variant=adder');
    expect(both.code).toBe(2);
    expect(both.err).toContain('variant is given both as --variant and --set variant=');
  });
});

describe('derived accumulators per point', () => {
  const sweepArgs = ['sweep', 'lenet5-bn', '--cpu', 'intel-skylake', '--variant', 'cnn,adder', '--scheduler', 'bound', '--workers', '1'];

  it('an accumulators:<variant> column per point, ⌈latency / rthroughput⌉ of the chain form, and a note when it varies', async () => {
    const sky = loadProfile('intel-skylake');
    const fma = sky.forms['fma.f32x8']!;
    const add = sky.forms['add.f32x8']!;
    expect(fma.rthroughput).toBe(0.5); // so fma latency 1 → ⌈1 / 0.5⌉ = 2 accumulators, 4 → 8
    const r = await runCli(...sweepArgs, '--set', 'forms.fma.f32x8.latency=1,4');
    expect(r.code, r.err).toBe(0);
    const [head, ...rows] = r.out
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const col = (name: string) => head!.indexOf(name);
    expect(col('accumulators:cnn')).toBeGreaterThan(col('cycles'));
    expect(rows.map((x) => [x[col('variant')], x[col('forms.fma.f32x8.latency')], x[col('accumulators:cnn')], x[col('accumulators:adder')]])).toEqual([
      ['cnn', '1', '2', ''],
      ['cnn', '4', '8', ''],
      ['adder', '1', '', String(Math.ceil((add.accumulatorLatency ?? add.latency) / add.rthroughput))],
      ['adder', '4', '', String(Math.ceil((add.accumulatorLatency ?? add.latency) / add.rthroughput))],
    ]);
    // the count is the one the point ran with: the same cycles as evaluating the derived profile with it given
    const { graph } = await loadModel('lenet5-bn');
    for (const x of rows.filter((x) => x[col('variant')] === 'cnn')) {
      const derived = deriveWith(sky, [{ path: 'forms.fma.f32x8.latency', value: Number(x[col('forms.fma.f32x8.latency')]) }]);
      const given = evaluate(graph, derived, { variant: 'cnn', scheduler: 'bound', accumulators: Number(x[col('accumulators:cnn')]) });
      expect(Number(x[col('cycles')])).toBe(given.result.cycles);
    }
    expect(r.err).toMatch(/note: the simd lowering's accumulator count varies across the sweep \(cnn on intel-skylake, from fma\.f32x8: 2, 8\)/);
    expect(r.err).toContain('--accumulators N');
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('no note when the count stays (an add latency for the CNN); no derived column when --accumulators is given', async () => {
    const same = await runCli(...sweepArgs, '--variant', 'cnn', '--set', 'forms.max.f32x8.latency=1,2', '--allow-unused');
    expect(same.code, same.err).toBe(0);
    expect(same.err).not.toContain('accumulator count varies');
    const given = await runCli(...sweepArgs, '--accumulators', '8', '--set', 'forms.fma.f32x8.latency=1,4');
    expect(given.code, given.err).toBe(0);
    expect(given.out.split('\n')[0]).not.toContain('accumulators:');
    expect(given.err).toBe('');
  });
});

describe('workers', () => {
  const args = [
    'sweep',
    'resnet20',
    '--cpu',
    'via-nano-2000',
    '--variant',
    'cnn,adder',
    '--scheduler',
    'bound',
    '--lowering',
    'scalar',
    '--set',
    'forms.add.f32.latency=1..12', // 72 points: a pool starts (MIN_POOL_POINTS = 64)
    '--set',
    'machine.dispatchWidth=1..3',
  ];

  it('the output is byte-identical with 1 worker and with 2 worker threads (72 points, resnet20, bound)', async () => {
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    const a = await runCli(...args, '--workers', '1', '--out', one);
    const b = await runCli(...args, '--workers', '2', '--out', two);
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    const text = readFileSync(one, 'utf8');
    expect(text.trim().split('\n'), text).toHaveLength(74); // the inputs line, the header, 72 rows
    expect(readFileSync(two, 'utf8')).toBe(text);
    // the cycles really vary over the grid (a constant column would make the comparison weak)
    expect(
      new Set(
        text
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',').at(-3)),
      ).size,
    ).toBeGreaterThanOrEqual(4);
  });

  it('main thread + a pool thread give the rows of one worker, in order; the pool really ran some', async () => {
    const spec = {
      models: ['resnet20'],
      cpus: ['via-nano-2000'],
      variants: ['cnn' as const, 'adder' as const],
      schedulers: ['cycle' as const],
      params: [{ path: 'forms.add.f32.latency', values: [1, 2, 3, 4, 5, 6] }],
    };
    const { rows: one } = await sweep(spec, { workers: 1 });
    const plan = await planSweep(spec);
    const pool = startPool(1);
    const rows: Record<string, unknown>[] = [];
    try {
      // the thread started (from source: seconds); the main thread never waits for one that has not
      await pool.run({ kind: 'warm', config: plan.config, points: [plan.point(0), plan.point(6)] });
      const stats = { mainJobs: 0, poolJobs: 0, mainPoints: 0, poolPoints: 0 };
      await runPoints(plan.points(), plan.count, plan.config, { workers: 2, pool, stats, onResult: (r) => rows.push(sweepRow(plan, r)) });
      expect(stats.poolJobs).toBeGreaterThan(0);
    } finally {
      await pool.destroy();
    }
    expect(rows).toEqual(one);
  });

  it('shards 1/2 and 2/2 with 2 workers each (72 points a shard: a pool and its head start from the shard) merge to the 1-worker file', async () => {
    const grid = [...args.map((a) => (a === 'machine.dispatchWidth=1..3' ? 'machine.dispatchWidth=1..6' : a))]; // 144 points
    const whole = join(dir, 'whole-144.csv');
    expect((await runCli(...grid, '--workers', '1', '--out', whole)).code).toBe(0);
    for (const k of [1, 2]) {
      const r = await runCli(...grid, '--workers', '2', '--shard', `${k}/2`, '--out', join(dir, `part-${k}.csv`));
      expect(r.code, r.err).toBe(0);
    }
    const merged = join(dir, 'merged-144.csv');
    const m = await runCli('merge', join(dir, 'part-2.csv'), join(dir, 'part-1.csv'), '--out', merged);
    expect(m.code, m.err).toBe(0);
    expect(readFileSync(merged, 'utf8')).toBe(readFileSync(whole, 'utf8'));
    expect(readFileSync(whole, 'utf8').trim().split('\n')).toHaveLength(146);
  });

  it('JSON output is byte-identical too, and parses', async () => {
    const one = join(dir, 'one.json');
    const two = join(dir, 'two.json');
    await runCli(...args, '--workers', '1', '--out', one);
    await runCli(...args, '--workers', '2', '--out', two);
    expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
    const j = JSON.parse(readFileSync(one, 'utf8'));
    expect(j.schema).toBe('addersim/sweep@1');
    expect(j.points.map((p: { index: number }) => p.index)).toEqual([...Array(72).keys()]);
  });
});

describe('stop and resume', () => {
  const args = [
    'sweep',
    'lenet5-bn',
    '--cpu',
    'via-nano-2000',
    '--variant',
    'cnn,adder',
    '--scheduler',
    'serial',
    '--lowering',
    'paper',
    '--set',
    'forms.mul.f64.latency=1..10',
    '--workers',
    '1',
  ];

  it.each(['csv', 'json'])('%s: a file cut in the middle of a row resumes to the same bytes, evaluating only the missing points', async (ext) => {
    const full = join(dir, `full.${ext}`);
    const cut = join(dir, `cut.${ext}`);
    await runCli(...args, '--out', full);
    const text = readFileSync(full, 'utf8');
    const lines = text.split('\n');
    const head = ext === 'csv' ? 2 : 1; // CSV: the inputs line and the header; JSON: one header line
    const keep = lines.slice(0, head + 7).join('\n').length + 1 + 5; // header + 7 rows, then 5 bytes of the 8th
    writeFileSync(cut, text);
    truncateSync(cut, keep);
    const r = await runCli(...args, '--out', cut, '--resume');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('20 points (13 evaluated, 7 kept)');
    expect(readFileSync(cut, 'utf8')).toBe(text);
    const again = await runCli(...args, '--out', cut, '--resume');
    expect(again.err).toContain('(0 evaluated, 20 kept)');
    expect(readFileSync(cut, 'utf8')).toBe(text);
  });

  it('resuming a file of another sweep is an error, and the file is left alone', async () => {
    const f = join(dir, 'other.csv');
    await runCli(...args, '--out', f);
    const before = readFileSync(f, 'utf8');
    const r = await runCli(...args.map((a) => (a === 'forms.mul.f64.latency=1..10' ? 'forms.add.f64.latency=1..10' : a)), '--out', f, '--resume');
    expect(r.code).toBe(1);
    expect(r.err).toContain('the file holds a different sweep');
    expect(readFileSync(f, 'utf8')).toBe(before);
    const rows = await runCli(...args.map((a) => (a === 'forms.mul.f64.latency=1..10' ? 'forms.mul.f64.latency=2..11' : a)), '--out', f, '--resume');
    expect(rows.code).toBe(1);
    expect(rows.err).toContain('the inputs changed since the file was written');
  });
});

describe('bad input is refused before any work', () => {
  const base = ['sweep', 'lenet5-bn', '--cpu', 'via-nano-2000', '--scheduler', 'serial', '--lowering', 'paper'];
  it.each([
    [['--set', 'forms.mul.f64.latncy=1..4'], 2, 'unknown parameter path "forms.mul.f64.latncy"'],
    [['--set', 'forms.mul.f64.latency=4..1'], 2, 'empty range "4..1"'],
    [['--set', 'forms.mul.f64.latency=-1..3'], 1, 'profile via-nano-2000 with forms.mul.f64.latency=-1: forms.mul.f64.latency: Too small'],
    [['--set', 'machine.dispatchWidth=0,3'], 1, 'dispatchWidth must be a positive integer'],
    [['--set', 'forms.mul.f32x8.latency=1..2'], 1, 'form mul.f32x8 is not in profile via-nano-2000'],
    [['--set', 'forms.mul.f64.latency=1..2', '--set', 'forms.mul.f64.latency=3'], 2, 'swept twice'],
    [['--variant', 'cnn,foo'], 2, '--variant must be one of cnn, adder, bnn, got "foo"'],
  ])('%j → exit %i, "%s", no output file', async (extra, code, message) => {
    const out = join(dir, `bad-${readdirSync(dir).length}.csv`);
    const r = await runCli(...base, ...(extra as string[]), '--out', out);
    expect(r.code).toBe(code);
    expect(r.err).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it('--no-extrapolate on a model too large to expand is refused up front', async () => {
    const r = await runCli(
      'sweep',
      'resnet20',
      '--cpu',
      'via-nano-2000',
      '--variant',
      'cnn',
      '--lowering',
      'scalar',
      '--scheduler',
      'cycle',
      '--no-extrapolate',
      '--workers',
      '1',
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('--no-extrapolate: layer');
    expect(r.out).toBe('');
  });

  it('an error inside a worker thread comes back typed (code and message)', async () => {
    const bad: PointSpec = {
      index: 0,
      model: 'lenet5-bn',
      cpu: 'via-nano-2000',
      variant: 'cnn',
      convert: 'inner',
      scheduler: 'serial',
      lowering: 'paper',
      settings: [{ path: 'forms.mul.f64.latency', value: -3 }],
    };
    // a pool given (2 points: the main thread takes them; the error is the in-process one in any case)
    const good: PointSpec = { ...bad, index: 0, settings: [] };
    const pool = startPool(1);
    const e = await runPoints([good, { ...bad, index: 1 }], 2, {}, { workers: 2, pool, onResult: () => undefined }).catch((x: unknown) => x);
    await pool.destroy();
    expect(e).toBeInstanceOf(AddersimError);
    expect((e as AddersimError).code).toBe('BAD_INPUT');
    expect((e as AddersimError).message).toContain('forms.mul.f64.latency=-3');
  });

  it('an unknown model fails in planSweep, before the first evaluation', async () => {
    await expect(planSweep({ models: ['lenet6'], cpus: ['via-nano-2000'] })).rejects.toBeInstanceOf(AddersimError);
  });
});

describe('charts', () => {
  it('--chart writes a line chart per axis and a heatmap for two profile paths', async () => {
    const cd = join(dir, 'charts');
    const r = await runCli(
      'sweep',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--scheduler',
      'serial',
      '--lowering',
      'paper',
      '--set',
      'forms.mul.f64.latency=1..3',
      '--set',
      'forms.add.f64.latency=1,2',
      '--workers',
      '1',
      '--chart',
      cd,
    );
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(cd).sort();
    expect(files).toEqual(expect.arrayContaining(['line-forms-mul-f64-latency.svg', 'line-forms-add-f64-latency.png', 'heatmap-cnn.pdf', 'heatmap-adder.svg']));
  });
});
