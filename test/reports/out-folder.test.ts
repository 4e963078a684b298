// `report --out` writes only into a folder it owns: missing, empty, or an earlier report (marker + manifest).
// `.`, `..`, `/`, $HOME, "" and a regular file are refused with exit 1 and every file left in place.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { checkReportTarget, REPORT_MARKER } from '../../src/reports/out-folder.ts';
import { runCli } from '../cli/run-cli.ts';

const ROOT = join(import.meta.dirname, '../..');
const base = mkdtempSync(join(tmpdir(), 'addersim-own-'));
const SMALL = ['--models', 'lenet5-bn', '--cpus', 'via-nano-2000', '--schedulers', 'serial', '--formats', 'md', '--no-progress'];
afterAll(() => rmSync(base, { recursive: true, force: true }));

const refusal = (dir: string): string => {
  try {
    checkReportTarget(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(AddersimError);
    expect((e as AddersimError).code).toBe('BAD_INPUT');
    return (e as AddersimError).message;
  }
  return 'accepted';
};

describe('report --out: ownership', () => {
  it('a missing parent is made only below the current folder (a mistyped absolute path is refused)', () => {
    const missing = join(base, 'no-such-parent', 'deeper', 'out');
    expect(refusal(missing)).toMatch(/parent folder .* does not exist/);
    expect(readdirSync(base)).not.toContain('no-such-parent');
  });

  it('cd a/work && addersim report --out .. (and .) exit 1 and leave every file in place', () => {
    const work = join(base, 'a', 'work');
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'keep.txt'), 'mine');
    writeFileSync(join(base, 'a', 'sibling.txt'), 'mine too');
    for (const out of ['..', '.', '', 'keep.txt']) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/addersim.js'), 'report', '--out', out, ...SMALL], { cwd: work, encoding: 'utf8' });
      expect(r.status, out).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/refusing to write a report here/);
    }
    expect(readdirSync(join(base, 'a')).sort()).toEqual(['sibling.txt', 'work']);
    expect(readdirSync(work)).toEqual(['keep.txt']);
  });

  it('refuses the root, the current folder and what holds it, $HOME, an empty name, a file, a foreign folder', () => {
    expect(refusal('/')).toMatch(/root of the file system/);
    expect(refusal(process.cwd())).toMatch(/current folder/);
    expect(refusal(dirname(process.cwd()))).toMatch(/current folder/);
    expect(refusal(homedir())).toMatch(/home folder/);
    expect(refusal('')).toMatch(/empty/);
    const file = join(base, 'notes.md');
    writeFileSync(file, 'x');
    expect(refusal(file)).toMatch(/is a file/);
    const foreign = join(base, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'thesis.tex'), 'x');
    expect(refusal(foreign)).toMatch(/not an addersim report/);
    writeFileSync(join(foreign, REPORT_MARKER), 'not json');
    expect(refusal(foreign)).toMatch(/not an addersim report marker/);
    expect(refusal(join(base, 'missing'))).toBe('accepted');
    mkdirSync(join(base, 'empty'));
    expect(refusal(join(base, 'empty'))).toBe('accepted');
  });

  it('a report run twice into its own folder replaces it; a file the report did not write makes it foreign', async () => {
    const out = join(base, 'own');
    expect((await runCli('report', '--out', out, ...SMALL)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([REPORT_MARKER, 'report.md']);
    expect((await runCli('report', '--out', out, ...SMALL)).code).toBe(0);
    writeFileSync(join(out, 'my-notes.txt'), 'keep me');
    const r = await runCli('report', '--out', out, ...SMALL);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/holds "my-notes.txt", which the earlier report did not write/);
    expect(readdirSync(out).sort()).toEqual([REPORT_MARKER, 'my-notes.txt', 'report.md']);
  });
});
