// A program's distinct kernels scheduled on worker threads (the sweep pool, src/whatif/pool.ts), then
// assembled by scheduleProgram exactly as in-process: the same numbers, the same bytes, faster on a
// machine with more than one core once the threads are warm (each loads the TypeScript modules).
//
//   program ─▶ distinct loop nests ─▶ pool (one task each, biggest first) ─▶ scheduleProgram(…, done)

import { createHash } from 'node:crypto';
import { totalInstructions, type Program } from '../isa/index.ts';
import type { Profile } from '../sim/profile-schema.ts';
import type { KernelScheduleResult, ScheduleResult, SchedulerName } from '../sim/result.ts';
import { distinctKernels, scheduleProgram, type ScheduleOptions } from '../sim/schedule.ts';
import type { SweepPool } from './pool.ts';

const keys = new WeakMap<Profile, string>();

/** A key for the profile's content (workers keep profiles by it). */
function profileKey(p: Profile): string {
  let k = keys.get(p);
  if (!k) keys.set(p, (k = `${p.name}:${createHash('sha256').update(JSON.stringify(p)).digest('hex')}`));
  return k;
}

export async function scheduleProgramOnPool(program: Program, profile: Profile, scheduler: SchedulerName, pool: SweepPool, opts: Pick<ScheduleOptions, 'extrapolate'> = {}): Promise<ScheduleResult> {
  const distinct = [...distinctKernels(program)];
  // longest first (dynamic instructions: a rough guide to the work), so no big one starts last
  distinct.sort((a, b) => totalInstructions(b[1].body) - totalInstructions(a[1].body));
  const done = new Map<string, KernelScheduleResult>();
  let failed = false;
  const key = profileKey(profile);
  await Promise.all(
    distinct.map(async ([k, kernel]) => {
      const task = { kind: 'kernel', profileKey: key, scheduler, kernel, ...(opts.extrapolate === undefined ? {} : { extrapolate: opts.extrapolate }) } as const;
      let a = await pool.run(task);
      if ('needProfile' in a) a = await pool.run({ ...task, profile }); // first time on that thread
      if ('kernel' in a) done.set(k, a.kernel);
      else failed = true;
    }),
  );
  // A kernel that failed on a thread fails again here, with the layer named as in-process.
  return scheduleProgram(program, profile, scheduler, opts, failed ? undefined : done);
}
