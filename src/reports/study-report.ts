// Builds the AdderNet study report (sections, tables, chart specs, manifest) from a StudyResult.
// Section builders are exported one by one so other commands (reproduce, compare) can reuse them:
// `claimsSection(claims)` renders as
//   Quantity                                   Paper       addersim    Δ       Why
//   serial cycles, paper counts (435K …, f64)  2.6M (…)    2,610,000   0.0%    exact: Σ count × latency …

import type { ActionKind } from '../sim/energy/schema.ts';
import { ACTION_KINDS } from '../sim/energy/schema.ts';
import type { ClaimRow, StudyEnergy, StudyLatency, StudyResult } from '../sim/results/study-result.ts';
import { cell, type Cell } from './format.ts';
import { REPORT_SCHEMA_ID, type ChartSpec, type Manifest, type Report, type Section, type Table } from './report.ts';
import { THEME } from './charts/theme.ts';

const W = THEME.widthPt;
const H = THEME.heightPt;

function chart(partial: Omit<ChartSpec, 'widthPt' | 'heightPt' | 'notes' | 'logY'> & Partial<Pick<ChartSpec, 'widthPt' | 'heightPt' | 'notes' | 'logY'>>): ChartSpec {
  return { widthPt: W, heightPt: H, notes: [], logY: false, ...partial };
}

function claimCells(r: ClaimRow): Cell[] {
  const num = (v: number) => (Number.isInteger(v) ? cell.int(v) : cell.num(v, 3));
  return [cell.text(r.model), cell.text(r.variant), cell.text(r.quantity), cell.text(r.paperText), num(r.paper), num(r.addersim), cell.pct(r.deltaFraction, true), cell.text(r.reason)];
}

const CLAIM_COLUMNS = [
  { key: 'model', title: 'Model' }, { key: 'variant', title: 'Variant' }, { key: 'quantity', title: 'Quantity' },
  { key: 'paper_text', title: 'Paper says' }, { key: 'paper', title: 'Paper' }, { key: 'addersim', title: 'addersim' },
  { key: 'delta', title: 'Δ' }, { key: 'reason', title: 'Why' },
];

/** The paper's claims beside addersim's numbers (shared with `addersim reproduce`). */
export function claimsSection(claims: readonly ClaimRow[]): Section {
  const table = (id: string, title: string, group: ClaimRow['group'], notes: string[]): Table => ({
    id, title, columns: CLAIM_COLUMNS, rows: claims.filter((c) => c.group === group).map(claimCells), notes,
  });
  const lat = claims.filter((c) => c.group === 'latency' && c.quantity.startsWith('serial cycles'));
  return {
    id: 'paper-claims',
    title: 'The paper\'s claims reproduced',
    paragraphs: [
      'AdderNet (Chen et al., CVPR 2020) states that LeNet-5-BN costs ~435K multiplications + ~435K additions as a CNN and ~870K additions as an AdderNet, and that on a VIA Nano 2000 (FP multiply 4 cycles, FP add 2 cycles) this is ~2.6M vs ~1.7M cycles.',
      'That latency is the serial model: Σ op count × op latency, no pipelining, no ports, no memory. addersim\'s `serial` scheduler reproduces it exactly with the Nano\'s x87/SSE2 double-precision rows (mul.f64 4, add.f64 2); single-precision MULSS is 3 cycles on this CPU, so the paper\'s figures are the f64 ones.',
      'Op-count tables use the paper convention: CNN #Mul = #Add = MACs; AdderNet #Add = 2 × MACs, #Mul = 0; BNN #XNOR = #Add = MACs. The paper counts every conv/FC layer as converted (first conv and last FC included), so the rows below do too. Δ = (addersim − paper) / paper.',
    ],
    tables: [
      table('claims-latency', 'LeNet-5 latency on the VIA Nano 2000 (serial model)', 'latency', ['paper figures are the text\'s ~2.6M / ~1.7M; 435K×4 + 435K×2 = 2,610,000 and 870K×2 = 1,740,000 exactly']),
      table('claims-ops', 'Operation counts: paper tables (#Mul / #Add / #XNOR) vs addersim (paper convention)', 'ops', ['the paper\'s #Mul = 0 for AdderNet and BNN ignores the multiplicative first conv and last FC (ResNet-20: 443,008 real multiplies)']),
      table('claims-energy', 'Energy per MAC-equivalent (Horowitz 45 nm, paper view)', 'energy', ['paper view: arithmetic only, fp32, |x| free; no memory or instruction overhead']),
    ],
    charts: [
      chart({
        id: 'paper-claims',
        title: 'LeNet-5 on VIA Nano 2000, serial cycles: paper vs addersim',
        kind: 'grouped-bar',
        labels: lat.map((c) => `${c.variant}: ${c.quantity.includes('zoo') ? 'zoo LeNet-5-BN' : 'paper counts'}`),
        datasets: [{ label: 'paper', values: lat.map((c) => c.paper) }, { label: 'addersim', values: lat.map((c) => c.addersim) }],
        yLabel: 'cycles',
      }),
    ],
  };
}

function opsSection(s: StudyResult): Section {
  const keys = [...new Set(s.ops.flatMap((o) => Object.keys(o.exact).filter((k) => (o.exact[k] ?? 0) > 0)))].sort();
  return {
    id: 'ops',
    title: 'Operation counts of the zoo',
    paragraphs: [
      'MACs are the topology size (conv + FC multiply-accumulate equivalents). The paper columns convert every conv/FC layer; the exact columns count what each layer computes (conv/FC: K mul, K−1 add; adder: K sub, K abs, K−1 add, 1 neg; binary: K xnor, K−1 add, 1 mul) with the first conv and last FC kept multiplicative, as the reference code does, and include BN, ReLU, pooling and residual adds.',
    ],
    tables: [{
      id: 'ops',
      title: 'Operation counts (paper and exact conventions)',
      columns: [
        { key: 'model', title: 'Model' }, { key: 'variant', title: 'Variant' }, { key: 'macs', title: 'MACs' },
        { key: 'paper_mul', title: 'paper #Mul' }, { key: 'paper_add', title: 'paper #Add' }, { key: 'paper_xnor', title: 'paper #XNOR' },
        ...keys.map((k) => ({ key: `exact_${k}`, title: `exact ${k}` })),
      ],
      rows: s.ops.map((o) => [
        cell.text(o.model), cell.text(o.variant), cell.int(o.macs),
        cell.int(o.paper.mul ?? 0), cell.int(o.paper.add ?? 0), cell.int(o.paper.xnor ?? 0),
        ...keys.map((k) => cell.int(o.exact[k] ?? 0)),
      ]),
      notes: [],
    }],
    charts: [],
  };
}

function timeUs(l: StudyLatency): number | null {
  return l.cycles === null ? null : l.cycles / (l.clockGHz * 1e3);
}

function latencySection(s: StudyResult): Section {
  const cnnOf = (l: StudyLatency) => s.latency.find((x) => x.model === l.model && x.cpu === l.cpu && x.scheduler === l.scheduler && x.variant === 'cnn');
  const rows = s.latency.map((l) => {
    const base = cnnOf(l);
    const vsCnn = l.cycles !== null && base?.cycles ? cell.ratio(l.cycles / base.cycles) : cell.none('no CNN baseline');
    const t = timeUs(l);
    return [
      cell.text(l.model), cell.text(l.variant), cell.text(l.cpu), cell.text(l.scheduler),
      l.cycles === null ? cell.none(l.skipped ?? 'not run') : cell.int(l.cycles),
      t === null ? cell.none('not run') : cell.num(t, 1),
      vsCnn,
      cell.int(l.extrapolatedLayers),
      cell.text(l.skipped ?? ''),
    ];
  });
  const charts: ChartSpec[] = [];
  const pick = (sched: string) => s.latency.filter((l) => l.scheduler === sched);
  for (const sched of s.schedulers) {
    const ls = pick(sched);
    const labels = s.models.flatMap((m) => s.cpus.map((c) => `${m} / ${c}`));
    charts.push(chart({
      id: `latency-${sched}`,
      title: `Latency by variant and CPU (${sched} scheduler, ${s.lowering})`,
      kind: 'grouped-bar',
      labels,
      datasets: s.variants.map((v) => ({
        label: v,
        values: labels.map((lab) => {
          const [m, c] = lab.split(' / ');
          const l = ls.find((x) => x.model === m && x.cpu === c && x.variant === v);
          const t = l ? timeUs(l) : null;
          return t;
        }),
      })),
      yLabel: 'time per image (µs, log scale)',
      logY: true,
      widthPt: Math.max(W, 24 * labels.length),
      heightPt: 320,
      notes: ['time = cycles / clock; log scale: the zoo spans four orders of magnitude'],
    }));
  }
  // scheduler comparison on the last model (in list order) that has every scheduler's numbers, else the first
  const complete = (m: string) => s.latency.filter((l) => l.model === m).every((l) => l.cycles !== null);
  const model = [...s.models].reverse().find(complete) ?? s.models[0]!;
  const labels = s.cpus.flatMap((c) => s.variants.map((v) => `${c} / ${v}`));
  charts.push(chart({
    id: 'schedulers',
    title: `Scheduler comparison on ${model}: serial vs bound vs cycle`,
    kind: 'grouped-bar',
    labels,
    datasets: s.schedulers.map((sched) => ({
      label: sched,
      values: labels.map((lab) => {
        const [c, v] = lab.split(' / ');
        return s.latency.find((x) => x.model === model && x.cpu === c && x.variant === v && x.scheduler === sched)?.cycles ?? null;
      }),
    })),
    yLabel: 'cycles (log scale)',
    logY: true,
    widthPt: Math.max(W, 30 * labels.length),
    notes: ['serial = Σ count × latency (the paper\'s model); bound = max(dispatch, ports, recurrences); cycle = cycle-level pipeline simulation'],
  }));
  const skipped = s.latency.filter((l) => l.cycles === null);
  return {
    id: 'latency',
    title: 'Latency: the zoo on each CPU',
    paragraphs: [
      `Every model is lowered with the ${s.lowering} lowering (first conv and last FC multiplicative) and scheduled with ${s.schedulers.join(', ')}. "vs CNN" divides by the CNN's cycles on the same CPU and scheduler.`,
      ...(skipped.length ? [`${skipped.length} cases were not run; the table says why.`] : []),
    ],
    tables: [{
      id: 'latency',
      title: 'Cycles and time per image',
      columns: [
        { key: 'model', title: 'Model' }, { key: 'variant', title: 'Variant' }, { key: 'cpu', title: 'CPU' }, { key: 'scheduler', title: 'Scheduler' },
        { key: 'cycles', title: 'Cycles' }, { key: 'time', title: 'Time', unit: 'µs' }, { key: 'vs_cnn', title: 'vs CNN' },
        { key: 'extrapolated_layers', title: 'Extrapolated layers' }, { key: 'note', title: 'Note' },
      ],
      rows,
      notes: [],
    }],
    charts,
  };
}

function energySection(s: StudyResult): Section {
  const usedKinds = ACTION_KINDS.filter((k) => s.energy.some((e) => (e.byKind[k] ?? 0) > 0));
  const macsOf = (e: StudyEnergy) => s.ops.find((o) => o.model === e.model && o.variant === e.variant)?.macs ?? 0;
  const rows = s.energy.map((e) => [
    cell.text(e.model), cell.text(e.variant), cell.text(e.view), cell.text(e.table), cell.text(e.lowering),
    cell.energy(e.energyPJ), cell.energy(e.rangePJ[0]), cell.energy(e.rangePJ[1]), macsOf(e) ? cell.num(e.energyPJ / macsOf(e), 3) : cell.none('no MACs'),
    ...usedKinds.map((k) => cell.energy(e.byKind[k] ?? 0)),
  ]);
  const full = s.energy.filter((e) => e.view === 'full');
  const paper = s.energy.filter((e) => e.view === 'paper');
  const stackLabels = full.map((e) => `${e.model} ${e.variant}`);
  const charts: ChartSpec[] = [];
  if (full.length) {
    charts.push(chart({
      id: 'energy-by-kind',
      title: `Energy per MAC-equivalent by action kind (full view, ${s.energyTable})`,
      kind: 'stacked-bar',
      labels: stackLabels,
      datasets: usedKinds.map((k: ActionKind) => ({ label: k, values: full.map((e) => (macsOf(e) ? (e.byKind[k] ?? 0) / macsOf(e) : null)) })),
      yLabel: 'pJ per MAC',
      widthPt: Math.max(W, 22 * stackLabels.length),
      heightPt: 320,
      notes: ['normalised by the model\'s MACs so that models of every size share one axis'],
    }));
  }
  if (paper.length) {
    const paperKinds = ACTION_KINDS.filter((k) => paper.some((e) => (e.byKind[k] ?? 0) > 0));
    charts.push(chart({
      id: 'energy-paper-by-kind',
      title: `Arithmetic energy per MAC-equivalent by action kind (paper view, ${paper[0]!.table})`,
      kind: 'stacked-bar',
      labels: paper.map((e) => `${e.model} ${e.variant}`),
      datasets: paperKinds.map((k) => ({ label: k, values: paper.map((e) => (macsOf(e) ? (e.byKind[k] ?? 0) / macsOf(e) : null)) })),
      yLabel: 'pJ per MAC',
      widthPt: Math.max(W, 22 * paper.length),
      heightPt: 300,
      notes: ['CNN: mul + add = 4.6 pJ per MAC (fp32); AdderNet: 2 adds = 1.8 pJ; BNN: 32-bit xnor + int32 add'],
    }));
    const labels = [...new Set(paper.map((e) => e.model))];
    charts.push(chart({
      id: 'energy-paper-view',
      title: `Arithmetic energy, paper view (${paper[0]!.table}, fp32)`,
      kind: 'grouped-bar',
      labels,
      datasets: [...new Set(paper.map((e) => e.variant))].map((v) => ({ label: v, values: labels.map((m) => paper.find((e) => e.model === m && e.variant === v)?.energyPJ ?? null).map((x) => (x === null ? null : x / 1e6)) })),
      yLabel: 'µJ per image (log scale)',
      logY: true,
    }));
  }
  return {
    id: 'energy',
    title: 'Energy',
    paragraphs: [
      `paper view: the paper lowering in fp32 with every conv/FC converted, arithmetic only (CNN = MACs × (mul + add), AdderNet = 2 × MACs × add with |x| free; BNN = MACs × (32-bit xnor + int32 add), a convention the paper does not give), ${paper[0]?.table ?? s.energyTable}.`,
      'full view: every instruction of the lowered program priced by its actions (lanes × per-element energy); loads/stores as 64-bit accesses at the L1 level (the CPU\'s L1 size picks the table level), plus the layer\'s weights + activations brought once from the level they fit in when that is beyond L1 (the footprint model; `addersim energy --memory working-set` prices every access at that level instead, an upper bound); plus the per-instruction overhead (an assumption, see the energy table).',
    ],
    tables: [{
      id: 'energy',
      title: 'Energy per image',
      columns: [
        { key: 'model', title: 'Model' }, { key: 'variant', title: 'Variant' }, { key: 'view', title: 'View' }, { key: 'table', title: 'Table' },
        { key: 'lowering', title: 'Counts from' }, { key: 'energy_pj', title: 'Energy' },
        { key: 'energy_min_pj', title: 'low' }, { key: 'energy_max_pj', title: 'high' }, { key: 'pj_per_mac', title: 'pJ/MAC' },
        ...usedKinds.map((k) => ({ key: `energy_${k}_pj`, title: k })),
      ],
      rows,
      notes: ['low / high: every table entry at the low / high end of its source range (e.g. DRAM 1.3–2.6 nJ per 64-bit access, the derived 16-bit and fp64 rows); entries without a range keep their value'],
    }],
    charts,
  };
}

function layersSection(s: StudyResult): Section | undefined {
  const model = s.models.includes('resnet20') ? 'resnet20' : s.models[0];
  const cpu = s.cpus[0];
  const sched = s.schedulers.includes('bound') ? 'bound' : s.schedulers[0];
  if (!model || !cpu || !sched) return undefined;
  const runs = s.variants.map((v) => s.latency.find((l) => l.model === model && l.cpu === cpu && l.scheduler === sched && l.variant === v));
  const base = runs.find((r) => r && r.layers.length);
  if (!base) return undefined;
  const layerNames = base.layers.map((l) => l.layer);
  const ARITH_KINDS = new Set(['conv2d', 'adder2d', 'binconv2d', 'linear', 'adderlinear', 'binlinear', 'convtranspose2d']);
  const arithLayers = base.layers.filter((l) => ARITH_KINDS.has(l.kind)).map((l) => l.layer);
  const energies = s.variants.map((v) => s.energy.find((e) => e.model === model && e.variant === v && e.view === 'full'));
  const rows = layerNames.map((name, i) => [
    cell.text(name), cell.text(base.layers[i]!.kind),
    ...runs.map((r) => {
      const c = r?.layers.find((l) => l.layer === name)?.cycles;
      return c === undefined ? cell.none('not run') : cell.int(c);
    }),
    ...energies.map((e) => {
      const x = e?.layers.find((l) => l.layer === name)?.energyPJ;
      return x === undefined ? cell.none('not computed') : cell.energy(x);
    }),
  ]);
  return {
    id: 'layers',
    title: `Per-layer breakdown: ${model} on ${cpu} (${sched})`,
    paragraphs: ['Cycles and full-view energy per layer for each variant; the first conv and the last FC stay multiplicative in every variant.'],
    tables: [{
      id: 'layers',
      title: `${model} per layer on ${cpu}`,
      columns: [
        { key: 'layer', title: 'Layer' }, { key: 'kind', title: 'Kind' },
        ...s.variants.map((v) => ({ key: `cycles_${v}`, title: `${v} cycles` })),
        ...s.variants.map((v) => ({ key: `energy_${v}_pj`, title: `${v} energy` })),
      ],
      rows,
      notes: [],
    }],
    charts: [chart({
      id: 'layers-cycles',
      title: `${model} per-layer cycles on ${cpu} (${sched} scheduler), conv and FC layers`,
      kind: 'grouped-bar',
      labels: arithLayers,
      datasets: s.variants.map((v, i) => ({ label: v, values: arithLayers.map((n) => runs[i]?.layers.find((l) => l.layer === n)?.cycles ?? null) })),
      yLabel: 'cycles',
      widthPt: Math.max(W, 8 * arithLayers.length * Math.max(1, s.variants.length)),
      heightPt: 300,
      notes: ['BN, ReLU, pooling and residual adds are in the table, left out of the chart'],
    }), chart({
      id: 'layers-energy',
      title: `${model} per-layer energy, full view (${s.energyTable}), conv and FC layers`,
      kind: 'grouped-bar',
      labels: arithLayers,
      datasets: s.variants.map((v, i) => ({ label: v, values: arithLayers.map((n) => energies[i]?.layers.find((l) => l.layer === n)?.energyPJ ?? null).map((x) => (x === null ? null : x / 1e6)) })),
      yLabel: 'µJ per image',
      widthPt: Math.max(W, 8 * arithLayers.length * Math.max(1, s.variants.length)),
      heightPt: 300,
      notes: ['energy of the lowered program on the first CPU of the study (its vector width sets the instruction count)'],
    })],
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
      const ratios = (variant: string) => s.models.flatMap((m) => {
        const c = s.latency.find((l) => l.model === m && l.cpu === cpu && l.scheduler === sched && l.variant === 'cnn')?.cycles;
        const v = s.latency.find((l) => l.model === m && l.cpu === cpu && l.scheduler === sched && l.variant === variant)?.cycles;
        return c && v ? [v / c] : [];
      });
      const a = ratios('adder');
      const b = ratios('bnn');
      const ga = geomean(a);
      const gb = geomean(b);
      rows.push([
        cell.text(cpu), cell.text(sched),
        ga === null ? cell.none('no data') : cell.ratio(ga),
        gb === null ? cell.none('no data') : cell.ratio(gb),
        cell.int(Math.min(a.length, b.length) || Math.max(a.length, b.length)),
      ]);
    }
  }
  const energyRatio = (view: 'paper' | 'full', variant: string) => geomean(s.models.flatMap((m) => {
    const c = s.energy.find((e) => e.model === m && e.variant === 'cnn' && e.view === view)?.energyPJ;
    const v = s.energy.find((e) => e.model === m && e.variant === variant && e.view === view)?.energyPJ;
    return c && v ? [v / c] : [];
  }));
  const erows: Cell[][] = (['paper', 'full'] as const).map((view) => {
    const a = energyRatio(view, 'adder');
    const b = energyRatio(view, 'bnn');
    return [cell.text(view), a === null ? cell.none('no data') : cell.ratio(a), b === null ? cell.none('no data') : cell.ratio(b)];
  });
  return {
    id: 'summary',
    title: 'Summary: AdderNet and BNN relative to the CNN',
    paragraphs: [
      'The paper\'s serial model gives AdderNet 1.74M / 2.61M = 0.67× the CNN\'s cycles on the VIA Nano 2000. Below, the same ratio under each scheduler and CPU (geometric mean over the models; the first conv and last FC stay multiplicative), and the energy ratios of both views. Below 1.00× means cheaper than the CNN.',
    ],
    tables: [
      {
        id: 'summary-latency',
        title: `Cycles relative to the CNN (${s.lowering})`,
        columns: [{ key: 'cpu', title: 'CPU' }, { key: 'scheduler', title: 'Scheduler' }, { key: 'adder_vs_cnn', title: 'AdderNet / CNN' }, { key: 'bnn_vs_cnn', title: 'BNN / CNN' }, { key: 'models', title: 'Models' }],
        rows,
        notes: ['geometric mean of per-model ratios over the models with both numbers'],
      },
      {
        id: 'summary-energy',
        title: `Energy relative to the CNN (${s.energyTable})`,
        columns: [{ key: 'view', title: 'View' }, { key: 'adder_vs_cnn', title: 'AdderNet / CNN' }, { key: 'bnn_vs_cnn', title: 'BNN / CNN' }],
        rows: erows,
        notes: ['paper view: arithmetic only, every conv/FC converted; full view: lowered program with memory and per-instruction overhead'],
      },
    ],
    charts: [],
  };
}

export function studyManifest(s: StudyResult): Manifest {
  const extrapolated = s.latency.filter((l) => l.extrapolatedLayers > 0).map((l) => `${l.model} ${l.variant} on ${l.cpu} (${l.scheduler}): ${l.extrapolatedLayers} layers extrapolated from a simulated steady state`);
  const skipped = s.latency.filter((l) => l.cycles === null).map((l) => `${l.model} ${l.variant} on ${l.cpu} (${l.scheduler}): ${l.skipped}`);
  return {
    addersimVersion: s.inputs.addersimVersion,
    models: s.inputs.models.map((m) => ({ ...m })),
    profiles: s.inputs.profiles.map(({ name, file, sha256 }) => ({ name, file, sha256 })),
    energyTables: s.inputs.energyTables.map((t) => ({ ...t })),
    conventions: [
      'MACs: conv = Cout·Cin/groups·kh·kw·Hout·Wout, FC = in·out; BN, ReLU, pooling, bias not counted',
      'paper: CNN #Mul = #Add = MACs; AdderNet #Add = 2·MACs, #Mul = 0; BNN #XNOR = #Add = MACs (every conv/FC converted)',
      'exact: per layer what it computes; first conv and last FC multiplicative (as the reference code)',
    ],
    schedulers: s.schedulers.map((x) => x),
    lowering: [`study: ${s.lowering}`, 'paper claims: op counts in f64 (the Nano\'s x87/SSE2 double rows, mul 4 / add 2)'],
    energy: [`table ${s.energyTable}`, 'paper view: arithmetic only, fp32, |x| free', 'full view: arithmetic + memory (accesses at L1, each layer\'s data once from the level it fits in) + per-instruction overhead (assumption)'],
    extrapolated,
    notes: [...s.notes, ...skipped],
  };
}

export function buildStudyReport(s: StudyResult, title = 'AdderNet vs CNN vs BNN: cost on CPUs (addersim study)'): Report {
  const layers = layersSection(s);
  const sections: Section[] = [claimsSection(s.claims), summarySection(s), opsSection(s), latencySection(s), energySection(s), ...(layers ? [layers] : [])];
  return { schema: REPORT_SCHEMA_ID, title, manifest: studyManifest(s), sections };
}
