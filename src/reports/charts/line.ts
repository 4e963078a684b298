// Line chart (kind `line`): one line per dataset over the labels (x values as categories, so a ×2 sweep
// is evenly spaced, i.e. log-scaled). Series differ in colour, point shape and dash (readable in grayscale).
//   spec: labels ["1","2","4"], datasets [{ label: "cnn", values: [2.1e6, 2.5e6, 3.3e6] }, …]

import type { ChartSpec } from '../report.ts';
import { axisTitle, chartFont, chartPlugins, type ChartJsConfig } from './common.ts';
import { THEME, seriesStyles } from './theme.ts';

const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'cross', 'star', 'crossRot', 'line'] as const;
const DASHES: readonly (readonly number[])[] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

export function lineConfig(spec: ChartSpec, scale = 1, animate = false): ChartJsConfig {
  const font = chartFont(scale, spec);
  const ends = spec.datasets.flatMap((d) => (d.intervals ?? []).flatMap((x) => x ?? []));
  const styles = seriesStyles(spec.datasets.map((d) => d.label));
  return {
    type: 'line',
    data: {
      labels: [...spec.labels],
      datasets: spec.datasets.map((d, i) => ({
        label: d.label,
        data: [...d.values],
        ...(d.intervals ? { addersimIntervals: d.intervals.map((x) => (x ? [...x] : null)) } : {}),
        ...(d.annotations ? { addersimLabels: [...d.annotations] } : {}),
        borderColor: styles[i]!.colour,
        backgroundColor: styles[i]!.colour,
        borderWidth: 1.5 * scale,
        borderDash: DASHES[Math.floor(i / 8) % DASHES.length]!.map((x) => x * scale),
        pointStyle: POINT_STYLES[i % POINT_STYLES.length],
        pointRadius: 3 * scale,
        fill: false,
        tension: 0,
        spanGaps: false,
      })),
    },
    options: {
      responsive: false,
      animation: animate ? {} : false,
      devicePixelRatio: 1,
      layout: { padding: 6 * scale },
      plugins: chartPlugins(spec, scale, animate, spec.datasets.length > 1),
      scales: {
        x: {
          offset: true,
          ticks: { font, color: '#000000' },
          grid: { color: THEME.grid, lineWidth: 0.5 * scale },
          ...(spec.xLabel ? { title: axisTitle(spec.xLabel, scale, spec) } : {}),
        },
        y: {
          type: spec.logY ? 'logarithmic' : 'linear',
          // the axis covers the whiskers of intervals too
          ...(ends.length ? { suggestedMin: Math.min(...ends), suggestedMax: Math.max(...ends) } : {}),
          // room above the highest point: an axis never tops out just above the data
          ...(spec.logY ? {} : { grace: '5%' }),
          title: axisTitle(spec.yLabel, scale, spec),
          ticks: { font, color: '#000000' },
          grid: { color: THEME.grid, lineWidth: 0.5 * scale },
        },
      },
    },
  };
}
