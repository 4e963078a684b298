// The sweep pool (src/whatif/pool.ts): the main thread and a pool thread together give exactly the results
// of one worker, in order, for every kind of work the pool takes: shared layer jobs (cycle, serial: phase 1),
// whole points from the back (bound, intervals: phase 2), --ratio-to, several windows; and the pool really
// did some of it (runPoints' stats count the layer jobs and points each side did). A point that fails fails as in-process: the
// points before it reported, then its own typed error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import type { PointResult, PointSpec } from '../../src/whatif/point.ts';
import { MIN_POOL_POINTS, runPoints, startAhead, startPool, warmPool, type PoolStats, type SweepPool } from '../../src/whatif/pool.ts';
import { gridOf, planSweep, runConfigOf, runSweep, type SweepSpec } from '../../src/whatif/sweep.ts';

let pool: SweepPool;
beforeAll(async () => {
  pool = startPool(1);
  // the thread started and its modules loaded (from source: seconds), so that it takes part in every test
  const point = { index: 0, cpu: 'via-nano-2000', convert: 'inner', lowering: 'simd', settings: [] } as const;
  const points = (['resnet20', 'lenet5-bn'] as const).flatMap((model) =>
    (['cnn', 'adder'] as const).flatMap((variant) => (['cycle', 'bound'] as const).map((scheduler) => ({ ...point, model, variant, scheduler }))),
  );
  warmPool(pool, {}, points);
  await pool.run({ kind: 'warm', config: {}, points });
}, 60_000);
afterAll(async () => {
  await pool.destroy();
});

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** The results of a sweep with 1 worker and with the main thread + the pool, and who did what (each). */
async function both(spec: SweepSpec, window?: number): Promise<{ one: PointResult[]; two: PointResult[]; stats: PoolStats; oneStats: PoolStats }> {
  const plan = await planSweep(spec);
  const one: PointResult[] = [];
  const oneStats: PoolStats = { mainJobs: 0, poolJobs: 0, mainPoints: 0, poolPoints: 0 };
  await runPoints(plan.points(), plan.count, plan.config, { workers: 1, stats: oneStats, onResult: (r) => one.push(r) });
  const two: PointResult[] = [];
  const stats: PoolStats = { mainJobs: 0, poolJobs: 0, mainPoints: 0, poolPoints: 0 };
  await runPoints(plan.points(), plan.count, plan.config, { workers: 2, pool, stats, ...(window ? { window } : {}), onResult: (r) => two.push(r) });
  return { one, two, stats, oneStats };
}

describe('main thread + pool = 1 worker', () => {
  it('cycle: the distinct layers computed once across threads (phase 1), rows identical and in order', async () => {
    // 2 variants × 8 add latencies × 5 mul latencies = 80 points on resnet20's cycle model
    const { one, two, stats, oneStats } = await both({
      models: ['resnet20'],
      cpus: ['via-nano-2000'],
      variants: ['cnn', 'adder'],
      schedulers: ['cycle'],
      params: [
        { path: 'forms.add.f32.latency', values: range(1, 8) },
        { path: 'forms.mul.f32.latency', values: range(1, 5) },
      ],
    });
    expect(one).toHaveLength(80);
    expect(two).toEqual(one);
    expect(two.map((r) => r.index)).toEqual(range(0, 79));
    expect(new Set(one.map((r) => r.cycles)).size).toBeGreaterThan(10); // the cycles really vary
    // the layer jobs were shared out; the points then assembled on the main thread from cached layers
    expect(stats.poolJobs).toBeGreaterThan(0);
    expect(stats.mainJobs).toBeGreaterThan(0);
    expect(stats).toMatchObject({ mainPoints: 80, poolPoints: 0 });
    // no work done twice: the instructions the cycle model simulated on the two threads add up to one worker's
    // (a job is all of a point's uncached layers, scheduled with one cycle share as in-process)
    expect(oneStats.mainPoints).toBe(80);
    expect(oneStats.mainSimulated).toBeGreaterThan(0);
    expect(stats.mainSimulated).toBeGreaterThan(0);
    expect(stats.poolSimulated).toBeGreaterThan(0);
    expect(stats.mainSimulated! + stats.poolSimulated!).toBe(oneStats.mainSimulated);
  });

  it('bound: whole points from the back (phase 2), over several windows', async () => {
    // 2 variants × 12 add latencies × 3 dispatch widths = 72 points, windows of 25 points (25 + 25 + 22)
    const { one, two, stats } = await both(
      {
        models: ['resnet20'],
        cpus: ['via-nano-2000'],
        variants: ['cnn', 'adder'],
        schedulers: ['bound'],
        lowerings: ['scalar'],
        params: [
          { path: 'forms.add.f32.latency', values: range(1, 12) },
          { path: 'machine.dispatchWidth', values: [1, 2, 3] },
        ],
      },
      25,
    );
    expect(one).toHaveLength(72);
    expect(two).toEqual(one);
    expect(new Set(one.map((r) => r.cycles)).size).toBeGreaterThanOrEqual(4);
    expect(stats.poolPoints).toBeGreaterThan(0);
    expect(stats.mainPoints + stats.poolPoints).toBe(72);
    expect(stats.mainJobs + stats.poolJobs).toBe(0); // bound: no layer jobs
    expect((stats.mainSimulated ?? 0) + (stats.poolSimulated ?? 0)).toBe(0); // nor any simulation
  });

  it('--ratio-to on the cycle model (both variants of each point in the layer jobs) and serial', async () => {
    const { one, two, stats } = await both({
      models: ['lenet5-bn'],
      cpus: ['via-nano-2000'],
      variants: ['adder'],
      ratioTo: 'cnn',
      schedulers: ['cycle', 'serial'],
      lowerings: ['scalar'],
      params: [{ path: 'forms.add.f32.latency', values: range(1, 40) }],
    });
    expect(one).toHaveLength(80);
    expect(two).toEqual(one);
    expect(one.every((r) => r.ratio === r.cycles / r.ratioToCycles!)).toBe(true);
    expect(stats.mainJobs + stats.poolJobs).toBeGreaterThan(0);
  });

  it('intervals: whole points on the pool', async () => {
    const { one, two, stats } = await both({
      models: ['lenet5-bn'],
      cpus: ['via-nano-2000'],
      variants: ['cnn', 'adder'],
      schedulers: ['bound'],
      lowerings: ['scalar'],
      params: [{ path: 'forms.add.f32.latency', values: range(1, 40) }],
      uncertainty: { interval: true },
    });
    expect(one).toHaveLength(80);
    expect(two).toEqual(one);
    expect(one.every((r) => r.interval !== undefined)).toBe(true);
    expect(stats.poolPoints).toBeGreaterThan(0);
    expect(stats.mainPoints + stats.poolPoints).toBe(80);
  });
});

describe('head start (startAhead: the pool starts on the first window before the sweep is planned)', () => {
  const spec: SweepSpec = {
    models: ['resnet20'],
    cpus: ['via-nano-2000'],
    variants: ['cnn', 'adder'],
    schedulers: ['cycle'],
    params: [
      { path: 'forms.add.f32.latency', values: range(1, 8) },
      { path: 'forms.mul.f32.latency', values: range(6, 10) },
    ],
  };

  it.each([
    ['the same points as the run: used', 0],
    ['other points (a resumed run): cancelled, the run is still exact', 5],
  ] as const)('%s', async (_, shift) => {
    const grid = gridOf(spec);
    expect(grid.count).toBe(80);
    // handed over before planning, as the CLI does
    const ahead = startAhead(
      pool,
      runConfigOf(spec),
      range(shift, 79).map((i) => grid.point(i)),
    );
    const plan = await planSweep(spec);
    const one: PointResult[] = [];
    await runSweep(plan, { workers: 1, onResult: (r) => one.push(r) });
    const two: PointResult[] = [];
    const stats: PoolStats = { mainJobs: 0, poolJobs: 0, mainPoints: 0, poolPoints: 0 };
    await runPoints(plan.points(), plan.count, plan.config, { workers: 2, pool, ahead, stats, onResult: (r) => two.push(r) });
    expect(two).toEqual(one);
    expect(stats.mainPoints).toBe(80);
    if (shift === 0) expect(stats.poolJobs).toBeGreaterThan(0);
  });
});

describe('errors', () => {
  const good: PointSpec = {
    index: 0,
    model: 'lenet5-bn',
    cpu: 'via-nano-2000',
    variant: 'cnn',
    convert: 'inner',
    scheduler: 'serial',
    lowering: 'paper',
    settings: [{ path: 'forms.mul.f64.latency', value: 3 }],
  };
  /** 80 points, the one at `bad` with a negative latency (serial, cycle: a layer job fails) or on an unknown CPU
   *  (bound: a bound point whose terms are all cached never derives its profile). */
  const points = (scheduler: PointSpec['scheduler'], bad: number): PointSpec[] =>
    range(0, 79).map((index) => ({
      ...good,
      scheduler,
      index,
      ...(scheduler === 'bound' && index === bad ? { cpu: 'no-such-cpu' } : {}),
      settings: [{ path: 'forms.mul.f64.latency', value: index === bad && scheduler !== 'bound' ? -3 : 1 + (index % 7) }],
    }));

  it.each([
    ['serial', 5, 'forms.mul.f64.latency=-3'],
    ['cycle', 70, 'forms.mul.f64.latency=-3'],
    ['bound', 5, 'no-such-cpu'],
    ['bound', 75, 'no-such-cpu'],
  ] as const)('%s, bad point %i: the points before it reported, then its typed error (%s), as with 1 worker', async (scheduler, bad, message) => {
    expect(80).toBeGreaterThanOrEqual(MIN_POOL_POINTS);
    const run = async (workers: number): Promise<{ seen: number[]; error: unknown }> => {
      const seen: number[] = [];
      const error = await runPoints(points(scheduler, bad), 80, {}, { workers, ...(workers > 1 ? { pool } : {}), onResult: (r) => seen.push(r.index) }).catch(
        (e: unknown) => e,
      );
      return { seen, error };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.seen).toEqual(range(0, bad - 1));
    expect(two.seen).toEqual(one.seen);
    expect(two.error).toBeInstanceOf(AddersimError);
    expect((two.error as AddersimError).code).toBe((one.error as AddersimError).code);
    expect((two.error as AddersimError).message).toBe((one.error as AddersimError).message);
    expect((two.error as AddersimError).message).toContain(message);
  });
});
