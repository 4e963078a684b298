// Every budget on input-driven growth, in one table: its default, what it bounds, and the flag that raises
// it (if any). Each is checked before the work it guards starts and fails with a LIMIT error naming it.
// Also the JSON parse that never echoes the file's bytes. The one reader of input files is
// ./read-input.ts (node:fs; the browser explorer's build swaps it for a stub).

import { AddersimError } from './errors.ts';

export const LIMITS = {
  inputBytes: { value: 16 * 1024 * 1024, unit: 'bytes', flag: '--max-input-mb', what: 'size of a JSON input file (profile, kernel, graph, energy table)' },
  onnxBytes: { value: 512 * 1024 * 1024, unit: 'bytes', flag: '--max-input-mb', what: 'size of an ONNX model file' },
  outputBytes: { value: 1024 * 1024 * 1024, unit: 'bytes', flag: '--max-input-mb', what: 'size of a sweep output read back (--resume, charts)' },
  kernelInstructions: { value: 100_000, unit: 'instructions', flag: null, what: 'instructions in a kernel body (all loops of the nest together)' },
  loopDepth: { value: 64, unit: 'loops', flag: null, what: 'depth of a kernel loop nest' },
  onnxNodes: { value: 200_000, unit: 'nodes', flag: null, what: 'nodes of an ONNX graph' },
  onnxFanout: { value: 10_000, unit: 'consumers', flag: null, what: 'consumers of one ONNX tensor' },
  foldedElements: { value: 16 * 1024 * 1024, unit: 'elements', flag: null, what: 'elements of all constants folded while importing an ONNX graph' },
  carriedReads: {
    value: 256,
    unit: 'reads',
    flag: null,
    what: "loop-carried reads inside one dependency cycle group of a loop body (bound's recurrence costs their cube)",
  },
  schedulerSize: { value: 4096, unit: 'entries', flag: null, what: 'machine.schedulerSize of a profile run on the cycle scheduler' },
  reorderBuffer: { value: 4096, unit: 'entries', flag: null, what: 'machine.reorderBuffer of a profile run on the cycle scheduler' },
  dispatchWidth: { value: 64, unit: 'µops/cycle', flag: null, what: 'machine.dispatchWidth (and retireWidth) of a profile run on the cycle scheduler' },
  workers: { value: 256, unit: 'threads', flag: null, what: 'sweep --workers (then capped by the cores and the points)' },
} as const satisfies Record<string, { value: number; unit: string; flag: string | null; what: string }>;

export type LimitName = keyof typeof LIMITS;

/** Raised limits travel to worker threads (sweep pools) in this environment variable (JSON). */
const ENV = 'ADDERSIM_RAISED_LIMITS';
const raised = new Map<LimitName, number>();
/** The process environment (none in the explorer's browser build). */
const env: Record<string, string | undefined> | undefined = typeof process === 'undefined' ? undefined : process.env;
try {
  const inherited = env?.[ENV] ? (JSON.parse(env[ENV]) as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(inherited))
    if (Object.hasOwn(LIMITS, k) && Number.isSafeInteger(v) && (v as number) > 0) raised.set(k as LimitName, v as number);
} catch {
  // a malformed variable raises nothing
}

/** The current value of a limit (its default unless raised). */
export function limit(name: LimitName): number {
  return raised.get(name) ?? LIMITS[name].value;
}

/** Raises (or lowers) a limit for this process, e.g. from `--max-input-mb`. */
export function setLimit(name: LimitName, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new AddersimError('USAGE', `limit ${name} must be a positive integer, got ${value}`, name);
  raised.set(name, value);
  if (env) env[ENV] = JSON.stringify(Object.fromEntries(raised));
}

/** A LIMIT error naming the limit, its value and how to raise it. */
export function limitError(name: LimitName, got: number | string, path: string): AddersimError {
  const l = LIMITS[name];
  const how = l.flag ? ` (raise it with ${l.flag})` : '';
  return new AddersimError('LIMIT', `${got} passes the limit ${name} = ${limit(name)} ${l.unit}${how}: ${l.what}`, path);
}

/** Throws a LIMIT error when `got` > the limit. */
export function checkLimit(name: LimitName, got: number, path: string): void {
  if (got > limit(name)) throw limitError(name, got, path);
}

/** One line for an I/O error code: what went wrong, in words, and what to do. */
export function ioWhy(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'ENOENT: file not found, or a folder on its path does not exist';
    case 'ENOTDIR':
      return 'ENOTDIR: a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'EISDIR: it is a folder';
    case 'EACCES':
    case 'EPERM':
      return `${code}: permission denied; choose a place you may write to or change its permissions`;
    case 'EROFS':
      return 'EROFS: the file system is read-only; choose another place';
    case 'ENOSPC':
      return 'ENOSPC: the disk is full; free some space or choose another place';
    case 'EDQUOT':
      return 'EDQUOT: the disk quota is used up; free some space';
    case 'EEXIST':
      return 'EEXIST: it, or a part of its path, already exists as a file';
    case 'EMFILE':
    case 'ENFILE':
      return `${code}: too many open files`;
    case 'ENAMETOOLONG':
      return 'ENAMETOOLONG: the name is too long';
    case 'ELOOP':
      return 'ELOOP: too many symbolic links';
    case 'EIO':
      return 'EIO: input/output error from the device';
    default:
      return code ?? String((e as Error)?.message ?? e);
  }
}

/** An I/O failure on `path` as an input error (exit 1) saying what failed and what to do. */
export function ioError(e: unknown, action: string, path: string): AddersimError {
  if (e instanceof AddersimError) return e;
  return new AddersimError('BAD_INPUT', `cannot ${action} (${ioWhy(e)})`, path);
}

/** JSON.parse whose error tells where, never the file's bytes (V8's message quotes them). */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    let where = '';
    if (at) {
      const pos = Number(at[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      where = ` at line ${line}, column ${pos - before.lastIndexOf('\n')}`;
    } else if (/end of JSON input/.test((e as Error).message)) where = ': it ends too early';
    throw new AddersimError('BAD_INPUT', `not valid JSON${where}`, file);
  }
}
