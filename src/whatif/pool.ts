// Runs sweep points in order of index: in-process for one worker, else on a piscina pool of worker threads.
// Results are handed to `onResult` strictly in index order (out-of-order completions are buffered), so
// what is written is the same with 1 worker or all cores. At most a few batches per thread are in flight.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
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
  return new Piscina<WorkerTask, TaskAnswer>({ filename: WORKER_FILE, name: WORKER_EXPORT, minThreads: workers, maxThreads: workers, idleTimeout: 1000, atomics: 'disabled' });
}

export interface PoolRunOptions {
  readonly workers: number;
  /** A pool from `startPool` (left running); by default one is started and destroyed here. */
  readonly pool?: SweepPool;
  /** Points per task on the pool (default: small batches that keep every thread busy). */
  readonly batch?: number;
  readonly onResult: (r: PointResult) => void;
}

/** Evaluates `points` (any iterable, consumed lazily) and reports results in the order given. */
export async function runPoints(points: Iterable<PointSpec>, count: number, config: RunConfig, opts: PoolRunOptions): Promise<void> {
  if (opts.workers <= 1) {
    const ctx = new PointContext(config);
    for (const p of points) opts.onResult(await ctx.run(p));
    return;
  }
  const batch = opts.batch ?? Math.max(1, Math.min(8, Math.floor(count / (opts.workers * 16))));
  const pool = opts.pool ?? startPool(opts.workers);
  const it = points[Symbol.iterator]();
  const pending = new Map<number, PointResult[]>();
  let nextTask = 0;
  let nextEmit = 0;
  let failed: unknown;
  const take = (): PointSpec[] => {
    const xs: PointSpec[] = [];
    for (let r = it.next(); !r.done; r = it.next()) {
      xs.push(r.value);
      if (xs.length >= batch) break;
    }
    return xs;
  };
  const drain = (): void => {
    for (let ready = pending.get(nextEmit); ready; ready = pending.get(nextEmit)) {
      pending.delete(nextEmit++);
      for (const r of ready) opts.onResult(r);
    }
  };
  const lane = async (): Promise<void> => {
    for (;;) {
      if (failed) return;
      const xs = take();
      if (!xs.length) return;
      const id = nextTask++;
      try {
        pending.set(id, answerResults(await pool.run({ config, points: xs })));
        drain();
      } catch (e) {
        failed ??= e;
        return;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.workers * 2 }, lane));
  } finally {
    if (!opts.pool) await pool.destroy();
  }
  if (failed) throw failed;
}
