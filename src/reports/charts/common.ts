// Pieces shared by the chart kinds beyond bars (line, heatmap, tornado): fonts and the title/legend
// plugins at a given scale, so every kind looks like config.ts's bar charts.

import type { ChartSpec } from '../report.ts';
import { THEME } from './theme.ts';

/** A Chart.js configuration as the chart kinds build it (plain JSON: no functions). */
export interface ChartJsConfig {
  readonly type: 'bar' | 'line' | 'scatter';
  readonly data: { labels: string[]; datasets: Record<string, unknown>[] };
  readonly options: Record<string, unknown>;
}

export function chartFont(scale: number): { family: string; size: number } {
  return { family: THEME.fontFamily, size: THEME.fontSizePt * scale };
}

export function chartPlugins(spec: ChartSpec, scale: number, animate: boolean, legend: boolean): Record<string, unknown> {
  const font = chartFont(scale);
  return {
    title: { display: true, text: spec.title, font: { ...font, size: THEME.titleSizePt * scale, weight: 'bold' }, color: '#000000' },
    legend: { display: legend, position: 'top', labels: { font, color: '#000000', boxWidth: 10 * scale } },
    tooltip: { enabled: animate },
  };
}

export function axisTitle(text: string, scale: number): Record<string, unknown> {
  return { display: true, text, font: chartFont(scale), color: '#000000' };
}
