// The paper view on the real paper lowering (models' `lower`, f32): resnet20's figures of issue 5.
import { describe, expect, it } from 'vitest';
import { lower } from '../../src/models/lowering/index.ts';
import { applyVariant } from '../../src/models/variants.ts';
import { inferShapes } from '../../src/models/shapes.ts';
import { zooModel } from '../../src/models/zoo/index.ts';
import { loadProfile, targetCaps } from '../../src/sim/profile/loader.ts';
import { loadEnergyTable } from '../../src/sim/energy/table.ts';
import { energyOfProgram } from '../../src/sim/energy/energy.ts';

const MACS = 40_813_184;

describe('paper view, resnet20, Horowitz 45 nm, paper lowering in f32', () => {
  const g = inferShapes(zooModel('resnet20'));
  const caps = targetCaps(loadProfile('via-nano-2000'));
  const t = loadEnergyTable('horowitz-45nm');
  const energy = (v: 'cnn' | 'adder' | 'bnn', c: 'all' | 'inner') =>
    energyOfProgram(lower(applyVariant(g, v, c), { lowering: 'paper', dtype: 'f32' }, caps), t, { view: 'paper' });
  it('CNN = MACs × (3.7 + 0.9) pJ = 187,740,646.4 pJ exactly', () => {
    const e = energy('cnn', 'all');
    expect(e.exactPJ).toBe('187740646.4');
    expect(BigInt(e.exactPJ.replace('.', ''))).toBe(BigInt(MACS) * (37n + 9n));
    expect(e.energyPJ).toBe(187740646.4);
  });
  it('AdderNet (every conv/FC converted, as the paper counts) = 2 × MACs × 0.9 pJ = 73,463,731.2 pJ exactly', () => {
    const e = energy('adder', 'all');
    expect(e.exactPJ).toBe('73463731.2');
    expect(BigInt(e.exactPJ.replace('.', ''))).toBe(2n * BigInt(MACS) * 9n);
  });
  it('keeping the first conv and last FC multiplicative adds their 443,008 multiplies: + 443,008 × 2.8 pJ', () => {
    // inner: 443,008 mul+add (4.6) and 40,370,176 sub+add (1.8) → 443,008 × 4.6 + 40,370,176 × 1.8
    expect(energy('adder', 'inner').exactPJ).toBe('74704153.6');
  });
});
