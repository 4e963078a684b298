// `--set PATH=VALUE` for latency and compare: one what-if point, parsed and checked as `sweep --set` parses
// and checks its paths (same splitter, path and range parsers, same messages), so `latency --set P=V` gives
// the cycles of `sweep --set P=V`. A path no evaluated program reads is refused (UNUSED_PARAMETER), as in a sweep.
//   addersim latency lenet5-bn --cpu intel-skylake --set forms.add.f32x8.latency=8   → intel-skylake+forms.add.f32x8.latency=8

import type { Command } from 'commander';
import type { FormCounts } from '../../isa/index.ts';
import type { Profile } from '../../sim/profile/schema.ts';
import type { SchedulerName } from '../../sim/results/result.ts';
import { checkPathOn, deriveWith, paramPath, type Setting } from '../../whatif/params.ts';
import { parseNumericRange, splitAssignment } from '../../whatif/ranges.ts';
import { isUsed, touchOf, unusedError } from '../../whatif/touched.ts';
import { UsageError } from '../errors.ts';

const collect = (v: string, acc: string[]): string[] => [...acc, v];

/** The what-if flags of a one-point command (latency, compare). */
export function addWhatIfOptions(cmd: Command): Command {
  return cmd
    .option(
      '--set <path=value>',
      'a profile number for this run, as sweep --set takes it (forms.add.f32.latency=5, a glob or tie); repeatable; one value (a range is a sweep)',
      collect,
      [] as string[],
    )
    .option('--allow-unused', 'run even if a --set path changes nothing in the evaluated programs (default: an error naming the forms executed)');
}

/** `--set PATH=VALUE …` → settings checked on the base profile; a range or an option path is a usage error saying what to do instead. */
export function parseSetFlags(sets: readonly string[], base: Profile): Setting[] {
  return sets.map((s) => {
    const { path, range } = splitAssignment(s, '--set');
    const p = paramPath(path);
    if (p.kind === 'option') throw new UsageError(`--set ${path}: ${p.option} is an option of the run: give --${p.option} ${range}`);
    const values = parseNumericRange(range, `--set ${path}`);
    if (values.length !== 1)
      throw new UsageError(
        `--set ${path}: one value per run (got ${values.length}: ${range}); a range is a sweep: addersim sweep MODEL --cpu … --set ${path}=${range}`,
      );
    checkPathOn(p, base, `--set ${path}`);
    return { path, value: values[0]! };
  });
}

/** The profile with the settings applied (the base itself when there are none). */
export function whatIfProfile(base: Profile, settings: readonly Setting[]): Profile {
  return settings.length ? deriveWith(base, settings) : base;
}

/** Every --set path must touch some evaluated program (its forms, and the simd lowering's chain form) under the run's scheduler. */
export function checkSetUsed(
  settings: readonly Setting[],
  programs: readonly { readonly counts: FormCounts; readonly chainForm?: string | undefined }[],
  scheduler: SchedulerName,
  allowUnused: boolean | undefined,
): void {
  if (allowUnused) return;
  for (const { path } of settings) {
    if (programs.some((p) => isUsed(touchOf(path, p.counts, scheduler, p.chainForm)))) continue;
    const executed = new Set(programs.flatMap((p) => [...p.counts.keys()]));
    throw unusedError(path, executed, [scheduler], `--set ${path}`);
  }
}
