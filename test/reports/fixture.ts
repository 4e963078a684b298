// A small hand-made report used by the renderer tests.
import { cell } from '../../src/reports/format.ts';
import { REPORT_SCHEMA_ID, type Report } from '../../src/reports/report.ts';

export const SAMPLE: Report = {
  schema: REPORT_SCHEMA_ID,
  title: 'Sample: CNN vs AdderNet',
  manifest: {
    addersimVersion: '0.1.0',
    models: [{ name: 'lenet5-bn', source: 'zoo' }],
    profiles: [{ name: 'via-nano-2000', file: 'cpu-profiles/via-nano-2000.json', sha256: 'a'.repeat(64) }],
    energyTables: [],
    conventions: ['paper: #Mul = #Add = MACs'],
    schedulers: ['serial'],
    lowering: ['paper (f64)'],
    energy: [],
    extrapolated: [],
    notes: ['100% & $5 of _special_ {chars} #1 ~ ^ \\ − × µ Δ'],
  },
  sections: [
    {
      id: 'claims',
      title: 'Paper claims & reproduction',
      paragraphs: ['Latency = Σ count × latency (serial).'],
      tables: [
        {
          id: 'claims',
          title: 'LeNet-5 | serial cycles',
          columns: [
            { key: 'variant', title: 'Variant' },
            { key: 'cycles', title: 'Cycles' },
            { key: 'delta', title: 'Δ' },
            { key: 'energy', title: 'Energy' },
          ],
          rows: [
            [cell.text('cnn'), cell.int(2_610_000), cell.pct(0), cell.energy(187_740_646.4)],
            [cell.text('adder, "x"'), cell.int(1_740_000), cell.pct(-0.3333, true), cell.none('n/a')],
            [cell.text('bnn'), cell.int(900_000), cell.pct(0.05, true), cell.energy(4.6)],
          ],
          notes: ['a note with 50% & _'],
        },
      ],
      charts: [
        {
          id: 'claims-chart',
          title: 'Serial cycles',
          kind: 'grouped-bar',
          labels: ['cnn', 'adder'],
          datasets: [
            { label: 'paper', values: [2_610_000, 1_740_000] },
            { label: 'addersim', values: [2_610_000, null] },
          ],
          yLabel: 'cycles',
          logY: false,
          widthPt: 300,
          heightPt: 200,
          notes: [],
        },
      ],
    },
  ],
};
