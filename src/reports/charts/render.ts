// Renders chart configs to PNG, SVG and PDF with chartjs-node-canvas (the only module that touches a
// canvas). Sizes come from the spec in points: PNG at THEME.pxPerPt pixels per point, SVG and PDF at
// 1 unit per point. SVG and PDF stay vector: the background is a rectangle drawn first and hatching
// is strokes (overlay.ts) — chartjs-node-canvas's `backgroundColour` composites with destination-over
// and tile patterns are images, both of which make cairo embed a bitmap. Output is deterministic: the
// PDF creation date cairo writes is replaced by a fixed one of the same length, so the cross-reference
// offsets stay valid.

import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { ChartSpec } from '../report.ts';
import { chartConfig } from './config.ts';
import { overlayPlugin } from './overlay.ts';
import { THEME } from './theme.ts';

export const CHART_FORMATS = ['png', 'svg', 'pdf'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

const canvases = new Map<string, ChartJSNodeCanvas>();

/** node-canvas draws text as outlines by default; 'glyph' keeps it text, so PDFs embed fonts and text is extractable. */
const glyphTextPlugin = {
  id: 'addersimGlyphText',
  beforeDraw(chart: { ctx: { textDrawingMode?: string } }) {
    chart.ctx.textDrawingMode = 'glyph';
  },
};

function canvasFor(format: ChartFormat, width: number, height: number): ChartJSNodeCanvas {
  const key = `${format}:${width}x${height}`;
  let c = canvases.get(key);
  if (!c) {
    c = new ChartJSNodeCanvas({
      width,
      height,
      ...(format === 'png' ? {} : { type: format }),
    });
    canvases.set(key, c);
  }
  return c;
}

/** Replaces cairo's `/CreationDate (D:…)` (and ModDate) by a fixed date of the same length. */
export function fixPdfDates(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const fixed = text.replace(/\/(CreationDate|ModDate) \(D:([^)]*)\)/g, (_m, key: string, date: string) => {
    const stamp = '20000101000000Z'.padEnd(date.length, '0').slice(0, date.length);
    return `/${key} (D:${stamp})`;
  });
  return Buffer.from(fixed, 'latin1');
}

/** Cairo numbers SVG ids with a process-wide counter (image15, glyph0-3, clip7); renumber them per file. */
export function fixSvgIds(svg: Buffer): Buffer {
  const text = svg.toString('utf8');
  const map = new Map<string, string>();
  for (const m of text.matchAll(/\bid="([^"]+)"/g)) {
    const id = m[1]!;
    if (!map.has(id)) map.set(id, `${id.replace(/[\d-]+$/, '')}-n${map.size}`);
  }
  const out = text.replace(/(id="|#)([A-Za-z][\w-]*)(?=[")])/g, (all, pre: string, id: string) => {
    const n = map.get(id);
    return n === undefined ? all : `${pre}${n}`;
  });
  return Buffer.from(out, 'utf8');
}

export function renderChart(spec: ChartSpec, format: ChartFormat): Buffer {
  const scale = format === 'png' ? THEME.pxPerPt : 1;
  const canvas = canvasFor(format, spec.widthPt * scale, spec.heightPt * scale);
  // The config is plain JSON data; chart.js's types want its own nominal types.
  const base = chartConfig(spec, scale);
  const config = { ...base, plugins: [glyphTextPlugin, overlayPlugin()] } as unknown as Parameters<ChartJSNodeCanvas['renderToBufferSync']>[0];
  switch (format) {
    case 'png':
      return canvas.renderToBufferSync(config, 'image/png');
    case 'svg':
      return fixSvgIds(canvas.renderToBufferSync(config, 'image/svg+xml'));
    case 'pdf':
      return fixPdfDates(canvas.renderToBufferSync(config, 'application/pdf'));
  }
}
