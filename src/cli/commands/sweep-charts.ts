// Charts of a sweep's rows (report chart specs, rendered by src/reports/charts): a line chart per swept
// axis (one line per model/cpu/variant/… combination, the other swept axes at their first value), a
// heatmap per combination when exactly two profile paths are swept, a tornado per point that has one.

import type { ChartSpec } from '../../reports/report.ts';
import { THEME } from '../../reports/charts/theme.ts';
import { fmtFixed, fmtInt } from '../../reports/format.ts';
import type { SweepPlan } from '../../whatif/sweep.ts';

/** At most this many series per line chart and this many heatmaps/tornados per sweep. */
export const MAX_SERIES = 16;
export const MAX_CHARTS = 24;

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

const size = { widthPt: THEME.widthPt, heightPt: THEME.heightPt };

export function sweepCharts(plan: SweepPlan, rows: readonly Record<string, unknown>[]): ChartSpec[] {
  const keys = plan.columns.slice(1, plan.keyColumns);
  const swept = keys.filter((k) => k === 'accumulators' || k.includes('.'));
  const categorical = keys.filter((k) => !swept.includes(k));
  const firstOf = new Map(swept.map((k) => [k, rows[0]?.[k]]));
  const seriesOf = (r: Record<string, unknown>) =>
    categorical
      .filter((k) => new Set(rows.map((x) => x[k])).size > 1)
      .map((k) => String(r[k]))
      .join(' · ') || String(r.variant);
  const charts: ChartSpec[] = [];
  // the metric drawn: cycles, or with --ratio-to the ratio of the row's variant to that one (paired samples)
  const ratioTo = plan.spec?.ratioTo;
  const metric = ratioTo ? 'ratio' : 'cycles';
  const metricLabel = ratioTo ? `cycles ratio (variant / ${ratioTo})` : 'cycles';
  for (const axis of swept) {
    const sel = rows.filter((r) => swept.every((k) => k === axis || r[k] === firstOf.get(k)));
    const labels = [...new Set(sel.map((r) => String(r[axis])))];
    const all = [...new Set(sel.map(seriesOf))];
    const fixed = swept.filter((k) => k !== axis).map((k) => `${k}=${String(firstOf.get(k))}`);
    // more series than a legend shows: faceted into several charts (part k of n), none dropped
    const parts = Math.ceil(all.length / MAX_SERIES);
    for (let part = 0; part < parts; part++) {
      const series = all.slice(part * MAX_SERIES, (part + 1) * MAX_SERIES);
      charts.push({
        id: `line-${slug(axis)}${parts > 1 ? `-${part + 1}` : ''}`,
        title: `${ratioTo ? 'Ratio' : 'Cycles'} vs ${axis}${fixed.length ? ` (${fixed.join(', ')})` : ''}${parts > 1 ? `, part ${part + 1} of ${parts}` : ''}`,
        kind: 'line',
        labels,
        datasets: series.map((s) => {
          const rowOf = (l: string) => sel.find((r) => seriesOf(r) === s && String(r[axis]) === l);
          // --interval: [min, max] of each point's metric, drawn as whiskers
          const [lo, hi] = ratioTo ? ['ratioMin', 'ratioMax'] : ['cyclesMin', 'cyclesMax'];
          const intervals = labels.map((l) => {
            const r = rowOf(l);
            return typeof r?.[lo] === 'number' && typeof r[hi] === 'number' ? ([r[lo], r[hi]] as [number, number]) : null;
          });
          return {
            label: s,
            values: labels.map((l) => (rowOf(l)?.[metric] as number | undefined) ?? null),
            ...(intervals.some((x) => x) ? { intervals } : {}),
          };
        }),
        yLabel: metricLabel,
        xLabel: axis,
        logY: false,
        ...size,
        notes: [],
      });
    }
  }
  const paths = swept.filter((k) => k.includes('.'));
  if (paths.length === 2) {
    const [xa, ya] = paths as [string, string];
    const xs = [...new Set(rows.map((r) => String(r[xa])))];
    const ys = [...new Set(rows.map((r) => String(r[ya])))];
    for (const s of [...new Set(rows.map(seriesOf))].slice(0, MAX_CHARTS)) {
      const sel = rows.filter((r) => seriesOf(r) === s && swept.every((k) => k === xa || k === ya || r[k] === firstOf.get(k)));
      charts.push({
        id: `heatmap-${slug(s)}`,
        title: `Cycles, ${s}`,
        kind: 'heatmap',
        labels: xs,
        datasets: ys.map((y) => ({
          label: y,
          values: xs.map((x) => (sel.find((r) => String(r[xa]) === x && String(r[ya]) === y)?.cycles as number | undefined) ?? null),
        })),
        yLabel: ya,
        xLabel: xa,
        logY: false,
        ...size,
        notes: [],
      });
    }
  }
  for (const r of rows.filter((x) => Array.isArray(x.tornado) && (x.tornado as unknown[]).length).slice(0, MAX_CHARTS)) {
    const bars = r.tornado as { path: string; lo: number; hi: number; atLo: number; atHi: number }[];
    const nominal = r[metric] as number;
    const fmt = (v: number) => (ratioTo ? fmtFixed(v, 3) : fmtInt(v));
    // the point by what it is (model, CPU, variant, swept values), not by its row number
    const what = [`${String(r.model)} on ${String(r.cpu)}, ${String(r.variant)}`, ...swept.map((k) => `${k}=${String(r[k])}`)].join(', ');
    charts.push({
      id: `tornado-${String(r.index)}`,
      title: `What moves the ${ratioTo ? `${String(r.variant)}/${ratioTo} ratio` : 'cycles'} most (${what})`,
      kind: 'tornado',
      labels: bars.map((b) => b.path),
      datasets: [
        // each bar's end labelled `input value: result` (none where the result is the nominal: a bar of no length)
        { label: "at the range's low", values: bars.map((b) => b.atLo), annotations: bars.map((b) => (b.atLo === nominal ? null : `${b.lo}: ${fmt(b.atLo)}`)) },
        {
          label: "at the range's high",
          values: bars.map((b) => b.atHi),
          annotations: bars.map((b) => (b.atHi === nominal ? null : `${b.hi}: ${fmt(b.atHi)}`)),
        },
        { label: 'base', values: bars.map(() => nominal) },
      ],
      yLabel: metricLabel,
      logY: false,
      // the bars start at the nominal value: a labelled line there
      refLine: { value: nominal, label: `nominal ${fmt(nominal)}` },
      ...size,
      notes: [],
    });
  }
  return charts;
}
