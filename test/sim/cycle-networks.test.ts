// Extrapolated = fully expanded, to the cycle, layer by layer on real networks: EVERY layer of
// lenet5-bn (scalar lowering) and of resnet20 (simd lowering, whose layers all fit under EXPAND_LIMIT;
// the scalar resnet20 is 165–206M dynamic instructions, minutes of full expansion), all variants, on
// an out-of-order (intel-skylake) and an in-order (arm-cortex-a55) profile. Both extrapolations are
// checked this way: period jumps within a loop and replays of recorded outer-loop iterations.

import { describe, expect, it } from 'vitest';
import { AddersimError, totalInstructions, type Program } from '../../src/isa/index.ts';
import { applyVariant, inferShapes, lower, zooModel, type Variant } from '../../src/models/index.ts';
import { loadProfile, targetCaps } from '../../src/sim/profile/loader.ts';
import { EXPAND_LIMIT, scheduleKernel, scheduleProgram } from '../../src/sim/schedulers/schedule.ts';

function program(model: string, variant: Variant, cpu: string, lowering: 'scalar' | 'simd'): Program | null {
  const g = inferShapes(zooModel(model));
  const v = variant === 'cnn' ? g : inferShapes(applyVariant(g, variant, 'inner'), g.name);
  try {
    return lower(v, { lowering, variant }, targetCaps(loadProfile(cpu)));
  } catch (e) {
    if (e instanceof AddersimError && e.code === 'UNKNOWN_FORM') return null; // the CPU lacks a form this lowering needs
    throw e;
  }
}

describe('extrapolated = fully expanded on whole networks', () => {
  for (const cpu of ['intel-skylake', 'arm-cortex-a55']) {
    for (const [model, lowering] of [
      ['lenet5-bn', 'scalar'],
      ['resnet20', 'simd'],
    ] as const) {
      const variants = ['cnn', 'adder', 'bnn'] as const;
      for (const variant of variants) {
        it(`${model} ${variant} (${lowering}) on ${cpu}`, () => {
          const p = program(model, variant, cpu, lowering);
          if (!p) return;
          const profile = loadProfile(cpu);
          let compared = 0;
          let extrapolated = 0;
          let replayed = 0;
          for (const k of p.kernels) {
            expect(totalInstructions(k.body)).toBeLessThanOrEqual(EXPAND_LIMIT);
            const a = scheduleKernel(k, profile, 'cycle');
            const b = scheduleKernel(k, profile, 'cycle', { extrapolate: false });
            expect({ layer: k.name, cycles: a.cycles, ports: a.portCycles }).toEqual({ layer: k.name, cycles: b.cycles, ports: b.portCycles });
            compared++;
            if (a.extrapolation!.extrapolated) extrapolated++;
            if (a.extrapolation!.replays!.length > 0) replayed++;
          }
          expect(compared).toBe(p.kernels.length);
          expect(compared).toBeGreaterThan(5);
          expect(extrapolated).toBeGreaterThan(0);
          // outer-loop replays (steady-state.ts) are exercised, not only period jumps
          if (model === 'resnet20') expect(replayed).toBeGreaterThan(0);
        }, 600_000);
      }
    }
  }
});

describe('layers of a program share recorded steps and periods (scheduleProgram)', () => {
  for (const cpu of ['intel-skylake', 'arm-cortex-a55']) {
    it(`resnet20 (simd and scalar, cnn and adder) on ${cpu}: every layer as when scheduled alone, with less simulated`, () => {
      const profile = loadProfile(cpu);
      for (const lowering of ['simd', 'scalar'] as const) {
        for (const variant of ['cnn', 'adder'] as const) {
          const p = program('resnet20', variant, cpu, lowering);
          if (!p) continue;
          const together = scheduleProgram(p, profile, 'cycle');
          let alone = 0;
          let shared = 0;
          const seen = new Set<unknown>();
          p.kernels.forEach((k, i) => {
            const r = scheduleKernel(k, profile, 'cycle');
            const l = together.layers[i]!;
            expect({ layer: k.name, cycles: l.cycles, ports: l.portCycles }).toEqual({ layer: k.name, cycles: r.cycles, ports: r.portCycles });
            if (seen.has(l.extrapolation)) return;
            seen.add(l.extrapolation);
            alone += r.extrapolation!.simulatedInstructions!;
            shared += l.extrapolation!.simulatedInstructions!;
          });
          expect(shared).toBeLessThan(alone);
        }
      }
    }, 600_000);
  }
});
