// fmtDecimal groups the integer part of an exact decimal string and keeps every digit (no rounding):
// the `energy` command's "exact:" line reads 1,915,992 pJ, not 1915992 pJ.
import { describe, expect, it } from 'vitest';
import { fmtDecimal } from '../../src/reports/format.ts';
import { runCli } from '../cli/run-cli.ts';

describe('fmtDecimal', () => {
  it.each([
    ['0', '0'],
    ['999', '999'],
    ['1000', '1,000'],
    ['1915992', '1,915,992'],
    ['26134545.28', '26,134,545.28'],
    ['1234.000125', '1,234.000125'],
    ['-1234567', '-1,234,567'],
  ])('%s → %s', (text, out) => {
    expect(fmtDecimal(text)).toBe(out);
  });

  it('energy lenet5-bn (cnn, paper view): exact 416,520 × 0.9 + 416,520 × 3.7 pJ = 1,915,992 pJ', async () => {
    const r = await runCli('energy', 'lenet5-bn', '--variant', 'cnn');
    expect(r.code, r.err).toBe(0);
    expect(416_520 * 0.9 + 416_520 * 3.7).toBeCloseTo(1_915_992, 6);
    expect(r.out).toContain('  exact: 1,915,992 pJ');
  });
});
