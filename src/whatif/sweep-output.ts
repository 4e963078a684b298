// Sweep output files, written row by row so a stopped sweep can resume: CSV (a header line, then one line
// per point) or JSON (`{"schema":"addersim/sweep@1","columns":[…],"points":[` on the first line, one point
// per line, `]}` on the last). `resumeFrom` keeps the complete rows that match the plan and cuts the rest.

import { appendFileSync, existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AddersimError } from '../isa/index.ts';
import type { SweepPlan } from './sweep.ts';

export const SWEEP_SCHEMA_ID = 'addersim/sweep@1';
export type SweepFormat = 'csv' | 'json';

export function formatOf(file: string): SweepFormat {
  if (file.endsWith('.csv')) return 'csv';
  if (file.endsWith('.json')) return 'json';
  throw new AddersimError('USAGE', 'the output file must end in .csv or .json', file);
}

function csvCell(v: unknown): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function headerLine(plan: SweepPlan, format: SweepFormat): string {
  return format === 'csv'
    ? `${plan.columns.map(csvCell).join(',')}\n`
    : `{"schema":${JSON.stringify(SWEEP_SCHEMA_ID)},"columns":${JSON.stringify(plan.columns)},"points":[\n`;
}

export function rowLine(plan: SweepPlan, row: Record<string, unknown>, format: SweepFormat, first: boolean): string {
  if (format === 'csv') return `${plan.columns.map((c) => csvCell(row[c] ?? '')).join(',')}\n`;
  return `${first ? '' : ','}${JSON.stringify(row)}\n`;
}

export function footerLine(format: SweepFormat): string {
  return format === 'csv' ? '' : ']}\n';
}

/** The whole output as one string (stdout, or files written at once). */
export function renderSweep(plan: SweepPlan, rows: readonly Record<string, unknown>[], format: SweepFormat): string {
  return headerLine(plan, format) + rows.map((r, i) => rowLine(plan, r, format, i === 0)).join('') + footerLine(format);
}

function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** Parses the rows of an output file (complete lines only) back into flat records. */
export function parseRows(plan: SweepPlan, text: string, format: SweepFormat): Record<string, unknown>[] {
  const lines = text.split('\n').slice(1, -1);
  const rows: Record<string, unknown>[] = [];
  for (const line of lines) {
    if (format === 'json') {
      if (line === ']}') break;
      try {
        rows.push(JSON.parse(line.startsWith(',') ? line.slice(1) : line) as Record<string, unknown>);
      } catch {
        break;
      }
    } else {
      const cells = splitCsv(line);
      if (cells.length !== plan.columns.length) break;
      rows.push(Object.fromEntries(plan.columns.map((c, i) => [c, cells[i] !== '' && /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(cells[i]!) ? Number(cells[i]) : cells[i]])));
    }
  }
  return rows;
}

function keyOf(plan: SweepPlan, row: Record<string, unknown>): string {
  return plan.columns.slice(0, plan.keyColumns).map((c) => String(row[c] ?? '')).join('\u0000');
}

/** Where a file's rows go: the whole sweep (header, rows 0…count-1, footer), or a shard's part (its
 *  metadata line, rows from…to-1, no footer: src/whatif/shard.ts). */
export interface FileRange {
  readonly header: string;
  readonly from: number;
  readonly to: number;
  readonly footer: boolean;
}

export function wholeFile(plan: SweepPlan, format: SweepFormat): FileRange {
  return { header: headerLine(plan, format), from: 0, to: plan.count, footer: true };
}

/** Starts `file` afresh (replacing any old content) with the header line. Returns the first index to evaluate. */
export function startFile(plan: SweepPlan, file: string, format: SweepFormat, range: FileRange = wholeFile(plan, format)): number {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, range.header);
  return range.from;
}

/**
 * Prepares `file` for appending from the first missing point: keeps the header and every complete row
 * that matches the plan's point at its position, cuts a partial last line. Returns the next index
 * (= the range's end when the file is complete). A file of another sweep is an error, never overwritten.
 */
export function resumeFrom(plan: SweepPlan, file: string, format: SweepFormat, range: FileRange = wholeFile(plan, format)): number {
  if (!existsSync(file)) return startFile(plan, file, format, range);
  const text = readFileSync(file, 'utf8');
  const header = range.header;
  if (!text.startsWith(header)) {
    throw new AddersimError('BAD_INPUT', 'the file holds a different sweep (its header differs): remove it or drop --resume', file);
  }
  let offset = Buffer.byteLength(header);
  let n = range.from;
  const lines = text.slice(header.length).split('\n');
  lines.pop(); // the text after the last newline: empty, or a partial line
  const expected = (i: number) => keyOf(plan, { index: i, ...flatPoint(plan, i) });
  for (const line of lines) {
    if (format === 'json' && line === ']}' && range.footer) {
      if (n !== range.to) throw new AddersimError('BAD_INPUT', `the file is closed after ${n} of ${plan.count} points`, file);
      return range.to;
    }
    const parsed = parseRows(plan, `${header}${line}\n`, format);
    if (parsed.length !== 1) break;
    if (n >= range.to || keyOf(plan, parsed[0]!) !== expected(n)) {
      throw new AddersimError('BAD_INPUT', `row ${n - range.from} does not match point ${n} of this sweep: remove the file or drop --resume`, file);
    }
    n++;
    offset += Buffer.byteLength(line) + 1;
  }
  truncateSync(file, offset);
  if (n === range.to && range.footer) appendFileSync(file, footerLine(format));
  return n;
}

function flatPoint(plan: SweepPlan, i: number): Record<string, unknown> {
  const p = plan.point(i);
  const row: Record<string, unknown> = { model: p.model, cpu: p.cpu, variant: p.variant, convert: p.convert, scheduler: p.scheduler, lowering: p.lowering };
  if (p.dtype) row.dtype = p.dtype;
  if (p.accumulators) row.accumulators = p.accumulators;
  for (const s of p.settings) row[s.path] = s.value;
  return row;
}

/** Appends rows in order; closes a JSON file after the last point (not a part: merging closes it). */
export class SweepWriter {
  private written: number;
  private readonly range: FileRange;

  constructor(private readonly plan: SweepPlan, private readonly file: string, private readonly format: SweepFormat, from: number, range?: FileRange) {
    this.written = from;
    this.range = range ?? wholeFile(plan, format);
  }

  append(row: Record<string, unknown>): void {
    appendFileSync(this.file, rowLine(this.plan, row, this.format, this.written === 0));
    this.written++;
    if (this.written === this.range.to && this.range.footer) appendFileSync(this.file, footerLine(this.format));
  }
}
