// A program's distinct kernels scheduled on worker threads (the sweep pool, src/whatif/pool.ts), then
// assembled by scheduleProgram exactly as in-process: the same numbers, the same bytes, faster on a
// machine with more than one core once the threads are warm (each loads the TypeScript modules).
//
//   program ─▶ distinct loop nests ─▶ one task per thread ─▶ scheduleProgram(…, done)
//
// Kernels whose loop nests differ only in trip counts (a family: every 3×3 conv of a ResNet, say)
// share recorded steps and periods (static-program.ts, steady-state.ts), so each thread gets a share of
// every family: a family's kernels in program order are cut into one contiguous run per thread, the
// runs of small families placed on the threads with the fewest kernels. Each task schedules its kernels
// in program order with one shared memo, as scheduleProgram does in-process; cycles are the same, how
// much was simulated differs (it depends on which kernels share a thread).

import { createHash } from 'node:crypto';
import { ARG, checkArgs, type Kernel, type Program } from '../isa/index.ts';
import type { Profile } from '../sim/profile/schema.ts';
import type { KernelScheduleResult, ScheduleResult, SchedulerName } from '../sim/results/result.ts';
import { distinctKernels, programForms, scheduleProgram, type ScheduleOptions } from '../sim/schedulers/schedule.ts';
import type { ShapedGraph } from '../models/index.ts';
import { checkEvaluateArgs, lowerFor, settingsOf, type EvaluateOptions, type Evaluation } from './evaluate.ts';
import { familyKey } from './incremental.ts';
import type { SweepPool } from './pool.ts';

const keys = new WeakMap<Profile, string>();

/** A key for the profile's content (workers keep profiles by it). */
function profileKey(p: Profile): string {
  let k = keys.get(p);
  if (!k) keys.set(p, (k = `${p.name}:${createHash('sha256').update(JSON.stringify(p)).digest('hex')}`));
  return k;
}

/** The distinct kernels (by structure key, in program order) dealt to `threads` tasks (see above). */
export function dealKernels(distinct: readonly (readonly [string, Kernel])[], threads: number): (readonly [string, Kernel])[][] {
  const families = new Map<string, number[]>();
  distinct.forEach(([, k], i) => {
    const f = familyKey(k);
    const xs = families.get(f);
    if (xs) xs.push(i);
    else families.set(f, [i]);
  });
  const tasks: number[][] = Array.from({ length: threads }, () => []);
  // biggest families first (ties: first seen); a family of n kernels is cut into min(n, threads) runs,
  // the k-th run to the k-th least loaded thread (ties: the lower index)
  const order = [...families.values()].sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  for (const xs of order) {
    const runs = Math.min(xs.length, threads);
    const byLoad = tasks.map((t, i) => [t.length, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let r = 0; r < runs; r++) {
      const from = Math.floor((r * xs.length) / runs);
      const to = Math.floor(((r + 1) * xs.length) / runs);
      tasks[byLoad[r]![1]]!.push(...xs.slice(from, to));
    }
  }
  return tasks.filter((t) => t.length > 0).map((t) => t.sort((a, b) => a - b).map((i) => distinct[i]!));
}

export async function scheduleProgramOnPool(
  program: Program,
  profile: Profile,
  scheduler: SchedulerName,
  pool: SweepPool,
  opts: Pick<ScheduleOptions, 'extrapolate'> = {},
): Promise<ScheduleResult> {
  const tasks = dealKernels([...distinctKernels(program)], Math.max(1, pool.options.maxThreads));
  const forms = programForms(program);
  const done = new Map<string, KernelScheduleResult>();
  let failed = false;
  const key = profileKey(profile);
  await Promise.all(
    tasks.map(async (ks) => {
      const task = {
        kind: 'kernel',
        profileKey: key,
        scheduler,
        kernels: ks.map(([, k]) => k),
        forms,
        ...(opts.extrapolate === undefined ? {} : { extrapolate: opts.extrapolate }),
      } as const;
      let a = await pool.run(task);
      if ('needProfile' in a) a = await pool.run({ ...task, profile }); // first time on that thread
      if ('kernels' in a) a.kernels.forEach((r, i) => done.set(ks[i]![0], r));
      else failed = true;
    }),
  );
  // A kernel that failed on a thread fails again here, with the layer named as in-process.
  return scheduleProgram(program, profile, scheduler, opts, failed ? undefined : done);
}

/**
 * `evaluate` with the program's distinct kernels scheduled on a pool's worker threads: the same result.
 * (Here, not in evaluate.ts: evaluate.ts is imported by the pool's workers, so it imports no pool.)
 * @example
 * const pool = startPool(2);
 * const e = await evaluateOnPool(graph, nano, { variant: 'cnn', lowering: 'simd', scheduler: 'cycle' }, pool);
 * await pool.destroy();
 */
export async function evaluateOnPool(graph: ShapedGraph, profile: Profile, opts: EvaluateOptions, pool: SweepPool): Promise<Evaluation> {
  checkEvaluateArgs('evaluateOnPool', graph, profile, opts);
  checkArgs('evaluateOnPool', [['pool', ARG.pool, pool]]);
  const e = lowerFor(graph, profile, opts);
  const s = settingsOf(opts);
  return { ...e, result: await scheduleProgramOnPool(e.program, profile, s.scheduler, pool, { extrapolate: s.extrapolate }) };
}
