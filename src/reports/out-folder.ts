// Ownership of a report's output folder: a report is written only into a folder that is missing, empty, or
// holds the marker of an earlier addersim report (whose manifest lists every file in it). `.`, `..`, `/`,
// $HOME, a regular file or a folder with anything else in it is refused before any work. A swap of old and
// new report left half done by a killed run is repaired here (`recoverStranded`), at the next start.

import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import { AddersimError, ioWhy } from '../isa/index.ts';

/** The marker file of a report folder: JSON `{ schema, files }`, written last. */
export const REPORT_MARKER = '.addersim-report';
export const REPORT_MARKER_SCHEMA = 'addersim/report-marker@1';
/** A marker larger than this is not ours (a manifest of a few hundred names is a few KB). */
const MARKER_MAX_BYTES = 1 << 20;

export function markerText(files: readonly string[]): string {
  return `${JSON.stringify({ schema: REPORT_MARKER_SCHEMA, files: [...files].sort() }, null, 2)}\n`;
}

const refuse = (why: string, path: string): AddersimError => new AddersimError('BAD_INPUT', `refusing to write a report here: ${why}`, path);

const within = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);

/** The files (relative, `/`-separated) under `dir`, folders not listed. */
function walk(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      const inner = walk(join(dir, e.name), rel);
      out.push(...(inner.length ? inner : [`${rel}/`]));
    } else out.push(rel);
  }
  return out;
}

function manifestOf(markerPath: string, out: string): ReadonlySet<string> {
  let text: string;
  try {
    const st = lstatSync(markerPath);
    if (!st.isFile() || st.size > MARKER_MAX_BYTES) throw refuse(`${REPORT_MARKER} is not an addersim report marker`, out);
    text = readFileSync(markerPath, 'utf8');
  } catch (e) {
    if (e instanceof AddersimError) throw e;
    throw refuse(`cannot read its ${REPORT_MARKER} (${ioWhy(e)})`, out);
  }
  try {
    const m = JSON.parse(text) as { schema?: unknown; files?: unknown };
    if (m.schema === REPORT_MARKER_SCHEMA && Array.isArray(m.files) && m.files.every((f) => typeof f === 'string')) return new Set(m.files as string[]);
  } catch {
    // falls through to the refusal
  }
  throw refuse(`${REPORT_MARKER} is not an addersim report marker`, out);
}

/**
 * Checks that `outDir` may be (re)written as a report folder; returns its absolute path. Throws BAD_INPUT
 * saying why not. Nothing is changed.
 */
export function checkReportTarget(outDir: string): string {
  if (outDir.trim() === '') throw refuse('the folder name is empty (an unset variable?)', '--out');
  const out = resolve(outDir);
  if (parse(out).root === out) throw refuse('it is the root of the file system', out);
  if (within(process.cwd(), out)) throw refuse('it is the current folder or holds it', out);
  if (within(homedir(), out)) throw refuse('it is your home folder or holds it', out);
  let st;
  try {
    st = lstatSync(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new AddersimError('BAD_INPUT', `cannot write the report folder (${ioWhy(e)})`, out);
    // missing folders are made only below the current folder: a mistyped absolute path is not a new tree
    const parent = dirname(out);
    if (!existsSync(parent) && !within(out, process.cwd()))
      throw refuse(`its parent folder ${parent} does not exist (create it first, or give a folder below the current one)`, out);
    return out;
  }
  if (st.isSymbolicLink()) throw refuse('it is a symbolic link; give the folder it points to', out);
  // The same checks through symbolic links on the way (`/link/to/home` is $HOME).
  const real = realpathSync(out);
  if (parse(real).root === real || within(realpathSync(process.cwd()), real) || within(realpathSync(homedir()), real))
    throw refuse(`it is ${real}, the root, the current folder, your home folder or a folder holding one`, out);
  if (!st.isDirectory()) throw refuse('it is a file, not a folder', out);
  let entries: string[];
  try {
    entries = walk(out);
  } catch (e) {
    throw refuse(`cannot list it (${ioWhy(e)})`, out);
  }
  if (!entries.length) return out;
  if (!entries.includes(REPORT_MARKER)) {
    throw refuse(`the folder is not empty and is not an addersim report (no ${REPORT_MARKER}); give a new or empty folder`, out);
  }
  const manifest = manifestOf(join(out, REPORT_MARKER), out);
  const foreign = entries.find((f) => f !== REPORT_MARKER && !manifest.has(f));
  if (foreign !== undefined) throw refuse(`it holds "${foreign}", which the earlier report did not write; move it away first`, out);
  return out;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Repairs what killed runs left beside `out`: a stranded `.NAME.old-PID` (the previous report, moved aside
 * just before the new one was moved in) is moved back when `out` is missing, else removed; temporary
 * `.NAME.tmp-PID` folders are removed. Folders of live processes are left alone.
 */
export function recoverStranded(out: string): void {
  const parent = dirname(out);
  const name = basename(out);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return; // no parent yet: nothing stranded
  }
  const stranded = entries
    .map((e) => ({ e, m: /^\.(.+)\.(tmp|old)-(\d+)$/.exec(e) }))
    .filter((x) => x.m && x.m[1] === name && !alive(Number(x.m[3])))
    .sort((a, b) => (a.m![2] === b.m![2] ? a.e.localeCompare(b.e) : a.m![2] === 'old' ? -1 : 1));
  for (const { e, m } of stranded) {
    const path = join(parent, e);
    let outExists = true;
    try {
      lstatSync(out);
    } catch {
      outExists = false;
    }
    if (m![2] === 'old' && !outExists) renameSync(path, out);
    else rmSync(path, { recursive: true, force: true });
  }
}
