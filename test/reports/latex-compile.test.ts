// The LaTeX compiles as-is with pdflatex, where a TeX installation exists (Debian:
// texlive-latex-recommended; .ci/run installs it): the full report.tex, and every tables/NAME.tex
// snippet of a study inside \documentclass[10pt,twocolumn]{article} with no `Overfull \hbox` (a table
// wider than the column) and no `Float too large for page` (a part taller than the page). Skipped, and says so, when pdflatex is not on the PATH.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStudyReport } from '../../src/reports/study-report.ts';
import { writeReport } from '../../src/reports/write.ts';
import { runStudy } from '../../src/whatif/study.ts';
import { SAMPLE } from './fixture.ts';

const hasPdflatex = spawnSync('pdflatex', ['--version']).status === 0;
if (!hasPdflatex) console.warn('latex-compile.test.ts: pdflatex is not on the PATH; the compile tests are skipped');

function pdflatex(dir: string, file: string): { ok: boolean; log: string } {
  const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', file], { cwd: dir, encoding: 'utf8' });
  const log = readFileSync(join(dir, file.replace(/\.tex$/, '.log')), 'latin1');
  return { ok: r.status === 0, log };
}

const overfull = (log: string) => log.split('\n').filter((l) => /^Overfull \\hbox/.test(l));

describe.skipIf(!hasPdflatex)('LaTeX compiles with pdflatex', () => {
  it('the sample report (every special character, a chart PDF) compiles without errors', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tex-')), 'r');
    writeReport(SAMPLE, dir, { formats: ['tex', 'pdf'] });
    const log = execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'report.tex'], { cwd: dir, encoding: 'utf8' });
    expect(log).toMatch(/Output written on report\.pdf \(\d+ pages?/);
    expect(existsSync(join(dir, 'report.pdf'))).toBe(true);
  });

  it('a study: every table snippet fits a column of a 10 pt two-column paper; report.tex has no overfull box', async () => {
    const study = await runStudy({ models: ['lenet5-bn', 'resnet20'], cpus: ['via-nano-2000', 'intel-skylake'], schedulers: ['serial', 'bound'] });
    const dir = join(mkdtempSync(join(tmpdir(), 'tex-')), 'r');
    writeReport(buildStudyReport(study), dir, { formats: ['tex', 'pdf'] });
    const snippets = readdirSync(join(dir, 'tables'))
      .filter((f) => f.endsWith('.tex'))
      .sort();
    expect(snippets).toEqual(expect.arrayContaining(['latency.tex', 'energy.tex', 'ops.tex', 'time-bound.tex', 'ratio-bound.tex', 'assumptions-cpus.tex']));
    for (const f of snippets) {
      const tex = readFileSync(join(dir, 'tables', f), 'utf8');
      const pre = /^% preamble: (\\usepackage\{[^}]+\})$/m.exec(tex);
      expect(pre, f).not.toBeNull();
      const name = `paper-${f}`;
      writeFileSync(join(dir, name), `\\documentclass[10pt,twocolumn]{article}\n${pre![1]}\n\\begin{document}\n\\input{tables/${f}}\n\\end{document}\n`);
      const r = pdflatex(dir, name);
      expect(r.ok, `${f}: ${r.log.slice(-1500)}`).toBe(true);
      expect(overfull(r.log), f).toEqual([]);
      expect(r.log, `${f}: a float taller than the page`).not.toMatch(/Float too large/);
    }
    const r = pdflatex(dir, 'report.tex');
    expect(r.ok, r.log.slice(-1500)).toBe(true);
    expect(overfull(r.log)).toEqual([]);
  }, 120_000);
});
