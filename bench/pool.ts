// `npm run bench` section (c), the sweep pool alone: runPoints with 1 worker and with the main thread + a
// started, warmed pool of N − 1 threads, interleaved run by run in alternating order (ABAB: the shared
// machine's load drifts). No start-up, no planning: each run gets a new context with the profile and the
// programs already loaded, so only the evaluation is timed. Per run: wall, the process's CPU time (every
// thread: main, pool, V8's compiler and GC helpers), and runPoints' stats (per side: instructions
// simulated, CPU and time ready but waiting for a core). Medians are printed, never asserted.
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fmtFixed, fmtInt, planSweep, startPool } from '../src/index.ts';
import { PointContext } from '../src/whatif/point.ts';
import { runPoints, warmPool, type PoolStats } from '../src/whatif/pool.ts';
import { planContext } from '../src/whatif/sweep.ts';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const ms = (x: number | undefined): string => (x === undefined ? 'n/a' : fmtInt(Math.round(x)));

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly stats: PoolStats;
}

/** Fixed arithmetic (no allocation, no messages but one each way) on `threads` threads at once. */
const BURN = 'let x = 1; for (let i = 0; i < n; i++) x = (Math.imul(x, 1103515245) + 12345) | 0; return x;';
const burn = new Function('n', BURN) as (n: number) => number;

/**
 * What the machine gives this process: the same arithmetic on 1 thread, and split over the main thread and
 * `threads` started worker threads, interleaved (ABAB); the speed-up is the ceiling of any thread pool
 * here and now. On the shared VM each login session's threads share one CPU share (Linux autogroups):
 * while other sessions compute, 2 threads get what 1 gets.
 */
async function ceiling(threads: number, pairs: number): Promise<{ one: number; all: number }> {
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(
        `const f = new Function('n', ${JSON.stringify(BURN)}); require('node:worker_threads').parentPort.on('message', (n) => require('node:worker_threads').parentPort.postMessage(f(n)));`,
        { eval: true },
      ),
  );
  const run = (w: Worker, n: number): Promise<unknown> =>
    new Promise((resolve) => {
      w.once('message', resolve);
      w.postMessage(n);
    });
  try {
    await Promise.all(workers.map((w) => run(w, 1e6)));
    const n = 3e8;
    const walls = { one: [] as number[], all: [] as number[] };
    for (let r = 0; r < pairs; r++)
      for (const k of r % 2 ? (['all', 'one'] as const) : (['one', 'all'] as const)) {
        const t = performance.now();
        if (k === 'one') burn(n);
        else {
          const share = n / (threads + 1);
          const done = Promise.all(workers.map((w) => run(w, share)));
          burn(share);
          await done;
        }
        walls[k].push(performance.now() - t);
      }
    return { one: median(walls.one), all: median(walls.all) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The sweep pool alone (see the top of this file), `pairs` ABAB pairs per case. */
export async function poolInProcess(pairs: number): Promise<void> {
  const threads = Math.max(1, availableParallelism() - 1);
  const load0 = loadavg()[0]!;
  const c = await ceiling(threads, pairs);
  console.log(
    `    the machine now: fixed arithmetic on 1 thread ${ms(c.one)} ms, on ${threads + 1} threads ${ms(c.all)} ms (${fmtFixed(c.one / c.all, 2)}×: the ceiling of any pool here; load ${fmtFixed(load0, 1)} → ${fmtFixed(loadavg()[0]!, 1)})`,
  );
  const pool = startPool(threads);
  const cases = [
    ['resnet50', 'bound', 25, 20],
    ['resnet20', 'cycle', 10, 10],
    ['resnet50', 'cycle', 8, 4],
  ] as const;
  console.log(`    the pool alone (in-process, a started and warmed pool; ${pairs} pairs of runs, 1 and ${threads + 1} workers interleaved; medians):`);
  try {
    for (const [model, scheduler, a, m] of cases) {
      const plan = await planSweep({
        models: [model],
        cpus: ['via-nano-2000'],
        variants: ['cnn', 'adder'],
        schedulers: [scheduler],
        params: [
          { path: 'forms.add.f32.latency', values: range(a) },
          { path: 'forms.mul.f32.latency', values: range(m) },
        ],
      });
      const ends = [plan.point(0), plan.point(plan.count - 1)];
      warmPool(pool, plan.config, ends, { 'via-nano-2000': planContext(plan)!.profile('via-nano-2000') });
      await pool.run({ kind: 'warm', config: plan.config, points: [] }); // the threads are up (from source: seconds)
      const runs = new Map<number, Run[]>([
        [1, []],
        [threads + 1, []],
      ]);
      const load = [loadavg()[0]!];
      for (let r = 0; r < pairs; r++)
        for (const workers of r % 2 ? [threads + 1, 1] : [1, threads + 1]) {
          const ctx = new PointContext(plan.config);
          ctx.useProfile('via-nano-2000', planContext(plan)!.profile('via-nano-2000'));
          for (const p of ends) await ctx.prepare(p);
          const stats: PoolStats = { mainJobs: 0, poolJobs: 0, mainPoints: 0, poolPoints: 0 };
          const cpu = process.cpuUsage();
          const t = performance.now();
          await runPoints(plan.points(), plan.count, plan.config, { workers, ctx, ...(workers > 1 ? { pool } : {}), stats, onResult: () => undefined });
          const wall = performance.now() - t;
          const c = process.cpuUsage(cpu);
          runs.get(workers)!.push({ wall, cpu: (c.user + c.system) / 1000, stats });
        }
      load.push(loadavg()[0]!);
      const one = runs.get(1)!;
      const n = runs.get(threads + 1)!;
      const med = (rs: readonly Run[], f: (r: Run) => number | undefined): number | undefined =>
        rs.every((r) => f(r) !== undefined) ? median(rs.map((r) => f(r)!)) : undefined;
      const wall1 = med(one, (r) => r.wall)!;
      const wallN = med(n, (r) => r.wall)!;
      const last = n.at(-1)!.stats;
      console.log(
        `    ${model} ${scheduler} ${fmtInt(plan.count)} points: wall 1 worker ${ms(wall1)} ms, ${threads + 1} workers ${ms(wallN)} ms (${fmtFixed(wall1 / wallN, 2)}×);` +
          ` process CPU ${ms(med(one, (r) => r.cpu))} vs ${ms(med(n, (r) => r.cpu))} ms; load (1 min) ${load.map((x) => fmtFixed(x, 1)).join(' → ')}`,
      );
      console.log(
        `      1 worker: main CPU ${ms(med(one, (r) => r.stats.mainCpuMs))} ms, waiting ${ms(med(one, (r) => r.stats.mainWaitMs))} ms; ` +
          `${threads + 1} workers: main CPU ${ms(med(n, (r) => r.stats.mainCpuMs))} / waiting ${ms(med(n, (r) => r.stats.mainWaitMs))} ms, ` +
          `pool tasks CPU ${ms(med(n, (r) => r.stats.poolCpuMs))} / waiting ${ms(med(n, (r) => r.stats.poolWaitMs))} ms`,
      );
      console.log(
        `      last run: layer jobs main ${last.mainJobs} / pool ${last.poolJobs}, points main ${last.mainPoints} / pool ${last.poolPoints}; ` +
          `instructions simulated main ${fmtInt(last.mainSimulated ?? 0)} + pool ${fmtInt(last.poolSimulated ?? 0)} (1 worker: ${fmtInt(one.at(-1)!.stats.mainSimulated ?? 0)})`,
      );
    }
  } finally {
    await pool.destroy();
  }
}
