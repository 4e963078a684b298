// A program scheduled on worker threads (evaluateOnPool) gives exactly what evaluate gives in-process:
// the same cycles, layers, ports and bounds (how much was simulated differs: in-process all layers of a
// program share recorded steps, on threads those dealt to the same thread); a kernel that fails on a
// thread fails with the same typed error, naming the kernel and the form.

import { afterAll, describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { loadModel } from '../../src/models/index.ts';
import { deriveProfile, loadProfile } from '../../src/sim/profile/loader.ts';
import { evaluate } from '../../src/whatif/evaluate.ts';
import { evaluateOnPool } from '../../src/whatif/schedule-pool.ts';
import { startPool } from '../../src/whatif/pool.ts';
import { dealKernels } from '../../src/whatif/schedule-pool.ts';
import { distinctKernels, programForms } from '../../src/sim/schedulers/schedule.ts';

const pool = startPool(2);
afterAll(async () => {
  await pool.destroy();
});

describe('evaluateOnPool', () => {
  it('deals every distinct kernel to exactly one thread, in program order, each family of kernels across the threads', async () => {
    const { graph } = await loadModel('resnet50');
    const profile = loadProfile('intel-skylake');
    const e = evaluate(graph, profile, { variant: 'adder', scheduler: 'serial', lowering: 'scalar' });
    const distinct = [...distinctKernels(e.program)];
    for (const threads of [1, 2, 3]) {
      const tasks = dealKernels(distinct, threads);
      expect(tasks.length).toBe(threads);
      const dealt = tasks.flat().map(([k]) => k);
      expect(new Set(dealt).size).toBe(distinct.length);
      expect(dealt.length).toBe(distinct.length);
      const index = new Map(distinct.map(([k], i) => [k, i]));
      for (const t of tasks) {
        const at = t.map(([k]) => index.get(k)!);
        expect(at).toEqual([...at].sort((a, b) => a - b));
        // balanced by count: no thread has more than half again the mean
        expect(t.length).toBeLessThanOrEqual(Math.ceil((1.5 * distinct.length) / threads));
      }
    }
    // the AdderNet convolutions (one family in the scalar lowering) are split between the two threads
    const convs = (t: readonly (readonly [string, { layerKind?: string }])[]) => t.filter(([, k]) => k.layerKind === 'adder2d').length;
    const [a, b] = dealKernels(distinct, 2);
    expect(convs(a!)).toBeGreaterThan(2);
    expect(convs(b!)).toBeGreaterThan(2);
    expect(programForms(e.program).length).toBeGreaterThan(3);
  });

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
