// The study's latency section: per-CPU small multiples (cycles relative to the CNN on a linear axis with
// ratio labels, time per image on a log axis), the scheduler comparison, the pivoted time and ratio
// tables a paper can use, and the long table of every case.

import type { StudyLatency, StudyResult } from '../../sim/results/study-result.ts';
import { cell, fmtFixed, fmtRatio } from '../format.ts';
import type { ChartSpec, Section, Table } from '../report.ts';
import { chart, headlineScheduler, latencyOf, ratioToCnn, timeUs, type Sizes } from './common.ts';
import type { SchedulerName } from '../../sim/results/result.ts';

/** One line per scheduler for the comparison chart's note: only the schedulers the study ran. */
const SCHEDULER_MEANING = {
  serial: "serial = Σ count × latency (the paper's model)",
  bound: 'bound = max(dispatch, ports, recurrences)',
  cycle: 'cycle = cycle-level pipeline simulation',
} as const satisfies Record<SchedulerName, string>;

/** Per CPU: cycles relative to the CNN (linear, ratio labels) and time per image (log); the scheduler comparison. */
function latencyCharts(s: StudyResult, sz: Sizes, head: string, others: readonly string[]): ChartSpec[] {
  const charts: ChartSpec[] = [];
  // small multiples: one chart per CPU (models as groups), the ratio chart on a linear axis
  for (const cpu of s.cpus) {
    if (s.variants.includes('cnn') && others.length) {
      const ratios = others.map((v) => s.models.map((m) => ratioToCnn(s, m, v, cpu, head)));
      charts.push(
        chart(sz, {
          id: `ratio-${cpu}`,
          title: `${cpu}: cycles relative to the CNN (${head})`,
          kind: 'grouped-bar',
          labels: [...s.models],
          datasets: others.map((v, i) => ({ label: `${v} / cnn`, values: ratios[i]!, annotations: ratios[i]!.map((r) => (r === null ? null : fmtRatio(r))) })),
          yLabel: 'cycles ÷ CNN cycles (dashed: CNN = 1)',
          unit: '×',
          refLine: { value: 1, label: '' },
          notes: [`${head} scheduler, ${s.lowering} lowering; below the dashed line = cheaper than the CNN on this CPU`],
        }),
      );
    }
    charts.push(
      chart(sz, {
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
        notes: [
          `time = cycles / ${fmtFixed(s.latency.find((l) => l.cpu === cpu)?.clockGHz ?? 0, 2)} GHz; log scale: the zoo spans four orders of magnitude; the ratios are in the chart beside it`,
        ],
      }),
    );
  }
  // scheduler comparison (when the study ran two or more) on the last model (in list order) that has every
  // scheduler's numbers, else the first
  if (s.schedulers.length < 2) return charts;
  const complete = (m: string) => s.latency.filter((l) => l.model === m).every((l) => l.cycles !== null);
  const model = [...s.models].reverse().find(complete) ?? s.models[0]!;
  const labels = s.cpus.flatMap((c) => s.variants.map((v) => `${c} / ${v}`));
  charts.push(
    chart(sz, {
      id: 'schedulers',
      title: `Scheduler comparison on ${model}: ${s.schedulers.join(' vs ')}`,
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
      notes: [s.schedulers.map((sched) => SCHEDULER_MEANING[sched]).join('; ')],
    }),
  );
  return charts;
}

export function latencySection(s: StudyResult, sz: Sizes): Section {
  const cnnOf = (l: StudyLatency) => s.latency.find((x) => x.model === l.model && x.cpu === l.cpu && x.scheduler === l.scheduler && x.variant === 'cnn');
  const rows = s.latency.map((l) => {
    const base = cnnOf(l);
    const vsCnn = l.cycles !== null && base?.cycles ? cell.ratio(l.cycles / base.cycles) : cell.none('no CNN baseline');
    const t = timeUs(l);
    return [
      cell.text(l.model),
      cell.text(l.variant),
      cell.text(l.cpu),
      cell.text(l.scheduler),
      l.cycles === null ? cell.none(l.skipped ?? 'not run') : cell.int(l.cycles),
      t === null ? cell.none('not run') : cell.num(t, 1),
      vsCnn,
      cell.int(l.extrapolatedLayers),
      cell.text(l.skipped ?? ''),
    ];
  });
  const head = headlineScheduler(s);
  const others = s.variants.filter((v) => v !== 'cnn');
  const charts = latencyCharts(s, sz, head, others);
  const skipped = s.latency.filter((l) => l.cycles === null);
  // pivoted for papers: models × CPUs, the headline scheduler only
  const timeTable: Table = {
    id: `time-${head}`,
    title: `Time per image on each CPU (${head} scheduler, ${s.lowering})`,
    columns: [{ key: 'model', title: 'Model' }, { key: 'variant', title: 'Variant' }, ...s.cpus.map((c) => ({ key: `time_${c}`, title: c, unit: 'µs' }))],
    rows: s.models.flatMap((m) =>
      s.variants.map((v) => [
        cell.text(m),
        cell.text(v),
        ...s.cpus.map((c) => {
          const l = latencyOf(s, m, v, c, head);
          const t = l ? timeUs(l) : null;
          return t === null ? cell.none(l?.skipped ?? 'not run') : cell.num(t, 1);
        }),
      ]),
    ),
    notes: [`time = cycles / clock (${s.cpus.map((c) => `${c} ${fmtFixed(s.latency.find((l) => l.cpu === c)?.clockGHz ?? 0, 2)} GHz`).join(', ')})`],
  };
  const ratioTable: Table = {
    id: `ratio-${head}`,
    title: `Cycles relative to the CNN (${head} scheduler, ${s.lowering})`,
    columns: [{ key: 'model', title: 'Model' }, ...s.cpus.flatMap((c) => others.map((v) => ({ key: `${v}_vs_cnn_${c}`, title: v, group: c })))],
    rows: s.models.map((m) => [
      cell.text(m),
      ...s.cpus.flatMap((c) =>
        others.map((v) => {
          const r = ratioToCnn(s, m, v, c, head);
          return r === null ? cell.none('no data') : cell.ratio(r);
        }),
      ),
    ]),
    notes: ['below 1.00× = fewer cycles than the CNN on the same CPU'],
  };
  return {
    id: 'latency',
    title: 'Latency: the zoo on each CPU',
    paragraphs: [
      `Every model is lowered with the ${s.lowering} lowering (first conv and last FC multiplicative) and scheduled with ${s.schedulers.join(', ')}. The figures and the two pivoted tables use the \`${head}\` scheduler (see Assumptions)${s.schedulers.length > 1 ? `; the long table has each of ${s.schedulers.join(', ')}` : ''}. "vs CNN" divides by the CNN's cycles on the same CPU and scheduler.`,
      ...(skipped.length ? [`${skipped.length} cases were not run; the table says why.`] : []),
    ],
    tables: [
      ...(others.length && s.variants.includes('cnn') ? [timeTable, ratioTable] : [timeTable]),
      {
        id: 'latency',
        title: 'Cycles and time per image',
        columns: [
          { key: 'model', title: 'Model' },
          { key: 'variant', title: 'Variant' },
          { key: 'cpu', title: 'CPU' },
          { key: 'scheduler', title: 'Scheduler' },
          { key: 'cycles', title: 'Cycles' },
          { key: 'time', title: 'Time', unit: 'µs' },
          { key: 'vs_cnn', title: 'vs CNN' },
          { key: 'extrapolated_layers', title: 'Extrapolated layers' },
          { key: 'note', title: 'Note' },
        ],
        rows,
        notes: [],
      },
    ],
    charts,
  };
}
