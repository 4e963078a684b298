// Incremental evaluation (src/whatif/incremental.ts) against the reference path: the same cycles as
// `evaluate(graph, deriveWith(base, settings), …)` for every point of small grids and random settings,
// the same errors, and reuse where the restriction says a layer cannot change (counted, so the test fails
// if nothing is reused or if something that can change is reused).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/models/index.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { boundCyclesOf, boundDependency, boundKernel, boundThroughput } from '../../src/sim/schedulers/bound.ts';
import type { SchedulerName } from '../../src/sim/results/result.ts';
import { DeriveChecker } from '../../src/whatif/derive-checked.ts';
import { evaluate } from '../../src/whatif/evaluate.ts';
import { IncrementalEvaluator, type IncrementalPoint } from '../../src/whatif/incremental.ts';
import { deriveWith, type Setting } from '../../src/whatif/params.ts';
import { caught } from '../helpers/caught.ts';

const nano = loadProfile('via-nano-2000');
const skylake = loadProfile('intel-skylake');
const { graph: lenet } = await loadModel('lenet5-bn');
const { graph: resnet20 } = await loadModel('resnet20');

const reference = (g: typeof lenet, base: typeof nano, settings: Setting[], p: IncrementalPoint): number =>
  evaluate(g, deriveWith(base, settings), { variant: p.variant, convert: p.convert, scheduler: p.scheduler, lowering: p.lowering, ...(p.dtype ? { dtype: p.dtype } : {}) }).result.cycles;

describe('DeriveChecker', () => {
  it('derives the profile deriveWith derives (equal values), sharing untouched parts with the base', () => {
    const c = new DeriveChecker();
    const settings = [{ path: 'forms.add.f32.latency', value: 7 }, { path: 'forms.mul.f32.uopCycles', value: 3 }, { path: 'machine.dispatchWidth', value: 5 }];
    const d = c.derive(nano, settings);
    expect(d).toEqual(deriveWith(nano, settings));
    expect(d.forms['add.f32']!.latency).toBe(7);
    expect(d.forms['sub.f32']).toBe(nano.forms['sub.f32']); // shared, not copied
    expect(nano.forms['add.f32']!.latency).not.toBe(7); // the base is untouched
  });

  it('an invalid part throws deriveWith\'s error (code, message, path), also the second time', () => {
    const c = new DeriveChecker();
    for (const s of [[{ path: 'machine.dispatchWidth', value: 0 }], [{ path: 'forms.mul.f32.uopCycles', value: 0 }], [{ path: 'forms.mul.f32x8.latency', value: 1 }]]) {
      const want = caught(() => deriveWith(nano, s));
      for (let i = 0; i < 2; i++) {
        const got = caught(() => c.derive(nano, s));
        expect([got.code, got.message, got.path]).toEqual([want.code, want.message, want.path]);
      }
    }
  });
});

describe('the bound apart by terms', () => {
  it('boundCyclesOf(throughput, dependency) = boundKernel cycles on every distinct layer of resnet20 and lenet5-bn, 4 lowerings, 3 CPUs', async () => {
    let n = 0;
    for (const profile of [nano, skylake, loadProfile('arm-cortex-a55')]) for (const g of [lenet, resnet20]) for (const lowering of ['paper', 'scalar', 'simd', 'int8'] as const) for (const variant of ['cnn', 'adder', 'bnn'] as const) {
      let program;
      try {
        program = evaluate(g, profile, { variant, scheduler: 'serial', lowering }).program;
      } catch {
        continue; // a lowering this CPU cannot run (no int8 dot form, say)
      }
      for (const k of program.kernels) {
        expect(boundCyclesOf(boundThroughput(k, profile), boundDependency(k, profile))).toBe(boundKernel(k, profile).cycles);
        n++;
      }
    }
    expect(n).toBeGreaterThan(500);
  });
});

describe('IncrementalEvaluator = evaluate', () => {
  it('every point of a latency grid, serial/bound/cycle, cnn and adder, lenet5-bn on via-nano-2000', () => {
    const inc = new IncrementalEvaluator({});
    for (const scheduler of ['serial', 'bound', 'cycle'] as SchedulerName[]) for (const variant of ['cnn', 'adder'] as const) {
      for (const add of [1, 2, 5, 40]) for (const mul of [1, 4, 9]) {
        const settings = [{ path: 'forms.add.f32.latency', value: add }, { path: 'forms.mul.f32.latency', value: mul }];
        const p: IncrementalPoint = { model: 'lenet5-bn', cpu: 'via-nano-2000', variant, convert: 'inner', scheduler, lowering: 'scalar' };
        expect(inc.evaluate(lenet, nano, settings, p)).toBe(reference(lenet, nano, settings, p));
      }
    }
    // 3 schedulers × 2 variants lowered once each (settings do not change the lowering)
    expect(inc.stats.lowerings).toBe(2);
    expect(inc.stats.layersReused).toBeGreaterThan(0);
  });

  it('reuse follows the restriction: an AdderNet layer without mul.f32 is not rescheduled when only mul.f32 changes', () => {
    const inc = new IncrementalEvaluator({});
    const p: IncrementalPoint = { model: 'lenet5-bn', cpu: 'via-nano-2000', variant: 'adder', convert: 'inner', scheduler: 'bound', lowering: 'scalar' };
    inc.evaluate(lenet, nano, [{ path: 'forms.mul.f32.latency', value: 1 }], p);
    const first = { ...inc.stats };
    inc.evaluate(lenet, nano, [{ path: 'forms.mul.f32.latency', value: 9 }], p);
    const scheduled = inc.stats.layersScheduled - first.layersScheduled;
    const reused = inc.stats.layersReused - first.layersReused;
    // the second point reschedules exactly the distinct layers that run mul.f32 (first conv, last FC, BN …)
    expect(scheduled + reused).toBe(first.layersScheduled);
    expect(reused).toBeGreaterThan(0);
    expect(scheduled).toBeGreaterThan(0);
    // and a machine number the serial scheduler does not read reuses every layer
    const s = new IncrementalEvaluator({});
    const ps = { ...p, scheduler: 'serial' as const };
    const a = s.evaluate(lenet, nano, [{ path: 'machine.dispatchWidth', value: 1 }], ps);
    const b = s.evaluate(lenet, nano, [{ path: 'machine.dispatchWidth', value: 4 }], ps);
    expect(a).toBe(b);
    expect(s.stats.layersScheduled).toBe(s.stats.layersReused);
  });

  it('property: random settings on resnet20 (simd, skylake), bound and cycle, in any order', () => {
    const inc = new IncrementalEvaluator({});
    fc.assert(
      fc.property(
        fc.constantFrom<SchedulerName>('bound', 'cycle'), fc.constantFrom('cnn' as const, 'adder' as const),
        fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 6 }),
        (scheduler, variant, addLatency, uopCycles, width) => {
          const settings = [{ path: 'forms.add.f32x8.latency', value: addLatency }, { path: 'forms.sub.f32x8.uopCycles', value: uopCycles }, { path: 'machine.dispatchWidth', value: width }];
          const p: IncrementalPoint = { model: 'resnet20', cpu: 'intel-skylake', variant, convert: 'inner', scheduler, lowering: 'simd' };
          expect(inc.evaluate(resnet20, skylake, settings, p)).toBe(reference(resnet20, skylake, settings, p));
        },
      ),
      { numRuns: 12, seed: 19 },
    );
  });

  it('an error is the reference path\'s error', () => {
    const inc = new IncrementalEvaluator({});
    const p: IncrementalPoint = { model: 'lenet5-bn', cpu: 'via-nano-2000', variant: 'cnn', convert: 'inner', scheduler: 'cycle', lowering: 'scalar' };
    const s = [{ path: 'forms.mul.f32.latency', value: 20_000 }];
    const want = caught(() => reference(lenet, nano, s, p));
    const got = caught(() => inc.evaluate(lenet, nano, s, p));
    expect([got.code, got.message, got.path]).toEqual([want.code, want.message, want.path]);
  });
});
