// A program scheduled on worker threads (evaluateOnPool) gives exactly what evaluate gives in-process:
// the same cycles, layers, ports and bounds (how much was simulated differs: in-process, the layers of
// a program share recorded steps; on threads each layer is alone); a kernel that fails on a thread fails with
// the same typed error, naming the kernel and the form.

import { afterAll, describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { loadModel } from '../../src/models/index.ts';
import { deriveProfile, loadProfile } from '../../src/sim/profile-loader.ts';
import { evaluate, evaluateOnPool } from '../../src/whatif/evaluate.ts';
import { startPool } from '../../src/whatif/pool.ts';

const pool = startPool(2);
afterAll(async () => {
  await pool.destroy();
});

describe('evaluateOnPool', () => {
  it('equals evaluate, layer by layer (resnet20, cycle, simd and scalar, cnn and adder)', async () => {
    const { graph } = await loadModel('resnet20');
    const profile = loadProfile('intel-skylake');
    for (const lowering of ['simd', 'scalar'] as const) {
      for (const variant of ['cnn', 'adder'] as const) {
        const opts = { variant, scheduler: 'cycle' as const, lowering };
        const a = await evaluateOnPool(graph, profile, opts, pool);
        const b = evaluate(graph, profile, opts);
        // everything but how much was simulated: in-process, layers share recorded steps
        const strip = (r: typeof a.result) => ({ ...r, layers: r.layers.map(({ extrapolation: _, ...l }) => l) });
        expect(strip(a.result)).toEqual(strip(b.result));
        expect(a.result.layers.length).toBe(a.program.kernels.length);
      }
    }
  }, 300_000);

  it('a kernel failing on a thread fails the same way as in-process, naming the kernel and the form', async () => {
    const { graph } = await loadModel('lenet5-bn');
    const profile = deriveProfile(loadProfile('intel-skylake'), { forms: { 'add.f32': { latency: 1_000_000 } } });
    const opts = { variant: 'cnn' as const, scheduler: 'cycle' as const, lowering: 'scalar' as const };
    const inProcess = (() => {
      try {
        evaluate(graph, profile, opts);
      } catch (e) {
        return e;
      }
    })();
    const onPool = await evaluateOnPool(graph, profile, opts, pool).catch((e: unknown) => e);
    expect(inProcess).toBeInstanceOf(AddersimError);
    expect(onPool).toBeInstanceOf(AddersimError);
    expect((onPool as AddersimError).message).toBe((inProcess as AddersimError).message);
    expect((onPool as AddersimError).message).toMatch(/scalar\.conv1.*forms\["add\.f32"\]/);
  }, 300_000);
});
