// Pipe binding at dispatch (profile machine.pipeBinding): a single-µop instruction whose ports all lie in
// the binding queues goes at dispatch into the eligible queue with the fewest µops waiting (ties to the
// first) and then issues only to that queue's ports. Hand-counted issue cycles, the exactness contract
// (state round trips, extrapolation = full expansion) with binding on, and what the loader refuses.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loop, type Kernel } from '../../src/isa/index.ts';
import { machineDesc } from '../../src/sim/descriptors.ts';
import { deriveProfile, loadProfile } from '../../src/sim/profile/loader.ts';
import type { Profile } from '../../src/sim/profile/schema.ts';
import { runPipeline } from '../../src/sim/cycle/pipeline.ts';
import { compileKernel } from '../../src/sim/cycle/static-program.ts';
import { caught } from '../helpers/caught.ts';
import { arbBody, arbMachine, i, makeProfile, runRebuilding } from './sched-helpers.ts';

const A = 'assumption: test';
const bound = (p: Profile, queues: string[][]): Profile =>
  deriveProfile(p, { name: `${p.name}-bound`, machine: { pipeBinding: { policy: 'fewest-waiting', queues, source: A } } });

describe('pipe binding at dispatch', () => {
  // ports A and B; mul only on A (latency 4), add on A or B (latency 1); 4-wide dispatch
  const base = makeProfile({
    ports: ['A', 'B'],
    dispatchWidth: 4,
    forms: { 'mul.f32': { latency: 4, uops: [{ ports: ['A'] }] }, 'add.f32': { latency: 1, uops: [{ ports: ['A', 'B'] }] } },
  });
  const k: Kernel = { name: 'bind', body: [i('mul.f32', 'm', 'x'), i('add.f32', 't', 'm'), i('add.f32', 'u', 'x'), i('add.f32', 'v', 'x')] };
  const issued = (p: Profile) =>
    runPipeline(compileKernel(k, p), machineDesc(p), { timelineInstructions: 4, extrapolate: false }).timeline.map((r) => r.issued);

  it('hand-counted: the independent add waits for the pipe it was bound to', () => {
    // all four dispatch at cycle 0 and may issue from cycle 1; t waits for m until 1 + 4 = 5.
    // Without binding, cycle 1: m on A, u on the free B; v finds no free port: cycle 2.
    expect(issued(base)).toEqual([1, 5, 1, 2]);
    // Queues [A], [B], waiting counts (qA, qB): m → A (1, 0); t → B, fewer (1, 1); u → A, a tie to the
    // first (2, 1); v → B (2, 2). Cycle 1: m on A, u bound to A waits, v on B; cycle 2: u on A.
    expect(issued(bound(base, [['A'], ['B']]))).toEqual([1, 5, 2, 1]);
  });

  it('one queue holding every port binds nothing that matters: the same cycles as no binding', () => {
    const k2: Kernel = { name: 'chain', body: [loop('k', 50, [i('mul.f32', 'm', 'x'), i('add.f32', 'acc', 'acc', 'm'), i('add.f32', 'u', 'x')])] };
    const cycles = (p: Profile) => runPipeline(compileKernel(k2, p), machineDesc(p), { extrapolate: false }).cycles;
    expect(cycles(bound(base, [['A', 'B']]))).toBe(cycles(base));
  });

  it('exact with binding on: states round-trip and extrapolation equals full expansion (random machines and kernels)', () => {
    let jumped = 0;
    fc.assert(
      fc.property(
        arbMachine({ issue: 'out-of-order' }),
        arbBody(4),
        arbBody(2),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 20, max: 80 }),
        fc.integer({ min: 1, max: 4 }),
        (p0, inner, tail, t1, t2, split) => {
          const ports = Object.keys(p0.ports);
          const cut = Math.min(split, ports.length);
          const queues = [ports.slice(0, cut), ports.slice(cut)].filter((q) => q.length > 0);
          const p = bound(p0, queues);
          const kk: Kernel = { name: 'rt', body: [loop('o', t1, [loop('k', t2, inner), ...tail])] };
          const prog = compileKernel(kk, p);
          const full = runPipeline(prog, machineDesc(p), { extrapolate: false });
          const fast = runPipeline(prog, machineDesc(p));
          expect(fast.cycles).toBe(full.cycles);
          expect(fast.portBusy).toEqual(full.portBusy);
          if (fast.simulatedInstructions < fast.instructions) jumped++;
          // a machine rebuilt from its own state every 7 cycles runs on the same
          const pipe = runRebuilding(prog, machineDesc(p));
          expect(pipe.stats.lastRetireCycle + 1).toBe(full.cycles);
          expect([...pipe.stats.portBusy]).toEqual(full.portBusy);
        },
      ),
      { numRuns: 60, seed: 1515 },
    );
    expect(jumped).toBeGreaterThan(10); // not vacuous: extrapolation skipped work in many runs
  });

  it('amd-zen3 binds its FP pipes in two queues; profiles without the property are unchanged (llvm-mca validation)', () => {
    const z = loadProfile('amd-zen3');
    expect(z.machine.pipeBinding?.queues).toEqual([
      ['FP0', 'FP1'],
      ['FP2', 'FP3'],
    ]);
    expect(z.machine.pipeBinding?.source).toMatch(/^measured: /);
    for (const name of ['intel-skylake', 'intel-haswell', 'amd-jaguar', 'arm-cortex-a57', 'arm-cortex-a55'])
      expect(loadProfile(name).machine.pipeBinding, name).toBeUndefined();
  });

  it('the loader refuses unknown ports, a port in two queues, and in-order machines', () => {
    expect(caught(() => bound(base, [['A'], ['C']])).message).toMatch(/port "C" is not declared/);
    expect(caught(() => bound(base, [['A', 'B'], ['B']])).message).toMatch(/in two binding queues/);
    const inOrder = makeProfile({ issue: 'in-order', ports: ['A', 'B'], forms: { 'add.f32': { latency: 1, uops: [{ ports: ['A', 'B'] }] } } });
    expect(caught(() => bound(inOrder, [['A'], ['B']])).message).toMatch(/out-of-order/);
    expect(caught(() => bound(base, [['A'], ['C']])).path).toMatch(/machine\.pipeBinding\.queues\[1\]$/);
  });
});
