// `sweep --out FILE` killed midway leaves the previous FILE intact (rows stream into FILE.partial, renamed
// when complete), and `--resume` finishes the partial file to the same bytes as an uninterrupted run.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'addersim-sweep-kill-'));
const BASE = [
  'sweep',
  'lenet5-bn',
  '--cpu',
  'via-nano-2000',
  '--variant',
  'cnn,adder',
  '--scheduler',
  'bound',
  '--lowering',
  'paper',
  '--workers',
  '1',
  '--no-progress',
];
const lines = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').length - 1 : 0);

describe('sweep --out: killed midway', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('keeps the previous file; --resume completes the partial one', async () => {
    const out = join(dir, 'rows.csv');
    expect((await runCli(...BASE, '--set', 'forms.mul.f64.latency=1..3', '--out', out)).code).toBe(0);
    const before = readFileSync(out, 'utf8');
    expect(existsSync(`${out}.partial`)).toBe(false);

    const big = [...BASE, '--set', 'forms.mul.f64.latency=1..80'];
    const killed = await new Promise<string | null>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/addersim.js'), ...big, '--out', out], { cwd: ROOT, stdio: 'ignore' });
      const t = setInterval(() => lines(`${out}.partial`) > 3 && (child.kill('SIGKILL'), clearInterval(t)), 5);
      child.on('exit', (_code, signal) => (clearInterval(t), resolve(signal)));
    });
    expect(killed).toBe('SIGKILL');
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(lines(`${out}.partial`)).toBeGreaterThan(3);

    expect((await runCli(...big, '--out', out, '--resume')).code).toBe(0);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const fresh = join(dir, 'fresh.csv');
    expect((await runCli(...big, '--out', fresh)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(fresh, 'utf8'));
  });
});
