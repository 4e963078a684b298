// `sweep --tornado` on CSV output: the low/high bars have no CSV columns, so without --chart the flag would
// do nothing; it is a usage error pointing at --json and --chart. JSON rows carry the bars.

import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

// serial, paper lowering, convert all on lenet5-bn: CNN = MACs × (mul 4 + add 2), AdderNet = MACs × (2 + 2)
const BASE = [
  'sweep',
  'lenet5-bn',
  '--cpu',
  'via-nano-2000',
  '--variant',
  'adder',
  '--ratio-to',
  'cnn',
  '--scheduler',
  'serial',
  '--lowering',
  'paper',
  '--convert',
  'all',
  '--uncertain',
  'forms.mul.f64.latency=3..5',
  '--tornado',
  '--workers',
  '1',
];

describe('sweep --tornado needs an output that holds it', () => {
  it('CSV on stdout without --chart: exit 2, nothing on stdout, names --json and --chart', async () => {
    const r = await runCli(...BASE);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('--tornado has no CSV columns');
    expect(r.err).toContain('--chart DIR');
  });

  it('--out F.csv without --chart: refused before any file is written', async () => {
    const r = await runCli(...BASE, '--out', '/tmp/addersim-tornado-never.csv');
    expect(r.code).toBe(2);
  });

  it('--json: the row has a bar per ranged number; mul.f64 3..5 moves the ratio 4/5 … 4/7', async () => {
    const r = await runCli(...BASE, '--json');
    expect(r.code, r.err).toBe(0);
    const row = JSON.parse(r.out).points[0] as { ratio: number; tornado: { path: string; atLo: number; atHi: number }[] };
    expect(row.ratio).toBe(4 / 6);
    const mul = row.tornado.find((b) => b.path === 'forms.mul.f64.latency')!;
    expect(mul.atLo).toBeCloseTo(4 / 5, 12);
    expect(mul.atHi).toBeCloseTo(4 / 7, 12);
  });
});
