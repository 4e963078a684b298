// Chart spec (report data) → Chart.js configuration, a pure function: the same config is rendered to
// PNG/SVG/PDF by render.ts and embedded as JSON in the HTML page. No functions inside the config, so
// it survives JSON; `scale` multiplies the point sizes (2 for PNG pixels, 1 for SVG/PDF points).
// Intervals, value labels, hatching and the reference line are plain fields read by overlay.ts.

import { assertNever } from '../../isa/index.ts';
import type { ChartSpec } from '../report.ts';
import { axisTitle, chartFont, chartPlugins, checkSeries, type ChartJsConfig } from './common.ts';
import { heatmapConfig } from './heatmap.ts';
import { lineConfig } from './line.ts';
import { THEME, seriesStyles } from './theme.ts';
import { tornadoConfig } from './tornado.ts';

export type { ChartJsConfig } from './common.ts';

/** The configuration of each chart kind (a new kind fails to compile until it has a case here). */
export function chartConfig(spec: ChartSpec, scale = 1, animate = false): ChartJsConfig {
  const kind = spec.kind;
  if (kind !== 'heatmap') checkSeries(spec); // a heatmap's legend is its colour key, not its rows
  switch (kind) {
    case 'line':
      return lineConfig(spec, scale, animate);
    case 'heatmap':
      return heatmapConfig(spec, scale, animate);
    case 'tornado':
      return tornadoConfig(spec, scale, animate);
    case 'grouped-bar':
    case 'stacked-bar':
    case 'horizontal-stacked-bar':
      return barConfig(spec, scale, animate);
    default:
      return assertNever(kind, 'chart kind');
  }
}

/**
 * Tick values of a log axis covering [lo, hi]: 1, 2, 5 × 10^k, or only 10^k when the range spans more than
 * four decades; the first tick at or below lo, the last at or above hi.
 * @example logAxisTicks(3, 700) → [2, 5, 10, 20, 50, 100, 200, 500, 1000]; logAxisTicks(12, 7e5) → [10, 100, …, 1e6]
 */
export function logAxisTicks(lo: number, hi: number): number[] {
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const steps = last - first > 4 ? [1] : [1, 2, 5];
  const all: number[] = [];
  for (let e = first; e <= last; e++) for (const m of steps) all.push(Number((m * 10 ** e).toPrecision(12)));
  let from = 0;
  all.forEach((v, i) => {
    if (v <= lo) from = i;
  });
  const to = all.findIndex((v) => v >= hi);
  return all.slice(from, to < 0 ? all.length : to + 1);
}

function barConfig(spec: ChartSpec, scale: number, animate: boolean): ChartJsConfig {
  const stacked = spec.kind !== 'grouped-bar';
  const horizontal = spec.kind === 'horizontal-stacked-bar';
  const font = chartFont(scale, spec);
  const labelled = spec.datasets.some((d) => d.annotations?.some((a) => a));
  // the axis covers the whiskers and leaves room for the value labels above the tallest bar
  const ends = spec.datasets
    .flatMap((d) => [...d.values, ...(d.intervals ?? []).flatMap((x) => x ?? [])])
    .filter((v): v is number => v !== null && (!spec.logY || v > 0));
  const top = ends.length ? Math.max(...ends) : undefined;
  const room =
    top === undefined
      ? {}
      : spec.logY
        ? { suggestedMax: top * (labelled ? 1.8 : 1.1), suggestedMin: Math.min(...ends) / 1.1 }
        : { suggestedMax: top * (labelled ? 1.12 : 1.05) };
  const logTicks = spec.logY && ends.length ? logAxisTicks(Math.min(...ends), Math.max(...ends) * (labelled ? 1.8 : 1.1)) : undefined;
  const valueAxis = {
    type: spec.logY ? 'logarithmic' : 'linear',
    // a log axis ticks at 1-2-5 (powers of ten only past four decades), from and to a labelled tick:
    // Chart.js's own ticks label 1, 2, 3, 5 and the top fifth, which overlap (overlay.ts sets these)
    ...(logTicks ? { addersimTicks: logTicks, min: logTicks[0], max: logTicks[logTicks.length - 1] } : {}),
    stacked,
    title: axisTitle(spec.yLabel, scale, spec),
    ticks: { font, color: '#000000' },
    grid: { color: THEME.grid, lineWidth: 0.5 * scale },
    // room above the tallest bar (and its label): an axis never tops out just above a bar
    ...(spec.logY ? {} : { beginAtZero: true }),
    ...(stacked || logTicks ? {} : room),
  };
  const styles = seriesStyles(spec.datasets.map((d) => d.label));
  const categoryAxis = { stacked, ticks: { font, color: '#000000', autoSkip: false, maxRotation: 45, padding: 1 * scale }, grid: { display: false } };
  return {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: spec.datasets.map((d, i) => ({
        label: d.label,
        data: [...d.values],
        backgroundColor: styles[i]!.colour,
        // read by the overlay (vector hatching, the same in every format), ignored by Chart.js
        ...(styles[i]!.pattern === 'solid' ? {} : { addersimHatch: styles[i]!.pattern }),
        ...(d.intervals ? { addersimIntervals: d.intervals.map((x) => (x ? [...x] : null)) } : {}),
        ...(d.annotations ? { addersimLabels: [...d.annotations] } : {}),
        borderColor: THEME.outline,
        borderWidth: 0.5 * scale,
        categoryPercentage: 0.8,
        barPercentage: 0.9,
      })),
    },
    options: {
      responsive: false,
      animation: animate ? {} : false,
      devicePixelRatio: 1,
      indexAxis: horizontal ? 'y' : 'x',
      layout: { padding: 4 * scale },
      plugins: chartPlugins(spec, scale, animate, spec.datasets.length > 1),
      scales: horizontal ? { y: categoryAxis, x: valueAxis } : { x: categoryAxis, y: valueAxis },
    },
  };
}
