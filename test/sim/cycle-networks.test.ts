// Extrapolated = fully expanded, to the cycle, layer by layer on real networks: every layer of
// lenet5-bn (cnn, adder, bnn) and every resnet20 layer small enough to expand in full (≤ EXPAND_LIMIT
// instructions; the large 3×3 convolutions are covered by the random loop-nest property in
// cycle.test.ts), on an out-of-order (intel-skylake) and an in-order (arm-cortex-a55) profile.

import { describe, expect, it } from 'vitest';
import { AddersimError, totalInstructions, type Program } from '../../src/isa/index.ts';
import { applyVariant, inferShapes, lower, zooModel, type Variant } from '../../src/models/index.ts';
import { loadProfile, targetCaps } from '../../src/sim/profile-loader.ts';
import { EXPAND_LIMIT, scheduleKernel } from '../../src/sim/schedule.ts';

function program(model: string, variant: Variant, cpu: string): Program | null {
  const g = inferShapes(zooModel(model));
  const v = variant === 'cnn' ? g : inferShapes(applyVariant(g, variant, 'inner'), g.name);
  try {
    return lower(v, { lowering: 'scalar', variant }, targetCaps(loadProfile(cpu)));
  } catch (e) {
    if (e instanceof AddersimError && e.code === 'UNKNOWN_FORM') return null; // the CPU lacks a form this lowering needs
    throw e;
  }
}

describe('extrapolated = fully expanded on whole networks', () => {
  for (const cpu of ['intel-skylake', 'arm-cortex-a55']) {
    for (const [model, variants] of [['lenet5-bn', ['cnn', 'adder', 'bnn']], ['resnet20', ['cnn', 'adder']]] as const) {
      for (const variant of variants) {
        it(`${model} ${variant} on ${cpu}`, () => {
          const p = program(model, variant, cpu);
          if (!p) return;
          const profile = loadProfile(cpu);
          let compared = 0;
          let extrapolated = 0;
          for (const k of p.kernels) {
            if (totalInstructions(k.body) > EXPAND_LIMIT) continue;
            const a = scheduleKernel(k, profile, 'cycle');
            const b = scheduleKernel(k, profile, 'cycle', { extrapolate: false });
            expect({ layer: k.name, cycles: a.cycles, ports: a.portCycles }).toEqual({ layer: k.name, cycles: b.cycles, ports: b.portCycles });
            compared++;
            if (a.extrapolation!.extrapolated) extrapolated++;
          }
          if (model === 'lenet5-bn') expect(compared).toBe(p.kernels.length);
          expect(compared).toBeGreaterThan(5);
          expect(extrapolated).toBeGreaterThan(0);
        }, 600_000);
      }
    }
  }
});
