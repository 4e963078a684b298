// No file in src/ over 500 lines and no function over 120 (issue 18): a newcomer can read any unit
// whole. Functions are measured by layout (source-size.ts); the measurement itself is checked on
// synthetic sources, so the limits cannot pass by measuring nothing.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blank, functionSpans } from './source-size.ts';

const SRC = resolve(__dirname, '../../src');
const MAX_FILE_LINES = 500;
const MAX_FUNCTION_LINES = 120;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const body = (n: number, indent = '  '): string => Array.from({ length: n }, (_, k) => `${indent}x += ${k};`).join('\n');

describe('source size', () => {
  it(`no file in src/ over ${MAX_FILE_LINES} lines`, () => {
    const long = files(SRC)
      .map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`no function in src/ over ${MAX_FUNCTION_LINES} lines, and every function start is closed`, () => {
    const long: string[] = [];
    const unclosed: string[] = [];
    let measured = 0;
    for (const f of files(SRC)) {
      const r = functionSpans(readFileSync(f, 'utf8'));
      measured += r.spans.length;
      for (const s of r.spans) if (s.lines > MAX_FUNCTION_LINES) long.push(`${relative(SRC, f)}:${s.line} ${s.name} (${s.lines} lines)`);
      for (const u of r.unclosed) unclosed.push(`${relative(SRC, f)}:${u}`);
    }
    expect(long).toEqual([]);
    expect(unclosed).toEqual([]);
    expect(measured).toBeGreaterThan(500); // the whole of src/ was measured (823 multi-line functions when written), not a few files
  });

  it('measures every kind of function start: declarations, methods, constructors with wrapped parameters, arrows', () => {
    const src = [
      'export function f(a: number): { x: number } {',
      body(3),
      '}', // 5 lines, a return type with braces
      'class C {',
      '  constructor(',
      '    readonly a: number,',
      '  ) {',
      body(2, '    '),
      '  }', // 6 lines
      '  private m<T>(x: T): void {',
      body(130, '    '),
      '  }', // 132 lines
      '}',
      'const g = (a: number): number => {',
      body(1),
      '};', // 3 lines
      'const R = {',
      '  Clip: (node, ins) => {',
      body(2, '    '),
      '  },',
      '};', // 4 lines
      'if (x) {',
      body(2),
      '}', // not a function
    ].join('\n');
    const { spans, unclosed } = functionSpans(src);
    expect(spans.map((s) => [s.name, s.lines])).toEqual([
      ['f', 5],
      ['constructor', 6],
      ['m', 132],
      ['g', 3],
      ['Clip', 4],
    ]);
    expect(unclosed).toEqual([]);
  });

  it('braces inside strings, templates, comments and regular expressions do not count', () => {
    const src = [
      'function h(s: string) {',
      "  const a = '{';",
      '  const n = xs[0]! / 2 + (y as number)! / 3; // a non-null assertion, then a division',
      '  const b = `}${s.replace(/[{]/g, "}")}{`;',
      '  // }',
      '  /* { */',
      '  return a + b;',
      '}',
      'function k() {',
      body(1),
      '}',
    ].join('\n');
    expect(functionSpans(src).spans.map((s) => [s.name, s.lines])).toEqual([
      ['h', 8],
      ['k', 3],
    ]);
    expect(blank("x = '{' + `a${'}'}b` // {").replace(/\s+/g, ' ')).toBe("x = ' ' + ` ${' '} ` ");
  });
});
