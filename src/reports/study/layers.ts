// The study's per-layer section: cycles and full-view energy of each layer of one model on the first CPU,
// under the headline scheduler where it has per-layer numbers (else bound).

import type { StudyResult } from '../../sim/results/study-result.ts';
import { cell } from '../format.ts';
import type { Section } from '../report.ts';
import { chart, headlineScheduler, latencyOf, type Sizes } from './common.ts';

/** The per-layer section's scheduler: the headline one where it has per-layer numbers for the model, else bound. */
export function layersScheduler(s: StudyResult, model: string, cpu: string): string | undefined {
  const has = (sched: string) => s.variants.some((v) => (latencyOf(s, model, v, cpu, sched)?.layers.length ?? 0) > 0);
  return [headlineScheduler(s), 'bound', ...s.schedulers].find(has);
}

export function layersModel(s: StudyResult): string | undefined {
  return s.models.includes('resnet20') ? 'resnet20' : s.models[0];
}

export function layersSection(s: StudyResult, sz: Sizes): Section | undefined {
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
    cell.text(name),
    cell.text(base.layers[i]!.kind),
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
    tables: [
      {
        id: 'layers',
        title: `${model} per layer on ${cpu}`,
        columns: [
          { key: 'layer', title: 'Layer' },
          { key: 'kind', title: 'Kind' },
          ...s.variants.map((v) => ({ key: `cycles_${v}`, title: `${v} cycles` })),
          ...s.variants.map((v) => ({ key: `energy_${v}_pj`, title: `${v} energy` })),
        ],
        rows,
        notes: [],
      },
    ],
    charts: [
      chart(sz, {
        id: 'layers-cycles',
        title: `${model} per-layer cycles on ${cpu} (${sched} scheduler), conv and FC layers`,
        kind: 'grouped-bar',
        labels: arithLayers,
        datasets: s.variants.map((v, i) => ({ label: v, values: arithLayers.map((n) => runs[i]?.layers.find((l) => l.layer === n)?.cycles ?? null) })),
        yLabel: 'cycles',
        unit: 'cycles',
        size: 'wide',
        notes: ['BN, ReLU, pooling and residual adds are in the table, left out of the chart'],
      }),
      chart(sz, {
        id: 'layers-energy',
        title: `${model} per-layer energy, full view (${s.energyTable}), conv and FC layers`,
        kind: 'grouped-bar',
        labels: arithLayers,
        datasets: s.variants.map((v, i) => ({
          label: v,
          values: arithLayers.map((n) => energies[i]?.layers.find((l) => l.layer === n)?.energyPJ ?? null).map((x) => (x === null ? null : x / 1e6)),
        })),
        yLabel: 'µJ per image',
        unit: 'µJ',
        size: 'wide',
        notes: ['energy of the lowered program on the first CPU of the study (its vector width sets the instruction count)'],
      }),
    ],
  };
}
