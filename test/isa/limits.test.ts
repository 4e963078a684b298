// The limits table: README lists every limit with its default; the bounded reader refuses non-regular
// and oversized files before reading them; I/O error codes become a line saying what to do.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AddersimError, ioError, limit, LIMITS, setLimit } from '../../src/isa/index.ts';
import { readInputBytes } from '../../src/isa/read-input.ts';

const dir = mkdtempSync(join(tmpdir(), 'addersim-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const caught = (f: () => unknown): AddersimError => {
  try {
    f();
  } catch (e) {
    if (e instanceof AddersimError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('limits', () => {
  it('README "Limits and errors" names every limit', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Limits and errors'), readme.indexOf('\n## ', readme.indexOf('## Limits and errors') + 5));
    for (const [name, l] of Object.entries(LIMITS)) {
      expect(section, name).toContain(`\`${name}\``);
      if (l.flag) expect(section, name).toContain(l.flag);
    }
  });

  it('input files: regular only, size checked before reading, raised by setLimit', () => {
    expect(caught(() => readInputBytes('/dev/zero', 'profile file')).message).toBe('/dev/zero: the profile file is not a regular file');
    expect(caught(() => readInputBytes(dir, 'kernel file')).message).toMatch(/not a regular file|EISDIR/);
    const big = join(dir, 'big.json');
    writeFileSync(big, Buffer.alloc(limit('inputBytes') + 1, 32));
    const e = caught(() => readInputBytes(big, 'graph file'));
    expect(e.code).toBe('LIMIT');
    expect(e.message).toMatch(/16777217 passes the limit inputBytes = 16777216 bytes \(raise it with --max-input-mb\)/);
    const before = limit('inputBytes');
    setLimit('inputBytes', before + 1);
    expect(readInputBytes(big, 'graph file').length).toBe(before + 1);
    setLimit('inputBytes', before);
    expect(caught(() => readInputBytes(join(dir, 'none.json'), 'profile file')).message).toMatch(
      /none.json: cannot read the profile file \(ENOENT: file not found/,
    );
  });

  it('I/O error codes say what went wrong and what to do', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(ioError(err('ENOSPC'), 'write the file', 'x.csv').message).toBe(
      'x.csv: cannot write the file (ENOSPC: the disk is full; free some space or choose another place)',
    );
    expect(ioError(err('EROFS'), 'write the file', 'x.csv').message).toMatch(/EROFS: the file system is read-only; choose another place/);
    expect(ioError(err('EACCES'), 'write the file', 'x.csv').message).toMatch(/EACCES: permission denied; choose a place you may write to/);
    expect(ioError(err('EACCES'), 'write the file', 'x.csv').code).toBe('BAD_INPUT');
  });
});
