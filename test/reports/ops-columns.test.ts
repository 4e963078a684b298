// The study's operation-count table puts the exact ops that tell the variants apart first — mul, add, sub,
// abs, xnor, neg — and the rest (max from pooling) after, so a narrow page still shows an AdderNet's sub and
// abs and a BNN's xnor. lenet5-bn (convert inner): the AdderNet subtracts as often as it takes |·|
// (298,080 = the MACs of its three converted layers), the BNN xnors as often.
import { describe, expect, it } from 'vitest';
import { rawCell } from '../../src/reports/format.ts';
import { buildStudyReport } from '../../src/reports/study-report.ts';
import { runStudy } from '../../src/whatif/study.ts';

const study = await runStudy({ models: ['lenet5-bn'], cpus: ['via-nano-2000'], schedulers: ['serial'] });
const table = buildStudyReport(study)
  .sections.flatMap((s) => s.tables)
  .find((t) => t.id === 'ops')!;

describe('ops table column order', () => {
  it('exact columns: mul, add, sub, abs, xnor, neg, then max', () => {
    const exact = table.columns.map((c) => c.key).filter((k) => k.startsWith('exact_'));
    expect(exact).toEqual(['exact_mul', 'exact_add', 'exact_sub', 'exact_abs', 'exact_xnor', 'exact_neg', 'exact_max']);
  });
  it('the values follow their columns: adder sub = abs = 298,080; bnn xnor = 298,080', () => {
    const col = (k: string) => table.columns.findIndex((c) => c.key === k);
    const row = (v: string) => table.rows.find((r) => rawCell(r[1]!) === v)!;
    const n = (r: (typeof table.rows)[number], k: string) => rawCell(r[col(k)]!);
    expect(n(row('adder'), 'exact_sub')).toBe(298_080);
    expect(n(row('adder'), 'exact_abs')).toBe(298_080);
    expect(n(row('bnn'), 'exact_xnor')).toBe(298_080);
  });
});
