// Chart spec (report data) → Chart.js configuration, a pure function: the same config is rendered to
// PNG/SVG/PDF by render.ts and embedded as JSON in the HTML page. No functions inside the config, so
// it survives JSON; `scale` multiplies the point sizes (2 for PNG pixels, 1 for SVG/PDF points).

import { assertNever } from '../../isa/index.ts';
import type { ChartSpec } from '../report.ts';
import type { ChartJsConfig } from './common.ts';
import { heatmapConfig } from './heatmap.ts';
import { lineConfig } from './line.ts';
import { THEME, seriesColour, seriesPattern } from './theme.ts';
import { tornadoConfig } from './tornado.ts';

export type { ChartJsConfig } from './common.ts';

/** The configuration of each chart kind (a new kind fails to compile until it has a case here). */
export function chartConfig(spec: ChartSpec, scale = 1, animate = false): ChartJsConfig {
  const kind = spec.kind;
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

function barConfig(spec: ChartSpec, scale: number, animate: boolean): ChartJsConfig {
  const stacked = spec.kind !== 'grouped-bar';
  const horizontal = spec.kind === 'horizontal-stacked-bar';
  const font = { family: THEME.fontFamily, size: THEME.fontSizePt * scale };
  const valueAxis = {
    type: spec.logY ? 'logarithmic' : 'linear',
    stacked,
    title: { display: true, text: spec.yLabel, font, color: '#000000' },
    ticks: { font, color: '#000000' },
    grid: { color: THEME.grid, lineWidth: 0.5 * scale },
    ...(spec.logY ? {} : { beginAtZero: true }),
  };
  const categoryAxis = { stacked, ticks: { font, color: '#000000', autoSkip: false }, grid: { display: false } };
  return {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: spec.datasets.map((d, i) => ({
        label: d.label,
        data: [...d.values],
        backgroundColor: seriesColour(i),
        // read by the pattern plugin (patterns.ts / the HTML page), ignored by Chart.js itself
        ...(seriesPattern(i) === 'solid' ? {} : { pattern: seriesPattern(i) }),
        borderColor: THEME.outline,
        borderWidth: 0.75 * scale,
      })),
    },
    options: {
      responsive: false,
      animation: animate ? {} : false,
      devicePixelRatio: 1,
      indexAxis: horizontal ? 'y' : 'x',
      layout: { padding: 6 * scale },
      plugins: {
        title: { display: true, text: spec.title, font: { ...font, size: THEME.titleSizePt * scale, weight: 'bold' }, color: '#000000' },
        legend: { display: spec.datasets.length > 1, position: 'top', labels: { font, color: '#000000', boxWidth: 10 * scale } },
        tooltip: { enabled: animate },
      },
      scales: horizontal ? { y: categoryAxis, x: valueAxis } : { x: categoryAxis, y: valueAxis },
    },
  };
}
