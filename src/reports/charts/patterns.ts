// Texture for chart series whose colours are close in grayscale: a small tile (the series colour with
// white strokes) repeated as the bar fill. One drawing routine, used by the Node renderer through a
// Chart.js plugin; the HTML page carries the same routine as text (PATTERN_SCRIPT).

import type { SeriesPattern } from './theme.ts';

/** Tile size in canvas pixels (HTML page and PNG); SVG/PDF use it in points. */
export const TILE_PX = 8;

/** Minimal 2D-context surface the tile drawing needs (node-canvas and the browser both provide it). */
interface Ctx2d {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  arc(x: number, y: number, r: number, a: number, b: number): void;
  fill(): void;
}

/** Draws a `size`×`size` tile; the same code (as text) runs in the HTML page. */
export function drawTile(ctx: Ctx2d, colour: string, pattern: SeriesPattern, size: number): void {
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = '#ffffff';
  ctx.fillStyle = '#ffffff';
  ctx.lineWidth = Math.max(1, size / 8);
  ctx.beginPath();
  if (pattern === 'diagonal') {
    ctx.moveTo(0, size); ctx.lineTo(size, 0);
    ctx.moveTo(-size / 2, size / 2); ctx.lineTo(size / 2, -size / 2);
    ctx.moveTo(size / 2, size * 1.5); ctx.lineTo(size * 1.5, size / 2);
    ctx.stroke();
  } else if (pattern === 'cross') {
    ctx.moveTo(size / 2, 0); ctx.lineTo(size / 2, size);
    ctx.moveTo(0, size / 2); ctx.lineTo(size, size / 2);
    ctx.stroke();
  } else if (pattern === 'horizontal') {
    ctx.moveTo(0, size / 4); ctx.lineTo(size, size / 4);
    ctx.moveTo(0, (3 * size) / 4); ctx.lineTo(size, (3 * size) / 4);
    ctx.stroke();
  } else if (pattern === 'dots') {
    ctx.arc(size / 2, size / 2, size / 6, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/**
 * The same tile drawing and plugin as browser JavaScript for the self-contained HTML page (written
 * out, not derived from drawTile.toString(), so the page's bytes do not depend on the TS transpiler;
 * a test compares the pixels of both).
 */
export const PATTERN_SCRIPT = `function addersimDrawTile(ctx, colour, pattern, size) {
  ctx.fillStyle = colour; ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = '#ffffff'; ctx.fillStyle = '#ffffff'; ctx.lineWidth = Math.max(1, size / 8);
  ctx.beginPath();
  if (pattern === 'diagonal') {
    ctx.moveTo(0, size); ctx.lineTo(size, 0);
    ctx.moveTo(-size / 2, size / 2); ctx.lineTo(size / 2, -size / 2);
    ctx.moveTo(size / 2, size * 1.5); ctx.lineTo(size * 1.5, size / 2);
    ctx.stroke();
  } else if (pattern === 'cross') {
    ctx.moveTo(size / 2, 0); ctx.lineTo(size / 2, size); ctx.moveTo(0, size / 2); ctx.lineTo(size, size / 2); ctx.stroke();
  } else if (pattern === 'horizontal') {
    ctx.moveTo(0, size / 4); ctx.lineTo(size, size / 4); ctx.moveTo(0, 3 * size / 4); ctx.lineTo(size, 3 * size / 4); ctx.stroke();
  } else if (pattern === 'dots') {
    ctx.arc(size / 2, size / 2, size / 6, 0, 2 * Math.PI); ctx.fill();
  }
}
Chart.register({ id: 'addersimPatterns', beforeUpdate: function (chart) {
  chart.data.datasets.forEach(function (ds) {
    if (!ds.pattern || typeof ds.backgroundColor !== 'string') return;
    var tile = document.createElement('canvas');
    tile.width = ${TILE_PX}; tile.height = ${TILE_PX};
    addersimDrawTile(tile.getContext('2d'), ds.backgroundColor, ds.pattern, ${TILE_PX});
    ds.backgroundColor = chart.ctx.createPattern(tile, 'repeat');
  });
} });`;
