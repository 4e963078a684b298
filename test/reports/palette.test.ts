// One palette in one place (theme.ts seriesStyles): a variant has the same colour in every chart kind of
// the study (grouped bars, ratio bars, per-layer bars) and of a sweep (lines, tornado), and no series that
// is not a variant takes a variant's colour.
import { describe, expect, it } from 'vitest';
import { chartConfig } from '../../src/reports/charts/config.ts';
import { seriesStyles, VARIANT_COLOURS, variantOfLabel } from '../../src/reports/charts/theme.ts';
import { reportCharts } from '../../src/reports/report.ts';
import { buildStudyReport } from '../../src/reports/study-report.ts';
import { VARIANTS } from '../../src/models/index.ts';
import { runStudy } from '../../src/whatif/study.ts';
import { sweepCharts } from '../../src/cli/commands/sweep-charts.ts';
import { sweep } from '../../src/whatif/sweep.ts';

const variantColours = new Set(Object.values(VARIANT_COLOURS));

function checkColours(configs: ReturnType<typeof chartConfig>[]): number {
  let seen = 0;
  for (const c of configs)
    for (const d of c.data.datasets) {
      const v = variantOfLabel(String(d.label));
      const colour = d.backgroundColor as string;
      if (v !== undefined && c.data.datasets.filter((x) => variantOfLabel(String(x.label)) === v).length === 1) {
        expect(colour, `${String(d.label)}`).toBe(VARIANT_COLOURS[v]);
        seen++;
      } else if (c.data.datasets.length <= 5 || c.data.datasets.some((x) => variantOfLabel(String(x.label)) !== undefined))
        // (more than five series and no variant among them: the whole palette, distinct colours)
        expect(variantColours.has(colour), `${String(d.label)} must not look like a variant`).toBe(false);
    }
  return seen;
}

describe('series colours', () => {
  it('the variants are exactly the model variants; "adder / cnn" is the adder; a repeated variant falls back to other colours', () => {
    expect(Object.keys(VARIANT_COLOURS)).toEqual([...VARIANTS]);
    expect(variantOfLabel('adder / cnn')).toBe('adder');
    expect(variantOfLabel('intel-skylake · cnn')).toBeUndefined();
    const s = seriesStyles(['adder', 'serial', 'adder']);
    expect(s[1]!.colour).not.toBe(s[0]!.colour);
    expect(new Set(s.map((x) => x.colour)).size).toBe(3);
    // eight energy kinds: eight distinct colours; the three that come close in grey to an earlier one hatched
    const kinds = seriesStyles(['add', 'mul', 'abs', 'logic', 'compare', 'shift', 'memory', 'overhead']);
    expect(new Set(kinds.map((x) => x.colour)).size).toBe(8);
    expect(kinds.filter((x) => x.pattern !== 'solid')).toHaveLength(4);
  });

  it('the study: every chart kind draws cnn, adder and bnn in their colours', async () => {
    const study = await runStudy({ models: ['lenet5-bn'], cpus: ['via-nano-2000', 'intel-skylake'], schedulers: ['serial', 'bound'] });
    const charts = reportCharts(buildStudyReport(study));
    const kinds = new Set(charts.map((c) => c.kind));
    expect(kinds.size).toBeGreaterThan(1);
    expect(checkColours(charts.map((c) => chartConfig(c)))).toBeGreaterThan(10);
  });

  it('a sweep: the line chart by variant and the tornado (low/high are not variants)', async () => {
    const { plan, rows } = await sweep({
      models: ['lenet5-bn'],
      cpus: ['via-nano-2000'],
      variants: ['cnn', 'adder'],
      schedulers: ['serial'],
      lowerings: ['paper'],
      params: [{ path: 'forms.mul.f64.latency', values: [2, 4] }],
      uncertainty: { tornado: true, ranges: [{ path: 'forms.add.f64.latency', lo: 2, hi: 3 }] },
    });
    const specs = sweepCharts(plan, rows);
    expect(specs.some((c) => c.kind === 'tornado')).toBe(true); // from the add.f64 range
    const configs = specs.map((c) => chartConfig(c));
    expect(configs.map((c) => c.type)).toContain('line');
    expect(checkColours(configs)).toBe(2); // the line chart's cnn and adder
  });
});
