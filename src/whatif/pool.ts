// Runs sweep points in order of index: in-process for one worker, else on a piscina pool of worker threads.
// Results are handed to `onResult` strictly in index order (out-of-order completions are buffered), so
// what is written is the same with 1 worker or all cores. At most a few batches per thread are in flight.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { checkLimit } from '../isa/index.ts';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { PACKAGE_ROOT } from '../isa/package-root.ts';
import { PointContext, type PointResult, type PointSpec, type RunConfig } from './point.ts';
import { answerResults, type TaskAnswer, type WorkerTask } from './worker-task.ts';

// Built (dist/, scripts/build.mjs): the worker runs the bundled task module dist/worker-task.js itself.
// From source (tests, tsx): worker.mjs registers tsx in the worker thread first, then hands over the same
// task function as its default export.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
export const WORKER_FILE = FROM_SOURCE ? fileURLToPath(new URL('./worker.mjs', import.meta.url)) : join(PACKAGE_ROOT, 'dist', 'worker-task.js');
const WORKER_EXPORT = FROM_SOURCE ? 'default' : 'runTask';

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export type SweepPool = Piscina<WorkerTask, TaskAnswer>;

/**
 * Starts the worker threads (each loads the modules; from source also tsx: seconds on a busy machine);
 * start it before planning a sweep so that start-up overlaps the up-front checks. Destroy it when done.
 * @example
 * const pool = startPool(2);
 * try {
 *   const e = await evaluateOnPool(graph, nano, { variant: 'adder', lowering: 'simd', scheduler: 'cycle' }, pool);
 * } finally {
 *   await pool.destroy();
 * }
 */
export function startPool(workers: number): SweepPool {
  checkLimit('workers', workers, 'workers'); // each thread loads the whole engine: 100,000 of them exhaust memory
  return new Piscina<WorkerTask, TaskAnswer>({
    filename: WORKER_FILE,
    name: WORKER_EXPORT,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
    atomics: 'disabled',
  });
}

export interface PoolRunOptions {
  readonly workers: number;
  /** A pool from `startPool(workers - 1)` (left running; the main thread is the other worker); by
   *  default one is started and destroyed here. */
  readonly pool?: SweepPool;
  /** Points per task on the pool (default: small batches that keep every thread busy). */
  readonly batch?: number;
  readonly onResult: (r: PointResult) => void;
}

/** A pool thread's start-up, in ms of wall time: it loads tsx and the TypeScript modules (measured on the
 *  2-core VM: 1.1 s of CPU, 1.2–2 s of wall time when busy; src/whatif/pool.ts is the only reader). A pool
 *  is started only when the points left would take longer than this in-process. */
export const THREAD_START_MS = 1500;

/** In-process time over which the rate is measured before a pool may start (the first points are the
 *  slowest: new layers, a cold JIT); a tenth of a thread's start-up. */
const RATE_WINDOW_MS = THREAD_START_MS / 10;

/**
 * Evaluates `points` (any iterable, consumed lazily) and reports results in the order given. With more
 * than one worker the main thread is one of them: it evaluates batches in-process from the first moment
 * and starts `workers - 1` pool threads (unless given a pool) only once the points left, at the rate seen
 * so far, would take longer in-process than a thread's start-up; a short sweep never waits for threads.
 */
export async function runPoints(points: Iterable<PointSpec>, count: number, config: RunConfig, opts: PoolRunOptions): Promise<void> {
  const ctx = new PointContext(config);
  if (opts.workers <= 1) {
    for (const p of points) opts.onResult(await ctx.run(p));
    return;
  }
  const batch = opts.batch ?? Math.max(1, Math.min(8, Math.floor(count / (opts.workers * 16))));
  let pool = opts.pool;
  let poolLanes: Promise<void[]> | undefined;
  const it = points[Symbol.iterator]();
  const pending = new Map<number, PointResult[]>();
  let nextTask = 0;
  let nextEmit = 0;
  let taken = 0;
  let failed: unknown;
  const take = (): PointSpec[] => {
    const xs: PointSpec[] = [];
    for (let r = it.next(); !r.done; r = it.next()) {
      xs.push(r.value);
      if (xs.length >= batch) break;
    }
    taken += xs.length;
    return xs;
  };
  const drain = (): void => {
    for (let ready = pending.get(nextEmit); ready; ready = pending.get(nextEmit)) {
      pending.delete(nextEmit++);
      for (const r of ready) opts.onResult(r);
    }
  };
  const lane = async (run: (xs: PointSpec[]) => Promise<PointResult[]>): Promise<void> => {
    for (;;) {
      if (failed) return;
      const xs = take();
      if (!xs.length) return;
      const id = nextTask++;
      try {
        pending.set(id, await run(xs));
        drain();
      } catch (e) {
        failed ??= e;
        return;
      }
    }
  };
  const startLanes = (p: SweepPool): Promise<void[]> => {
    const onPool = async (xs: PointSpec[]): Promise<PointResult[]> => answerResults(await p.run({ config, points: xs }));
    return Promise.all(Array.from({ length: Math.max(1, p.options.maxThreads) * 2 }, () => lane(onPool)));
  };
  if (pool) poolLanes = startLanes(pool);
  // The rate is measured from the second batch on, over RATE_WINDOW_MS at least: the first batch pays the
  // model's load and lowering, which later points reuse (counted in, a 1,000-point bound sweep of 0.4 s
  // started threads it never needed).
  let started = 0;
  let inProcessDone = 0;
  const inProcess = async (xs: PointSpec[]): Promise<PointResult[]> => {
    const rs: PointResult[] = [];
    for (const p of xs) rs.push(await ctx.run(p));
    if (!started) started = performance.now();
    else {
      inProcessDone += xs.length;
      const spent = performance.now() - started;
      if (!pool && spent >= RATE_WINDOW_MS && (spent / inProcessDone) * (count - taken) > THREAD_START_MS)
        poolLanes = startLanes((pool = startPool(opts.workers - 1)));
    }
    await new Promise<void>((resolve) => setImmediate(resolve)); // lets the pool's answers in between batches
    return rs;
  };
  try {
    await lane(inProcess);
    await poolLanes;
  } finally {
    if (pool && !opts.pool) await pool.destroy();
  }
  if (failed) throw failed;
}
