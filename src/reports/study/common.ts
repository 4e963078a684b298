// Shared pieces of the study report's sections: the options (figure width, font), chart sizes, the
// headline scheduler and lookups into a StudyResult (a case's latency, its ratio to the CNN, µs).

import type { StudyLatency, StudyResult } from '../../sim/results/study-result.ts';
import type { ChartSpec } from '../report.ts';
import { FIGURE_WIDTHS, type FigureWidth, type FontTheme } from '../charts/theme.ts';

export interface StudyReportOptions {
  readonly title?: string;
  /** Printed width of the small multiples (one per CPU) and of single charts: 3.5 in column or 7 in page. */
  readonly figureWidth?: FigureWidth;
  readonly font?: FontTheme;
}

/** Chart sizes of one report: `small` for per-CPU multiples and short charts, `wide` for many groups. */
export interface Sizes {
  readonly small: { widthPt: number; heightPt: number };
  readonly wide: { widthPt: number; heightPt: number };
  readonly font: FontTheme;
}

export function sizesOf(o: StudyReportOptions): Sizes {
  return { small: FIGURE_WIDTHS[o.figureWidth ?? 'column'], wide: FIGURE_WIDTHS.page, font: o.font ?? 'serif' };
}

export const DEFAULT_SIZES = sizesOf({});

export type ChartInput = Omit<ChartSpec, 'widthPt' | 'heightPt' | 'notes' | 'logY'> & Partial<Pick<ChartSpec, 'notes' | 'logY'>> & { size?: 'small' | 'wide' };

export function chart(sz: Sizes, { size = 'small', ...partial }: ChartInput): ChartSpec {
  return { ...sz[size], notes: [], logY: false, font: sz.font, ...partial };
}

/** The scheduler of the headline figures: the cycle-level simulation where it ran, else bound, else the first. */
export function headlineScheduler(s: StudyResult): string {
  const ran = (sched: string) => s.schedulers.includes(sched as never) && s.latency.some((l) => l.scheduler === sched && l.cycles !== null);
  return ['cycle', 'bound'].find(ran) ?? s.schedulers[0] ?? 'serial';
}

export function latencyOf(s: StudyResult, model: string, variant: string, cpu: string, sched: string): StudyLatency | undefined {
  return s.latency.find((l) => l.model === model && l.variant === variant && l.cpu === cpu && l.scheduler === sched);
}

export function ratioToCnn(s: StudyResult, model: string, variant: string, cpu: string, sched: string): number | null {
  const c = latencyOf(s, model, 'cnn', cpu, sched)?.cycles;
  const v = latencyOf(s, model, variant, cpu, sched)?.cycles;
  return c && v !== null && v !== undefined ? v / c : null;
}

export function timeUs(l: StudyLatency): number | null {
  return l.cycles === null ? null : l.cycles / (l.clockGHz * 1e3);
}

/** Lowest and highest of a list, as "a–b" (or "a" when equal). */
export function span(xs: readonly number[], f: (x: number) => string): string {
  if (!xs.length) return '—';
  const lo = f(Math.min(...xs));
  const hi = f(Math.max(...xs));
  return lo === hi ? lo : `${lo}–${hi}`;
}
