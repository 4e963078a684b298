// Sweep charts: more series than a legend shows are faceted (never dropped), and --interval rows
// become whiskers.
import { describe, expect, it } from 'vitest';
import { MAX_SERIES, sweepCharts } from '../../src/cli/commands/sweep-charts.ts';
import type { SweepPlan } from '../../src/whatif/sweep.ts';

const AXIS = 'forms.add.f32.latency';
const plan = { columns: ['model', 'variant', AXIS, 'cycles'], keyColumns: 3 } as unknown as SweepPlan;

describe('sweepCharts', () => {
  it('20 series over one axis: two line charts of 16 + 4 series, every series in one of them', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [3, 4].map((lat) => ({ model: 'm', variant: `v${i}`, [AXIS]: lat, cycles: 100 * i + lat }))).flat();
    const charts = sweepCharts(plan, rows);
    expect(charts.map((c) => c.id)).toEqual(['line-forms-add-f32-latency-1', 'line-forms-add-f32-latency-2']);
    expect(charts.map((c) => c.datasets.length)).toEqual([MAX_SERIES, 20 - MAX_SERIES]);
    expect(charts.flatMap((c) => c.datasets.map((d) => d.label)).sort()).toEqual(
      rows
        .filter((r) => r[AXIS] === 3)
        .map((r) => r.variant)
        .sort(),
    );
    expect(charts[1]!.title).toMatch(/part 2 of 2/);
    expect(charts[0]!.datasets[0]!.intervals).toBeUndefined();
  });
  it('rows with cyclesMin/cyclesMax (--interval) give each point its interval', () => {
    const rows = [3, 4].map((lat) => ({ model: 'm', variant: 'adder', [AXIS]: lat, cycles: 10 * lat, cyclesMin: 9 * lat, cyclesMax: 12 * lat }));
    const [c] = sweepCharts(plan, rows);
    expect(c!.datasets[0]!.values).toEqual([30, 40]);
    expect(c!.datasets[0]!.intervals).toEqual([
      [27, 36],
      [36, 48],
    ]);
  });
});
