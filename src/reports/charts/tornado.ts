// Tornado chart (kind `tornado`): one horizontal bar per label (a ranged input), from the base result to
// the result at the input's low and at its high setting, labels sorted by swing by the caller; the spec's
// refLine marks (and labels) the nominal value the bars start from.
//   spec: labels ["forms.mul.f64.latency", …], datasets [{label:"low", values}, {label:"high", values},
//         {label:"base", values}] — the `base` dataset gives each bar's origin and is not drawn.

import type { ChartSpec } from '../report.ts';
import { axisTitle, chartFont, chartPlugins, type ChartJsConfig } from './common.ts';
import { THEME, seriesStyles } from './theme.ts';

export function tornadoConfig(spec: ChartSpec, scale = 1, animate = false): ChartJsConfig {
  const font = chartFont(scale, spec);
  const base = spec.datasets.find((d) => d.label === 'base')?.values ?? [];
  const drawn = spec.datasets.filter((d) => d.label !== 'base');
  const styles = seriesStyles(drawn.map((d) => d.label));
  const integral = spec.datasets.every((d) => d.values.every((v) => v === null || Number.isInteger(v)));
  return {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: drawn.map((d, i) => ({
        label: d.label,
        data: d.values.map((v, k) => (v === null || base[k] === null || base[k] === undefined ? null : [base[k], v])),
        backgroundColor: styles[i]!.colour,
        ...(d.annotations ? { addersimLabels: [...d.annotations] } : {}),
        borderColor: THEME.outline,
        borderWidth: 0.75 * scale,
        grouped: false,
        barPercentage: 0.8,
        categoryPercentage: 0.9,
      })),
    },
    options: {
      responsive: false,
      animation: animate ? {} : false,
      devicePixelRatio: 1,
      indexAxis: 'y',
      layout: { padding: 6 * scale },
      plugins: chartPlugins(spec, scale, animate, true),
      scales: {
        y: { ticks: { font, color: '#000000', autoSkip: false }, grid: { display: false } },
        x: {
          type: 'linear',
          beginAtZero: false,
          grace: '5%',
          title: axisTitle(spec.yLabel, scale, spec),
          // cycles are whole numbers: no 51,775.5 ticks on a narrow range
          ticks: { font, color: '#000000', ...(integral ? { precision: 0 } : {}) },
          grid: { color: THEME.grid, lineWidth: 0.5 * scale },
        },
      },
    },
  };
}
