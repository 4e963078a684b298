// The simd lowering's derived accumulator count across a sweep: the accumulators:<variant> columns and the
// note when a swept path changes the count (the rows then mix a timing change with a code change).

import type { Variant } from '../models/index.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { expandPath, isPattern, type Setting } from './params.ts';
import { accumulatorChoice, DEFAULT_SETTINGS, settingsFrom, type AccumulatorChoice } from './settings.ts';
import type { SweepSpec } from './sweep-spec.ts';

/** The variants each point evaluates: its own, and the ratio's denominator. */
export function evaluatedVariants(spec: SweepSpec): Variant[] {
  return [...new Set([...(spec.variants ?? DEFAULT_SETTINGS.variants), ...(spec.ratioTo ? [spec.ratioTo] : [])])];
}

/** `accumulators:<variant>` columns: the count each point's simd lowering derived (none when --accumulators is an axis). */
export function accumulatorColumns(spec: SweepSpec): string[] {
  if (spec.accumulators || !(spec.lowerings ?? [DEFAULT_SETTINGS.lowering]).includes('simd')) return [];
  return evaluatedVariants(spec).map((v) => `accumulators:${v}`);
}

/** Records the simd lowering's derived accumulator count of every variant on one derived profile of the grid. */
export function noteAccumulators(
  spec: SweepSpec,
  cpu: string,
  base: Profile,
  settings: readonly Setting[],
  derived: Profile,
  counts: Map<string, Set<number>>,
  memo: Map<string, AccumulatorChoice | undefined>,
): void {
  if (!accumulatorColumns(spec).length) return;
  for (const variant of evaluatedVariants(spec))
    for (const dtype of spec.dtypes ?? [undefined]) {
      // the count reads the chain form's timing only (as incremental.ts accumulatorsOf): one per setting of that form
      const resolved = settingsFrom({ lowering: 'simd', dtype });
      const head = `${cpu}|${variant}|${dtype ?? ''}`;
      if (!memo.has(head)) memo.set(head, accumulatorChoice(base, variant, resolved));
      const chainForm = memo.get(head)?.chainForm;
      const reads = chainForm
        ? settings.filter((x) => (isPattern(x.path) ? expandPath(x.path, [chainForm]) : [x.path]).some((m) => m.startsWith(`forms.${chainForm}.`)))
        : settings;
      const key = `${head}|${reads.map((x) => `${x.path}=${x.value}`).join(';')}`;
      if (!memo.has(key)) memo.set(key, accumulatorChoice(derived, variant, resolved));
      const choice = memo.get(key);
      if (!choice) continue;
      const name = `${variant} on ${cpu}${dtype ? ` (${dtype})` : ''}${choice.chainForm ? `, from ${choice.chainForm}` : ''}`;
      let set = counts.get(name);
      if (!set) counts.set(name, (set = new Set()));
      set.add(choice.count);
    }
}

/** One note when a swept path changes the derived accumulator count: the rows then mix a timing change with a code change. */
export function accumulatorNotes(counts: ReadonlyMap<string, ReadonlySet<number>>): string[] {
  const varying = [...counts].filter(([, s]) => s.size > 1).map(([k, s]) => `${k}: ${[...s].sort((a, b) => a - b).join(', ')}`);
  if (!varying.length) return [];
  return [
    `the simd lowering's accumulator count varies across the sweep (${varying.join('; ')}): each point re-derives it from its own profile, as \`latency --cpu\` on that profile does, so cycles can rise when a latency falls; see the accumulators:<variant> column, or give --accumulators N to hold it fixed`,
  ];
}
