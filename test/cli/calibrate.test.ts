// `addersim calibrate` from the CLI: refusals, and (on an x86-64 Linux host with cc) a calibration of two
// forms written as an extends profile that validates, with its raw figures beside it.

import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  it("never replaces a user's file (the profile or NAME.raw.json), checked before measuring; exit 1, file untouched", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cal-'));
    writeFileSync(join(dir, 'mine.json'), 'precious\n');
    const a = await runCli('calibrate', 'amd-zen3', '--out', join(dir, 'mine.json'), '--forms', 'add.f32');
    expect(a.code, a.err).toBe(1);
    expect(a.err).toContain('mine.json: the file exists and was not written by addersim calibrate');
    expect(readFileSync(join(dir, 'mine.json'), 'utf8')).toBe('precious\n');
    // the raw figures' file is checked too, before either file is written
    writeFileSync(join(dir, 'x.raw.json'), '{"mine": 1}\n');
    const b = await runCli('calibrate', 'amd-zen3', '--out', join(dir, 'x.json'), '--forms', 'add.f32');
    expect(b.code, b.err).toBe(1);
    expect(b.err).toContain('x.raw.json: the file exists and was not written by addersim calibrate');
    expect(readFileSync(join(dir, 'x.raw.json'), 'utf8')).toBe('{"mine": 1}\n');
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });
  it("an earlier calibration's files pass the check (the run goes on to the form check)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cal-'));
    copyFileSync('test/validation/calibrated/my-zen3.json', join(dir, 'my-zen3.json'));
    copyFileSync('test/validation/calibrated/my-zen3.raw.json', join(dir, 'my-zen3.raw.json'));
    const r = await runCli('calibrate', 'amd-zen3', '--out', join(dir, 'my-zen3.json'), '--forms', 'popcnt.i32x8');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/UNKNOWN_FORM/); // past the output check, refused by the form lookup
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
    // its own output it may replace: a second run over the same files
    expect((await runCli('calibrate', 'amd-zen3', '--out', out, '--forms', 'add.f32x8')).code).toBe(0);
  });
});
