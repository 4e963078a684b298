// Heatmap (kind `heatmap`): labels are the x values, each dataset is one y value (its label) with a value
// per x. Drawn as a Chart.js scatter of square points on two category axes, coloured in 6 bins of a
// sequential colour-blind-safe scale; the legend is the colour key ("1.20M – 1.45M").

import { fmtSI } from '../format.ts';
import type { ChartSpec } from '../report.ts';
import { axisTitle, chartFont, chartPlugins, type ChartJsConfig } from './common.ts';
import { THEME } from './theme.ts';

/** Light to dark (cividis-like, colour-blind safe, monotone in luminance). */
export const HEATMAP_COLOURS = ['#FDE725', '#B5C94C', '#7F9E6B', '#5C7A83', '#3A5591', '#00204D'] as const;

export function heatmapBins(values: readonly number[]): { lo: number; hi: number }[] {
  if (!values.length) return [];
  const lo = values.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = values.reduce((a, b) => Math.max(a, b), -Infinity);
  const n = lo === hi ? 1 : HEATMAP_COLOURS.length;
  return Array.from({ length: n }, (_, i) => ({ lo: lo + ((hi - lo) * i) / n, hi: lo + ((hi - lo) * (i + 1)) / n }));
}

export function binOf(v: number, bins: readonly { lo: number; hi: number }[]): number {
  const i = bins.findIndex((b) => v <= b.hi);
  return i < 0 ? bins.length - 1 : i;
}

export function heatmapConfig(spec: ChartSpec, scale = 1, animate = false): ChartJsConfig {
  const font = chartFont(scale, spec);
  const ys = spec.datasets.map((d) => d.label);
  const values = spec.datasets.flatMap((d) => d.values.filter((v): v is number => v !== null));
  const bins = heatmapBins(values);
  // Plot area estimate (points): room for the title, legend and axis labels around the cells.
  const cellW = ((spec.widthPt - 90) * scale) / Math.max(1, spec.labels.length);
  const cellH = ((spec.heightPt - 90) * scale) / Math.max(1, ys.length);
  const radius = Math.max(1, Math.min(cellW, cellH) / 2 - 0.5 * scale);
  const datasets = bins.map((b, k) => ({
    label: `${fmtSI(b.lo)} – ${fmtSI(b.hi)}`,
    data: spec.datasets.flatMap((d) => d.values.flatMap((v, i) => (v !== null && binOf(v, bins) === k ? [{ x: spec.labels[i]!, y: d.label }] : []))),
    backgroundColor: HEATMAP_COLOURS[bins.length === 1 ? 0 : k],
    borderColor: THEME.outline,
    borderWidth: 0.25 * scale,
    pointStyle: 'rect',
    pointRadius: radius,
    pointHoverRadius: radius,
  }));
  return {
    type: 'scatter',
    data: { labels: [...spec.labels], datasets },
    options: {
      responsive: false,
      animation: animate ? {} : false,
      devicePixelRatio: 1,
      layout: { padding: 6 * scale },
      plugins: chartPlugins(spec, scale, animate, true),
      scales: {
        x: {
          type: 'category',
          labels: [...spec.labels],
          offset: true,
          ticks: { font, color: '#000000', autoSkip: false },
          grid: { display: false },
          ...(spec.xLabel ? { title: axisTitle(spec.xLabel, scale, spec) } : {}),
        },
        y: {
          type: 'category',
          labels: [...ys].reverse(),
          offset: true,
          ticks: { font, color: '#000000', autoSkip: false },
          grid: { display: false },
          title: axisTitle(spec.yLabel, scale, spec),
        },
      },
    },
  };
}
