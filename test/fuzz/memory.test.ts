// Memory property: inputs generated around every budget (kernel size and depth, ONNX fan-out, folding and
// chains, machine sizes) each finish with exit 0, 1 or 2 within 60 s, in a process held to a 2 GB heap and
// RLIMIT_DATA of 3 GB: an input that escaped its budget kills the child (out of memory), failing the test.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const RUNS = 12;

function child(seed: number): Promise<{ code: number | null; lines: { what: string; code: number; ms: number; heapMB: number; err: string }[]; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(
      'sh',
      [
        '-c',
        `ulimit -d ${3 * 1024 * 1024} && exec "$0" "$@"`,
        process.execPath,
        '--max-old-space-size=2048',
        '--import',
        'tsx',
        join(import.meta.dirname, 'memory-child.ts'),
        String(seed),
        String(RUNS),
      ],
      { cwd: join(import.meta.dirname, '../..') },
    );
    let out = '';
    let err = '';
    p.stdout.on('data', (b) => (out += String(b)));
    p.stderr.on('data', (b) => (err += String(b)));
    const timer = setTimeout(() => p.kill('SIGKILL'), RUNS * 60_000);
    p.on('exit', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        lines: out
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
        err,
      });
    });
  });
}

describe('memory: generated inputs finish under the budgets', () => {
  it(
    `${RUNS} inputs around the limits, in a child with a 2 GB heap`,
    async () => {
      const r = await child(20261203);
      expect(r.code, `child died after ${r.lines.length} cases; next was not printed. ${r.err.slice(-500)}`).toBe(0);
      expect(r.lines).toHaveLength(RUNS);
      for (const l of r.lines) {
        expect([0, 1, 2], `${l.what}: ${l.err}`).toContain(l.code);
        expect(l.ms, l.what).toBeLessThan(60_000);
        if (l.code === 1) expect(l.err, l.what).toMatch(/^addersim: error \[[A-Z_]+\] /);
      }
    },
    RUNS * 60_000 + 30_000,
  );
});
