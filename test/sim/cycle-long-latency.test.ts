// The cycle model's extrapolation at long latencies (issue 19): resnet50's batch-norm loop on Skylake,
// add latency swept 1..64. Past ~35 the reorder buffer holds enough iterations that the crossing deltas
// repeat every 46 iterations and the state only every 92 or 276; a comparison budget counted in
// crossings (not in compared states) could not see such a repeat, and whole instances were simulated
// (100,368 of 100,368 instructions at latency 35). Bounded here per layer; exact against full expansion.
import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../src/isa/index.ts';
import { evaluate } from '../../src/whatif/evaluate.ts';
import { deriveWith } from '../../src/whatif/params.ts';
import { loadModel } from '../../src/models/index.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { scheduleKernel } from '../../src/sim/schedulers/schedule.ts';

const skylake = loadProfile('intel-skylake');
const { graph } = await loadModel('resnet50');
const bn = evaluate(graph, skylake, { variant: 'cnn', scheduler: 'serial', lowering: 'scalar' }).program.kernels.find((k) => k.layer === 'layer1.0.conv3.bn')!;
// the layer with 8 channels instead of 256 (the same loop body and inner trip, 3136): 8 × (2 + 3136 × 4) instructions
const c = bn.body[0]!;
if (c.kind !== 'loop') throw new Error('expected the channel loop');
const kernel: Kernel = { ...bn, body: [{ ...c, trip: 8 }] };
const at = (latency: number) => deriveWith(skylake, [{ path: 'forms.add.f32.latency', value: latency }]);

describe('no slow region at long latencies', () => {
  it('8 × 3136 iterations of the BN loop: at every add latency 1..64 at most 8,000 of 100,368 instructions simulated', () => {
    const simulated: number[] = [];
    for (let latency = 1; latency <= 64; latency++) {
      const r = scheduleKernel(kernel, at(latency), 'cycle');
      expect(r.extrapolation!.totalInstructions).toBe(8 * (2 + 3136 * 4));
      simulated.push(r.extrapolation!.simulatedInstructions ?? Infinity);
    }
    expect(Math.max(...simulated), simulated.join(' ')).toBeLessThanOrEqual(8_000);
  });

  it.each([35, 40, 64])('latency %i: extrapolated = fully expanded (cycles and port busy cycles)', (latency) => {
    const p = at(latency);
    const a = scheduleKernel(kernel, p, 'cycle');
    const b = scheduleKernel(kernel, p, 'cycle', { extrapolate: false });
    expect(a.extrapolation!.simulatedInstructions ?? Infinity).toBeLessThan(b.extrapolation!.simulatedInstructions ?? 0);
    expect([a.cycles, a.portCycles]).toEqual([b.cycles, b.portCycles]);
  });
});
