// Pieces shared by every chart kind: fonts of the spec's theme, the title/legend plugins and the
// overlay settings (background shape, value labels) at a given scale, so every kind looks alike.

import { AddersimError } from '../../isa/index.ts';
import type { ChartSpec } from '../report.ts';
import { captionText } from '../format.ts';
import { FONT_THEMES, THEME } from './theme.ts';

/** A Chart.js configuration as the chart kinds build it (plain JSON: no functions). */
export interface ChartJsConfig {
  readonly type: 'bar' | 'line' | 'scatter';
  readonly data: { labels: string[]; datasets: Record<string, unknown>[] };
  readonly options: Record<string, unknown>;
}

export function chartFont(scale: number, spec?: Pick<ChartSpec, 'font'>): { family: string; size: number } {
  return { family: FONT_THEMES[spec?.font ?? 'serif'], size: THEME.fontSizePt * scale };
}

export function chartPlugins(spec: ChartSpec, scale: number, animate: boolean, legend: boolean): Record<string, unknown> {
  const font = chartFont(scale, spec);
  return {
    title: {
      display: true,
      text: titleLines(spec.title, spec.widthPt),
      font: { ...font, size: THEME.titleSizePt * scale, weight: 'bold' },
      color: '#000000',
      padding: { top: 0, bottom: 4 * scale },
    },
    legend: { display: legend, position: 'top', labels: { font, color: '#000000', boxWidth: 10 * scale, boxHeight: 7 * scale, padding: 6 * scale } },
    tooltip: { enabled: animate },
    addersimOverlay: {
      background: THEME.background,
      scale,
      labelFont: { family: font.family, size: THEME.labelSizePt * scale },
      ...(spec.refLine ? { refLine: spec.refLine } : {}),
    },
    ...(spec.unit ? { addersimUnit: spec.unit } : {}),
  };
}

/** Average width of a bold title character, in ems: ≈ 0.48 in Latin Modern bold (the study's 58-character paper-claims title spans its 252 pt figure at 9 pt). */
const TITLE_EM_PER_CHAR = 0.48;

/**
 * A chart title as Chart.js draws it: one line if it fits the figure's width, else lines broken at word
 * boundaries outside short parenthesised groups (captionText), never squeezed. E.g. a tornado's
 * "What moves the cycles most (…, machine.dispatchWidth=4)" on a 3.5 in figure.
 */
export function titleLines(title: string, widthPt: number): string | string[] {
  const max = Math.max(20, Math.floor(widthPt / (THEME.titleSizePt * TITLE_EM_PER_CHAR)));
  if (title.length <= max) return title;
  const lines: string[] = [];
  for (const word of captionText(title).split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.map((l) => l.replace(/\u00a0/g, ' '));
}

export function axisTitle(text: string, scale: number, spec?: Pick<ChartSpec, 'font'>): Record<string, unknown> {
  return { display: true, text, font: chartFont(scale, spec), color: '#000000', padding: 2 * scale };
}

/** A legend shows at most THEME.maxSeries series; more is an error (the caller facets), never a silent cut. */
export function checkSeries(spec: ChartSpec): void {
  if (spec.datasets.length > THEME.maxSeries) {
    throw new AddersimError(
      'BAD_INPUT',
      `chart "${spec.id}" has ${spec.datasets.length} series; a legend shows at most ${THEME.maxSeries}: split it into several charts`,
      `chart ${spec.id}`,
    );
  }
}
