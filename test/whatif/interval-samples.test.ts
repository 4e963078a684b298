// An interval printed beside samples contains them: on the cycle model the corners are a heuristic (an
// interior profile can beat every corner), so a sample outside widens the interval and the method says so.

import { describe, expect, it } from 'vitest';
import { withSamples, type Interval, type SampleStats } from '../../src/whatif/uncertainty.ts';
import { runCli } from '../cli/run-cli.ts';

const stats = (values: number[]): SampleStats => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: values.length, min: sorted[0]!, median: sorted[(values.length - 1) >> 1]!, max: sorted[values.length - 1]!, values };
};

describe('withSamples (by hand)', () => {
  const corners: Interval = { min: 100, max: 120, method: 'corners', evaluations: 4 };
  it('samples inside: the interval unchanged', () => {
    expect(withSamples(corners, stats([100, 110, 120]))).toBe(corners);
  });
  it('a sample at 125 above the corners max 120: max 125, method corners+samples, 4 + 3 evaluations', () => {
    expect(withSamples(corners, stats([101, 125, 110]))).toEqual({ min: 100, max: 125, method: 'corners+samples', evaluations: 7 });
  });
  it('a sample below: min moves; corners-partial keeps its name', () => {
    const partial: Interval = { ...corners, method: 'corners-partial' };
    expect(withSamples(partial, stats([95, 110]))).toMatchObject({ min: 95, max: 120, method: 'corners-partial+samples' });
  });
  it('a monotone interval is a bound already: never touched', () => {
    const mono: Interval = { min: 100, max: 120, method: 'monotone', evaluations: 2 };
    expect(withSamples(mono, stats([90, 130]))).toBe(mono);
  });
});

describe('sweep --interval --samples on the cycle model', () => {
  it('lenet5-bn adder/cnn on via-nano-2000 (add.f32x4 2..4, mul.f32x4 3..5): every sample inside [ratioMin, ratioMax]', async () => {
    const r = await runCli(
      'sweep',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--variant',
      'adder',
      '--ratio-to',
      'cnn',
      '--uncertain',
      'forms.add.f32x4.latency=2..4',
      '--uncertain',
      'forms.mul.f32x4.latency=3..5',
      '--interval',
      '--samples',
      '8',
      '--workers',
      '1',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const row = JSON.parse(r.out).points[0] as { ratioMin: number; ratioMax: number; intervalMethod: string; samples: number[]; sampleMax: number };
    const samples = (row.samples ?? []) as number[];
    expect(row.ratioMax).toBeGreaterThanOrEqual(row.sampleMax);
    for (const s of samples) {
      expect(s).toBeGreaterThanOrEqual(row.ratioMin);
      expect(s).toBeLessThanOrEqual(row.ratioMax);
    }
    // this case has an interior sample above every corner (found by a new user): the widening is visible
    expect(row.intervalMethod).toBe('corners+samples');
  });
});
