// One writer per sweep output (FILE.lock made with `wx`, stale when its PID is gone, released at the end),
// and `--resume` refuses a file whose recorded inputs hash (profile, model, settings, grid) differs.

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockOutput } from '../../src/whatif/sweep-output.ts';
import { runCli } from '../cli/run-cli.ts';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'addersim-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sweep output lock', () => {
  it('a second lock is refused while the first is held; released, it can be taken again', () => {
    const f = join(dir, 'a.csv');
    const release = lockOutput(f);
    expect(readFileSync(`${f}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    expect(() => lockOutput(f)).toThrow(/another addersim \(PID \d+\) is writing this file/);
    release();
    expect(existsSync(`${f}.lock`)).toBe(false);
    lockOutput(f)();
  });

  it('a lock whose process is gone is stale and taken over', () => {
    const f = join(dir, 'b.csv');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${f}.lock`, `${dead.stdout}\n`);
    const release = lockOutput(f);
    expect(readFileSync(`${f}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    release();
  });

  it('two concurrent `sweep --out s.csv`: the second is refused (exit 1) and the first finishes', async () => {
    const out = join(dir, 's.csv');
    // cycle scheduler: the first run must outlast the second's start (serial points are now ~µs each)
    const args = [
      'sweep',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--scheduler',
      'cycle',
      '--lowering',
      'paper',
      '--set',
      'forms.mul.f64.latency=1..400',
      '--variant',
      'cnn',
      '--workers',
      '1',
      '--no-progress',
      '--out',
      out,
    ];
    const first = spawn(process.execPath, [join(ROOT, 'bin/addersim.js'), ...args], { cwd: ROOT, stdio: 'ignore' });
    const done = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    while (!existsSync(`${out}.lock`)) await new Promise((r) => setTimeout(r, 20));
    const second = await runCli(...args);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(new RegExp(`another addersim \\(PID ${first.pid}\\) is writing this file`));
    expect(await done).toBe(0);
    expect(existsSync(`${out}.lock`)).toBe(false);
    const text = readFileSync(out, 'utf8').split('\n');
    expect(text[1]).toMatch(/^index,model,cpu/);
    expect(text).toHaveLength(2 + 400 + 1); // inputs line, header, 400 rows, final newline
  });
});

describe('sweep --resume checks the inputs hash', () => {
  it('after the profile file changed, --resume is refused and the file left alone', async () => {
    const cpu = join(dir, 'nano.json');
    copyFileSync(join(ROOT, 'cpu-profiles/via-nano-2000.json'), cpu);
    const out = join(dir, 'r.csv');
    const args = [
      'sweep',
      'lenet5-bn',
      '--cpu',
      cpu,
      '--scheduler',
      'serial',
      '--lowering',
      'paper',
      '--set',
      'forms.mul.f64.latency=1..6',
      '--variant',
      'cnn',
      '--workers',
      '1',
      '--out',
      out,
    ];
    expect((await runCli(...args)).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# addersim\/sweep@1 inputs=sha256:[0-9a-f]{64}\n/);
    truncateSync(out, text.split('\n').slice(0, 5).join('\n').length + 1); // 3 of 6 rows kept
    const cut = readFileSync(out, 'utf8');
    // The same inputs resume to the same bytes.
    expect((await runCli(...args, '--resume')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);
    truncateSync(out, cut.length);
    // A number of the profile changes (not one swept): the old rows were computed with the old profile.
    const profile = JSON.parse(readFileSync(cpu, 'utf8')) as { forms: Record<string, { latency: number }> };
    profile.forms['add.f64']!.latency += 1;
    writeFileSync(cpu, JSON.stringify(profile));
    const r = await runCli(...args, '--resume');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the inputs changed since the file was written/);
    expect(readFileSync(out, 'utf8')).toBe(cut);
  });

  it('a refused --resume is one error line: the sweep notes (accumulators vary here) are not printed before it', async () => {
    const out = join(dir, 'notes.csv');
    const args = (range: string) => [
      'sweep',
      'lenet5-bn',
      '--cpu',
      'intel-skylake',
      '--scheduler',
      'bound',
      '--variant',
      'adder',
      '--set',
      `forms.add.f32x8.latency=${range}`,
      '--out',
      out,
    ];
    const first = await runCli(...args('1..3'));
    expect(first.code, first.err).toBe(0);
    expect(first.err).toContain("note: the simd lowering's accumulator count varies"); // the note this checks is there
    const r = await runCli(...args('1..4'), '--resume');
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^addersim: error \[BAD_INPUT\] .*the inputs changed since the file was written/);
  });

  it('JSON output records the inputs in its first line', async () => {
    const out = join(dir, 'r.json');
    expect(
      (
        await runCli(
          'sweep',
          'lenet5-bn',
          '--cpu',
          'via-nano-2000',
          '--scheduler',
          'serial',
          '--lowering',
          'paper',
          '--set',
          'forms.mul.f64.latency=1..2',
          '--variant',
          'cnn',
          '--workers',
          '1',
          '--out',
          out,
        )
      ).code,
    ).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { inputs: string; points: unknown[] };
    expect(j.inputs).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(j.points).toHaveLength(2);
  });

  it('--out replaces an earlier sweep file but never a user file (exit 1, left as it was)', async () => {
    const args = [
      'sweep',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--scheduler',
      'serial',
      '--lowering',
      'paper',
      '--set',
      'forms.mul.f64.latency=1..2',
      '--variant',
      'cnn',
      '--workers',
      '1',
      '--out',
    ];
    const mine = join(dir, 'mine.csv');
    writeFileSync(mine, 'my,data\n1,2\n');
    const r = await runCli(...args, mine);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not written by an addersim sweep/);
    expect(readFileSync(mine, 'utf8')).toBe('my,data\n1,2\n');
    const ours = join(dir, 'ours.csv');
    expect((await runCli(...args, ours)).code).toBe(0);
    expect((await runCli(...args, ours)).code).toBe(0); // a rerun replaces its own output
    expect(readFileSync(ours, 'utf8')).toMatch(/^# addersim\/sweep@1 /);
  });

  it('--json with --out FILE.csv is a usage error', async () => {
    const r = await runCli('sweep', 'lenet5-bn', '--cpu', 'via-nano-2000', '--json', '--out', join(dir, 'x.csv'));
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});
