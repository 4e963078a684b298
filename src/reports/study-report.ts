// Builds the AdderNet study report (sections, tables, chart specs, manifest) from a StudyResult.
// Section builders are exported one by one so other commands (reproduce, compare) can reuse them:
// `claimsSection(claims)` renders as
//   Quantity                                   Paper       addersim    Δ       Why
//   serial cycles, paper counts (435K …, f64)  2.6M (…)    2,610,000   0.0%    exact: Σ count × latency …

import type { ClaimRow, StudyResult } from '../sim/results/study-result.ts';
import { cell, fmtPct, type Cell } from './format.ts';
import { REPORT_SCHEMA_ID, type Manifest, type Report, type Section, type Table } from './report.ts';
import { assumptionsSection } from './study/assumptions.ts';
import { chart, DEFAULT_SIZES, sizesOf, type Sizes, type StudyReportOptions } from './study/common.ts';
import { energySection } from './study/energy.ts';
import { latencySection } from './study/latency.ts';
import { layersSection } from './study/layers.ts';
import { ARG, checkArgs, outline } from '../isa/api-args.ts';
import { z } from 'zod';
import { FIGURE_WIDTHS, FONT_THEMES, type FigureWidth, type FontTheme } from './charts/theme.ts';

export type { StudyReportOptions } from './study/common.ts';

function claimCells(r: ClaimRow): Cell[] {
  const num = (v: number) => (Number.isInteger(v) ? cell.int(v) : cell.num(v, 3));
  return [
    cell.text(r.model),
    cell.text(r.variant),
    cell.text(r.quantity),
    cell.text(r.paperText),
    num(r.paper),
    num(r.addersim),
    cell.pct(r.deltaFraction, true),
    cell.text(r.reason),
  ];
}

const CLAIM_COLUMNS = [
  { key: 'model', title: 'Model' },
  { key: 'variant', title: 'Variant' },
  { key: 'quantity', title: 'Quantity' },
  { key: 'paper_text', title: 'Paper says' },
  { key: 'paper', title: 'Paper' },
  { key: 'addersim', title: 'addersim' },
  { key: 'delta', title: 'Δ' },
  { key: 'reason', title: 'Why' },
];

/** The paper's claims beside addersim's numbers (shared with `addersim reproduce`). */
export function claimsSection(claims: readonly ClaimRow[], sz: Sizes = DEFAULT_SIZES): Section {
  const table = (id: string, title: string, group: ClaimRow['group'], notes: string[]): Table => ({
    id,
    title,
    columns: CLAIM_COLUMNS,
    rows: claims.filter((c) => c.group === group).map(claimCells),
    notes,
  });
  const lat = claims.filter((c) => c.group === 'latency' && c.quantity.startsWith('serial cycles'));
  return {
    id: 'paper-claims',
    title: "The paper's claims reproduced",
    paragraphs: [
      'AdderNet (Chen et al., CVPR 2020) states that LeNet-5-BN costs ~435K multiplications + ~435K additions as a CNN and ~870K additions as an AdderNet, and that on a VIA Nano 2000 (FP multiply 4 cycles, FP add 2 cycles) this is ~2.6M vs ~1.7M cycles.',
      "That latency is the serial model: Σ op count × op latency, no pipelining, no ports, no memory. addersim's `serial` scheduler reproduces it exactly with the Nano's x87/SSE2 double-precision rows (mul.f64 4, add.f64 2); single-precision MULSS is 3 cycles on this CPU, so the paper's figures are the f64 ones.",
      'Op-count tables use the paper convention: CNN #Mul = #Add = MACs; AdderNet #Add = 2 × MACs, #Mul = 0; BNN #XNOR = #Add = MACs. The paper counts every conv/FC layer as converted (first conv and last FC included), so the rows below do too. Δ = (addersim − paper) / paper.',
    ],
    tables: [
      table('claims-latency', 'LeNet-5 latency on the VIA Nano 2000 (serial model)', 'latency', [
        "paper figures are the text's ~2.6M / ~1.7M; 435K×4 + 435K×2 = 2,610,000 and 870K×2 = 1,740,000 exactly",
      ]),
      table('claims-ops', 'Operation counts: paper tables (#Mul / #Add / #XNOR) vs addersim (paper convention)', 'ops', [
        "the paper's #Mul = 0 for AdderNet and BNN ignores the multiplicative first conv and last FC (ResNet-20: 443,008 real multiplies)",
      ]),
      table('claims-energy', 'Energy per MAC-equivalent (Horowitz 45 nm, paper view)', 'energy', [
        'paper view: arithmetic only, fp32, |x| free; no memory or instruction overhead',
      ]),
    ],
    charts: [
      chart(sz, {
        id: 'paper-claims',
        title: 'LeNet-5 on VIA Nano 2000, serial cycles: paper vs addersim',
        kind: 'grouped-bar',
        labels: lat.map((c) => `${c.variant}: ${c.quantity.includes('zoo') ? 'zoo LeNet-5-BN' : 'paper counts'}`),
        datasets: [
          { label: 'paper', values: lat.map((c) => c.paper) },
          { label: 'addersim', values: lat.map((c) => c.addersim), annotations: lat.map((c) => fmtPct(c.deltaFraction, 1, true)) },
        ],
        yLabel: 'cycles',
        unit: 'cycles',
        notes: ['labels: addersim − paper, relative to the paper'],
      }),
    ],
  };
}

const EXACT_FIRST = ['mul', 'add', 'sub', 'abs', 'xnor', 'neg'];

function opsSection(s: StudyResult): Section {
  // the ops that tell the variants apart first (an AdderNet's sub and abs, a BNN's xnor), so a page or
  // terminal too narrow for every column still shows them; the rest (max, …) after, alphabetically
  const rank = (k: string) => {
    const i = EXACT_FIRST.indexOf(k);
    return i < 0 ? EXACT_FIRST.length : i;
  };
  const keys = [...new Set(s.ops.flatMap((o) => Object.keys(o.exact).filter((k) => (o.exact[k] ?? 0) > 0)))].sort(
    (x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0),
  );
  return {
    id: 'ops',
    title: 'Operation counts of the zoo',
    paragraphs: [
      'MACs are the topology size (conv + FC multiply-accumulate equivalents). The paper columns convert every conv/FC layer; the exact columns count what each layer computes (conv/FC: K mul, K−1 add; adder: K sub, K abs, K−1 add, 1 neg; binary: K xnor, K−1 add, 1 mul) with the first conv and last FC kept multiplicative, as the reference code does, and include BN, ReLU, pooling and residual adds.',
    ],
    tables: [
      {
        id: 'ops',
        title: 'Operation counts (paper and exact conventions)',
        columns: [
          { key: 'model', title: 'Model' },
          { key: 'variant', title: 'Variant' },
          { key: 'macs', title: 'MACs' },
          { key: 'paper_mul', title: 'paper #Mul' },
          { key: 'paper_add', title: 'paper #Add' },
          { key: 'paper_xnor', title: 'paper #XNOR' },
          ...keys.map((k) => ({ key: `exact_${k}`, title: `exact ${k}` })),
        ],
        rows: s.ops.map((o) => [
          cell.text(o.model),
          cell.text(o.variant),
          cell.int(o.macs),
          cell.int(o.paper.mul ?? 0),
          cell.int(o.paper.add ?? 0),
          cell.int(o.paper.xnor ?? 0),
          ...keys.map((k) => cell.int(o.exact[k] ?? 0)),
        ]),
        notes: [],
      },
    ],
    charts: [],
  };
}

function geomean(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

/** AdderNet and BNN relative to the CNN: geometric means over the models, per CPU and scheduler. */
function summarySection(s: StudyResult): Section {
  const rows: Cell[][] = [];
  for (const cpu of s.cpus) {
    for (const sched of s.schedulers) {
      const ratios = (variant: string) =>
        s.models.flatMap((m) => {
          const c = s.latency.find((l) => l.model === m && l.cpu === cpu && l.scheduler === sched && l.variant === 'cnn')?.cycles;
          const v = s.latency.find((l) => l.model === m && l.cpu === cpu && l.scheduler === sched && l.variant === variant)?.cycles;
          return c && v ? [v / c] : [];
        });
      const a = ratios('adder');
      const b = ratios('bnn');
      const ga = geomean(a);
      const gb = geomean(b);
      rows.push([
        cell.text(cpu),
        cell.text(sched),
        ga === null ? cell.none('no data') : cell.ratio(ga),
        gb === null ? cell.none('no data') : cell.ratio(gb),
        cell.int(Math.min(a.length, b.length) || Math.max(a.length, b.length)),
      ]);
    }
  }
  const energyRatio = (view: 'paper' | 'full', variant: string) =>
    geomean(
      s.models.flatMap((m) => {
        const c = s.energy.find((e) => e.model === m && e.variant === 'cnn' && e.view === view)?.energyPJ;
        const v = s.energy.find((e) => e.model === m && e.variant === variant && e.view === view)?.energyPJ;
        return c && v ? [v / c] : [];
      }),
    );
  const erows: Cell[][] = (['paper', 'full'] as const).map((view) => {
    const a = energyRatio(view, 'adder');
    const b = energyRatio(view, 'bnn');
    return [cell.text(view), a === null ? cell.none('no data') : cell.ratio(a), b === null ? cell.none('no data') : cell.ratio(b)];
  });
  return {
    id: 'summary',
    title: 'Summary: AdderNet and BNN relative to the CNN',
    paragraphs: [
      "The paper's serial model gives AdderNet 1.74M / 2.61M = 0.67× the CNN's cycles on the VIA Nano 2000. Below, the same ratio under each scheduler and CPU (geometric mean over the models; the first conv and last FC stay multiplicative), and the energy ratios of both views. Below 1.00× means cheaper than the CNN.",
    ],
    tables: [
      {
        id: 'summary-latency',
        title: `Cycles relative to the CNN (${s.lowering})`,
        columns: [
          { key: 'cpu', title: 'CPU' },
          { key: 'scheduler', title: 'Scheduler' },
          { key: 'adder_vs_cnn', title: 'AdderNet / CNN' },
          { key: 'bnn_vs_cnn', title: 'BNN / CNN' },
          { key: 'models', title: 'Models' },
        ],
        rows,
        notes: ['geometric mean of per-model ratios over the models with both numbers'],
      },
      {
        id: 'summary-energy',
        title: `Energy relative to the CNN (${s.energyTable})`,
        columns: [
          { key: 'view', title: 'View' },
          { key: 'adder_vs_cnn', title: 'AdderNet / CNN' },
          { key: 'bnn_vs_cnn', title: 'BNN / CNN' },
        ],
        rows: erows,
        notes: ['paper view: arithmetic only, every conv/FC converted; full view: lowered program with memory and per-instruction overhead'],
      },
    ],
    charts: [],
  };
}

export function studyManifest(s: StudyResult): Manifest {
  const extrapolated = s.latency
    .filter((l) => l.extrapolatedLayers > 0)
    .map((l) => `${l.model} ${l.variant} on ${l.cpu} (${l.scheduler}): ${l.extrapolatedLayers} layers extrapolated from a simulated steady state`);
  const skipped = s.latency.filter((l) => l.cycles === null).map((l) => `${l.model} ${l.variant} on ${l.cpu} (${l.scheduler}): ${l.skipped}`);
  return {
    addersimVersion: s.inputs.addersimVersion,
    models: s.inputs.models.map((m) => ({ ...m })),
    profiles: s.inputs.profiles.map(({ name, file, sha256 }) => ({ name, file, sha256 })),
    energyTables: s.inputs.energyTables.map(({ name, file, sha256 }) => ({ name, file, sha256 })),
    conventions: [
      'MACs: conv = Cout·Cin/groups·kh·kw·Hout·Wout, FC = in·out; BN, ReLU, pooling, bias not counted',
      'paper: CNN #Mul = #Add = MACs; AdderNet #Add = 2·MACs, #Mul = 0; BNN #XNOR = #Add = MACs (every conv/FC converted)',
      'exact: per layer what it computes; first conv and last FC multiplicative (as the reference code)',
    ],
    schedulers: s.schedulers.map((x) => x),
    lowering: [`study: ${s.lowering}`, "paper claims: op counts in f64 (the Nano's x87/SSE2 double rows, mul 4 / add 2)"],
    energy: [
      `table ${s.energyTable}`,
      'paper view: arithmetic only, fp32, |x| free',
      "full view: arithmetic + memory (accesses at L1, each layer's data once from the level it fits in) + per-instruction overhead (assumption)",
    ],
    extrapolated,
    notes: [...s.notes, ...skipped],
  };
}

export function buildStudyReport(s: StudyResult, options: StudyReportOptions | string = {}): Report {
  checkArgs('buildStudyReport', [
    ['study', outline('a StudyResult (runStudy(opts))', { models: z.array(z.string()), cpus: z.array(z.string()), inputs: ARG.object }), s],
    [
      'options',
      z.union([
        z.string(),
        z.strictObject({
          title: z.string().optional(),
          figureWidth: z.enum(Object.keys(FIGURE_WIDTHS) as [FigureWidth]).optional(),
          font: z.enum(Object.keys(FONT_THEMES) as [FontTheme]).optional(),
        }),
      ]),
      options,
    ],
  ]);
  const o = typeof options === 'string' ? { title: options } : options;
  const title = o.title ?? 'AdderNet vs CNN vs BNN: cost on CPUs (addersim study)';
  const sz = sizesOf(o);
  const layers = layersSection(s, sz);
  const sections: Section[] = [
    claimsSection(s.claims, sz),
    summarySection(s),
    assumptionsSection(s),
    opsSection(s),
    latencySection(s, sz),
    energySection(s, sz),
    ...(layers ? [layers] : []),
  ];
  return { schema: REPORT_SCHEMA_ID, title, manifest: studyManifest(s), sections };
}
