// CONTRIBUTING.md's two walkthroughs (a hardware unit, an ONNX op) stay true: every file they name exists, and every identifier they name
// (in backticks) is declared in src/ or test/, except the walkthroughs' own examples (the unit and
// the op they add). A renamed function or moved file fails here instead of misleading a newcomer.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
/** Names the walkthroughs invent: the example unit and the example op. */
const EXAMPLES = new Set(['DecodeQueue', 'DecodeQueueState', 'END_OF_QUEUE', 'Celu', 'celu', 'src/sim/cycle/decode-queue.ts']);
/** JavaScript's own. */
const BUILTINS = new Set(['Math']);
/** Bare file names are looked up in the folders the walkthroughs work in. */
const FOLDERS = ['src/sim/cycle', 'src/models/onnx', 'src/models', '.'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('CONTRIBUTING.md', () => {
  const text = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8');
  // the two walkthroughs only (the rest of the file is other engineers' and names tools, not code)
  const sections = text.split(/^(?=## )/m).filter((s) => s.startsWith('## Adding a hardware unit to the cycle model') || s.startsWith('## Adding an ONNX op'));
  const quoted = sections.flatMap((s) => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
  const code = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'test'))].map((f) => readFileSync(f, 'utf8')).join('\n');

  it('has both walkthroughs', () => {
    expect(sections).toHaveLength(2);
  });

  it('every file or folder it names exists', () => {
    const paths = quoted.filter((q) => /^[\w./-]+\.(ts|md)$|^(src|test|docs)\/[\w./-]*$/.test(q) && !EXAMPLES.has(q));
    expect(paths.length).toBeGreaterThan(10);
    const missing = paths.filter((p) => (p.includes('/') ? !existsSync(join(ROOT, p)) : !FOLDERS.some((f) => existsSync(join(ROOT, f, p)))));
    expect(missing).toEqual([]);
  });

  it("every identifier it names is declared in src/ or test/ (names of the walkthroughs' examples aside)", () => {
    const names = new Set<string>();
    for (const q of quoted) {
      // a bare identifier, or the callee / first name of a short expression
      const m = /^([A-Za-z_$][\w$]*)(?:[.(]|$)/.exec(q);
      if (m && !EXAMPLES.has(m[1]!) && !BUILTINS.has(m[1]!) && !/\.(ts|md)$/.test(q)) names.add(m[1]!);
    }
    expect(names.size).toBeGreaterThan(25);
    const declared = (n: string) =>
      new RegExp(`(?:function|class|interface|type|const|let|readonly)\\s+${n}\\b|\\b${n}\\s*[(:]|\\b${n}\\s*=|\\.${n}\\b|'${n}'`).test(code); // declared, called, a member, or an error code
    expect([...names].filter((n) => !declared(n))).toEqual([]);
  });
});
