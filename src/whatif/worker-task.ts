// The task a sweep worker thread runs: a batch of points under one run configuration (contexts, with
// their loaded models and profiles, are kept per configuration for the life of the thread).

import { AddersimError, type ErrorCode } from '../isa/index.ts';
import { PointContext, type PointResult, type PointSpec, type RunConfig } from './point.ts';

export interface WorkerTask {
  readonly config: RunConfig;
  readonly points: readonly PointSpec[];
}

const contexts = new Map<string, PointContext>();

/** A typed error does not survive the thread boundary as a class: it travels as data and is rebuilt. */
export type TaskAnswer = { readonly results: PointResult[] } | { readonly error: { readonly code: ErrorCode; readonly message: string } };

export async function runTask(task: WorkerTask): Promise<TaskAnswer> {
  const key = JSON.stringify(task.config);
  let ctx = contexts.get(key);
  if (!ctx) contexts.set(key, (ctx = new PointContext(task.config)));
  const results: PointResult[] = [];
  try {
    for (const p of task.points) results.push(await ctx.run(p));
  } catch (e) {
    if (e instanceof AddersimError) return { error: { code: e.code, message: e.message } };
    throw e;
  }
  return { results };
}

export function answerResults(a: TaskAnswer): PointResult[] {
  if ('error' in a) throw new AddersimError(a.error.code, a.error.message);
  return a.results;
}
