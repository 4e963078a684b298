// Invariants over random models, kernels and machines (fixed seeds):
//   cycle ≥ bound on random loop nests (the bound is a lower bound for nests, not only single loops) and on
//   small zoo models; counts exactly additive over layers (ops totals = Σ layers, cycles = Σ layer cycles);
//   raising any latency never lowers serial or bound; extrapolated = expanded on random nests.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loop, type Kernel } from '../../src/isa/index.ts';
import { inferShapes, loadModel, opTable, parseGraphFile, VARIANTS } from '../../src/models/index.ts';
import { deriveProfile, loadProfile } from '../../src/sim/profile/loader.ts';
import { scheduleKernel } from '../../src/sim/schedulers/schedule.ts';
import { evaluate } from '../../src/whatif/evaluate.ts';
import { arbBody, arbMachine, RANDOM_FORMS } from '../sim/sched-helpers.ts';
import { params } from './fuzz-config.ts';
import { validGraphDoc } from './arb-graph.ts';

/** Deeper random nests than the scheduler tests': up to three levels, straight-line code around each. */
const arbDeepNest: fc.Arbitrary<Kernel> = fc
  .record({
    a: arbBody(2),
    b: arbBody(3),
    c: arbBody(3),
    d: fc.array(arbBody(2), { maxLength: 1 }),
    t1: fc.integer({ min: 0, max: 6 }),
    t2: fc.integer({ min: 0, max: 6 }),
    t3: fc.integer({ min: 0, max: 12 }),
  })
  .map((r) => ({ name: 'deep-nest', body: [...r.a, loop('o', r.t1, [...r.b, loop('m', r.t2, [loop('k', r.t3, r.c), ...r.d.flat()])])] }));

describe('invariants over random nests and machines', () => {
  it('cycle ≥ bound, and extrapolated = expanded (600 nests)', () => {
    fc.assert(
      fc.property(arbMachine({ issue: 'any' }), arbDeepNest, (p, k) => {
        const bound = scheduleKernel(k, p, 'bound');
        const cyc = scheduleKernel(k, p, 'cycle');
        expect(cyc.cycles).toBeGreaterThanOrEqual(bound.cycles);
        expect(scheduleKernel(k, p, 'cycle', { extrapolate: false }).cycles).toBe(cyc.cycles);
      }),
      params(600, 51),
    );
  });

  it('raising any latency never lowers serial or bound (1,500 nests)', () => {
    fc.assert(
      fc.property(arbMachine({ issue: 'any' }), arbDeepNest, fc.constantFrom(...RANDOM_FORMS), fc.integer({ min: 1, max: 9 }), (p, k, form, more) => {
        const t = p.forms[form]!;
        const slower = deriveProfile(p, { forms: { [form]: { latency: t.latency + more } } });
        for (const s of ['serial', 'bound'] as const) expect(scheduleKernel(k, slower, s).cycles).toBeGreaterThanOrEqual(scheduleKernel(k, p, s).cycles);
      }),
      params(1500, 52),
    );
  });
});

describe('invariants over random valid graphs on real profiles', () => {
  const cpus = ['via-nano-2000', 'intel-skylake', 'arm-cortex-a55'].map((n) => loadProfile(n));
  it('program cycles = Σ layer cycles; op totals = Σ layers; bound ≤ cycle per layer (300 graphs)', () => {
    fc.assert(
      fc.property(
        validGraphDoc(),
        fc.constantFrom(...cpus),
        fc.constantFrom(...VARIANTS),
        fc.constantFrom('paper', 'scalar', 'simd', 'int8') as fc.Arbitrary<'paper' | 'scalar' | 'simd' | 'int8'>,
        (doc, cpu, variant, lowering) => {
          const g = inferShapes(parseGraphFile(doc, 'g.json'), 'g.json');
          const t = opTable(g, 'exact');
          for (const op of Object.keys(t.totals)) expect(t.totals[op]).toBe(t.layers.reduce((s, l) => s + (l.counts[op] ?? 0), 0));
          const bound = evaluate(g, cpu, { variant, lowering, scheduler: 'bound' }).result;
          const cyc = evaluate(g, cpu, { variant, lowering, scheduler: 'cycle' }).result;
          for (const r of [bound, cyc]) expect(r.cycles).toBe(r.layers.reduce((s, l) => s + l.cycles, 0));
          cyc.layers.forEach((l, i) => expect(l.cycles, l.layer).toBeGreaterThanOrEqual(bound.layers[i]!.cycles));
        },
      ),
      params(300, 53),
    );
  });
});

describe('invariants on small zoo models', () => {
  it('lenet5-bn: cycle ≥ bound per layer, every variant and lowering, on three CPUs; same numbers twice', async () => {
    const { graph } = await loadModel('lenet5-bn');
    for (const name of ['via-nano-2000', 'intel-skylake', 'arm-cortex-a55']) {
      const cpu = loadProfile(name);
      for (const variant of VARIANTS) {
        for (const lowering of ['scalar', 'simd'] as const) {
          const bound = evaluate(graph, cpu, { variant, lowering, scheduler: 'bound' }).result;
          const cyc = evaluate(graph, cpu, { variant, lowering, scheduler: 'cycle' }).result;
          expect(cyc.cycles).toBeGreaterThanOrEqual(bound.cycles);
          cyc.layers.forEach((l, i) => expect(l.cycles, `${name} ${variant} ${lowering} ${l.layer}`).toBeGreaterThanOrEqual(bound.layers[i]!.cycles));
          expect(JSON.stringify(evaluate(graph, cpu, { variant, lowering, scheduler: 'bound' }).result)).toBe(JSON.stringify(bound));
        }
      }
    }
  });
});
