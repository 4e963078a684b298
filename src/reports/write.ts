// Writes a report folder: index.html, report.md, report.tex, report.txt, report.json, tables/*.csv,
// tables/*.tex (one LaTeX snippet per table, for papers), charts/*.{png,svg,pdf}, and the marker
// .addersim-report (manifest). Built in a temporary sibling folder and swapped with the old one by two
// renames; a run killed between them is repaired at the next start.

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AddersimError, ioWhy } from '../isa/index.ts';
import { checkReportTarget, markerText, recoverStranded, REPORT_MARKER } from './out-folder.ts';
import { CHART_FORMATS, renderChart, type ChartFormat } from './charts/render.ts';
import { renderTableCsv } from './render-csv.ts';
import { renderHtml } from './render-html.ts';
import { renderJson } from './render-json.ts';
import { renderLatex, renderTableSnippet } from './render-latex.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderText } from './render-text.ts';
import { reportCharts, reportTables, type Report } from './report.ts';
import { ARG, checkArgs, outline } from '../isa/api-args.ts';
import { z } from 'zod';

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
  if (f.has('tex')) for (const t of reportTables(r)) files.push(`tables/${t.id}.tex`);
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
  if (m?.[1] === 'tables' && m[3] === 'tex') return renderTableSnippet(reportTables(r).find((t) => t.id === m[2])!);
  if (m?.[1] === 'tables') return renderTableCsv(reportTables(r).find((t) => t.id === m[2])!);
  if (m?.[1] === 'charts') return renderChart(reportCharts(r).find((c) => c.id === m[2])!, m[3] as ChartFormat);
  throw new Error(`no renderer for ${file}`);
}

/** The steps of the swap, in order (a test kills the process at each). */
export const SWAP_STEPS = ['written', 'old-moved', 'new-moved', 'old-removed'] as const;
export type SwapStep = (typeof SWAP_STEPS)[number];

/**
 * Writes the report into `outDir` (replacing an earlier report there as a whole). Returns the files written.
 * `outDir` must be missing, empty or an earlier report's folder (see out-folder.ts); anything else is refused.
 * `onSwapStep` is for tests: called after each step of the old/new swap.
 * @example
 * const files = writeReport(buildStudyReport(await runStudy({ models: ['lenet5-bn'] })), 'out/study');
 */
export function writeReport(r: Report, outDir: string, opts: WriteOptions & { onSwapStep?: (step: SwapStep) => void } = {}): string[] {
  checkArgs('writeReport', [
    ['report', outline('a Report (buildStudyReport(study))', { title: z.string(), sections: z.array(z.unknown()) }), r],
    ['outDir', ARG.text, outDir],
    [
      'opts',
      z.strictObject({
        formats: z.array(z.enum(REPORT_FORMATS)).optional(),
        extras: z.record(z.string(), z.union([z.string(), z.instanceof(Uint8Array)])).optional(),
        onProgress: z.custom((v) => typeof v === 'function', 'expected a function (done, total, file) => void').optional(),
        onSwapStep: z.custom((v) => typeof v === 'function', 'expected a function (step) => void').optional(),
      }),
      opts,
    ],
  ]);
  const formats = new Set(opts.formats ?? REPORT_FORMATS);
  const out = resolve(outDir);
  const parent = dirname(out);
  const tmp = join(parent, `.${basename(out)}.tmp-${process.pid}`);
  const old = join(parent, `.${basename(out)}.old-${process.pid}`);
  const extras = opts.extras ?? {};
  for (const name of Object.keys(extras)) {
    if (name.startsWith('/') || name.split('/').includes('..') || name === REPORT_MARKER)
      throw new AddersimError('BAD_INPUT', `extra file "${name}" must be a relative path inside the report`, out);
  }
  const files = [...plannedFiles(r, [...formats]), ...Object.keys(extras).sort()];
  try {
    mkdirSync(parent, { recursive: true });
    recoverStranded(out);
  } catch (e) {
    throw new AddersimError('BAD_INPUT', `cannot write the report folder (${ioWhy(e)})`, out);
  }
  checkReportTarget(outDir);
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
  } catch (e) {
    throw new AddersimError('BAD_INPUT', `cannot write the report folder (${ioWhy(e)})`, out);
  }
  try {
    files.forEach((file, i) => {
      const path = join(tmp, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Object.hasOwn(extras, file) ? extras[file]! : contentOf(r, file, formats));
      opts.onProgress?.(i + 1, files.length, file);
    });
    // The marker goes last: a folder holding it is complete.
    writeFileSync(join(tmp, REPORT_MARKER), markerText(files));
    opts.onSwapStep?.('written');
    // From here on a kill is repaired by the next run's recoverStranded: `.old-PID` without `out` is moved back.
    if (existsSync(out)) {
      renameSync(out, old);
      opts.onSwapStep?.('old-moved');
    }
    renameSync(tmp, out);
    opts.onSwapStep?.('new-moved');
    rmSync(old, { recursive: true, force: true });
    opts.onSwapStep?.('old-removed');
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(out) && existsSync(old)) renameSync(old, out);
    if (e instanceof AddersimError) throw e;
    throw new AddersimError('BAD_INPUT', `cannot write the report (${ioWhy(e)})`, out);
  }
  return files;
}
