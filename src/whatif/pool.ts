// Runs sweep points in order of index: in-process for one worker, else on the main thread and a piscina
// pool of worker threads together. Results are handed to `onResult` strictly in index order, so what is
// written is the same with 1 worker or all cores. Points go in windows of WINDOW points, each in two phases:
//   1. shared work: the distinct layers the window's cycle/serial points would schedule that no earlier
//      point did (PointContext.pendingLayers: one job per point, its uncached layers; a layer claimed by
//      an earlier point of the window is left to it), largest first, taken by the main thread one at a
//      time and by each pool thread a few at a time; results land in the main thread's cache. A job is
//      a point and layer indices (the worker lowers the same program itself), the answer a few numbers.
//   2. the points in order: the main thread from the front (cache hits for cycle/serial points), the pool
//      from the back in batches while the back points are whole work (bound: per-layer terms are cheap,
//      the point's assembly is the cost; with intervals, samples or tornado).
// A pool thread's failure is never reported from the thread: the main thread evaluates those points (or
// layers) itself, so errors are the in-process ones, at the same point.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { checkLimit } from '../isa/index.ts';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { PACKAGE_ROOT } from '../isa/package-root.ts';
import { PointContext, type PointResult, type PointSpec, type RunConfig } from './point.ts';
import type { LayerJob } from './incremental.ts';
import type { TaskAnswer, WorkerTask } from './worker-task.ts';

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
   *  default one is started and destroyed here, if there are at least MIN_POOL_POINTS points. */
  readonly pool?: SweepPool;
  /** Points per task of phase 2 on the pool (default: a 32nd of a thread's share of a window, 1 to 64). */
  readonly batch?: number;
  /** Points per window (default WINDOW; tests use small ones). */
  readonly window?: number;
  readonly onResult: (r: PointResult) => void;
}

/** Points per window (results of a window are buffered until they can be written in order). */
const WINDOW = 2048;

/** Fewer points than this are run in-process: a pool thread's start-up (~0.1 s built, ~1 s from source,
 *  of CPU; assumption: measured on the 2-core VM, docs in pool.ts) costs more than it saves. */
export const MIN_POOL_POINTS = 64;

/** The main thread lets the pool's answers in at least this often (ms) while it computes. */
const YIELD_MS = 2;

/**
 * Starts a pool for a sweep; its threads load the models and profiles of `points` and lower their programs
 * while the caller plans (`runPoints` waits for that before handing them work; errors are left to the
 * caller's own checks).
 */
export function startWarmPool(workers: number, config: RunConfig, points: readonly PointSpec[]): SweepPool {
  const pool = startPool(workers);
  warm(pool, workers, config, points);
  return pool;
}

const warmed = new WeakMap<SweepPool, Promise<void>>();

function warm(pool: SweepPool, threads: number, config: RunConfig, points: readonly PointSpec[]): void {
  const tasks = Array.from({ length: threads }, () => pool.run({ kind: 'warm', config, points }).catch(() => undefined));
  warmed.set(
    pool,
    Promise.all(tasks).then(() => undefined),
  );
}

/** The first point of each program configuration among `points` (at most MAX_WARM): what a warm-up lowers. */
function firstOfEach(points: readonly PointSpec[]): PointSpec[] {
  const seen = new Map<string, PointSpec>();
  for (const p of points) {
    const key = `${p.model}|${p.cpu}|${p.variant}|${p.convert}|${p.lowering}|${p.dtype ?? ''}|${p.accumulators ?? ''}`;
    if (!seen.has(key)) seen.set(key, p);
    if (seen.size >= MAX_WARM) break;
  }
  return [...seen.values()];
}

/** Program configurations a warm-up lowers at most. */
export const MAX_WARM = 32;

/**
 * Evaluates `points` (any iterable, consumed lazily) and reports results in the order given, on the main
 * thread and (with more than one worker and at least MIN_POOL_POINTS points, or a pool given) `workers - 1`
 * pool threads; see the top of this file.
 */
export async function runPoints(points: Iterable<PointSpec>, count: number, config: RunConfig, opts: PoolRunOptions): Promise<void> {
  const ctx = new PointContext(config);
  const pool = opts.pool ?? (opts.workers > 1 && count >= MIN_POOL_POINTS ? startPool(opts.workers - 1) : undefined);
  try {
    if (!pool) {
      for (const p of points) opts.onResult(await ctx.run(p));
      return;
    }
    const threads = Math.max(1, pool.options.maxThreads);
    const it = points[Symbol.iterator]();
    for (;;) {
      const win: PointSpec[] = [];
      for (let r = it.next(); !r.done; r = it.next()) if (win.push(r.value) >= (opts.window ?? WINDOW)) break;
      if (!win.length) return;
      // a pool started here loads the window's models and profiles before taking work (no work waits for a thread's start)
      if (!warmed.has(pool)) warm(pool, threads, config, firstOfEach(win));
      const ready = warmed.get(pool)!;
      await sharedWork(win, ctx, config, pool, ready, threads);
      const batch = opts.batch ?? Math.max(1, Math.min(64, Math.floor(win.length / ((threads + 1) * 32))));
      await pointsInOrder(win, ctx, config, pool, ready, threads, batch, opts.onResult);
    }
  } finally {
    if (pool && !opts.pool) await pool.destroy();
  }
}

type Job = { readonly point: PointSpec; readonly layers: readonly number[]; readonly size: number };

const yieldToEvents = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Phase 1: the window's uncached distinct layers, each computed once, on the main thread and the pool. */
async function sharedWork(
  win: readonly PointSpec[],
  ctx: PointContext,
  config: RunConfig,
  pool: SweepPool,
  ready: Promise<void>,
  threads: number,
): Promise<void> {
  const claimed = new Set<string>();
  const jobs: Job[] = [];
  for (const p of win)
    for (const { point, jobs: pending } of await ctx.pendingLayers(p)) {
      // a job per family of the point's uncached layers (a family's layers share recorded steps)
      const families = new Map<number, LayerJob[]>();
      for (const j of pending)
        if (!claimed.has(j.key)) {
          claimed.add(j.key);
          const f = families.get(j.family);
          if (f) f.push(j);
          else families.set(j.family, [j]);
        }
      for (const f of families.values()) jobs.push({ point, layers: f.map((j) => j.layer), size: f.reduce((n, j) => n + j.size, 0) });
    }
  if (!jobs.length) return;
  // largest first (ties: grid order), so that no thread is left with a big job at the end
  const queue = jobs
    .map((j, i) => [j, i] as const)
    .sort((a, b) => b[0].size - a[0].size || a[1] - b[1])
    .map(([j]) => j);
  const per = Math.max(1, Math.min(8, Math.floor(queue.length / ((threads + 1) * 32))));
  let next = 0;
  const onPool = async (): Promise<void> => {
    await ready;
    while (next < queue.length) {
      const mine = queue.slice(next, (next = Math.min(queue.length, next + per)));
      const answer = await pool.run({ kind: 'layers', config, jobs: mine.map((j) => ({ point: j.point, layers: j.layers })) }).catch(() => undefined);
      if (!answer || !('layers' in answer)) continue; // the main thread computes them when it needs them
      for (const [k, j] of mine.entries()) await ctx.storeLayers(j.point, j.layers, answer.layers[k] ?? []);
    }
  };
  const onMain = async (): Promise<void> => {
    let since = performance.now();
    while (next < queue.length) {
      const j = queue[next++]!;
      await ctx.computeLayers(j.point, j.layers);
      if (performance.now() - since >= YIELD_MS) {
        await yieldToEvents();
        since = performance.now();
      }
    }
  };
  await Promise.all([onMain(), ...Array.from({ length: threads * 2 }, onPool)]);
}

/** Whether the pool evaluates the point whole (no shared layers: its cost is its own). */
function whole(p: PointSpec, config: RunConfig): boolean {
  const u = config.uncertainty;
  return p.scheduler === 'bound' || (u !== undefined && (u.interval === true || (u.samples ?? 0) > 0 || u.tornado === true));
}

/** Phase 2: every point of the window, reported in order: the main thread from the front, the pool from the back. */
async function pointsInOrder(
  win: readonly PointSpec[],
  ctx: PointContext,
  config: RunConfig,
  pool: SweepPool,
  ready: Promise<void>,
  threads: number,
  batch: number,
  onResult: (r: PointResult) => void,
): Promise<void> {
  const results: (PointResult | undefined)[] = new Array(win.length);
  let front = 0;
  let back = win.length;
  let emitted = 0;
  const drain = (): void => {
    for (let r = results[emitted]; r; r = results[emitted]) {
      results[emitted++] = undefined;
      onResult(r);
    }
  };
  const onPool = async (): Promise<void> => {
    await ready;
    while (back - front > batch && whole(win[back - 1]!, config)) {
      const to = back;
      while (back > to - batch && whole(win[back - 1]!, config)) back--;
      const from = back;
      const answer = await pool.run({ config, points: win.slice(from, to) }).catch(() => undefined);
      if (!answer || !('results' in answer)) return; // left to the main thread (its error, at its point)
      answer.results.forEach((r, k) => (results[from + k] = r));
    }
  };
  const onMain = async (): Promise<void> => {
    let since = performance.now();
    while (front < back) {
      const i = front++;
      results[i] = await ctx.run(win[i]!);
      drain();
      if (performance.now() - since >= YIELD_MS) {
        await yieldToEvents();
        since = performance.now();
      }
    }
  };
  const lanes = Array.from({ length: threads * 2 }, onPool);
  try {
    await onMain();
  } catch (e) {
    back = front; // the pool takes no more
    await Promise.all(lanes);
    throw e;
  }
  await Promise.all(lanes);
  // the points the pool took and could not answer: in-process, in order (an error is thrown at its point)
  for (let i = emitted; i < win.length; i++) {
    results[i] ??= await ctx.run(win[i]!);
    drain();
  }
}
