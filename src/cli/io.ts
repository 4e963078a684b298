// Output helpers for commands: stdout/stderr writers (injectable for tests) and atomic file writes (an I/O
// failure is an input error naming the file: exit 1).

import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AddersimError, ioError } from '../isa/index.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars only then). */
  readonly isTTY: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Writes a file under a temporary name, then renames it: an interrupted run leaves the old file intact. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // a file parent (ENOTDIR) fails here too: the write's error below is the one to report
    }
    // ENOSPC, EROFS, EACCES, a missing or unmakeable parent: an input error naming the file and what to do.
    throw ioError(e, 'write the file', file);
  }
}

/**
 * Refuses to replace an existing regular file unless `ours` recognises its first 64 KiB as this command's
 * earlier output (then it may be rewritten): a user's file is never overwritten (exit 1, naming it).
 * A missing, unreadable or non-regular target passes: the write itself reports what is wrong.
 */
export function refuseForeignFile(file: string, ours: (head: string) => boolean, command: string): void {
  let head: string;
  try {
    if (!statSync(file).isFile()) return;
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(1 << 16);
      head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return;
  }
  if (head !== '' && !ours(head)) {
    throw new AddersimError('BAD_INPUT', `the file exists and was not written by ${command}: move it away or choose another --out`, file);
  }
}

/** Creates a folder (and its parents) for output; failures are input errors naming it. */
export function makeDir(dir: string, what = 'create the folder'): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw ioError(e, what, dir);
  }
}

/** Stable JSON: 2-space indent, trailing newline. */
export function toJson(x: unknown): string {
  return `${JSON.stringify(x, null, 2)}\n`;
}
