// The study's energy section: both views per model and variant with their ranges (whiskers), energy per
// MAC by action kind, the summary table a paper can use and the long table of every case.

import type { ActionKind } from '../../sim/energy/schema.ts';
import { ACTION_KINDS } from '../../sim/energy/schema.ts';
import type { StudyEnergy, StudyResult } from '../../sim/results/study-result.ts';
import { cell, fmtFixed, fmtRatio } from '../format.ts';
import type { ChartSpec, Section } from '../report.ts';
import { chart, type Sizes } from './common.ts';

export function energySection(s: StudyResult, sz: Sizes): Section {
  const usedKinds = ACTION_KINDS.filter((k) => s.energy.some((e) => (e.byKind[k] ?? 0) > 0));
  const macsOf = (e: StudyEnergy) => s.ops.find((o) => o.model === e.model && o.variant === e.variant)?.macs ?? 0;
  const rows = s.energy.map((e) => [
    cell.text(e.model),
    cell.text(e.variant),
    cell.text(e.view),
    cell.text(e.table),
    cell.text(e.lowering),
    cell.energy(e.energyPJ),
    cell.energy(e.rangePJ[0]),
    cell.energy(e.rangePJ[1]),
    macsOf(e) ? cell.num(e.energyPJ / macsOf(e), 3) : cell.none('no MACs'),
    ...usedKinds.map((k) => cell.energy(e.byKind[k] ?? 0)),
  ]);
  const full = s.energy.filter((e) => e.view === 'full');
  const paper = s.energy.filter((e) => e.view === 'paper');
  const charts: ChartSpec[] = [...fullViewCharts(s, sz, full, usedKinds, macsOf), ...paperViewCharts(sz, paper, macsOf)];
  return {
    id: 'energy',
    title: 'Energy',
    paragraphs: [
      `paper view: the paper lowering in fp32 with every conv/FC converted, arithmetic only (CNN = MACs × (mul + add), AdderNet = 2 × MACs × add with |x| free; BNN = MACs × (32-bit xnor + int32 add), a convention the paper does not give), ${paper[0]?.table ?? s.energyTable}.`,
      "full view: every instruction of the lowered program priced by its actions (lanes × per-element energy); loads/stores as 64-bit accesses at the L1 level (the CPU's L1 size picks the table level), plus the layer's weights + activations brought once from the level they fit in when that is beyond L1 (the footprint model; `addersim energy --memory working-set` prices every access at that level instead, an upper bound); plus the per-instruction overhead (an assumption, see the energy table).",
    ],
    tables: [
      {
        id: 'energy-summary',
        title: `Energy per image (${s.energyTable})`,
        columns: [
          { key: 'model', title: 'Model' },
          { key: 'variant', title: 'Variant' },
          { key: 'paper_uj', title: 'Paper view', unit: 'µJ' },
          { key: 'full_uj', title: 'value', group: 'Full view (µJ)' },
          { key: 'full_low_uj', title: 'low', group: 'Full view (µJ)' },
          { key: 'full_high_uj', title: 'high', group: 'Full view (µJ)' },
        ],
        rows: s.models.flatMap((m) =>
          s.variants.map((v) => {
            const p = paper.find((e) => e.model === m && e.variant === v);
            const f = full.find((e) => e.model === m && e.variant === v);
            const uj = (x: number | undefined, digits: number) => (x === undefined ? cell.none('not computed') : cell.num(x / 1e6, digits));
            return [cell.text(m), cell.text(v), uj(p?.energyPJ, 1), uj(f?.energyPJ, 0), uj(f?.rangePJ[0], 0), uj(f?.rangePJ[1], 0)];
          }),
        ),
        notes: ['low / high: every entry, and the per-instruction overhead, at the low / high end of its range (see Assumptions)'],
      },
      {
        id: 'energy',
        title: 'Energy per image',
        columns: [
          { key: 'model', title: 'Model' },
          { key: 'variant', title: 'Variant' },
          { key: 'view', title: 'View' },
          { key: 'table', title: 'Table' },
          { key: 'lowering', title: 'Counts from' },
          { key: 'energy_pj', title: 'Energy' },
          { key: 'energy_min_pj', title: 'low' },
          { key: 'energy_max_pj', title: 'high' },
          { key: 'pj_per_mac', title: 'pJ/MAC' },
          ...usedKinds.map((k) => ({ key: `energy_${k}_pj`, title: k })),
        ],
        rows,
        notes: [
          'low / high: every table entry at the low / high end of its source range (e.g. DRAM 1.3–2.6 nJ per 64-bit access, the derived 16-bit and fp64 rows); entries without a range keep their value',
        ],
      },
    ],
    charts,
  };
}

/** The full view's charts: energy per image with its range, and energy per MAC by action kind. */
function fullViewCharts(
  s: StudyResult,
  sz: Sizes,
  full: readonly StudyEnergy[],
  usedKinds: readonly ActionKind[],
  macsOf: (e: StudyEnergy) => number,
): ChartSpec[] {
  const stackLabels = full.map((e) => `${e.model} ${e.variant}`);
  const charts: ChartSpec[] = [];
  if (full.length) {
    const fullModels = [...new Set(full.map((e) => e.model))];
    const fullOf = (m: string, v: string) => full.find((e) => e.model === m && e.variant === v);
    charts.push(
      chart(sz, {
        id: 'energy-full',
        title: `Energy per image, full view (${s.energyTable}), with its range`,
        kind: 'grouped-bar',
        labels: fullModels,
        datasets: s.variants.map((v) => ({
          label: v,
          values: fullModels.map((m) => {
            const e = fullOf(m, v);
            return e ? e.energyPJ / 1e6 : null;
          }),
          intervals: fullModels.map((m) => {
            const e = fullOf(m, v);
            return e ? ([e.rangePJ[0] / 1e6, e.rangePJ[1] / 1e6] as [number, number]) : null;
          }),
        })),
        yLabel: 'µJ per image (log scale)',
        unit: 'µJ',
        logY: true,
        size: 'wide',
        notes: ['whiskers: every energy entry (and the per-instruction overhead) at the low / high end of its range'],
      }),
    );
    charts.push(
      chart(sz, {
        id: 'energy-by-kind',
        title: `Energy per MAC-equivalent by action kind (full view, ${s.energyTable})`,
        kind: 'stacked-bar',
        labels: stackLabels,
        datasets: usedKinds.map((k: ActionKind) => ({ label: k, values: full.map((e) => (macsOf(e) ? (e.byKind[k] ?? 0) / macsOf(e) : null)) })),
        yLabel: 'pJ per MAC',
        unit: 'pJ/MAC',
        size: 'wide',
        notes: ["normalised by the model's MACs so that models of every size share one axis"],
      }),
    );
  }
  return charts;
}

/** The paper view's charts: arithmetic energy per MAC by action kind, and per image beside the CNN's. */
function paperViewCharts(sz: Sizes, paper: readonly StudyEnergy[], macsOf: (e: StudyEnergy) => number): ChartSpec[] {
  const charts: ChartSpec[] = [];
  if (paper.length) {
    const paperKinds = ACTION_KINDS.filter((k) => paper.some((e) => (e.byKind[k] ?? 0) > 0));
    charts.push(
      chart(sz, {
        id: 'energy-paper-by-kind',
        title: `Arithmetic energy per MAC-equivalent by action kind (paper view, ${paper[0]!.table})`,
        kind: 'stacked-bar',
        labels: paper.map((e) => `${e.model} ${e.variant}`),
        datasets: paperKinds.map((k) => ({ label: k, values: paper.map((e) => (macsOf(e) ? (e.byKind[k] ?? 0) / macsOf(e) : null)) })),
        yLabel: 'pJ per MAC',
        unit: 'pJ/MAC',
        size: 'wide',
        notes: ['CNN: mul + add = 4.6 pJ per MAC (fp32); AdderNet: 2 adds = 1.8 pJ; BNN: 32-bit xnor + int32 add'],
      }),
    );
    const labels = [...new Set(paper.map((e) => e.model))];
    const paperOf = (m: string, v: string) => paper.find((e) => e.model === m && e.variant === v);
    charts.push(
      chart(sz, {
        id: 'energy-paper-view',
        title: `Arithmetic energy, paper view (${paper[0]!.table}, fp32)`,
        kind: 'grouped-bar',
        labels,
        datasets: [...new Set(paper.map((e) => e.variant))].map((v) => ({
          label: v,
          values: labels.map((m) => {
            const e = paperOf(m, v);
            return e ? e.energyPJ / 1e6 : null;
          }),
          intervals: labels.map((m) => {
            const e = paperOf(m, v);
            return e ? ([e.rangePJ[0] / 1e6, e.rangePJ[1] / 1e6] as [number, number]) : null;
          }),
          ...(v === 'cnn'
            ? {}
            : {
                annotations: labels.map((m) => {
                  const c = paperOf(m, 'cnn')?.energyPJ;
                  const e = paperOf(m, v)?.energyPJ;
                  return c && e !== undefined ? fmtRatio(e / c) : null;
                }),
              }),
        })),
        yLabel: 'µJ per image (log scale)',
        unit: 'µJ',
        logY: true,
        notes: ["labels: energy ÷ the CNN's; whiskers: the table entries' source ranges"],
      }),
    );
  }
  return charts;
}
