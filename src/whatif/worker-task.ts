// The tasks a worker thread runs: a batch of sweep points under one run configuration (contexts, with
// their loaded models and profiles, are kept per configuration for the life of the thread), or some
// kernels of a program to schedule, in order, sharing recorded steps and periods as in-process
// (src/whatif/schedule-pool.ts; profiles kept by key).

import { AddersimError, type ErrorCode, type Kernel } from '../isa/index.ts';
import type { Profile } from '../sim/profile/schema.ts';
import type { KernelScheduleResult, SchedulerName } from '../sim/results/result.ts';
import { newCycleShare, scheduleKernel } from '../sim/schedulers/schedule.ts';
import { PointContext, type PointResult, type PointSpec, type RunConfig } from './point.ts';
import { threadTime, timeSince, type ThreadTime } from './thread-time.ts';

/** Whole points of a window, taken from the back (claimBack) until they meet the main thread's front. */
export interface PointsTask {
  readonly kind?: 'points';
  readonly config: RunConfig;
  /** The window's points from index `offset` on. */
  readonly points: readonly PointSpec[];
  readonly offset: number;
  /** [front | back << 16] of the window, shared with the main thread; then a flag per task, set at its start. */
  readonly claim: Int32Array;
  /** This task's flag in `claim` (after the first word). */
  readonly slot: number;
}

export interface KernelTask {
  readonly kind: 'kernel';
  /** Names the profile's content: a worker keeps the profiles it was sent (their descriptors cached).
   *  The profile itself (a ~1 ms copy each way) is sent only after the worker asked for it. */
  readonly profileKey: string;
  readonly profile?: Profile;
  readonly scheduler: SchedulerName;
  /** Scheduled in this order; `cycle`: sharing static ids and recorded steps (newCycleShare over `forms`,
   *  the forms of the whole program, so that states line up as in-process). */
  readonly kernels: readonly Kernel[];
  readonly forms: readonly string[];
  readonly extrapolate?: boolean;
}

/** Distinct layers of points to schedule and cache (PointContext.computeLayers): the work points share.
 *  Jobs are taken in order through the shared counter `claim` ([next job]) with the main thread. */
export interface LayersTask {
  readonly kind: 'layers';
  readonly config: RunConfig;
  readonly jobs: readonly { readonly point: PointSpec; readonly layers: readonly number[] }[];
  /** [next job], then a flag per task, set at its start. */
  readonly claim: Int32Array;
  readonly slot: number;
}

/** Loads the modules, the points' models and profiles and lowers their programs ahead of the first task
 *  (sent while the main thread plans; failures are left to the main thread's own checks). */
export interface WarmTask {
  readonly kind: 'warm';
  readonly config: RunConfig;
  readonly points: readonly PointSpec[];
  /** Base profiles by CPU ref as the main thread loaded them for `config` (PointContext.profile), not read again. */
  readonly profiles?: Readonly<Record<string, Profile>>;
}

export type WorkerTask = PointsTask | KernelTask | LayersTask | WarmTask;

const contexts = new Map<string, PointContext>();
const profiles = new Map<string, Profile>();

/** What a task cost its thread (pool.ts PoolStats): instructions the cycle model simulated, CPU and wait (Linux). */
export interface TaskWork {
  readonly simulated: number;
  readonly time?: ThreadTime;
}

/** A typed error does not survive the thread boundary as a class: it travels as data and is rebuilt. */
export type TaskAnswer =
  | { readonly indexed: [number, PointResult][]; readonly work: TaskWork }
  | { readonly kernels: KernelScheduleResult[] }
  | { readonly needProfile: true }
  | { readonly layers: [number, (number | null)[]][]; readonly work: TaskWork }
  | { readonly warm: true }
  | { readonly error: { readonly code: ErrorCode; readonly message: string } };

function contextOf(config: RunConfig): PointContext {
  const key = JSON.stringify(config);
  let ctx = contexts.get(key);
  if (!ctx) contexts.set(key, (ctx = new PointContext(config)));
  return ctx;
}

/** The tail of this thread's tasks: each starts when the one before it has finished (a task that awaits a
 *  model's loading would otherwise interleave with the next), so a task's work is its own (TaskWork). */
let tail: Promise<unknown> = Promise.resolve();

export function runTask(task: WorkerTask): Promise<TaskAnswer> {
  const run = tail.then(() => runOne(task));
  tail = run.catch(() => undefined);
  return run;
}

async function runOne(task: WorkerTask): Promise<TaskAnswer> {
  if (task.kind === 'kernel') return runKernel(task);
  const ctx = contextOf(task.config);
  const simulated = ctx.incremental.stats.simulatedInstructions;
  const time = threadTime();
  const work = (): TaskWork => {
    const t = timeSince(time);
    return { simulated: ctx.incremental.stats.simulatedInstructions - simulated, ...(t ? { time: t } : {}) };
  };
  if (task.kind === 'layers') {
    Atomics.store(task.claim, 1 + task.slot, 1); // before the first claim: the main thread then waits for this answer
    const layers: [number, (number | null)[]][] = [];
    for (let i = Atomics.add(task.claim, 0, 1); i < task.jobs.length; i = Atomics.add(task.claim, 0, 1)) {
      const j = task.jobs[i]!;
      layers.push([i, await ctx.computeLayers(j.point, j.layers).catch(() => j.layers.map(() => null))]);
    }
    return { layers, work: work() };
  }
  if (task.kind === 'warm') {
    for (const [ref, p] of Object.entries(task.profiles ?? {})) ctx.useProfile(ref, p);
    for (const p of task.points) await ctx.prepare(p);
    return { warm: true };
  }
  // whole points from the back; a point that fails is left (with the rest) to the main thread, which reports it in order
  Atomics.store(task.claim, 1 + task.slot, 1);
  const indexed: [number, PointResult][] = [];
  for (let i = claimBack(task.claim, task.offset); i >= 0; i = claimBack(task.claim, task.offset)) {
    try {
      indexed.push([i, await ctx.run(task.points[i - task.offset]!)]);
    } catch {
      break;
    }
  }
  return { indexed, work: work() };
}

function runKernel(task: KernelTask): TaskAnswer {
  let profile = profiles.get(task.profileKey);
  if (!profile) {
    if (!task.profile) return { needProfile: true };
    if (profiles.size >= 8) profiles.clear();
    profiles.set(task.profileKey, (profile = task.profile));
  }
  try {
    const share = task.scheduler === 'cycle' ? newCycleShare(profile, task.forms) : undefined;
    const opts = { ...(task.extrapolate === undefined ? {} : { extrapolate: task.extrapolate }), ...(share ? { share } : {}) };
    return { kernels: task.kernels.map((k) => scheduleKernel(k, profile, task.scheduler, opts)) };
  } catch (e) {
    if (e instanceof AddersimError) return { error: { code: e.code, message: e.message } };
    throw e;
  }
}

// A window's points [front, back) not taken yet, packed in one shared 32-bit word (front | back << 16;
// windows hold fewer than 32,768 points): the main thread takes from the front, pool threads from the back.

/** Takes the front point (its index), or -1 if none is left. */
export function claimFront(claim: Int32Array): number {
  for (;;) {
    const v = Atomics.load(claim, 0);
    const front = v & 0xffff;
    const back = v >>> 16;
    if (front >= back) return -1;
    if (Atomics.compareExchange(claim, 0, v, (back << 16) | (front + 1)) === v) return front;
  }
}

/** Takes the back point (its index) if it is at `lowest` or above, else -1. */
function claimBack(claim: Int32Array, lowest: number): number {
  for (;;) {
    const v = Atomics.load(claim, 0);
    const front = v & 0xffff;
    const back = v >>> 16;
    if (front >= back || back - 1 < lowest) return -1;
    if (Atomics.compareExchange(claim, 0, v, ((back - 1) << 16) | front) === v) return back - 1;
  }
}
