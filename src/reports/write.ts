// Writes a report folder: index.html, report.md, report.tex, report.txt, report.json, tables/*.csv,
// charts/*.{png,svg,pdf}. Built in a temporary sibling folder and renamed over the old one, so a
// failure leaves either the previous report or nothing, never a half-written one.

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AddersimError } from '../isa/index.ts';
import { CHART_FORMATS, renderChart, type ChartFormat } from './charts/render.ts';
import { renderTableCsv } from './render-csv.ts';
import { renderHtml } from './render-html.ts';
import { renderJson } from './render-json.ts';
import { renderLatex } from './render-latex.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderText } from './render-text.ts';
import { reportCharts, reportTables, type Report } from './report.ts';

export const REPORT_FORMATS = ['html', 'md', 'tex', 'txt', 'json', 'csv', 'png', 'svg', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface WriteOptions {
  readonly formats?: readonly ReportFormat[];
  /** Extra files written with the report (relative path → content), e.g. the raw study data. */
  readonly extras?: Readonly<Record<string, string | Uint8Array>>;
  /** Called after each file with (files done, files in all, file name). */
  readonly onProgress?: (done: number, total: number, file: string) => void;
}

/** The files a report produces, relative to its folder, in writing order. */
export function plannedFiles(r: Report, formats: readonly ReportFormat[]): string[] {
  const f = new Set(formats);
  const files: string[] = [];
  if (f.has('html')) files.push('index.html');
  if (f.has('md')) files.push('report.md');
  if (f.has('tex')) files.push('report.tex');
  if (f.has('txt')) files.push('report.txt');
  if (f.has('json')) files.push('report.json');
  if (f.has('csv')) for (const t of reportTables(r)) files.push(`tables/${t.id}.csv`);
  for (const c of reportCharts(r)) for (const cf of CHART_FORMATS) if (f.has(cf)) files.push(`charts/${c.id}.${cf}`);
  return files;
}

function contentOf(r: Report, file: string, formats: ReadonlySet<ReportFormat>): string | Buffer {
  if (file === 'index.html') return renderHtml(r, { chartFormats: CHART_FORMATS.filter((f) => formats.has(f)), csv: formats.has('csv') });
  if (file === 'report.md') return renderMarkdown(r, { chartFormat: formats.has('svg') ? 'svg' : formats.has('png') ? 'png' : null });
  if (file === 'report.tex') return renderLatex(r, { withCharts: formats.has('pdf') });
  if (file === 'report.txt') return renderText(r);
  if (file === 'report.json') return renderJson(r);
  const m = /^(tables|charts)\/(.+)\.(\w+)$/.exec(file);
  if (m?.[1] === 'tables') return renderTableCsv(reportTables(r).find((t) => t.id === m[2])!);
  if (m?.[1] === 'charts') return renderChart(reportCharts(r).find((c) => c.id === m[2])!, m[3] as ChartFormat);
  throw new Error(`no renderer for ${file}`);
}

/** Temporary folders of killed runs (`.NAME.tmp-PID` whose process is gone) are removed. */
function removeStaleTemps(parent: string, name: string): void {
  for (const e of readdirSync(parent)) {
    const m = /^\.(.+)\.tmp-(\d+)$/.exec(e);
    if (!m || m[1] !== name || Number(m[2]) === process.pid) continue;
    try {
      process.kill(Number(m[2]), 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(parent, e), { recursive: true, force: true });
    }
  }
}

/**
 * Writes the report into `outDir` (replacing it as a whole). Returns the files written.
 * @example
 * const files = writeReport(buildStudyReport(await runStudy({ models: ['lenet5-bn'] })), 'out/study');
 */
export function writeReport(r: Report, outDir: string, opts: WriteOptions = {}): string[] {
  const formats = new Set(opts.formats ?? REPORT_FORMATS);
  const out = resolve(outDir);
  const parent = dirname(out);
  const tmp = join(parent, `.${basename(out)}.tmp-${process.pid}`);
  const old = join(parent, `.${basename(out)}.old-${process.pid}`);
  const extras = opts.extras ?? {};
  for (const name of Object.keys(extras)) {
    if (name.startsWith('/') || name.split('/').includes('..')) throw new AddersimError('BAD_INPUT', `extra file "${name}" must be a relative path inside the report`, out);
  }
  const files = [...plannedFiles(r, [...formats]), ...Object.keys(extras).sort()];
  try {
    mkdirSync(parent, { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
    removeStaleTemps(parent, basename(out));
    mkdirSync(tmp);
  } catch (e) {
    throw new AddersimError('BAD_INPUT', `cannot write the report folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, out);
  }
  try {
    files.forEach((file, i) => {
      const path = join(tmp, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Object.hasOwn(extras, file) ? extras[file]! : contentOf(r, file, formats));
      opts.onProgress?.(i + 1, files.length, file);
    });
    if (existsSync(out)) renameSync(out, old);
    renameSync(tmp, out);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(out) && existsSync(old)) renameSync(old, out);
    if (e instanceof AddersimError) throw e;
    throw new AddersimError('BAD_INPUT', `cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, out);
  }
  return files;
}
