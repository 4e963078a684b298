// The paper's claims beside addersim's numbers (paperClaims, shared with `reproduce`) and their section.
import { describe, expect, it } from 'vitest';
import { paperClaims } from '../../src/whatif/study.ts';
import { claimsSection } from '../../src/reports/study-report.ts';
import { renderTableText } from '../../src/reports/render-text.ts';

describe('paperClaims', () => {
  const claims = paperClaims();
  const find = (q: RegExp, variant?: string, model?: string) =>
    claims.find((c) => q.test(c.quantity) && (!variant || c.variant === variant) && (!model || c.model === model))!;
  it('LeNet-5 serial on the VIA Nano 2000: 2,610,000 and 1,740,000 cycles exactly', () => {
    expect(find(/paper counts \(435K/, 'cnn').addersim).toBe(2_610_000);
    expect(find(/paper counts \(870K/, 'adder').addersim).toBe(1_740_000);
    expect(find(/CNN \/ AdderNet/).addersim).toBe(1.5);
  });
  it('op tables: ResNet-20 40,813,184 vs 41.17M (−0.87%), ResNet-32 69,124,736 vs 69.12M', () => {
    const r20 = find(/^#Mul$/, 'cnn', 'resnet20');
    expect(r20.addersim).toBe(40_813_184);
    expect(r20.deltaFraction).toBeCloseTo((40_813_184 - 41_170_000) / 41_170_000, 12);
    expect(find(/^#Add \(2/, 'adder', 'resnet20').addersim).toBe(81_626_368);
    expect(find(/^#Mul$/, 'cnn', 'resnet32').addersim).toBe(69_124_736);
    expect(find(/^#XNOR$/, 'bnn', 'resnet18').addersim).toBe(1_814_073_344);
    expect(find(/^#Mul$/, 'cnn', 'resnet50-v1').addersim).toBe(3_857_973_248);
  });
  it('every row has a one-line reason and a source', () => {
    for (const c of claims) {
      expect(c.reason.length, c.quantity).toBeGreaterThan(5);
      expect(c.reason).not.toContain('\n');
      expect(c.source).toMatch(/addernet-paper\.md §/);
    }
  });
  it('the energy ratio (0.9 + 0.9) / (3.7 + 0.9)', () => {
    expect(find(/energy ratio/).addersim).toBeCloseTo(1.8 / 4.6, 15);
  });
  it('renders as a section with three tables', () => {
    const s = claimsSection(claims);
    expect(s.tables.map((t) => t.id)).toEqual(['claims-latency', 'claims-ops', 'claims-energy']);
    expect(renderTableText(s.tables[0]!)).toMatch(/2,610,000\s+2,610,000\s+0\.0%/);
  });
});

describe('paperClaims, LeNet-5 counts', () => {
  it("435K MACs and 870K adds beside the zoo's 416,520 and 833,040", () => {
    const claims = paperClaims();
    const lenet = claims.filter((c) => c.group === 'ops' && c.model === 'lenet5-bn').map((c) => [c.variant, c.paper, c.addersim]);
    expect(lenet).toEqual([
      ['cnn', 435_000, 416_520],
      ['adder', 870_000, 833_040],
    ]);
  });
});
