// Derived metric: ratio = cycles(variant) / cycles(ratioTo) on the same profile, with intervals, paired
// samples and tornado on the ratio. Hand computation (serial, paper lowering, convert all, lenet5-bn on the
// Nano, MACs = 416,520): CNN = MACs·(m + a), AdderNet = MACs·(s + a) with m = mul.f64, a = add.f64, s = sub.f64 = 2.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweep } from '../../src/whatif/sweep.ts';
import { runCli } from '../cli/run-cli.ts';
import { sweepCharts } from '../../src/cli/commands/sweep-charts.ts';

const MACS = 416_520;
const base = { models: ['lenet5-bn'], cpus: ['via-nano-2000'], schedulers: ['serial' as const], lowerings: ['paper' as const], converts: ['all' as const] };
const ranges = [
  { path: 'forms.mul.f64.latency', lo: 3, hi: 5 },
  { path: 'forms.add.f64.latency', lo: 2, hi: 3 },
];

describe('ratio adder/cnn', () => {
  it('nominal (m 4, a 2): (2 + 2) / (4 + 2) = 2/3; interval over the corners; tornado per number', async () => {
    const { rows } = await sweep({ ...base, variants: ['adder'], ratioTo: 'cnn', uncertainty: { interval: true, tornado: true, ranges } });
    const r = rows[0]!;
    expect(r.cycles).toBe(MACS * 4);
    expect(r['cycles:cnn']).toBe(MACS * 6);
    expect(r.ratio).toBe(4 / 6);
    // corners (m, a): the ratio (2 + a)/(m + a) is lowest at m 5, a 2 (4/7) and highest at m 3, a 3 (5/6)
    expect(r.ratioMin).toBe((MACS * 4) / (MACS * 7));
    expect(r.ratioMax).toBe((MACS * 5) / (MACS * 6));
    const bars = r.tornado as { path: string; atLo: number; atHi: number }[];
    const mul = bars.find((b) => b.path === 'forms.mul.f64.latency')!;
    expect([mul.atLo, mul.atHi]).toEqual([(MACS * 4) / (MACS * 5), (MACS * 4) / (MACS * 7)]);
  });

  it('samples are paired: sample k of the ratio = sample k of the AdderNet / sample k of the CNN', async () => {
    const u = { samples: 12, seed: 7, ranges };
    const ratio = (await sweep({ ...base, variants: ['adder'], ratioTo: 'cnn', uncertainty: u })).rows[0]!;
    const cycles = (await sweep({ ...base, variants: ['cnn', 'adder'], uncertainty: u })).rows;
    const cnn = cycles[0]!.samples as number[];
    const adder = cycles[1]!.samples as number[];
    expect(ratio.samples).toEqual(adder.map((a, k) => a / cnn[k]!));
    // and each pair is one CPU: a = adder/MACs − 2 gives m = cnn/MACs − a inside 3..5
    for (let k = 0; k < cnn.length; k++) {
      const a = adder[k]! / MACS - 2;
      expect(cnn[k]! / MACS - a).toBeGreaterThanOrEqual(3);
      expect(cnn[k]! / MACS - a).toBeLessThanOrEqual(5);
    }
  });

  it("the CLI: --ratio-to with --tornado --chart draws the ratio's tornado", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'addersim-ratio-'));
    const r = await runCli(
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
      '--chart',
      dir,
    );
    expect(r.code, r.err).toBe(0);
    const [head, row] = r.out
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(row![head!.indexOf('ratio')]).toBe(String(4 / 6));
    expect(readFileSync(join(dir, 'tornado-0.svg'), 'utf8')).toMatch(/^<\?xml/);
    // the chart's spec: the ratio's bars around the nominal ratio
    const { plan, rows } = await sweep({ ...base, variants: ['adder'], ratioTo: 'cnn', uncertainty: { tornado: true, ranges: [ranges[0]!] } });
    const chart = sweepCharts(plan, rows).find((c) => c.kind === 'tornado')!;
    expect(chart.title).toContain('adder/cnn ratio');
    expect(chart.datasets.find((d) => d.label === 'base')!.values).toEqual([4 / 6]);
    expect(chart.datasets.find((d) => d.label === "at the range's low")!.values).toEqual([4 / 5]);
    // the nominal is a labelled line, and the point is named by what it is (no row number)
    expect(chart.refLine).toEqual({ value: 4 / 6, label: `nominal ${(4 / 6).toFixed(3)}` });
    expect(chart.title).not.toMatch(/point \d/);
  });
});
