// `addersim calibrate` from the CLI: refusals, and (on an x86-64 Linux host with cc) a calibration of two
// forms written as an extends profile that validates, with its raw figures beside it.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const canRun = process.platform === 'linux' && process.arch === 'x64' && ['/usr/bin/cc', '/usr/local/bin/cc'].some(existsSync);

describe('addersim calibrate', () => {
  it('usage: --out must be a .json file; too few samples; exit 2', async () => {
    expect((await runCli('calibrate', 'amd-zen3', '--out', 'x.txt')).code).toBe(2);
    expect((await runCli('calibrate', 'amd-zen3', '--out', 'x.json', '--repetitions', '3', '--passes', '2')).code).toBe(2);
  });
  it('a form the profile lacks is an input error, exit 1', async () => {
    const r = await runCli('calibrate', 'amd-zen3', '--out', join(mkdtempSync(join(tmpdir(), 'cal-')), 'x.json'), '--forms', 'popcnt.i32x8');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/UNKNOWN_FORM/);
  });
  it.runIf(canRun)('writes an extends profile that validates, and the raw figures', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cal-')), 'my-zen3.json');
    const r = await runCli('calibrate', 'amd-zen3', '--out', out, '--forms', 'add.f32x8,popcnt.i64');
    if (r.code === 1 && /HOST/.test(r.err)) return; // a host the harness cannot drive
    expect(r.code, r.err).toBe(0);
    const p = JSON.parse(readFileSync(out, 'utf8'));
    expect(p).toMatchObject({ extends: 'amd-zen3', name: 'my-zen3' });
    const raw = JSON.parse(readFileSync(out.replace(/\.json$/, '.raw.json'), 'utf8'));
    expect(raw.figures.map((f: { form: string }) => f.form)).toEqual(['add.f32x8', 'popcnt.i64']);
    expect((await runCli('profiles', 'validate', out)).code).toBe(0);
  });
});
