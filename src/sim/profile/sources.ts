// Provenance checks of a profile: every `source` names an id of cpu-profiles/SOURCES.md (or is an
// `assumption: …`), and the source coverage = share of a profile's numbers backed by a real source.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddersimError } from '../../isa/index.ts';
import { PROFILES_DIR } from './loader.ts';
import type { Profile } from './schema.ts';

/** Ids of the SOURCES.md table: the first column, in backticks. */
export function parseSourceIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  for (const line of markdown.split('\n')) {
    const m = /^\|\s*`([a-z0-9][a-z0-9-]*)`\s*\|/.exec(line);
    if (m) ids.add(m[1]!);
  }
  return ids;
}

export function loadSourceIds(dir = PROFILES_DIR): Set<string> {
  return parseSourceIds(readFileSync(join(dir, 'SOURCES.md'), 'utf8'));
}

export interface SourcedItem {
  /** JSON path, e.g. `forms["mul.f64"]` or `machine.dispatchWidth`. */
  path: string;
  source: string | null;
  /** How many numbers the source backs (a form: latency and reciprocal throughput). */
  numbers: number;
}

/** Every place a profile states a number, with its source (`null` = value unknown). */
export function sourcedItems(p: Profile): SourcedItem[] {
  const items: SourcedItem[] = [];
  const num = (path: string, n: { value: number | null; source?: string }) =>
    items.push({ path, source: n.value === null ? null : (n.source ?? null), numbers: 1 });
  num('identity.clockGHz', p.identity.clockGHz);
  items.push({ path: 'machine.issue', source: p.machine.issueSource, numbers: 1 });
  for (const k of ['dispatchWidth', 'retireWidth', 'reorderBuffer', 'schedulerSize', 'loadLatency'] as const) num(`machine.${k}`, p.machine[k]);
  for (const [form, t] of Object.entries(p.forms)) items.push({ path: `forms["${form}"]`, source: t.source, numbers: 2 });
  p.memory.forEach((m, i) => {
    for (const k of ['sizeBytes', 'latencyCycles', 'bytesPerCycle'] as const) num(`memory[${i}].${k}`, m[k]);
  });
  return items;
}

export const isAssumption = (source: string) => source.startsWith('assumption:');
export const sourceId = (source: string) => source.split(':')[0]!;

/** Throws for the first source whose id SOURCES.md does not define. */
export function checkSources(p: Profile, ids: ReadonlySet<string>, file: string): void {
  // A listed absence names its source too (not a number: not counted in the coverage).
  const absences = (p.absent ?? []).map((a, i) => ({ path: `absent[${i}]`, source: a.source }));
  for (const it of [...sourcedItems(p), ...absences]) {
    if (it.source === null || isAssumption(it.source)) continue;
    if (!ids.has(sourceId(it.source))) {
      throw new AddersimError('BAD_INPUT', `source id "${sourceId(it.source)}" is not defined in cpu-profiles/SOURCES.md`, `${file}: ${it.path}.source`);
    }
  }
}

export interface Coverage {
  /** Numbers stated (unknown values excluded). */
  numbers: number;
  /** Of those, backed by a source rather than an assumption. */
  sourced: number;
  /** Values given as unknown (`null` with a note). */
  unknown: number;
}

export function sourceCoverage(p: Profile): Coverage {
  let numbers = 0;
  let sourced = 0;
  let unknown = 0;
  for (const it of sourcedItems(p)) {
    if (it.source === null) {
      unknown += it.numbers;
      continue;
    }
    numbers += it.numbers;
    if (!isAssumption(it.source)) sourced += it.numbers;
  }
  return { numbers, sourced, unknown };
}
