// Intervals from ranged profile numbers. Property (fast-check): for serial and bound, the interval from
// the two monotone corners contains the result of every profile drawn inside the ranges. Hand cases:
// serial interval = MACs × (lo/hi latencies); the tornado ranks the widest latency range first.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { PointContext, type PointSpec } from '../../src/whatif/point.ts';
import { prng, sampleSettings, uncertainParams } from '../../src/whatif/uncertainty.ts';
import { runCli } from '../cli/run-cli.ts';

const MACS = 416_520;
const point = (scheduler: 'serial' | 'bound' | 'cycle', variant: 'cnn' | 'adder' = 'cnn'): PointSpec => ({
  index: 0,
  model: 'lenet5-bn',
  cpu: 'via-nano-2000',
  variant,
  convert: 'all',
  scheduler,
  lowering: 'paper',
  settings: [],
});

describe('ranged numbers of a profile', () => {
  it('via-nano-2000 carries latency ranges (Agner vs InstLatX64) and no ranged machine numbers', () => {
    const u = uncertainParams(loadProfile('via-nano-2000'));
    expect(u.find((x) => x.path === 'forms.add.f32.latency')).toEqual({ path: 'forms.add.f32.latency', lo: 2, hi: 3, nominal: 2, direction: 1 });
    expect(u.some((x) => x.path.startsWith('machine.'))).toBe(false);
    const n1 = uncertainParams(loadProfile('arm-neoverse-n1'));
    expect(n1.find((x) => x.path === 'machine.dispatchWidth')).toEqual({ path: 'machine.dispatchWidth', lo: 3, hi: 8, nominal: 3, direction: -1 });
  });

  it('samples are deterministic for a seed and stay inside the ranges', () => {
    const u = uncertainParams(loadProfile('via-nano-2000'));
    const a = sampleSettings(u, 20, 7);
    expect(sampleSettings(u, 20, 7)).toEqual(a);
    expect(sampleSettings(u, 20, 8)).not.toEqual(a);
    for (const s of a) s.forEach((x, i) => expect(x.value >= u[i]!.lo && x.value <= u[i]!.hi).toBe(true));
    expect(prng(1)()).toBe(prng(1)());
  });
});

describe('intervals (hand cases)', () => {
  it('serial CNN with mul.f64 ∈ [4, 6] and add.f64 ∈ [2, 3]: MACs·6 … MACs·9; the tornado ranks mul first', async () => {
    const ctx = new PointContext({
      uncertainty: {
        interval: true,
        tornado: true,
        ranges: [
          { path: 'forms.mul.f64.latency', lo: 4, hi: 6 },
          { path: 'forms.add.f64.latency', lo: 2, hi: 3 },
        ],
      },
    });
    const r = await ctx.run(point('serial'));
    expect(r.cycles).toBe(MACS * 6);
    expect(r.interval).toEqual({ min: MACS * 6, max: MACS * 9, method: 'monotone', evaluations: 2 });
    expect(r.tornado!.map((b) => [b.path, b.atLo, b.atHi, b.swing])).toEqual([
      ['forms.mul.f64.latency', MACS * 6, MACS * 8, MACS * 2],
      ['forms.add.f64.latency', MACS * 6, MACS * 7, MACS],
    ]);
  });

  it('a wider core can only help: dispatchWidth ∈ [1, 3] under bound gives [cycles at 3, cycles at 1]', async () => {
    const ctx = new PointContext({ uncertainty: { interval: true, ranges: [{ path: 'machine.dispatchWidth', lo: 1, hi: 3 }] } });
    const scalar = { ...point('bound'), lowering: 'scalar' as const };
    const r = await ctx.run(scalar);
    const at = async (w: number) => (await new PointContext({}).run({ ...scalar, settings: [{ path: 'machine.dispatchWidth', value: w }] })).cycles;
    expect(r.interval).toMatchObject({ min: await at(3), max: await at(1), method: 'monotone' });
    expect(await at(1)).toBeGreaterThan(await at(3));
  });

  it('cycle: intervals come from the corners (2^k evaluations), documented as a heuristic', async () => {
    const ctx = new PointContext({
      uncertainty: {
        interval: true,
        samples: 4,
        seed: 1,
        ranges: [
          { path: 'forms.mul.f64.latency', lo: 3, hi: 6 },
          { path: 'forms.add.f64.latency', lo: 2, hi: 3 },
        ],
      },
    });
    const r = await ctx.run(point('cycle'));
    expect(r.interval).toMatchObject({ method: 'corners', evaluations: 4 });
    expect(r.interval!.min).toBeLessThanOrEqual(r.cycles);
    expect(r.interval!.max).toBeGreaterThanOrEqual(r.cycles);
    expect(r.samples!.n).toBe(4);
  });
});

describe('property: the interval contains every sampled result (serial and bound)', () => {
  const nano = loadProfile('via-nano-2000');
  const FORMS = { paper: ['mul.f64', 'add.f64', 'sub.f64'], scalar: ['mul.f32', 'add.f32', 'sub.f32'] } as const;
  const range = fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 6 })).map(([lo, w]) => ({ lo, hi: lo + w }));
  // via-nano-2000's dispatch width is 3: a machine range must contain the profile value
  const widthRange = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 3, max: 6 })).map(([lo, hi]) => ({ lo, hi }));
  it('random ranges of the paper forms and the dispatch width; random draws inside them evaluated on their own', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('serial' as const, 'bound' as const),
        fc.constantFrom('cnn' as const, 'adder' as const),
        fc.constantFrom('paper' as const, 'scalar' as const),
        fc.tuple(range, range, range),
        widthRange,
        fc.array(fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        async (scheduler, variant, lowering, forms, width, draws) => {
          const names = FORMS[lowering];
          const spec = { ...point(scheduler, variant), lowering };
          const ranges = [...names.map((f, i) => ({ path: `forms.${f}.latency`, ...forms[i]! })), { path: 'machine.dispatchWidth', ...width }];
          const r = await new PointContext({ uncertainty: { interval: true, ranges } }).run(spec);
          expect(r.interval!.method).toBe('monotone');
          // the declared range of a form is the hull of its range and its profile value
          const hull = ranges.map((x, i) => {
            const nominal = i < 3 ? nano.forms[names[i]!]!.latency : 3;
            return { path: x.path, lo: Math.min(x.lo, nominal), hi: Math.max(x.hi, nominal) };
          });
          const plain = new PointContext({});
          for (const d of draws) {
            const settings = hull.map((h, i) => ({ path: h.path, value: h.lo + (d[i]! % (h.hi - h.lo + 1)) }));
            const v = (await plain.run({ ...spec, settings })).cycles;
            expect(v).toBeGreaterThanOrEqual(r.interval!.min);
            expect(v).toBeLessThanOrEqual(r.interval!.max);
          }
        },
      ),
      { numRuns: 40, seed: 20201 },
    );
  });
});

describe('sweep --interval / --samples through the CLI', () => {
  it('adds cyclesMin/cyclesMax/intervalMethod and sample statistics columns', async () => {
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
      '--convert',
      'all',
      '--set',
      'forms.add.f64.latency=2,3',
      '--uncertain',
      'forms.mul.f64.latency=4..6',
      '--interval',
      '--samples',
      '8',
      '--seed',
      '3',
      '--workers',
      '1',
    );
    expect(r.code, r.err).toBe(0);
    const [head, ...rows] = r.out.trim().split('\n');
    expect(head).toBe(
      'index,model,cpu,variant,convert,scheduler,lowering,forms.add.f64.latency,cycles,share:forms.add.f64.latency,cyclesMin,cyclesMax,intervalMethod,sampleMin,sampleMedian,sampleMax',
    );
    const cells = rows[0]!.split(',');
    expect(cells.slice(8, 13)).toEqual([String(MACS * 6), '0.5', String(MACS * 6), String(MACS * 8), 'monotone']);
    const [smin, , smax] = cells.slice(13).map(Number);
    expect(smin! >= MACS * 6 && smax! <= MACS * 8).toBe(true);
  });

  it('--tornado with --chart draws the ranking; JSON rows carry the bars', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'addersim-tornado-'));
    try {
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
        '--convert',
        'all',
        '--uncertain',
        'forms.mul.f64.latency=4..6',
        '--uncertain',
        'forms.add.f64.latency=2..3',
        '--tornado',
        '--json',
        '--workers',
        '1',
        '--chart',
        dir,
      );
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out);
      expect(j.points[0].tornado.map((b: { path: string }) => b.path)).toEqual(['forms.mul.f64.latency', 'forms.add.f64.latency']);
      expect(readdirSync(dir).sort()).toEqual(['tornado-0.pdf', 'tornado-0.png', 'tornado-0.svg']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--uncertain on a machine number must contain the profile value', async () => {
    const r = await runCli(
      'sweep',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--scheduler',
      'bound',
      '--uncertain',
      'machine.dispatchWidth=4..6',
      '--interval',
      '--workers',
      '1',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('must contain the profile value 3');
  });
  it('--uncertain on a number --set also sweeps (itself, or through a glob or tie) is an error naming both, not a range silently dropped', async () => {
    const base = ['sweep', 'lenet5-bn', '--cpu', 'intel-skylake', '--variant', 'cnn', '--scheduler', 'bound', '--interval', '--workers', '1'];
    for (const set of ['forms.fma.f32x8.latency=2,4', 'forms.fma.*.latency=2,4', 'forms.add.f32x8.latency,forms.fma.f32x8.latency=2,4']) {
      const r = await runCli(...base, '--set', set, '--uncertain', 'forms.fma.f32x8.latency=3..5');
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--uncertain forms.fma.f32x8.latency: forms.fma.f32x8.latency is also swept by --set ${set.split('=')[0]}`);
    }
    const machine = await runCli(...base, '--set', 'machine.dispatchWidth=2,4', '--uncertain', 'machine.dispatchWidth=4..6');
    expect(machine.code).toBe(2);
    expect(machine.err).toContain('machine.dispatchWidth is also swept by --set machine.dispatchWidth');
    // another number's range stays: fma.f32x8 latency 3..5 widens the interval once the dispatch width (4) no longer dominates
    const other = await runCli(...base, '--accumulators', '8', '--set', 'machine.dispatchWidth=2,4', '--uncertain', 'forms.fma.f32x8.latency=3..5');
    expect(other.code, other.err).toBe(0);
    const [head, ...rows] = other.out
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const at = (row: string[], c: string) => Number(row[head!.indexOf(c)]);
    expect(rows.map((row) => at(row, 'cyclesMax') - at(row, 'cyclesMin') > 0)).toEqual([false, true]);
    for (const row of rows) expect(at(row, 'cyclesMin')).toBeLessThanOrEqual(at(row, 'cycles'));
  });
});
