// Table floats for papers are split by their estimated height, not their row count: a float taller than
// the page (LaTeX's "Float too large for page") runs off its bottom. Hand-checked line counts and splits,
// and (where pdflatex exists) a table of wrapped rows compiled with no float too large.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { floatRowParts, ROWS_PER_FLOAT, wrappedLines } from '../../src/reports/latex-float.ts';
import { renderTableSnippet } from '../../src/reports/render-latex.ts';
import { cell } from '../../src/reports/format.ts';

const chars = (s: string) => s.length; // 1 pt per character: easy to count by hand

describe('wrappedLines', () => {
  it('wraps greedily at spaces: "aa bb cc" in 5 pt is "aa bb" / "cc"; a word wider than the line is one line', () => {
    expect(wrappedLines('aa bb cc', 5, chars)).toBe(2);
    expect(wrappedLines('aa bb cc', 8, chars)).toBe(1);
    expect(wrappedLines('aa bb cc', 2, chars)).toBe(3);
    expect(wrappedLines('abcdefgh', 3, chars)).toBe(1);
    expect(wrappedLines('', 3, chars)).toBe(1);
  });
});

describe('floatRowParts', () => {
  // room per float = (520 − 44) / 9.5 − head lines = 50.1 − 1 = 49.1 row lines with a one-line header
  const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
  it('one-line rows: at most 40 per float (41 → 40 + 1)', () => {
    expect(ROWS_PER_FLOAT).toBe(40);
    expect(floatRowParts(rows(40), Array(40).fill(1), 1, 0).map((p) => p.length)).toEqual([40]);
    expect(floatRowParts(rows(41), Array(41).fill(1), 1, 0).map((p) => p.length)).toEqual([40, 1]);
  });
  it('three-line rows: 16 per float (16 × 3 = 48 ≤ 49.1, 17 × 3 = 51 > 49.1)', () => {
    expect(floatRowParts(rows(40), Array(40).fill(3), 1, 0).map((p) => p.length)).toEqual([16, 16, 8]);
  });
  it('notes under the last part: 16 three-line rows + 3 note lines (3 × 8 / 9.5 = 2.5) = 50.5 > 49.1, so the last row moves on', () => {
    expect(floatRowParts(rows(16), Array(16).fill(3), 1, 3).map((p) => p.length)).toEqual([15, 1]);
    expect(floatRowParts(rows(16), Array(16).fill(3), 1, 0).map((p) => p.length)).toEqual([16]);
  });
  it('a taller header leaves less room: a 4-line header, 3-line rows: 46.1 / 3 → 15 per float', () => {
    expect(floatRowParts(rows(30), Array(30).fill(3), 4, 0).map((p) => p.length)).toEqual([15, 15]);
  });
});

const hasPdflatex = spawnSync('pdflatex', ['--version']).status === 0;

describe('renderTableSnippet: long wrapped rows', () => {
  // 30 rows whose "Why" text wraps to several lines in its p{…} column, like the paper-claims table
  const why = 'the zoo network is the standard one with its published topology; the paper counts a network that was never published, so the gap stays';
  const t = {
    id: 'why',
    title: 'Why the counts differ',
    columns: [
      { key: 'm', title: 'Model' },
      { key: 'd', title: 'Δ' },
      { key: 'w', title: 'Why' },
    ],
    rows: Array.from({ length: 30 }, (_, i) => [cell.text(`model-${i}`), cell.num(i, 1), cell.text(why)]),
    notes: ['a note under the last part, long enough to wrap onto a second line of the column at \\scriptsize'],
  };
  it('is split into more floats than its 30 rows alone would need (each row is several lines)', () => {
    const snip = renderTableSnippet(t);
    const floats = (snip.match(/\\begin\{table\}/g) ?? []).length;
    expect(floats).toBeGreaterThan(1); // by row count (40 per float) it would be one
    expect(snip).toContain('(rows)');
  });
  it.runIf(hasPdflatex)('compiles in a 10 pt two-column article with no float too large for the page', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tex-float-'));
    writeFileSync(join(dir, 'why.tex'), renderTableSnippet(t));
    writeFileSync(
      join(dir, 'paper.tex'),
      '\\documentclass[10pt,twocolumn]{article}\n\\usepackage{booktabs,array}\n\\begin{document}\n\\input{why.tex}\n\\end{document}\n',
    );
    const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'paper.tex'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const log = readFileSync(join(dir, 'paper.log'), 'latin1');
    expect(log).not.toMatch(/Float too large/);
  });
});
