// Sweep output files, written row by row so a stopped sweep can resume: CSV (a header line, then one line
// per point) or JSON (`{"schema":"addersim/sweep@1","columns":[…],"points":[` on the first line, one point
// per line, `]}` on the last). `resumeFrom` keeps the complete rows that match the plan and cuts the rest.
// A file written by `startFile` also records the plan's inputs hash (CSV: a first `# addersim/sweep@1
// inputs=sha256:…` line; JSON: an "inputs" key in the first line): `--resume` refuses a mismatch.
// One writer per file: `lockOutput` takes FILE.lock (created exclusively, holding the PID).

import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AddersimError, ioError } from '../isa/index.ts';
import { readInputBytes } from '../isa/read-input.ts';
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

/** The first line(s) of a file written by `startFile`: the header with the plan's inputs hash. */
export function fileHeader(plan: SweepPlan, format: SweepFormat): string {
  return format === 'csv'
    ? `# ${SWEEP_SCHEMA_ID} inputs=${plan.inputsHash}\n${headerLine(plan, format)}`
    : `{"schema":${JSON.stringify(SWEEP_SCHEMA_ID)},"inputs":${JSON.stringify(plan.inputsHash)},"columns":${JSON.stringify(plan.columns)},"points":[\n`;
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
  const lines = text.split('\n').slice(text.startsWith('#') ? 2 : 1, -1);
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
      rows.push(
        Object.fromEntries(plan.columns.map((c, i) => [c, cells[i] !== '' && /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(cells[i]!) ? Number(cells[i]) : cells[i]])),
      );
    }
  }
  return rows;
}

function keyOf(plan: SweepPlan, row: Record<string, unknown>): string {
  return plan.columns
    .slice(0, plan.keyColumns)
    .map((c) => String(row[c] ?? ''))
    .join('\u0000');
}

/** Where a file's rows go: the whole sweep (header with the inputs hash, rows 0…count-1, footer), or a
 *  shard's part (its metadata line, rows from…to-1, no footer: src/whatif/shard.ts). */
export interface FileRange {
  readonly header: string;
  readonly from: number;
  readonly to: number;
  readonly footer: boolean;
}

export function wholeFile(plan: SweepPlan, format: SweepFormat): FileRange {
  return { header: fileHeader(plan, format), from: 0, to: plan.count, footer: true };
}

/** Starts `file` afresh (replacing any old content) with the header line. Returns the first index to evaluate. */
export function startFile(plan: SweepPlan, file: string, format: SweepFormat, range: FileRange = wholeFile(plan, format)): number {
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(file, range.header);
  } catch (e) {
    throw ioError(e, 'write the sweep output', file);
  }
  return range.from;
}

/** An existing file is replaced only when an addersim sweep (or a part of one) wrote it: it starts with
 *  `# addersim/…` (CSV) or `{"schema":"addersim/…` (JSON). Anything else is the user's, never overwritten. */
export function checkSweepTarget(file: string): void {
  let head = '';
  try {
    if (!statSync(file).isFile()) return; // a folder or device: the write below reports it
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(64);
      head = buf.subarray(0, readSync(fd, buf, 0, 64, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return; // missing or unreadable: the write below reports what is wrong
  }
  if (head !== '' && !/^(?:# addersim\/|\{"schema":"addersim\/)/.test(head)) {
    throw new AddersimError('BAD_INPUT', 'the file exists and was not written by an addersim sweep: move it away or choose another --out', file);
  }
}

/**
 * Prepares `file` for appending from the first missing point: keeps the header and every complete row
 * that matches the plan's point at its position, cuts a partial last line. Returns the next index
 * (= the range's end when the file is complete). A file of another sweep is an error, never overwritten.
 */
export function resumeFrom(plan: SweepPlan, file: string, format: SweepFormat, range: FileRange = wholeFile(plan, format)): number {
  if (!existsSync(file)) return startFile(plan, file, format, range);
  const text = readInputBytes(file, 'sweep output', 'outputBytes').toString('utf8');
  const header = range.header;
  if (!text.startsWith(header)) {
    if (!range.footer)
      throw new AddersimError(
        'BAD_INPUT',
        'the file holds another part (another sweep, shard or format: its first line differs): remove it or drop --resume',
        file,
      );
    const inputs = /^(?:# \S+ inputs=|\{"schema":"[^"]*","inputs":")(sha256:[0-9a-f]{64})/.exec(text)?.[1];
    const bare = format === 'csv' ? text.replace(/^#[^\n]*\n/, '') : text.replace(/^(\{"schema":"[^"]*",)"inputs":"[^"]*",/, '$1');
    if (!bare.startsWith(headerLine(plan, format)))
      throw new AddersimError('BAD_INPUT', 'the file holds a different sweep (its header differs): remove it or drop --resume', file);
    if (inputs === undefined)
      throw new AddersimError('BAD_INPUT', 'the file holds no record of its inputs (written by an older addersim?): remove it or drop --resume', file);
    throw new AddersimError(
      'BAD_INPUT',
      `the inputs changed since the file was written (a profile, model, setting or the grid): its ${inputs.slice(0, 19)}… is not ${plan.inputsHash.slice(0, 19)}…; remove it or drop --resume`,
      file,
    );
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
    const parsed = parseRows(plan, `${headerLine(plan, format)}${line}\n`, format);
    if (parsed.length !== 1) break;
    if (n >= range.to || keyOf(plan, parsed[0]!) !== expected(n)) {
      throw new AddersimError('BAD_INPUT', `row ${n - range.from} does not match point ${n} of this sweep: remove the file or drop --resume`, file);
    }
    n++;
    offset += Buffer.byteLength(line) + 1;
  }
  try {
    truncateSync(file, offset);
    if (n === range.to && range.footer) appendFileSync(file, footerLine(format));
  } catch (e) {
    throw ioError(e, 'write the sweep output', file);
  }
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

  constructor(
    private readonly plan: SweepPlan,
    private readonly file: string,
    private readonly format: SweepFormat,
    from: number,
    range?: FileRange,
  ) {
    this.written = from;
    this.range = range ?? wholeFile(plan, format);
  }

  append(row: Record<string, unknown>): void {
    try {
      appendFileSync(this.file, rowLine(this.plan, row, this.format, this.written === 0));
      this.written++;
      if (this.written === this.range.to && this.range.footer) appendFileSync(this.file, footerLine(this.format));
    } catch (e) {
      throw ioError(e, 'write the sweep output', this.file);
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of output `file` (FILE.lock, created with `wx`, holding this PID); a lock whose process is
 * gone is stale and taken over. Another live writer is an error. Returns the release function (also run at
 * process exit).
 */
export function lockOutput(file: string): () => void {
  const lock = `${file}.lock`;
  try {
    mkdirSync(dirname(resolve(lock)), { recursive: true });
  } catch (e) {
    throw ioError(e, 'create the folder of the output', dirname(resolve(lock)));
  }
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(e, 'create the lock file of the output', lock);
    }
    let holder = NaN;
    try {
      holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    } catch {
      // removed meanwhile: try again
    }
    const fresh = Number.isNaN(holder) && Date.now() - safeMtime(lock) < 2000; // being written right now
    if (attempt >= 2 || fresh || (Number.isSafeInteger(holder) && holder > 0 && pidAlive(holder))) {
      throw new AddersimError(
        'BAD_INPUT',
        `another addersim${Number.isNaN(holder) ? '' : ` (PID ${holder})`} is writing this file; wait for it to finish, or remove ${lock} if no such run is going`,
        file,
      );
    }
    try {
      rmSync(lock, { force: true }); // stale: its process is gone
    } catch (e) {
      throw ioError(e, 'remove the stale lock file of the output', lock);
    }
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    try {
      if (readFileSync(lock, 'utf8') === `${process.pid}\n`) unlinkSync(lock);
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return release;
}

function safeMtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
