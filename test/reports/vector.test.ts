// Chart SVG/PDF files are vector: no embedded bitmap, text kept as text (PDF fonts embedded, axis titles
// extractable by pdftotext). pdffonts/pdftotext come from poppler-utils; the PDF checks are skipped,
// and say so, when they are not on the PATH (.ci/run installs them).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../src/reports/charts/render.ts';
import { chartConfig } from '../../src/reports/charts/config.ts';
import { reportCharts, type ChartSpec } from '../../src/reports/report.ts';
import { buildStudyReport } from '../../src/reports/study-report.ts';
import { runStudy } from '../../src/whatif/study.ts';

const SPEC: ChartSpec = {
  id: 'ratio',
  title: 'Cycles relative to the CNN',
  kind: 'grouped-bar',
  labels: ['lenet5-bn', 'resnet20'],
  // five series: the fifth is hatched (a tile image before; strokes now)
  datasets: [
    { label: 'cnn', values: [1, 1] },
    { label: 'adder', values: [1.25, 1.9], annotations: ['1.25×', '1.90×'], intervals: [[1.1, 1.4], null] },
    { label: 'bnn', values: [0.5, 0.4] },
    { label: 's4', values: [0.7, 0.8] },
    { label: 's5', values: [0.9, 1.1] },
  ],
  yLabel: 'ratio to the CNN (cycles)',
  logY: false,
  refLine: { value: 1, label: 'CNN' },
  widthPt: 252,
  heightPt: 180,
  notes: [],
};

const hasPoppler = spawnSync('pdffonts', ['-v']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;
if (!hasPoppler) console.warn('vector.test.ts: pdffonts/pdftotext (poppler-utils) not on the PATH; the PDF checks are skipped');

describe('vector charts', () => {
  it('SVG: shapes are paths, no embedded raster, size in points', () => {
    const svg = renderChart(SPEC, 'svg').toString('utf8');
    expect(svg).not.toMatch(/<image\b/);
    expect(svg).not.toMatch(/data:image\/png/);
    expect((svg.match(/<path\b/g) ?? []).length).toBeGreaterThan(30);
    expect(svg).toMatch(/width="252pt" height="180pt"|width="252" height="180"/);
  });
  it('every chart of a study prints at 3.5 or 7 in with text of at least 7 pt (at scale 1 a unit is a point)', async () => {
    const study = await runStudy({ models: ['lenet5-bn'], cpus: ['via-nano-2000', 'intel-skylake'], schedulers: ['serial'] });
    const charts = reportCharts(buildStudyReport(study));
    expect(charts.length).toBeGreaterThan(5);
    const sizes: number[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (o.font && typeof o.font === 'object' && typeof (o.font as { size?: unknown }).size === 'number') sizes.push((o.font as { size: number }).size);
        if (o.labelFont && typeof o.labelFont === 'object') sizes.push((o.labelFont as { size: number }).size);
        Object.values(o).forEach(walk);
      }
    };
    for (const c of charts) {
      expect([252, 504], c.id).toContain(c.widthPt);
      sizes.length = 0;
      walk(chartConfig(c, 1).options);
      expect(sizes.length, c.id).toBeGreaterThan(3);
      expect(Math.min(...sizes), c.id).toBeGreaterThanOrEqual(7);
    }
  }, 60_000);
  it('a line chart with intervals (a sweep with --interval) draws a whisker per point', () => {
    const line: ChartSpec = { ...SPEC, kind: 'line', labels: ['3', '4', '5'], refLine: undefined, datasets: [{ label: 'adder', values: [30, 40, 50] }] };
    const blackStrokes = (svg: string) => (svg.match(/stroke-width:0\.75;[^"]*stroke:rgb\(0%,0%,0%\)/g) ?? []).length;
    const without = blackStrokes(renderChart(line, 'svg').toString('utf8'));
    const withIv = blackStrokes(renderChart({ ...line, datasets: [{ ...line.datasets[0]!, intervals: [[27, 36], [36, 48], null] }] }, 'svg').toString('utf8'));
    expect(withIv - without).toBe(2);
  });
  it('a chart with more series than a legend shows is refused, not cut', () => {
    const many = { ...SPEC, datasets: Array.from({ length: 17 }, (_, i) => ({ label: `s${i}`, values: [1, 2] })) };
    expect(() => renderChart(many, 'svg')).toThrow(/17 series; a legend shows at most 16/);
  });
  it.skipIf(!hasPoppler)('PDF: fonts embedded, title, axis title and value labels extractable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vec-'));
    const file = join(dir, 'c.pdf');
    writeFileSync(file, renderChart(SPEC, 'pdf'));
    const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' })
      .stdout.split('\n')
      .slice(2)
      .filter((l) => l.trim());
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f.split(/\s+/).at(-5), f).toBe('yes'); // the `emb` column
    const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout;
    for (const s of ['Cycles relative to the CNN', 'ratio to the CNN (cycles)', 'lenet5-bn', '1.90×', 'adder']) expect(text).toContain(s);
  });
  it.skipIf(!hasPoppler)('PDF of the serif theme uses Latin Modern; the sans theme does not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vec-'));
    const fontsOf = (font: 'serif' | 'sans') => {
      const file = join(dir, `${font}.pdf`);
      writeFileSync(file, renderChart({ ...SPEC, font }, 'pdf'));
      return spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout;
    };
    expect(fontsOf('serif')).toMatch(/LMRoman/);
    expect(fontsOf('sans')).not.toMatch(/LMRoman/);
  });
});
