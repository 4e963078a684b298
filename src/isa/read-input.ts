// The one reader of input files: regular files only, size checked against the limits of ./limits.ts
// before reading. The only node: module of isa: the explorer's browser build swaps this file for
// src/explore/web/read-input.browser.ts (the page hands the engine bytes, never paths).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AddersimError } from './errors.ts';
import { ioError, limit, limitError } from './limits.ts';

/**
 * Reads an input file: a regular file (or a link to one) of at most `limitName` bytes, checked before reading
 * (and again while reading, for files whose size the stat does not tell, like /proc files).
 */
export function readInputBytes(file: string, what: string, limitName: 'inputBytes' | 'onnxBytes' | 'outputBytes' = 'inputBytes'): Buffer {
  const max = limit(limitName);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw ioError(e, `read the ${what}`, file);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new AddersimError('BAD_INPUT', `the ${what} is not a regular file`, file);
    if (st.size > max) throw limitError(limitName, st.size, file);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size - total + 1, 1 << 16), max + 1 - total, 1 << 24));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw limitError(limitName, total, file);
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    throw ioError(e, `read the ${what}`, file);
  } finally {
    closeSync(fd);
  }
}

export function readInputText(file: string, what: string): string {
  return readInputBytes(file, what).toString('utf8');
}
