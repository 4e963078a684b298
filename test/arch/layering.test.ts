// Enforces docs/architecture.md's import direction and the absence of import cycles by reading every import line
// under src/ (type-only imports included: a cycle of types is still two modules that cannot be
// understood one before the other). The checks are pure functions of a set of files, so the tests
// also run them on src/ with a synthetic wrong import added, and see them fail.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');
const ALLOWED: Record<string, readonly string[]> = {
  isa: [],
  models: ['isa'],
  sim: ['isa'],
  reports: ['isa', 'sim'],
  whatif: ['isa', 'models', 'sim'],
  measure: ['isa', 'models', 'sim'],
  explore: ['isa', 'models', 'sim', 'reports', 'whatif'],
  cli: ['isa', 'models', 'sim', 'reports', 'whatif', 'measure', 'explore', 'index.ts'],
};

/** Source files by path relative to src/ (forward slashes). */
type Sources = ReadonlyMap<string, string>;

function readSources(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) readSources(p, out);
    else if (p.endsWith('.ts')) out.set(relative(SRC, p).split('\\').join('/'), readFileSync(p, 'utf8'));
  }
  return out;
}

/** The relative imports of each file, resolved to paths relative to src/. */
function importGraph(files: Sources): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const [file, text] of files) {
    const deps: string[] = [];
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) continue;
      deps.push(
        relative(SRC, resolve(SRC, dirname(file), spec))
          .split('\\')
          .join('/'),
      );
    }
    g.set(file, deps);
  }
  return g;
}

const layerOf = (file: string): string => file.split('/')[0]!;

export function violations(files: Sources): string[] {
  const bad: string[] = [];
  for (const [file, deps] of importGraph(files)) {
    const from = layerOf(file);
    if (from === 'index.ts') continue;
    for (const dep of deps) {
      const to = layerOf(dep);
      if (to !== from && !(ALLOWED[from] ?? []).includes(to)) bad.push(`${file} imports ${dep} (${from} → ${to})`);
    }
  }
  return bad;
}

/** Every import cycle, as its files in order (Tarjan's strongly connected components of two or more
 *  files, or a file importing itself), each listed from its smallest path. */
export function cycles(files: Sources): string[][] {
  const g = importGraph(files);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.sort());
  };
  for (const v of [...g.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** `files` with `line` added at the top of `file`. */
function withLine(files: Sources, file: string, line: string): Map<string, string> {
  expect(files.has(file)).toBe(true);
  return new Map([...files, [file, `${line}\n${files.get(file)!}`]]);
}

describe('layering (docs/architecture.md "Layers and folders")', () => {
  const src = readSources(SRC);

  it('every import goes in an allowed direction', () => {
    expect(src.size).toBeGreaterThan(100);
    expect(violations(src)).toEqual([]);
  });

  it('no import cycle in src/ (type-only imports included)', () => {
    expect(cycles(src)).toEqual([]);
  });

  it('the checks fail on a synthetic wrong import: models → sim (wrong way), and a cycle in the cycle model', () => {
    const wrongWay = withLine(src, 'models/graph.ts', "import { runPipeline } from '../sim/cycle/pipeline.ts';");
    expect(violations(wrongWay)).toEqual(['models/graph.ts imports sim/cycle/pipeline.ts (models → sim)']);
    // pipeline.ts imports ports.ts: ports.ts importing pipeline.ts (even a type) closes a cycle
    const cyclic = withLine(src, 'sim/cycle/ports.ts', "import type { CycleRun } from './pipeline.ts';");
    expect(violations(cyclic)).toEqual([]);
    // (the component holds every stage that imports ports.ts too: they are all on a cycle through it)
    expect(cycles(cyclic)).toHaveLength(1);
    expect(cycles(cyclic)[0]).toEqual(expect.arrayContaining(['sim/cycle/pipeline.ts', 'sim/cycle/ports.ts', 'sim/cycle/scheduler.ts']));
    // a longer cycle through three files, and a dynamic import
    const longer = withLine(src, 'sim/cycle/counters.ts', "const m = await import('./steady-state.ts');");
    expect(cycles(longer)).toHaveLength(1);
    expect(cycles(longer)[0]).toEqual(expect.arrayContaining(['sim/cycle/counters.ts', 'sim/cycle/steady-state.ts']));
  });
});
