// The LaTeX report compiles as-is with pdflatex, where a TeX installation exists (Debian:
// texlive-latex-recommended). Skipped, and says so, when pdflatex is not on the PATH.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../src/reports/write.ts';
import { SAMPLE } from './fixture.ts';

const hasPdflatex = spawnSync('pdflatex', ['--version']).status === 0;
if (!hasPdflatex) console.warn('latex-compile.test.ts: pdflatex is not on the PATH; the compile test is skipped');

describe.skipIf(!hasPdflatex)('report.tex compiles with pdflatex', () => {
  it('the sample report (every special character, a chart PDF) compiles without errors', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tex-')), 'r');
    writeReport(SAMPLE, dir, { formats: ['tex', 'pdf'] });
    const log = execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'report.tex'], { cwd: dir, encoding: 'utf8' });
    expect(log).toMatch(/Output written on report\.pdf \(\d+ pages?/);
    expect(existsSync(join(dir, 'report.pdf'))).toBe(true);
  });
});
