// The Assumptions section: in every format, the clocks (GHz, with source), accumulators, the overhead
// with its range and share, the scheduler of each figure; and the full-view energy range contains the
// per-instruction overhead's range (25–140 pJ around 70 pJ).
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reports/render-html.ts';
import { renderJson } from '../../src/reports/render-json.ts';
import { renderLatex } from '../../src/reports/render-latex.ts';
import { renderMarkdown } from '../../src/reports/render-markdown.ts';
import { renderText } from '../../src/reports/render-text.ts';
import { buildStudyReport } from '../../src/reports/study-report.ts';
import { runStudy } from '../../src/whatif/study.ts';
import type { Section } from '../../src/reports/report.ts';

const study = await runStudy({ models: ['lenet5-bn'], cpus: ['via-nano-2000', 'intel-skylake'], schedulers: ['serial', 'bound'] });
const report = buildStudyReport(study);

describe('assumptions', () => {
  it('the full-view range contains the overhead range: high ≥ value + n × (140 − 70) pJ, low ≤ value − n × (70 − 25) pJ', () => {
    const full = study.energy.filter((e) => e.view === 'full');
    expect(full.length).toBe(3);
    for (const e of full) {
      const n = e.byKind.overhead / 70; // instructions priced at 70 pJ each
      expect(Math.abs(n - Math.round(n))).toBeLessThan(1e-6); // a whole number of instructions
      expect(n).toBeGreaterThan(0);
      expect(e.rangePJ[1] - e.energyPJ).toBeGreaterThanOrEqual(n * 70 - 1e-6);
      expect(e.energyPJ - e.rangePJ[0]).toBeGreaterThanOrEqual(n * 45 - 1e-6);
    }
  });
  it('every format states the clocks in GHz, the accumulators, the overhead range and the schedulers', () => {
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    const formats = {
      md: renderMarkdown(report),
      txt: renderText(report),
      html: renderHtml(report),
      json: renderJson(report),
      tex: renderLatex(report).replace(/\$\\times\$/g, '×'),
    };
    for (const [name, text] of Object.entries(formats)) {
      const t = flat(text);
      expect(t, name).toContain('Clocks: via-nano-2000 1.60 GHz, intel-skylake 2.20 GHz.');
      expect(t, name).toMatch(/independent accumulators per reduction loop derived per CPU and variant/);
      expect(t, name).toMatch(/intel-skylake cnn \S*fma\.f32x8 4/); // the chained form the CNN's count comes from
      expect(t, name).toContain('70 pJ per instruction (range 25–140 pJ'.replace('–', name === 'tex' ? '--' : '–'));
      expect(t, name).toMatch(/the per-layer figures use/);
    }
  });
  it('the CPU table gives each clock with its source and the SOURCES.md ids the profile cites', () => {
    const t = report.sections.find((s) => s.id === 'assumptions')!.tables.find((x) => x.id === 'assumptions-cpus')!;
    const row = t.rows[1]!;
    expect(row[0]).toEqual({ t: 'text', v: 'intel-skylake' });
    expect(row[1]).toEqual({ t: 'num', v: 2.2, digits: 2 });
    expect(row[2]).toEqual({ t: 'text', v: 'instlatx64-skylake: header "Intel Core i5-6400T, 2200 MHz"' });
    expect((row[6] as { v: string }).v).toMatch(/^instlatx64-skylake, llvm-mca-14, llvm-mca-14-stats/);
  });
  it('the text follows the schedulers run: serial, bound → "serial vs bound", no cycle; bound alone → no comparison chart, no claim of one', async () => {
    const section = (r: typeof report, id: string): Section => r.sections.find((x) => x.id === id)!;
    const two = section(report, 'latency').charts.find((c) => c.id === 'schedulers')!;
    expect(two.title).toBe('Scheduler comparison on lenet5-bn: serial vs bound');
    expect(two.notes.join(' ')).not.toContain('cycle =');
    expect(section(report, 'assumptions').paragraphs.join(' ')).toContain('the scheduler comparison shows serial, bound;');
    const alone = buildStudyReport(await runStudy({ models: ['lenet5-bn'], cpus: ['via-nano-2000'], schedulers: ['bound'] }));
    expect(section(alone, 'latency').charts.map((c) => c.id)).not.toContain('schedulers');
    const text = renderMarkdown(alone);
    expect(text).not.toMatch(/scheduler comparison|every scheduler|long table has/i);
    expect(text).toContain('scheduled with bound.');
  });
});
