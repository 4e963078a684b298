// The explorer's charts: the report's Chart.js configurations (src/reports/charts/config.ts — the same
// kinds, colours and fonts) made interactive, and the per-layer chart as a standalone SVG for Export.

import { Chart, registerables } from 'chart.js';
import { chartConfig } from '../../reports/charts/config.ts';
import { seriesColour, VARIANT_COLOURS } from '../../reports/charts/theme.ts';
import type { ChartSpec } from '../../reports/report.ts';
import type { ExploreResult } from '../engine.ts';
import { $, fmt } from './dom.ts';

Chart.register(...registerables);
Chart.defaults.animation = false;

export { Chart };

/** One entry of `results[]` as the page reads it. */
export interface ResultJson {
  variant: string;
  cycles: number;
  layers: { layer: string; kind: string; cycles: number; bottleneck?: string }[];
  notes: string[];
}

export type Spec = Pick<ChartSpec, 'id' | 'title' | 'kind' | 'labels' | 'datasets' | 'yLabel'> & { xLabel?: string };

/**
 * A chart as the report draws it (src/reports/charts/config.ts: same kinds, colours, fonts), made
 * interactive: sized by its box, tooltips on. An existing chart of the same kind gets the new data.
 */
export function showChart(existing: Chart | undefined, canvas: string, spec: Spec, tooltip?: (datasetIndex: number, index: number) => string): Chart {
  // Scale 1.5: the report's 8 pt print fonts read at about 12 px on a screen.
  const cfg = chartConfig({ ...spec, logY: false, widthPt: 400, heightPt: 240, notes: [] }, 1.5);
  if (existing && (existing.config as { type?: string }).type === cfg.type) {
    existing.data = cfg.data as never;
    existing.update();
    return existing;
  }
  existing?.destroy();
  const options = { ...cfg.options, responsive: true, maintainAspectRatio: false, animation: false } as Record<string, unknown>;
  delete options.devicePixelRatio;
  const plugins = { ...(options.plugins as Record<string, unknown>) };
  plugins.tooltip = {
    enabled: true,
    ...(tooltip ? { callbacks: { afterLabel: (c: { datasetIndex: number; dataIndex: number }) => tooltip(c.datasetIndex, c.dataIndex) } } : {}),
  };
  options.plugins = plugins;
  return new Chart($(canvas) as HTMLCanvasElement, { type: cfg.type, data: cfg.data, options } as never);
}

export function layerSvg(r: ExploreResult): string {
  const results = r.results as ResultJson[];
  const layers = results[0]?.layers ?? [];
  const max = Math.max(1, ...results.flatMap((x) => x.layers.map((l) => l.cycles)));
  const rowH = 14 * results.length + 8;
  const w = 720;
  const left = 160;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${layers.length * rowH + 30}" font-family="sans-serif" font-size="11">`,
    `<text x="4" y="14">cycles per layer — ${esc(r.settings.model)} on ${esc(r.settings.cpu)} (${r.settings.scheduler}, ${r.settings.lowering})</text>`,
  ];
  layers.forEach((l, i) => {
    const y = 24 + i * rowH;
    parts.push(`<text x="4" y="${y + 11}">${esc(l.layer)}</text>`);
    results.forEach((x, j) => {
      const c = x.layers[i]?.cycles ?? 0;
      parts.push(
        `<rect x="${left}" y="${y + j * 14}" width="${((w - left - 90) * c) / max}" height="12" fill="${VARIANT_COLOURS[x.variant] ?? seriesColour(j)}"><title>${x.variant}: ${c}</title></rect><text x="${left + ((w - left - 90) * c) / max + 4}" y="${y + j * 14 + 10}">${fmt(c)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}
const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
