// Renderers of report data: hand-checked snippets, escaping, schema, determinism, atomic writing.
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captionText, cell, fmtEnergy, fmtInt, fmtPct, fmtRatio, fmtSI } from '../../src/reports/format.ts';
import { renderTableCsv } from '../../src/reports/render-csv.ts';
import { renderHtml } from '../../src/reports/render-html.ts';
import { renderJson } from '../../src/reports/render-json.ts';
import { COLUMN_WIDTH_PT, renderLatex, renderTableSnippet, splitColumns, texEscape, texInline, texWidthPt } from '../../src/reports/render-latex.ts';
import { renderMarkdown } from '../../src/reports/render-markdown.ts';
import { renderText } from '../../src/reports/render-text.ts';
import { reportSchema } from '../../src/reports/report.ts';
import { writeReport } from '../../src/reports/write.ts';
import { SAMPLE } from './fixture.ts';

const table = SAMPLE.sections[0]!.tables[0]!;

describe('format', () => {
  it('rounds only here', () => {
    expect(fmtInt(2_610_000)).toBe('2,610,000');
    expect(fmtSI(40_813_184)).toBe('40.81M');
    expect(fmtSI(1_814_073_344)).toBe('1.81G');
    expect(fmtPct(-0.3333, 1, true)).toBe('−33.3%');
    expect(fmtPct(0.05, 1, true)).toBe('+5.0%');
    expect(fmtEnergy(187_740_646.4)).toBe('187.74 µJ');
    expect(fmtEnergy(4.6)).toBe('4.60 pJ');
    expect(fmtEnergy(0)).toBe('0');
    expect(fmtRatio(1.5)).toBe('1.50×');
    expect(fmtRatio(0.00431)).toBe('0.0043×');
  });
});

describe('captions wrap outside parentheses', () => {
  const title = 'Time per image on each CPU (cycle scheduler, simd f32)';
  it('the spaces inside a short (…) group become no-break spaces; those outside stay', () => {
    expect(captionText(title)).toBe('Time per image on each CPU (cycle\u00a0scheduler,\u00a0simd\u00a0f32)');
    expect(captionText('a (b c) d (e f)')).toBe('a (b\u00a0c) d (e\u00a0f)');
    const long = `x (${'word '.repeat(10).trim()})`; // 51 characters in the group: may wrap inside, or it would overflow
    expect(captionText(long)).toBe(long);
  });
  it('HTML figcaptions and LaTeX \\caption keep the group together (U+00A0, ~)', () => {
    const report = { ...SAMPLE, sections: [{ ...SAMPLE.sections[0]!, tables: [{ ...table, title }] }] };
    expect(renderHtml(report)).toContain('<figcaption>Time per image on each CPU (cycle\u00a0scheduler,\u00a0simd\u00a0f32)');
    expect(renderLatex(report)).toContain('\\caption{Time per image on each CPU (cycle~scheduler,~simd~f32)}');
  });
});

describe('renderers', () => {
  it('text and markdown show formatted numbers', () => {
    const t = renderText(SAMPLE);
    expect(t).toMatch(/cnn\s+2,610,000\s+0\.0%\s+187\.74 µJ/);
    const md = renderMarkdown(SAMPLE);
    expect(md).toContain('| Variant | Cycles | Δ | Energy |');
    expect(md).toContain('|:---|---:|---:|---:|');
    expect(md).toContain('**LeNet-5 \\| serial cycles**');
    expect(md).toContain('![Serial cycles](charts/claims-chart.svg)');
  });
  it('text wraps at 100 columns (or the width asked): prose, long cells, wide tables split with the key repeated', () => {
    const long = 'word '.repeat(60).trim(); // 299 characters
    const wide = {
      id: 'wide',
      title: 'Wide',
      notes: [long],
      columns: [{ key: 'm', title: 'Model' }, { key: 'why', title: 'Why' }, ...Array.from({ length: 10 }, (_, i) => ({ key: `c${i}`, title: `column ${i}` }))],
      rows: [[cell.text('resnet20'), cell.text(long), ...Array.from({ length: 10 }, () => cell.int(1_234_567))]],
    };
    const r = { ...SAMPLE, sections: [{ ...SAMPLE.sections[0]!, paragraphs: [long], tables: [wide] }] };
    for (const w of [100, 60]) {
      const lines = renderText(r, w).split('\n');
      expect(Math.max(...lines.map((l) => [...l].length)), `width ${w}`).toBeLessThanOrEqual(w);
      // nothing lost: every word of the long cell and all ten numbers are there
      expect(lines.join(' ').match(/\bword\b/g)!.length).toBe(60 * 3);
      expect(lines.join(' ').match(/1,234,567/g)!.length).toBe(10);
      // every part starts its rows with the key column
      expect(lines.filter((l) => l.startsWith('resnet20')).length).toBeGreaterThan(1);
    }
  });
  it('CSV has raw numbers and RFC 4180 quoting', () => {
    expect(renderTableCsv(table)).toBe(
      'variant,cycles,delta,energy\r\ncnn,2610000,0,187740646.4\r\n"adder, ""x""",1740000,-0.3333,\r\nbnn,900000,0.05,4.6\r\n',
    );
  });
  it('JSON validates against addersim/report@1 and round-trips', () => {
    const j = renderJson(SAMPLE);
    expect(reportSchema.parse(JSON.parse(j))).toEqual(SAMPLE);
    const bad = { ...SAMPLE, sections: [{ ...SAMPLE.sections[0]!, tables: [{ ...table, rows: [[...table.rows[0]!.slice(1)]] }] }] };
    expect(() => renderJson(bad)).toThrow(/3 cells for 4 columns/);
  });
  it('LaTeX escapes every special character and the Unicode the reports use', () => {
    expect(texEscape('100% & $5 #1 _x_ {y} ~ ^ \\ < | >')).toBe('100\\% \\& \\$5 \\#1 \\_x\\_ \\{y\\} $\\sim$ \\^{} $\\backslash$ $<$ $|$ $>$');
    expect(texEscape('−33.3% × µJ Δ')).toBe('$-$33.3\\% $\\times$ $\\mu$J $\\Delta$');
    const tex = renderLatex(SAMPLE);
    expect(tex).toContain('\\usepackage{array,booktabs,longtable,graphicx,amssymb}');
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('cnn & 2,610,000 & 0.0\\% & 187.74 $\\mu$J \\\\');
    // nothing outside ASCII survives
    expect([...tex].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    // Markdown inline code becomes \texttt, never a backtick
    expect(texInline('use `addersim energy --memory working-set` here')).toBe('use \\texttt{addersim energy --memory working-set} here');
  });
  it('a table snippet: a table float, booktabs, \\label, the preamble comment, no Markdown', () => {
    const snip = renderTableSnippet(table);
    expect(snip).toMatch(/^% .*\n% preamble: \\usepackage\{booktabs,array\}\n/);
    expect(snip).toContain('\\begin{table}[tbp]');
    expect(snip).toContain('\\label{tab:claims}');
    expect(snip).toContain('\\begin{tabular}{@{}lrrr@{}}');
    expect(snip).toContain('cnn & 2,610,000 & 0.0\\% & 187.74 $\\mu$J \\\\');
    expect(snip).not.toMatch(/longtable|landscape|`|\*\*/);
  });
  it('a table too wide for a column is split by columns, the key column repeated; a long one by rows', () => {
    // 12 numeric columns of "1,000,000.00" (≈ 43 pt each at 8 pt) cannot share one 229.5 pt column
    const wide = {
      id: 'wide',
      title: 'Wide',
      columns: [{ key: 'm', title: 'Model' }, ...Array.from({ length: 12 }, (_, i) => ({ key: `c${i}`, title: `c${i}` }))],
      rows: [[cell.text('resnet20'), ...Array.from({ length: 12 }, () => cell.num(1e6, 2))]],
      notes: [],
    };
    const parts = splitColumns(wide, COLUMN_WIDTH_PT);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p[0]!.index).toBe(0);
    expect(parts.flatMap((p) => p.slice(1).map((c) => c.index))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const snip = renderTableSnippet(wide);
    expect(snip).toContain('\\label{tab:wide-2}');
    const long = { ...table, id: 'long', rows: Array.from({ length: 85 }, () => table.rows[0]!) };
    expect((renderTableSnippet(long).match(/\\begin\{table\}/g) ?? []).length).toBe(3); // 40 + 40 + 5 rows
  });
  it('width estimate: digits are 0.5 em, at 8 pt "1,000" ≈ 4 × 4 + 2.2 pt', () => {
    expect(texWidthPt('1,000', 8)).toBeCloseTo(((4 * 5 + 2.78) * 8 * 1.06) / 10, 6);
  });
  it('HTML is self-contained: Chart.js inlined, no external URLs, sortable tables', () => {
    const html = renderHtml(SAMPLE);
    expect(html).toContain('<table class="sortable">');
    expect(html).toMatch(/Chart\.js v4/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href="http/);
    expect(html).toContain('data-v="2610000"');
  });
});

describe('writeReport', () => {
  it('writes every format; twice gives the same bytes', () => {
    const base = mkdtempSync(join(tmpdir(), 'report-'));
    const a = writeReport(SAMPLE, join(base, 'a'));
    const b = writeReport(SAMPLE, join(base, 'b'));
    expect(a).toEqual(b);
    expect(a).toEqual(
      expect.arrayContaining([
        'index.html',
        'report.md',
        'report.tex',
        'report.json',
        'tables/claims.csv',
        'charts/claims-chart.png',
        'charts/claims-chart.svg',
        'charts/claims-chart.pdf',
      ]),
    );
    for (const f of a) expect(readFileSync(join(base, 'b', f)).equals(readFileSync(join(base, 'a', f))), f).toBe(true);
    // PNG size is the documented 2 px per point
    const png = readFileSync(join(base, 'a', 'charts/claims-chart.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([600, 400]);
    expect(readdirSync(base).sort()).toEqual(['a', 'b']);
  });
  it('replaces an old report as a whole', () => {
    const base = mkdtempSync(join(tmpdir(), 'report-'));
    // the earlier report's report.txt goes (a file it did not write would be refused: out-folder.ts)
    writeReport(SAMPLE, join(base, 'r'), { formats: ['txt', 'md'] });
    writeReport(SAMPLE, join(base, 'r'), { formats: ['md'] });
    expect(readdirSync(join(base, 'r')).sort()).toEqual(['.addersim-report', 'report.md']);
  });
  it('an unwritable folder is a clear error and leaves nothing behind', () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: use a path under a regular file instead
      const base = mkdtempSync(join(tmpdir(), 'report-'));
      writeFileSync(join(base, 'file'), 'x');
      expect(() => writeReport(SAMPLE, join(base, 'file', 'out'))).toThrow(/cannot write the report folder/);
      expect(readdirSync(base)).toEqual(['file']);
      return;
    }
    const base = mkdtempSync(join(tmpdir(), 'report-'));
    chmodSync(base, 0o500);
    expect(() => writeReport(SAMPLE, join(base, 'out'))).toThrow(/cannot write/);
    expect(existsSync(join(base, 'out'))).toBe(false);
  });
  it('a failure half-way keeps the old report and removes the temporary folder', () => {
    const base = mkdtempSync(join(tmpdir(), 'report-'));
    writeReport(SAMPLE, join(base, 'r'), { formats: ['md'] });
    const broken = { ...SAMPLE, sections: [{ ...SAMPLE.sections[0]!, tables: [{ ...table, rows: [[...table.rows[0]!.slice(1)]] }] }] };
    expect(() => writeReport(broken, join(base, 'r'), { formats: ['md', 'json'] })).toThrow(/cells for 4 columns/);
    expect(readdirSync(base)).toEqual(['r']);
    expect(readdirSync(join(base, 'r')).sort()).toEqual(['.addersim-report', 'report.md']);
  });
});

describe('chart fill patterns', () => {
  it('series close in grey level are hatched with vector strokes (no tile image): the SVG of a 5-series chart has more white strokes than of 4', async () => {
    const { renderChart } = await import('../../src/reports/charts/render.ts');
    const spec = { ...SAMPLE.sections[0]!.charts[0]!, datasets: Array.from({ length: 5 }, (_, i) => ({ label: `s${i}`, values: [1 + i, 2] })) };
    const five = renderChart(spec, 'svg').toString('utf8');
    const four = renderChart({ ...spec, datasets: spec.datasets.slice(0, 4) }, 'svg').toString('utf8');
    expect(five).not.toMatch(/<image\b|<pattern\b/);
    expect((five.match(/stroke:rgb\(100%,100%,100%\)/g) ?? []).length).toBeGreaterThan((four.match(/stroke:rgb\(100%,100%,100%\)/g) ?? []).length);
  });
});

describe('links only to files that exist', () => {
  it('HTML and Markdown without chart images or CSV make no dangling links', () => {
    const base = mkdtempSync(join(tmpdir(), 'report-'));
    writeReport(SAMPLE, join(base, 'r'), { formats: ['html', 'md'] });
    const html = readFileSync(join(base, 'r', 'index.html'), 'utf8');
    expect(html).not.toMatch(/href="(charts|tables)\//);
    const md = readFileSync(join(base, 'r', 'report.md'), 'utf8');
    expect(md).not.toMatch(/\]\(charts\//);
    expect(md).toContain('*Chart: Serial cycles*');
    writeReport(SAMPLE, join(base, 'p'), { formats: ['md', 'png'] });
    expect(readFileSync(join(base, 'p', 'report.md'), 'utf8')).toContain('](charts/claims-chart.png)');
  });
});

describe('log axis ticks', () => {
  it('1-2-5 within four decades, powers of ten past that, from a tick at or below the least value to one at or above the top', async () => {
    const { logAxisTicks } = await import('../../src/reports/charts/config.ts');
    expect(logAxisTicks(3, 700)).toEqual([2, 5, 10, 20, 50, 100, 200, 500, 1000]); // log10(700/3) < 3 decades: 1-2-5
    expect(logAxisTicks(12, 7e5)).toEqual([10, 100, 1000, 10_000, 100_000, 1_000_000]); // 1 → 6: five decades
    expect(logAxisTicks(0.03, 0.4)).toEqual([0.02, 0.05, 0.1, 0.2, 0.5]);
  });
  it('a log bar chart carries its ticks and bounds; the overlay plugin puts them on the scale', async () => {
    const { chartConfig } = await import('../../src/reports/charts/config.ts');
    const { overlayPlugin } = await import('../../src/reports/charts/overlay.ts');
    const spec = { ...SAMPLE.sections[0]!.charts[0]!, kind: 'grouped-bar' as const, logY: true, datasets: [{ label: 'cnn', values: [12, 700_000] }] };
    const y = (chartConfig(spec).options.scales as Record<string, Record<string, unknown>>).y!;
    expect(y).toMatchObject({ type: 'logarithmic', addersimTicks: [10, 100, 1000, 10_000, 100_000, 1_000_000], min: 10, max: 1_000_000 });
    const scale = { options: { addersimTicks: y.addersimTicks }, ticks: [{ value: 700_000 }] };
    (overlayPlugin().afterBuildTicks as (c: unknown, a: unknown) => void)({}, { scale });
    expect(scale.ticks.map((t) => t.value)).toEqual(y.addersimTicks);
  });
});

describe('chart titles', () => {
  it('one line when it fits; else broken at spaces outside a short (…) group, never squeezed', async () => {
    const { titleLines } = await import('../../src/reports/charts/common.ts');
    expect(titleLines('Cycles vs forms.mul.f64.latency', 504)).toBe('Cycles vs forms.mul.f64.latency'); // 31 ≤ ⌊504 / (9 × 0.48)⌋ = 116
    // 252 pt: 58 characters a line; "(cycle scheduler, simd f32)" stays whole
    expect(titleLines('Cycles relative to the CNN on every CPU of the study (cycle scheduler, simd f32)', 252)).toEqual([
      'Cycles relative to the CNN on every CPU of the study',
      '(cycle scheduler, simd f32)',
    ]);
  });
  it('a tornado of whole cycles ticks at integers', async () => {
    const { chartConfig } = await import('../../src/reports/charts/config.ts');
    const spec = {
      ...SAMPLE.sections[0]!.charts[0]!,
      kind: 'tornado' as const,
      labels: ['forms.fma.f32x8.latency'],
      datasets: [
        { label: 'low', values: [51_776] },
        { label: 'high', values: [51_780] },
        { label: 'base', values: [51_780] },
      ],
    };
    const x = (chartConfig(spec).options.scales as Record<string, { ticks: Record<string, unknown> }>).x!;
    expect(x.ticks.precision).toBe(0);
    const ratio = { ...spec, datasets: spec.datasets.map((d) => ({ ...d, values: d.values.map((v) => v / 3) })) };
    expect((chartConfig(ratio).options.scales as Record<string, { ticks: Record<string, unknown> }>).x!.ticks.precision).toBeUndefined();
  });
});
