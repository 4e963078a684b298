// Incremental evaluation (src/whatif/incremental.ts) against the reference path: the same cycles as
// `evaluate(graph, deriveWith(base, settings), …)` for every point of small grids and random settings,
// the same errors, and reuse where the restriction says a layer cannot change (counted, so the test fails
// if nothing is reused or if something that can change is reused).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formName } from '../../src/isa/index.ts';
import { loadModel } from '../../src/models/index.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { boundCyclesOf, boundDeficit, boundDependency, boundKernel, boundThroughput, dependencyForms } from '../../src/sim/schedulers/bound.ts';
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
  evaluate(g, deriveWith(base, settings), {
    variant: p.variant,
    convert: p.convert,
    scheduler: p.scheduler,
    lowering: p.lowering,
    ...(p.dtype ? { dtype: p.dtype } : {}),
  }).result.cycles;

describe('DeriveChecker', () => {
  it('derives the profile deriveWith derives (equal values), sharing untouched parts with the base', () => {
    const c = new DeriveChecker();
    const settings = [
      { path: 'forms.add.f32.latency', value: 7 },
      { path: 'forms.mul.f32.uopCycles', value: 3 },
      { path: 'machine.dispatchWidth', value: 5 },
    ];
    const d = c.derive(nano, settings);
    expect(d).toEqual(deriveWith(nano, settings));
    expect(d.forms['add.f32']!.latency).toBe(7);
    expect(d.forms['sub.f32']).toBe(nano.forms['sub.f32']); // shared, not copied
    expect(nano.forms['add.f32']!.latency).not.toBe(7); // the base is untouched
  });

  it("an invalid part throws deriveWith's error (code, message, path), also the second time", () => {
    const c = new DeriveChecker();
    for (const s of [
      [{ path: 'machine.dispatchWidth', value: 0 }],
      [{ path: 'forms.mul.f32.uopCycles', value: 0 }],
      [{ path: 'forms.mul.f32x8.latency', value: 1 }],
    ]) {
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
    for (const profile of [nano, skylake, loadProfile('arm-cortex-a55')])
      for (const g of [lenet, resnet20])
        for (const lowering of ['paper', 'scalar', 'simd', 'int8'] as const)
          for (const variant of ['cnn', 'adder', 'bnn'] as const) {
            let program;
            try {
              program = evaluate(g, profile, { variant, scheduler: 'serial', lowering }).program;
            } catch {
              continue; // a lowering this CPU cannot run (no int8 dot form, say)
            }
            for (const k of program.kernels) {
              expect(boundCyclesOf(boundThroughput(k, profile), boundDependency(k, profile), boundDeficit(k, profile))).toBe(boundKernel(k, profile).cycles);
              n++;
            }
          }
    expect(n).toBeGreaterThan(500);
  });

  it('dependencyForms: a latency outside them leaves boundDependency as it was; scalar CNN convolutions leave mul.f32 out (acc += a·b: the recurrence runs through the add)', () => {
    let outside = 0;
    let inside = 0;
    for (const g of [lenet, resnet20])
      for (const lowering of ['scalar', 'simd'] as const)
        for (const variant of ['cnn', 'adder'] as const) {
          const program = evaluate(g, nano, { variant, scheduler: 'serial', lowering }).program;
          const seen = new Set<string>();
          for (const k of program.kernels) {
            const forms = dependencyForms(k);
            const base = boundDependency(k, nano);
            for (const form of new Set([
              ...k.body.flatMap(function all(s): string[] {
                return s.kind === 'loop' ? s.body.flatMap(all) : [formName(s)];
              }),
            ])) {
              if (seen.has(`${k.name}|${form}`)) continue;
              seen.add(`${k.name}|${form}`);
              // +7 cycles of latency and accumulator latency on this one form
              const t = nano.forms[form]!;
              const moved = deriveWith(nano, [
                { path: `forms.${form}.latency`, value: t.latency + 7 },
                ...(t.accumulatorLatency === undefined ? [] : [{ path: `forms.${form}.accumulatorLatency`, value: t.accumulatorLatency + 7 }]),
              ]);
              if (forms.has(form)) inside++;
              else {
                expect(boundDependency(k, moved), `${k.name} ${form}`).toEqual(base);
                outside++;
              }
            }
          }
        }
    expect(outside).toBeGreaterThan(20); // the restriction is not empty …
    expect(inside).toBeGreaterThan(20); // … nor everything
    const conv = evaluate(lenet, nano, { variant: 'cnn', scheduler: 'serial', lowering: 'scalar' }).program.kernels[0]!;
    expect([...dependencyForms(conv)]).toContain('add.f32');
    expect([...dependencyForms(conv)]).not.toContain('mul.f32');
  });
});

describe('IncrementalEvaluator = evaluate', () => {
  it('every point of a latency grid, serial/bound/cycle, cnn and adder, lenet5-bn on via-nano-2000', () => {
    const inc = new IncrementalEvaluator({});
    for (const scheduler of ['serial', 'bound', 'cycle'] as SchedulerName[])
      for (const variant of ['cnn', 'adder'] as const) {
        for (const add of [1, 2, 5, 40])
          for (const mul of [1, 4, 9]) {
            const settings = [
              { path: 'forms.add.f32.latency', value: add },
              { path: 'forms.mul.f32.latency', value: mul },
            ];
            const p: IncrementalPoint = { model: 'lenet5-bn', cpu: 'via-nano-2000', variant, convert: 'inner', scheduler, lowering: 'scalar' };
            expect(inc.evaluate(lenet, nano, settings, p)).toBe(reference(lenet, nano, settings, p));
          }
      }
    // 3 schedulers × 2 variants lowered once each (settings do not change the lowering)
    expect(inc.stats.lowerings).toBe(2);
    expect(inc.stats.layersReused).toBeGreaterThan(0);
  });

  it('x86 register copies included: resnet20 BNN (scalar, xor/popcount integer code) on intel-skylake, serial/bound/cycle', () => {
    // the BNN's destructive integer instructions run with the emitter's copies (isa/x86-copies.ts); the
    // split bound and the cycle path must see them as scheduleProgram does (1,845,903 vs 1,942,159 bound before)
    const inc = new IncrementalEvaluator({});
    for (const scheduler of ['serial', 'bound', 'cycle'] as SchedulerName[]) {
      for (const add of [4, 9]) {
        const settings = [
          { path: 'forms.add.f32.latency', value: add },
          { path: 'forms.mov.i32.latency', value: add - 3 },
        ];
        const p: IncrementalPoint = { model: 'resnet20', cpu: 'intel-skylake', variant: 'bnn', convert: 'inner', scheduler, lowering: 'scalar' };
        expect(inc.evaluate(resnet20, skylake, settings, p)).toBe(reference(resnet20, skylake, settings, p));
      }
    }
  });

  it('reuse follows the restriction: an AdderNet layer without mul.f32 is not rescheduled when only mul.f32 changes', () => {
    const inc = new IncrementalEvaluator({});
    const p: IncrementalPoint = { model: 'lenet5-bn', cpu: 'via-nano-2000', variant: 'adder', convert: 'inner', scheduler: 'bound', lowering: 'scalar' };
    const at = (s: Setting[]) => {
      const before = { ...inc.stats };
      expect(inc.evaluate(lenet, nano, s, p)).toBe(reference(lenet, nano, s, p));
      return { scheduled: inc.stats.layersScheduled - before.layersScheduled, reused: inc.stats.layersReused - before.layersReused };
    };
    const first = at([{ path: 'forms.mul.f32.uopCycles', value: 1 }]);
    // µops of mul.f32 feed the ports term: the second point reschedules exactly the distinct layers that run mul.f32 (BN, first conv, last FC …)
    const second = at([{ path: 'forms.mul.f32.uopCycles', value: 3 }]);
    expect(second.scheduled + second.reused).toBe(first.scheduled);
    expect(second.reused).toBeGreaterThan(0);
    expect(second.scheduled).toBeGreaterThan(0);
    // mul.f32's latency: no AdderNet layer has a mul.f32 on a recurrence (dependencyForms), so none is rescheduled
    const third = at([
      { path: 'forms.mul.f32.uopCycles', value: 3 },
      { path: 'forms.mul.f32.latency', value: 9 },
    ]);
    const fourth = at([
      { path: 'forms.mul.f32.uopCycles', value: 3 },
      { path: 'forms.mul.f32.latency', value: 2 },
    ]);
    expect(third).toEqual({ scheduled: 0, reused: first.scheduled });
    expect(fourth).toEqual({ scheduled: 0, reused: first.scheduled });
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
        fc.constantFrom<SchedulerName>('bound', 'cycle'),
        fc.constantFrom('cnn' as const, 'adder' as const),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 6 }),
        (scheduler, variant, addLatency, uopCycles, width) => {
          const settings = [
            { path: 'forms.add.f32x8.latency', value: addLatency },
            { path: 'forms.sub.f32x8.uopCycles', value: uopCycles },
            { path: 'machine.dispatchWidth', value: width },
          ];
          const p: IncrementalPoint = { model: 'resnet20', cpu: 'intel-skylake', variant, convert: 'inner', scheduler, lowering: 'simd' };
          expect(inc.evaluate(resnet20, skylake, settings, p)).toBe(reference(resnet20, skylake, settings, p));
        },
      ),
      { numRuns: 12, seed: 19 },
    );
  });

  it("an error is the reference path's error", () => {
    const inc = new IncrementalEvaluator({});
    const p: IncrementalPoint = { model: 'lenet5-bn', cpu: 'via-nano-2000', variant: 'cnn', convert: 'inner', scheduler: 'cycle', lowering: 'scalar' };
    const s = [{ path: 'forms.mul.f32.latency', value: 20_000 }];
    const want = caught(() => reference(lenet, nano, s, p));
    const got = caught(() => inc.evaluate(lenet, nano, s, p));
    expect([got.code, got.message, got.path]).toEqual([want.code, want.message, want.path]);
  });
});
