// Counts a person reads are grouped by the one grouping (isa/group-digits.ts, behind reports' fmtInt):
// notes, progress lines and messages print 81,920, never 81920.
import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../src/isa/index.ts';
import { fmtInt } from '../../src/reports/format.ts';
import { runCli } from './run-cli.ts';

/** Digit runs of 4 or more outside a grouped number, hashes and decimals (a sha256, "3.14159" and years are not counts). */
function ungrouped(line: string): string[] {
  return [...line.replace(/\(profile [0-9a-f]+\)/g, '').matchAll(/(?<![\d.,])\d{4,}(?![\d.,])/g)].map((m) => m[0]);
}

describe('grouped counts', () => {
  it('the one grouping: groupDigits and fmtInt agree (81920 → 81,920; 999 and 1,000 at the edge)', () => {
    for (const n of [0, 999, 1000, 81_920, 1_234_567, 9_007_199_254_740_991]) expect(fmtInt(n)).toBe(groupDigits(n));
    expect(groupDigits(81_920)).toBe('81,920');
    expect(ungrouped('int8: 81920 zero-padding terms')).toEqual(['81920']);
    expect(ungrouped('int8: 81,920 zero-padding terms (profile 8844e31113c88f10)')).toEqual([]);
  });

  it('latency --lowering int8 notes its zero-padding terms grouped (resnet20: K = 27 → 5 pad bytes × 16,384 outputs = 81,920)', async () => {
    const r = await runCli('latency', 'resnet20', '--cpu', 'intel-skylake', '--lowering', 'int8', '--scheduler', 'bound', '--variant', 'cnn');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('note: int8: 81,920 zero-padding terms beyond the MACs');
    for (const line of r.out.split('\n').filter((l) => l.startsWith('note:') || l.startsWith('settings:'))) expect(ungrouped(line), line).toEqual([]);
  });
});
