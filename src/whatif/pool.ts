// Runs sweep points in order of index: in-process for one worker, else on the main thread and a piscina
// pool of worker threads together. Results are handed to `onResult` strictly in index order, so what is
// written is the same with 1 worker or all cores. Points go in windows of WINDOW points, each in two phases:
//   1. shared work: the distinct layers the window's cycle/serial points would schedule that no earlier
//      point did (PointContext.pendingLayers), one job of a point's uncached layers (a layer claimed by
//      an earlier point of the window is left to it), largest first within a batch. A job is a point and
//      layer indices (the worker lowered the same program itself), the answer a few numbers; results
//      land in the main thread's cache.
//   2. the points in order: the main thread from the front (cache hits for cycle/serial points), the pool
//      from the back while the back points are whole work (bound: per-layer terms are cheap, the point's
//      assembly is the cost; with intervals, samples or tornado).
// Each pool thread gets one task per phase with the whole list; threads claim jobs and points through
// counters in shared memory (Atomics), so no thread waits for a message to get its next piece of work.
// A sweep can hand the pool its first window before it is planned (startAhead: the pool works while the
// main thread checks the grid). A pool thread's failure is never reported from the thread: the main thread
// evaluates those points (or layers) itself, so errors are the in-process ones, at the same point.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { checkLimit } from '../isa/index.ts';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { PACKAGE_ROOT } from '../isa/package-root.ts';
import { PointContext, type PointResult, type PointSpec, type RunConfig } from './point.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { claimFront, type TaskAnswer, type TaskWork, type WorkerTask } from './worker-task.ts';
import { threadTime, timeSince, type ThreadTime } from './thread-time.ts';
import { checkArgs } from '../isa/api-args.ts';
import { z } from 'zod';

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
  checkArgs('startPool', [['workers', z.number().int().min(1), workers]]);
  checkLimit('workers', workers, 'workers'); // each thread loads the whole engine: 100,000 of them exhaust memory
  const pool = new Piscina<WorkerTask, TaskAnswer>({
    filename: WORKER_FILE,
    name: WORKER_EXPORT,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
    atomics: 'disabled',
    // tasks are posted to a thread at once, not queued on this thread until it lets piscina run: a sweep's
    // main thread computes for long stretches (the thread runs its tasks in the order posted)
    concurrentTasksPerWorker: 16,
  });
  // A task's failure reaches its caller through pool.run; the pool's own 'error' event (e.g. a task's answer
  // arriving after destroy) is not an error of the sweep.
  pool.on('error', () => undefined);
  return pool;
}

export interface PoolRunOptions {
  readonly workers: number;
  /** A pool from `startPool(workers - 1)` (left running; the main thread is the other worker); by
   *  default one is started and destroyed here, if there are at least MIN_POOL_POINTS points. */
  readonly pool?: SweepPool;
  /** Points per window (default WINDOW; tests use small ones). */
  readonly window?: number;
  /** The first window, handed to `pool` before planning (startAhead); used if its points are the first ones given. */
  readonly ahead?: HeadStart;
  /** A context for the same run configuration whose caches (models, validated profiles, lowerings, layer
   *  results) the run reuses: the one the sweep was planned in (sweep.ts planContext); by default a new one. */
  readonly ctx?: PointContext;
  /** Filled in with who did what (tests, the bench). */
  readonly stats?: PoolStats;
  readonly onResult: (r: PointResult) => void;
}

/** Layer jobs and points done on the main thread and on the pool (points the main thread only assembled from
 *  cached layers count as its points), and what they cost each side: the dynamic instructions the cycle model
 *  simulated through the incremental evaluator (the same total as one worker's when no work is done twice),
 *  and (Linux) the CPU time and the time ready but waiting for a core (thread-time.ts) of the main thread
 *  during the run and of the pool's tasks. */
export interface PoolStats {
  mainJobs: number;
  poolJobs: number;
  mainPoints: number;
  poolPoints: number;
  mainSimulated?: number;
  poolSimulated?: number;
  mainCpuMs?: number;
  mainWaitMs?: number;
  poolCpuMs?: number;
  poolWaitMs?: number;
}

/** What a pool task did besides its answers (PoolStats). */
function addWork(count: PoolStats, work: TaskWork): void {
  count.poolSimulated = (count.poolSimulated ?? 0) + work.simulated;
  if (work.time) {
    count.poolCpuMs = (count.poolCpuMs ?? 0) + work.time.cpuMs;
    count.poolWaitMs = (count.poolWaitMs ?? 0) + work.time.waitMs;
  }
}

/** The main thread's share of PoolStats over a run. */
function addMain(count: PoolStats | undefined, ctx: PointContext, simulated: number, time: ThreadTime | undefined): void {
  if (!count) return;
  count.mainSimulated = (count.mainSimulated ?? 0) + ctx.incremental.stats.simulatedInstructions - simulated;
  const t = timeSince(time);
  if (t) {
    count.mainCpuMs = (count.mainCpuMs ?? 0) + t.cpuMs;
    count.mainWaitMs = (count.mainWaitMs ?? 0) + t.waitMs;
  }
}

/** Points per window (results of a window are buffered until they can be written in order). */
export const WINDOW = 2048;
/** The shared claim word holds indices of 15 bits (worker-task.ts claimFront). */
const MAX_WINDOW = 0x7fff;

/** Fewer points than this are run in-process: a pool thread's start-up (~0.1 s built, ~1 s from source,
 *  of CPU; assumption: measured on the 2-core VM, docs in pool.ts) costs more than it saves. */
export const MIN_POOL_POINTS = 64;

const warmed = new WeakSet<SweepPool>();

/**
 * Has each thread of `pool` load the models of `points` and lower their programs (posted before any later
 * task), taking `profiles` (CPU ref → PointContext.profile for `config`, loaded on this thread) as they are:
 * sent while a sweep is planned, so that the threads are ready when it runs. Failures are left to the
 * caller's own checks.
 */
export function warmPool(pool: SweepPool, config: RunConfig, points: readonly PointSpec[], profiles: Readonly<Record<string, Profile>> = {}): void {
  warm(pool, threadsOf(pool), config, points, profiles);
}

function warm(pool: SweepPool, threads: number, config: RunConfig, points: readonly PointSpec[], profiles: Readonly<Record<string, Profile>> = {}): void {
  warmed.add(pool);
  for (let t = 0; t < threads; t++) pool.run({ kind: 'warm', config, points, profiles }).catch(() => undefined);
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

/** Layer jobs handed to the pool at once: the jobs, the shared counter [next job, then a flag per pool task: 1 once it started], the answers to come. */
interface Batch {
  readonly jobs: readonly Job[];
  readonly claim: Int32Array;
  readonly tasks: readonly Promise<TaskAnswer | undefined>[];
}

/** A window handed to the pool (its tasks running): the batches of layer jobs, the shared counters, the answers to come. */
interface StartedWindow {
  readonly points: readonly PointSpec[];
  readonly batches: readonly Batch[];
  /** [front | back << 16: points [front, back) not taken yet (worker-task.ts claimFront / claimBack), then a flag per pool task] */
  readonly pointClaim: Int32Array;
  readonly pointTasks: readonly Promise<TaskAnswer | undefined>[];
}

/** A sweep's first window handed to a pool before the sweep is planned (the pool works while the main thread checks). */
export interface HeadStart {
  readonly ctx: PointContext;
  readonly points: readonly PointSpec[];
  readonly window: Promise<StartedWindow>;
  /** Stops the pool's work on it (the sweep failed its checks, or runs other points); settles once the
   *  tasks running have returned (each finishes the point or job it holds). */
  cancel(): Promise<void>;
}

/**
 * Hands `points` (the first window of a sweep: at most WINDOW points, unchecked) to the pool now, before the
 * sweep is planned: the pool starts on its layer jobs and whole points while the caller plans; `runPoints`
 * with `ahead` continues from there. Lowering here (for the layer jobs) may fail: those jobs are left out.
 */
export function startAhead(pool: SweepPool, config: RunConfig, points: readonly PointSpec[], ctx = new PointContext(config)): HeadStart {
  const win = points.slice(0, WINDOW);
  let cancelled = false;
  const window = startWindow(win, ctx, config, pool, threadsOf(pool), () => cancelled);
  return {
    ctx,
    points: win,
    window,
    cancel: async () => {
      cancelled = true;
      await window.then(stopAndWait, () => undefined);
    },
  };
}

function threadsOf(pool: SweepPool): number {
  return Math.max(1, pool.options.maxThreads);
}

/** No more claims on the window's jobs and points (what is running finishes). */
function stop(w: StartedWindow): void {
  for (const b of w.batches) Atomics.store(b.claim, 0, b.jobs.length);
  Atomics.store(w.pointClaim, 0, 0);
}

/** stop, then wait for the pool's tasks on the window that started (they never reject). */
async function stopAndWait(w: StartedWindow): Promise<void> {
  stop(w);
  await Promise.all([...w.batches.flatMap((b) => started(b.claim, b.tasks)), ...started(w.pointClaim, w.pointTasks)]);
}

/**
 * The tasks that started on a thread, once no claim can succeed any more: a task sets its flag before its
 * first claim, so one that had not started then will take nothing (no waiting for a thread still starting).
 */
function started<T>(claim: Int32Array, tasks: readonly Promise<T>[]): Promise<T>[] {
  return tasks.filter((_, slot) => Atomics.load(claim, 1 + slot) === 1);
}

/**
 * Evaluates `points` (any iterable, consumed lazily) and reports results in the order given, on the main
 * thread and (with more than one worker and at least MIN_POOL_POINTS points, or a pool given) `workers - 1`
 * pool threads; see the top of this file.
 */
export async function runPoints(points: Iterable<PointSpec>, count: number, config: RunConfig, opts: PoolRunOptions): Promise<void> {
  const pool = opts.pool ?? (opts.workers > 1 && count >= MIN_POOL_POINTS ? startPool(opts.workers - 1) : undefined);
  let ahead = opts.ahead;
  try {
    const it = points[Symbol.iterator]();
    const time = opts.stats ? threadTime() : undefined;
    if (!pool) {
      await ahead?.cancel();
      const ctx = opts.ctx ?? new PointContext(config);
      const simulated = ctx.incremental.stats.simulatedInstructions;
      try {
        for (let r = it.next(); !r.done; r = it.next()) {
          opts.onResult(await ctx.run(r.value));
          if (opts.stats) opts.stats.mainPoints++;
        }
      } finally {
        addMain(opts.stats, ctx, simulated, time);
      }
      return;
    }
    const threads = threadsOf(pool);
    let ctx = ahead?.ctx ?? opts.ctx ?? new PointContext(config);
    let simulated = ctx.incremental.stats.simulatedInstructions;
    for (;;) {
      const win: PointSpec[] = [];
      for (let r = it.next(); !r.done; r = it.next()) if (win.push(r.value) >= Math.min(opts.window ?? WINDOW, MAX_WINDOW)) break;
      if (!win.length) {
        addMain(opts.stats, ctx, simulated, time);
        return;
      }
      let started: StartedWindow;
      if (ahead && sameJson(ahead.points, win)) started = await ahead.window;
      else {
        if (ahead) {
          await ahead.cancel();
          addMain(opts.stats, ctx, simulated, undefined);
          ctx = opts.ctx ?? new PointContext(config);
          simulated = ctx.incremental.stats.simulatedInstructions;
        }
        // a pool started here loads the window's models and profiles and lowers their programs first
        if (!warmed.has(pool)) warm(pool, threads, config, firstOfEach(win));
        started = await startWindow(win, ctx, config, pool, threads, () => false);
      }
      ahead = undefined;
      await finishWindow(started, ctx, opts.onResult, opts.stats);
    }
  } finally {
    await ahead?.cancel();
    if (pool && !opts.pool) await pool.destroy();
  }
}

function sameJson(a: readonly PointSpec[], b: readonly PointSpec[]): boolean {
  return a.length === b.length && a.every((p, i) => JSON.stringify(p) === JSON.stringify(b[i]));
}

type Job = { readonly point: PointSpec; readonly layers: readonly number[]; readonly size: number };

/** Whether the pool evaluates the point whole (no shared layers: its cost is its own). */
function whole(p: PointSpec, config: RunConfig): boolean {
  const u = config.uncertainty;
  return p.scheduler === 'bound' || (u !== undefined && (u.interval === true || (u.samples ?? 0) > 0 || u.tornado === true));
}

/** The window's uncached distinct layers as jobs (see the top of this file), and the pool's tasks on them and on its points. */
async function startWindow(
  win: readonly PointSpec[],
  ctx: PointContext,
  config: RunConfig,
  pool: SweepPool,
  threads: number,
  cancelled: () => boolean,
): Promise<StartedWindow> {
  const each = <T>(f: (slot: number) => Promise<T>): Promise<T | undefined>[] => Array.from({ length: threads }, (_, slot) => f(slot).catch(() => undefined));
  // the whole points first (posted now, before this thread lowers anything for the layer jobs)
  const pointClaim = new Int32Array(new SharedArrayBuffer(4 * (1 + threads)));
  let lowest = win.length; // the pool takes whole points from the back, down to the last point that is not
  while (lowest > 0 && whole(win[lowest - 1]!, config)) lowest--;
  Atomics.store(pointClaim, 0, cancelled() ? 0 : win.length << 16);
  const tail = win.slice(lowest);
  const pointTasks = lowest < win.length ? each((slot) => pool.run({ config, points: tail, offset: lowest, claim: pointClaim, slot })) : [];
  const claimed = new Set<string>();
  const batches: Batch[] = [];
  let jobs: Job[] = [];
  let posted = 0;
  // a batch is handed over once it holds as many jobs as were handed over before (at least FIRST_BATCH a
  // thread), so that the pool starts while this thread still lists the window's later points
  const post = (): void => {
    const queue = largestFirst(jobs);
    const claim = new Int32Array(new SharedArrayBuffer(4 * (1 + threads)));
    if (cancelled()) Atomics.store(claim, 0, queue.length);
    const list = queue.map((j) => ({ point: j.point, layers: j.layers }));
    batches.push({ jobs: queue, claim, tasks: each((slot) => pool.run({ kind: 'layers', config, jobs: list, claim, slot })) });
    posted += queue.length;
    jobs = [];
  };
  for (const p of win) {
    if (cancelled()) break;
    for (const { point, jobs: pending } of await ctx.pendingLayers(p)) {
      // one job of all the point's uncached layers, in program order with one cycle share, as its in-process
      // evaluation schedules them: layers of different families (loop nests) can share recorded steps too
      // (the same inner bodies), so a job per family simulated ~8% more on resnet50
      const layers = pending.filter((j) => !claimed.has(j.key));
      for (const j of layers) claimed.add(j.key);
      if (layers.length) jobs.push({ point, layers: layers.map((j) => j.layer), size: layers.reduce((n, j) => n + j.size, 0) });
    }
    if (batches.length < MAX_BATCHES - 1 && jobs.length >= Math.max(FIRST_BATCH * threads, posted)) post();
  }
  if (jobs.length) post();
  return { points: win, batches, pointClaim, pointTasks };
}

/** Layer jobs a pool thread gets in a window's first batch (then batches double). */
const FIRST_BATCH = 4;
/** Batches of layer jobs a window is handed over in at most (each is one task per thread; piscina queues
 *  more than concurrentTasksPerWorker tasks a thread on this thread, behind its computing). */
const MAX_BATCHES = 8;

/** Largest first (ties: grid order), so that no thread is left with a big job at the end. */
function largestFirst(jobs: readonly Job[]): Job[] {
  return jobs
    .map((j, i) => [j, i] as const)
    .sort((a, b) => b[0].size - a[0].size || a[1] - b[1])
    .map(([j]) => j);
}

/** The main thread's share of a started window (jobs, then points from the front), then the pool's answers; all reported in order. */
async function finishWindow(w: StartedWindow, ctx: PointContext, onResult: (r: PointResult) => void, stats?: PoolStats): Promise<void> {
  const count = stats ?? { mainJobs: 0, poolJobs: 0, mainPoints: 0, poolPoints: 0 };
  for (const b of w.batches)
    for (let i = Atomics.add(b.claim, 0, 1); i < b.jobs.length; i = Atomics.add(b.claim, 0, 1)) {
      await ctx.computeLayers(b.jobs[i]!.point, b.jobs[i]!.layers);
      count.mainJobs++;
    }
  for (const b of w.batches)
    for (const a of await Promise.all(started(b.claim, b.tasks)))
      if (a && 'layers' in a) {
        addWork(count, a.work);
        for (const [i, values] of a.layers) {
          await ctx.storeLayers(b.jobs[i]!.point, b.jobs[i]!.layers, values);
          count.poolJobs++;
        }
      }
  const n = w.points.length;
  const results: (PointResult | undefined)[] = new Array(n);
  let emitted = 0;
  const drain = (): void => {
    for (let r = results[emitted]; r; r = results[emitted]) {
      results[emitted++] = undefined;
      onResult(r);
    }
  };
  try {
    for (let i = claimFront(w.pointClaim); i >= 0; i = claimFront(w.pointClaim)) {
      results[i] = await ctx.run(w.points[i]!);
      count.mainPoints++;
      drain();
    }
  } catch (e) {
    await stopAndWait(w); // the pool's points are all after this one
    throw e;
  }
  for (const a of await Promise.all(started(w.pointClaim, w.pointTasks)))
    if (a && 'indexed' in a) {
      addWork(count, a.work);
      for (const [i, r] of a.indexed) {
        results[i] = r;
        count.poolPoints++;
      }
    }
  // the points the pool took and did not answer: in-process, in order (an error is thrown at its point)
  while (emitted < n) {
    if (!results[emitted]) {
      results[emitted] = await ctx.run(w.points[emitted]!);
      count.mainPoints++;
    }
    drain();
  }
}
