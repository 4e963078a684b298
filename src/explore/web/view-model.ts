// Pure helpers of the explorer page (tested in Node): forms grouped by op, the crossing of two curves,
// results as CSV, and settings ⇄ URL hash.

import type { ExploreResult, ExploreSettings, FormUse, VariantEnergy } from '../engine.ts';
import type { SweepPoint } from './protocol.ts';

const FLOAT = /^(f64|f32|f16|bf16)(x\d+)?$/;

/**
 * Forms grouped by op and arithmetic (`mul.f64`, `mul.f32x4` → `mul FP`; `mul.i64` → `mul integer`): a
 * tie group of the editor ("all FP multiply"). Groups in order of first appearance.
 */
export function groupByOp(forms: readonly FormUse[]): Map<string, FormUse[]> {
  const m = new Map<string, FormUse[]>();
  for (const f of forms) {
    const [name, type] = f.form.split('.') as [string, string];
    const op = `${name} ${FLOAT.test(type) ? 'FP' : 'integer'}`;
    const list = m.get(op) ?? [];
    list.push(f);
    m.set(op, list);
  }
  return m;
}

/**
 * The first swept value where cycles(a) − cycles(b) differs in sign from the first point's (an exact tie
 * counts as a crossing); undefined when the curves do not cross in the range or a variant is missing.
 */
export function crossingOf(points: readonly SweepPoint[], a: string, b: string): number | undefined {
  const d = (p: SweepPoint): number | undefined => (p.cycles[a] === undefined || p.cycles[b] === undefined ? undefined : p.cycles[a]! - p.cycles[b]!);
  const first = points[0] && d(points[0]);
  if (first === undefined) return undefined;
  if (first === 0) return points[0]!.value;
  for (const p of points.slice(1)) {
    const x = d(p);
    if (x === undefined) return undefined;
    if (x === 0 || Math.sign(x) !== Math.sign(first)) return p.value;
  }
  return undefined;
}

const csvCell = (v: string | number): string => (typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One row per variant and layer (plus a total row per variant): exact integers, no rounding. */
export function csvOf(r: ExploreResult): string {
  const rows: (string | number)[][] = [['model', 'cpu', 'scheduler', 'lowering', 'convert', 'variant', 'layer', 'kind', 'cycles', 'bottleneck']];
  const s = r.settings;
  for (const x of r.results as { variant: string; cycles: number; layers: { layer: string; kind: string; cycles: number; bottleneck?: string }[] }[]) {
    for (const l of x.layers) rows.push([s.model, s.cpu, s.scheduler, s.lowering, s.convert, x.variant, l.layer, l.kind, l.cycles, l.bottleneck ?? '']);
    rows.push([s.model, s.cpu, s.scheduler, s.lowering, s.convert, x.variant, 'total', '', x.cycles, '']);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

/** The URL hash of a view: its settings as JSON, URI-encoded (a shared link opens the same view). */
export function hashOf(s: ExploreSettings): string {
  return encodeURIComponent(JSON.stringify(s));
}

/** Settings patch from a URL hash (empty hash: no patch); a malformed hash is an error. */
export function settingsFromHash(hash: string): Record<string, unknown> {
  const text = hash.replace(/^#/, '');
  if (!text) return {};
  let data: unknown;
  try {
    data = JSON.parse(decodeURIComponent(text));
  } catch (e) {
    throw new Error(`not a settings hash: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not a settings hash: expected a JSON object');
  return data as Record<string, unknown>;
}

/**
 * The run of the variants split between workers (part k has the variants at indices i ≡ k mod parts),
 * joined back: results and energy in the settings' variant order, form counts summed, shares recomputed.
 */
export function joinParts(parts: readonly ExploreResult[]): ExploreResult {
  const first = parts[0]!;
  const order = first.settings.variants;
  const pick = <T>(all: readonly (readonly T[])[]): T[] => order.map((_, i) => all[i % parts.length]![Math.floor(i / parts.length)]!);
  const byForm = new Map<string, FormUse>();
  for (const p of parts) {
    for (const f of p.forms) {
      const had = byForm.get(f.form);
      byForm.set(f.form, had ? { ...had, instructions: had.instructions + f.instructions } : f);
    }
  }
  const total = [...byForm.values()].reduce((a, f) => a + f.instructions, 0);
  const forms = [...byForm.values()]
    .sort((a, b) => (a.form < b.form ? -1 : a.form > b.form ? 1 : 0))
    .map((f) => ({ ...f, share: total ? f.instructions / total : 0 }));
  const elapsed = parts.map((p) => p.elapsedMs).filter((x): x is number => x !== undefined);
  return {
    ...first,
    results: pick(parts.map((p) => p.results)),
    energy: parts.every((p) => p.energy.length === 0) ? [] : pick<VariantEnergy>(parts.map((p) => p.energy)),
    forms,
    ...(elapsed.length ? { elapsedMs: Math.max(...elapsed) } : {}),
  };
}
