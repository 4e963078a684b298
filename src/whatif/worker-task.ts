// The tasks a worker thread runs: a batch of sweep points under one run configuration (contexts, with
// their loaded models and profiles, are kept per configuration for the life of the thread), or some
// kernels of a program to schedule, in order, sharing recorded steps and periods as in-process
// (src/whatif/schedule-pool.ts; profiles kept by key).

import { AddersimError, type ErrorCode, type Kernel } from '../isa/index.ts';
import type { Profile } from '../sim/profile/schema.ts';
import type { KernelScheduleResult, SchedulerName } from '../sim/results/result.ts';
import { newCycleShare, scheduleKernel } from '../sim/schedulers/schedule.ts';
import { PointContext, type PointResult, type PointSpec, type RunConfig } from './point.ts';

export interface PointsTask {
  readonly kind?: 'points';
  readonly config: RunConfig;
  readonly points: readonly PointSpec[];
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

/** Distinct layers of points to schedule and cache (PointContext.computeLayers): the work points share. */
export interface LayersTask {
  readonly kind: 'layers';
  readonly config: RunConfig;
  readonly jobs: readonly { readonly point: PointSpec; readonly layers: readonly number[] }[];
}

/** Loads the modules, the points' models and profiles and lowers their programs ahead of the first task
 *  (sent while the main thread plans; failures are left to the main thread's own checks). */
export interface WarmTask {
  readonly kind: 'warm';
  readonly config: RunConfig;
  readonly points: readonly PointSpec[];
}

export type WorkerTask = PointsTask | KernelTask | LayersTask | WarmTask;

const contexts = new Map<string, PointContext>();
const profiles = new Map<string, Profile>();

/** A typed error does not survive the thread boundary as a class: it travels as data and is rebuilt. */
export type TaskAnswer =
  | { readonly results: PointResult[] }
  | { readonly kernels: KernelScheduleResult[] }
  | { readonly needProfile: true }
  | { readonly layers: (number | null)[][] }
  | { readonly warm: true }
  | { readonly error: { readonly code: ErrorCode; readonly message: string } };

function contextOf(config: RunConfig): PointContext {
  const key = JSON.stringify(config);
  let ctx = contexts.get(key);
  if (!ctx) contexts.set(key, (ctx = new PointContext(config)));
  return ctx;
}

export async function runTask(task: WorkerTask): Promise<TaskAnswer> {
  if (task.kind === 'kernel') return runKernel(task);
  const ctx = contextOf(task.config);
  if (task.kind === 'layers') {
    const layers: (number | null)[][] = [];
    for (const j of task.jobs) layers.push(await ctx.computeLayers(j.point, j.layers).catch(() => j.layers.map(() => null)));
    return { layers };
  }
  if (task.kind === 'warm') {
    for (const p of task.points) await ctx.prepare(p);
    return { warm: true };
  }
  const results: PointResult[] = [];
  try {
    for (const p of task.points) results.push(await ctx.run(p));
  } catch (e) {
    if (e instanceof AddersimError) return { error: { code: e.code, message: e.message } };
    throw e;
  }
  return { results };
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
