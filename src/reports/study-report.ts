// Builds the AdderNet study report (sections, tables, chart specs, manifest) from a StudyResult.
// Section builders are exported one by one so other commands (reproduce, compare) can reuse them:
// `claimsSection(claims)` renders as
//   Quantity                                   Paper       addersim    Δ       Why
//   serial cycles, paper counts (435K …, f64)  2.6M (…)    2,610,000   0.0%    exact: Σ count × latency …

import type { ActionKind } from '../sim/energy/schema.ts';
import { ACTION_KINDS } from '../sim/energy/schema.ts';
import type { ClaimRow, StudyEnergy, StudyLatency, StudyResult } from '../sim/results/study-result.ts';
import { cell, fmtFixed, fmtPct, fmtRatio, type Cell } from './format.ts';
import { REPORT_SCHEMA_ID, type ChartSpec, type Manifest, type Report, type Section, type Table } from './report.ts';
import { FIGURE_WIDTHS, type FigureWidth, type FontTheme } from './charts/theme.ts';

export interface StudyReportOptions {
  readonly title?: string;
  /** Printed width of the small multiples (one per CPU) and of single charts: 3.5 in column or 7 in page. */
  readonly figureWidth?: FigureWidth;
  readonly font?: FontTheme;
}

/** Chart sizes of one report: `small` for per-CPU multiples and short charts, `wide` for many groups. */
interface Sizes { readonly small: { widthPt: number; heightPt: number }; readonly wide: { widthPt: number; heightPt: number }; readonly font: FontTheme }

function sizesOf(o: StudyReportOptions): Sizes {
  return { small: FIGURE_WIDTHS[o.figureWidth ?? 'column'], wide: FIGURE_WIDTHS.page, font: o.font ?? 'serif' };
}

const DEFAULT_SIZES = sizesOf({});

type ChartInput = Omit<ChartSpec, 'widthPt' | 'heightPt' | 'notes' | 'logY'> & Partial<Pick<ChartSpec, 'notes' | 'logY'>> & { size?: 'small' | 'wide' };

function chart(sz: Sizes, { size = 'small', ...partial }: ChartInput): ChartSpec {
  return { ...sz[size], notes: [], logY: false, font: sz.font, ...partial };
}

/** The scheduler of the headline figures: the cycle-level simulation where it ran, else bound, else the first. */
export function headlineScheduler(s: StudyResult): string {
  const ran = (sched: string) => s.schedulers.includes(sched as never) && s.latency.some((l) => l.scheduler === sched && l.cycles !== null);
  return ['cycle', 'bound'].find(ran) ?? s.schedulers[0] ?? 'serial';
}

function latencyOf(s: StudyResult, model: string, variant: string, cpu: string, sched: string): StudyLatency | undefined {
  return s.latency.find((l) => l.model === model && l.variant === variant && l.cpu === cpu && l.scheduler === sched);
}

function ratioToCnn(s: StudyResult, model: string, variant: string, cpu: string, sched: string): number | null {
  const c = latencyOf(s, model, 'cnn', cpu, sched)?.cycles;
  const v = latencyOf(s, model, variant, cpu, sched)?.cycles;
  return c && v !== null && v !== undefined ? v / c : null;
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
export function claimsSection(claims: readonly ClaimRow[], sz: Sizes = DEFAULT_SIZES): Section {
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
      chart(sz, {
        id: 'paper-claims',
        title: 'LeNet-5 on VIA Nano 2000, serial cycles: paper vs addersim',
        kind: 'grouped-bar',
        labels: lat.map((c) => `${c.variant}: ${c.quantity.includes('zoo') ? 'zoo LeNet-5-BN' : 'paper counts'}`),
        datasets: [{ label: 'paper', values: lat.map((c) => c.paper) }, { label: 'addersim', values: lat.map((c) => c.addersim), annotations: lat.map((c) => fmtPct(c.deltaFraction, 1, true)) }],
        yLabel: 'cycles',
        unit: 'cycles',
        notes: ['labels: addersim − paper, relative to the paper'],
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

function latencySection(s: StudyResult, sz: Sizes): Section {
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
  const head = headlineScheduler(s);
  const others = s.variants.filter((v) => v !== 'cnn');
  // small multiples: one chart per CPU (models as groups), the ratio chart on a linear axis
  for (const cpu of s.cpus) {
    if (s.variants.includes('cnn') && others.length) {
      const ratios = others.map((v) => s.models.map((m) => ratioToCnn(s, m, v, cpu, head)));
      charts.push(chart(sz, {
        id: `ratio-${cpu}`,
        title: `${cpu}: cycles relative to the CNN (${head})`,
        kind: 'grouped-bar',
        labels: [...s.models],
        datasets: others.map((v, i) => ({ label: `${v} / cnn`, values: ratios[i]!, annotations: ratios[i]!.map((r) => (r === null ? null : fmtRatio(r))) })),
        yLabel: 'cycles ÷ CNN cycles (dashed: CNN = 1)',
        unit: '×',
        refLine: { value: 1, label: '' },
        notes: [`${head} scheduler, ${s.lowering} lowering; below the dashed line = cheaper than the CNN on this CPU`],
      }));
    }
    charts.push(chart(sz, {
      id: `latency-${cpu}`,
      title: `${cpu}: time per image (${head})`,
      kind: 'grouped-bar',
      labels: [...s.models],
      datasets: s.variants.map((v) => {
        const values = s.models.map((m) => {
          const l = latencyOf(s, m, v, cpu, head);
          return l ? timeUs(l) : null;
        });
        return { label: v, values };
      }),
      yLabel: 'µs per image (log scale)',
      unit: 'µs',
      logY: true,
      notes: [`time = cycles / ${fmtFixed(s.latency.find((l) => l.cpu === cpu)?.clockGHz ?? 0, 2)} GHz; log scale: the zoo spans four orders of magnitude; the ratios are in the chart beside it`],
    }));
  }
  // scheduler comparison on the last model (in list order) that has every scheduler's numbers, else the first
  const complete = (m: string) => s.latency.filter((l) => l.model === m).every((l) => l.cycles !== null);
  const model = [...s.models].reverse().find(complete) ?? s.models[0]!;
  const labels = s.cpus.flatMap((c) => s.variants.map((v) => `${c} / ${v}`));
  charts.push(chart(sz, {
    id: 'schedulers',
    title: `Scheduler comparison on ${model}: serial vs bound vs cycle`,
    kind: 'grouped-bar',
    labels,
    datasets: s.schedulers.map((sched) => ({
      label: sched,
      values: labels.map((lab) => {
        const [c, v] = lab.split(' / ');
        return latencyOf(s, model, v!, c!, sched)?.cycles ?? null;
      }),
    })),
    yLabel: 'cycles (log scale)',
    unit: 'cycles',
    logY: true,
    size: 'wide',
    notes: ['serial = Σ count × latency (the paper\'s model); bound = max(dispatch, ports, recurrences); cycle = cycle-level pipeline simulation'],
  }));
  const skipped = s.latency.filter((l) => l.cycles === null);
  // pivoted for papers: models × CPUs, the headline scheduler only
  const timeTable: Table = {
    id: `time-${head}`,
    title: `Time per image on each CPU (${head} scheduler, ${s.lowering})`,
    columns: [{ key: 'model', title: 'Model' }, { key: 'variant', title: 'Variant' }, ...s.cpus.map((c) => ({ key: `time_${c}`, title: c, unit: 'µs' }))],
    rows: s.models.flatMap((m) => s.variants.map((v) => [cell.text(m), cell.text(v), ...s.cpus.map((c) => {
      const l = latencyOf(s, m, v, c, head);
      const t = l ? timeUs(l) : null;
      return t === null ? cell.none(l?.skipped ?? 'not run') : cell.num(t, 1);
    })])),
    notes: [`time = cycles / clock (${s.cpus.map((c) => `${c} ${fmtFixed(s.latency.find((l) => l.cpu === c)?.clockGHz ?? 0, 2)} GHz`).join(', ')})`],
  };
  const ratioTable: Table = {
    id: `ratio-${head}`,
    title: `Cycles relative to the CNN (${head} scheduler, ${s.lowering})`,
    columns: [{ key: 'model', title: 'Model' }, ...s.cpus.flatMap((c) => others.map((v) => ({ key: `${v}_vs_cnn_${c}`, title: v, group: c })))],
    rows: s.models.map((m) => [cell.text(m), ...s.cpus.flatMap((c) => others.map((v) => {
      const r = ratioToCnn(s, m, v, c, head);
      return r === null ? cell.none('no data') : cell.ratio(r);
    }))]),
    notes: ['below 1.00× = fewer cycles than the CNN on the same CPU'],
  };
  return {
    id: 'latency',
    title: 'Latency: the zoo on each CPU',
    paragraphs: [
      `Every model is lowered with the ${s.lowering} lowering (first conv and last FC multiplicative) and scheduled with ${s.schedulers.join(', ')}. The figures and the two pivoted tables use the \`${head}\` scheduler (see Assumptions); the long table has every scheduler. "vs CNN" divides by the CNN's cycles on the same CPU and scheduler.`,
      ...(skipped.length ? [`${skipped.length} cases were not run; the table says why.`] : []),
    ],
    tables: [...(others.length && s.variants.includes('cnn') ? [timeTable, ratioTable] : [timeTable]), {
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

function energySection(s: StudyResult, sz: Sizes): Section {
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
    const fullModels = [...new Set(full.map((e) => e.model))];
    const fullOf = (m: string, v: string) => full.find((e) => e.model === m && e.variant === v);
    charts.push(chart(sz, {
      id: 'energy-full',
      title: `Energy per image, full view (${s.energyTable}), with its range`,
      kind: 'grouped-bar',
      labels: fullModels,
      datasets: s.variants.map((v) => ({
        label: v,
        values: fullModels.map((m) => { const e = fullOf(m, v); return e ? e.energyPJ / 1e6 : null; }),
        intervals: fullModels.map((m) => { const e = fullOf(m, v); return e ? [e.rangePJ[0] / 1e6, e.rangePJ[1] / 1e6] as [number, number] : null; }),
      })),
      yLabel: 'µJ per image (log scale)',
      unit: 'µJ',
      logY: true,
      size: 'wide',
      notes: ['whiskers: every energy entry (and the per-instruction overhead) at the low / high end of its range'],
    }));
    charts.push(chart(sz, {
      id: 'energy-by-kind',
      title: `Energy per MAC-equivalent by action kind (full view, ${s.energyTable})`,
      kind: 'stacked-bar',
      labels: stackLabels,
      datasets: usedKinds.map((k: ActionKind) => ({ label: k, values: full.map((e) => (macsOf(e) ? (e.byKind[k] ?? 0) / macsOf(e) : null)) })),
      yLabel: 'pJ per MAC',
      unit: 'pJ/MAC',
      size: 'wide',
      notes: ['normalised by the model\'s MACs so that models of every size share one axis'],
    }));
  }
  if (paper.length) {
    const paperKinds = ACTION_KINDS.filter((k) => paper.some((e) => (e.byKind[k] ?? 0) > 0));
    charts.push(chart(sz, {
      id: 'energy-paper-by-kind',
      title: `Arithmetic energy per MAC-equivalent by action kind (paper view, ${paper[0]!.table})`,
      kind: 'stacked-bar',
      labels: paper.map((e) => `${e.model} ${e.variant}`),
      datasets: paperKinds.map((k) => ({ label: k, values: paper.map((e) => (macsOf(e) ? (e.byKind[k] ?? 0) / macsOf(e) : null)) })),
      yLabel: 'pJ per MAC',
      unit: 'pJ/MAC',
      size: 'wide',
      notes: ['CNN: mul + add = 4.6 pJ per MAC (fp32); AdderNet: 2 adds = 1.8 pJ; BNN: 32-bit xnor + int32 add'],
    }));
    const labels = [...new Set(paper.map((e) => e.model))];
    const paperOf = (m: string, v: string) => paper.find((e) => e.model === m && e.variant === v);
    charts.push(chart(sz, {
      id: 'energy-paper-view',
      title: `Arithmetic energy, paper view (${paper[0]!.table}, fp32)`,
      kind: 'grouped-bar',
      labels,
      datasets: [...new Set(paper.map((e) => e.variant))].map((v) => ({
        label: v,
        values: labels.map((m) => { const e = paperOf(m, v); return e ? e.energyPJ / 1e6 : null; }),
        intervals: labels.map((m) => { const e = paperOf(m, v); return e ? [e.rangePJ[0] / 1e6, e.rangePJ[1] / 1e6] as [number, number] : null; }),
        ...(v === 'cnn' ? {} : { annotations: labels.map((m) => { const c = paperOf(m, 'cnn')?.energyPJ; const e = paperOf(m, v)?.energyPJ; return c && e !== undefined ? fmtRatio(e / c) : null; }) }),
      })),
      yLabel: 'µJ per image (log scale)',
      unit: 'µJ',
      logY: true,
      notes: ['labels: energy ÷ the CNN\'s; whiskers: the table entries\' source ranges'],
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
      id: 'energy-summary',
      title: `Energy per image (${s.energyTable})`,
      columns: [
        { key: 'model', title: 'Model' }, { key: 'variant', title: 'Variant' }, { key: 'paper_uj', title: 'Paper view', unit: 'µJ' },
        { key: 'full_uj', title: 'value', group: 'Full view (µJ)' }, { key: 'full_low_uj', title: 'low', group: 'Full view (µJ)' }, { key: 'full_high_uj', title: 'high', group: 'Full view (µJ)' },
      ],
      rows: s.models.flatMap((m) => s.variants.map((v) => {
        const p = paper.find((e) => e.model === m && e.variant === v);
        const f = full.find((e) => e.model === m && e.variant === v);
        const uj = (x: number | undefined, digits: number) => (x === undefined ? cell.none('not computed') : cell.num(x / 1e6, digits));
        return [cell.text(m), cell.text(v), uj(p?.energyPJ, 1), uj(f?.energyPJ, 0), uj(f?.rangePJ[0], 0), uj(f?.rangePJ[1], 0)];
      })),
      notes: ['low / high: every entry, and the per-instruction overhead, at the low / high end of its range (see Assumptions)'],
    }, {
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

/** The per-layer section's scheduler: the headline one where it has per-layer numbers for the model, else bound. */
export function layersScheduler(s: StudyResult, model: string, cpu: string): string | undefined {
  const has = (sched: string) => s.variants.some((v) => (latencyOf(s, model, v, cpu, sched)?.layers.length ?? 0) > 0);
  return [headlineScheduler(s), 'bound', ...s.schedulers].find(has);
}

function layersModel(s: StudyResult): string | undefined {
  return s.models.includes('resnet20') ? 'resnet20' : s.models[0];
}

function layersSection(s: StudyResult, sz: Sizes): Section | undefined {
  const model = layersModel(s);
  const cpu = s.cpus[0];
  const sched = model && cpu ? layersScheduler(s, model, cpu) : undefined;
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
    charts: [chart(sz, {
      id: 'layers-cycles',
      title: `${model} per-layer cycles on ${cpu} (${sched} scheduler), conv and FC layers`,
      kind: 'grouped-bar',
      labels: arithLayers,
      datasets: s.variants.map((v, i) => ({ label: v, values: arithLayers.map((n) => runs[i]?.layers.find((l) => l.layer === n)?.cycles ?? null) })),
      yLabel: 'cycles',
      unit: 'cycles',
      size: 'wide',
      notes: ['BN, ReLU, pooling and residual adds are in the table, left out of the chart'],
    }), chart(sz, {
      id: 'layers-energy',
      title: `${model} per-layer energy, full view (${s.energyTable}), conv and FC layers`,
      kind: 'grouped-bar',
      labels: arithLayers,
      datasets: s.variants.map((v, i) => ({ label: v, values: arithLayers.map((n) => energies[i]?.layers.find((l) => l.layer === n)?.energyPJ ?? null).map((x) => (x === null ? null : x / 1e6)) })),
      yLabel: 'µJ per image',
      unit: 'µJ',
      size: 'wide',
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
    energyTables: s.inputs.energyTables.map(({ name, file, sha256 }) => ({ name, file, sha256 })),
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

/** Lowest and highest of a list, as "a–b" (or "a" when equal). */
function span(xs: readonly number[], f: (x: number) => string): string {
  if (!xs.length) return '—';
  const lo = f(Math.min(...xs));
  const hi = f(Math.max(...xs));
  return lo === hi ? lo : `${lo}–${hi}`;
}

/**
 * What decides the numbers, stated once: per CPU its clock (with the profile's source), issue model,
 * lowering and accumulators; the energy table's per-instruction overhead with its range and its share
 * of the full-view energy; which scheduler each figure uses and why; the SOURCES.md entries each
 * profile cites.
 */
export function assumptionsSection(s: StudyResult): Section {
  const head = headlineScheduler(s);
  const lmodel = layersModel(s);
  const lsched = lmodel && s.cpus[0] ? layersScheduler(s, lmodel, s.cpus[0]) : undefined;
  const profile = (cpu: string) => s.inputs.profiles.find((p) => p.name === cpu);
  const clockOf = (cpu: string) => profile(cpu)?.clockGHz ?? s.latency.find((l) => l.cpu === cpu)?.clockGHz;
  const accOf = (cpu: string) => {
    const per = s.variants.map((v) => {
      const xs = [...new Set(s.latency.filter((l) => l.cpu === cpu && l.variant === v && l.accumulators !== undefined).map((l) => l.accumulators!))];
      return xs.length ? `${v} ${xs.join('/')}` : undefined;
    }).filter((x): x is string => x !== undefined);
    return per.length ? cell.text(per.join(', ')) : cell.none(`the ${s.lowering} lowering has no accumulator choice`);
  };
  const cpuRows = s.cpus.map((cpu) => {
    const p = profile(cpu);
    const ghz = clockOf(cpu);
    return [
      cell.text(cpu), ghz === undefined ? cell.none('clock unknown') : cell.num(ghz, 2), p?.clockSource ? cell.text(p.clockSource) : cell.none('not recorded'),
      p?.issue ? cell.text(p.issue) : cell.none('not recorded'), cell.text(s.lowering), accOf(cpu),
      p?.sources ? cell.text(`${p.sources.join(', ')}${p.assumptions ? `; ${p.assumptions} assumption${p.assumptions === 1 ? '' : 's'}` : ''}`) : cell.none('not recorded'),
    ];
  });
  const tables = s.inputs.energyTables.filter((t) => t.name === s.energyTable);
  const full = s.energy.filter((e) => e.view === 'full');
  const shares = full.filter((e) => e.energyPJ > 0).map((e) => (e.byKind.overhead ?? 0) / e.energyPJ);
  const energyRows = tables.map((t) => {
    const o = t.overhead;
    return [
      cell.text(t.name),
      o ? cell.num(o.energyPJ, 0) : cell.none('not recorded'),
      o ? cell.text(`${fmtFixed(o.min ?? o.energyPJ, 0)}–${fmtFixed(o.max ?? o.energyPJ, 0)}`) : cell.none('not recorded'),
      shares.length ? cell.text(span(shares, (x) => fmtPct(x, 0))) : cell.none('no full-view energy'),
      o ? cell.text(o.source) : cell.none('not recorded'),
    ];
  });
  const clocks = s.cpus.map((c) => { const g = clockOf(c); return `${c} ${g === undefined ? 'unknown' : `${fmtFixed(g, 2)} GHz`}`; }).join(', ');
  const accs = [...new Set(s.latency.filter((l) => l.accumulators !== undefined).map((l) => l.accumulators!))];
  const overhead = tables[0]?.overhead;
  return {
    id: 'assumptions',
    title: 'Assumptions',
    paragraphs: [
      `Clocks: ${clocks}. Every time in µs is cycles / clock, so it scales with these figures; the cycle counts do not depend on them.`,
      `Lowering: ${s.lowering} for the latency and full-view energy (first conv and last FC multiplicative); ${accs.length ? `${accs.join('/')} independent accumulators per reduction loop (the lowering's default, not derived from each CPU's add latency)` : 'no accumulator choice in this lowering'}. The paper view and the paper's claims count in the paper lowering.`,
      `Schedulers: the per-CPU figures, the pivoted latency tables and the summary use \`${head}\`${head === 'cycle' ? ' (the cycle-level pipeline simulation: the most faithful model, and it ran on every model)' : head === 'bound' ? ' (the cycle scheduler did not run; bound is the analytic max of dispatch, port pressure and recurrences)' : ''}; the per-layer figures use \`${lsched ?? head}\`${lsched && lsched !== head ? ` (the ${head} scheduler has no per-layer numbers for ${lmodel})` : ''}; the scheduler comparison shows every scheduler; the paper's claims use \`serial\` (Σ count × latency), the paper's own model.`,
      ...(overhead ? [`Energy: table ${s.energyTable}; the full view adds ${fmtFixed(overhead.energyPJ, 0)} pJ per instruction (range ${fmtFixed(overhead.min ?? overhead.energyPJ, 0)}–${fmtFixed(overhead.max ?? overhead.energyPJ, 0)} pJ, ${overhead.source.startsWith('assumption') ? 'an assumption' : overhead.source}), ${shares.length ? `${span(shares, (x) => fmtPct(x, 0))} of the full-view energy` : 'no full-view energy in this study'}; the full view's low/high include this range.`] : []),
      'Sources: each profile number names an id of cpu-profiles/SOURCES.md (or says "assumption"); the table lists the ids each profile cites.',
    ],
    tables: [
      {
        id: 'assumptions-cpus',
        title: 'CPUs: clock, issue model, lowering and sources',
        columns: [
          { key: 'cpu', title: 'CPU' }, { key: 'clock_ghz', title: 'Clock', unit: 'GHz' }, { key: 'clock_source', title: 'Clock source' }, { key: 'issue', title: 'Issue' },
          { key: 'lowering', title: 'Lowering' }, { key: 'accumulators', title: 'Accumulators' }, { key: 'sources', title: 'SOURCES.md ids' },
        ],
        rows: cpuRows,
        notes: ['sources: cpu-profiles/SOURCES.md, one row per id'],
      },
      {
        id: 'assumptions-energy',
        title: 'Per-instruction overhead of the full view',
        columns: [{ key: 'table', title: 'Table' }, { key: 'overhead_pj', title: 'Overhead', unit: 'pJ/instr.' }, { key: 'range_pj', title: 'Range', unit: 'pJ' }, { key: 'share', title: 'Share of full view' }, { key: 'source', title: 'Source' }],
        rows: energyRows,
        notes: [],
      },
    ],
    charts: [],
  };
}

export function buildStudyReport(s: StudyResult, options: StudyReportOptions | string = {}): Report {
  const o = typeof options === 'string' ? { title: options } : options;
  const title = o.title ?? 'AdderNet vs CNN vs BNN: cost on CPUs (addersim study)';
  const sz = sizesOf(o);
  const layers = layersSection(s, sz);
  const sections: Section[] = [claimsSection(s.claims, sz), summarySection(s), assumptionsSection(s), opsSection(s), latencySection(s, sz), energySection(s, sz), ...(layers ? [layers] : [])];
  return { schema: REPORT_SCHEMA_ID, title, manifest: studyManifest(s), sections };
}
