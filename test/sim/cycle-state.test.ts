// The machine state of the cycle model (src/sim/cycle/machine-state.ts): every unit's state round-trips
// (write → restore → write gives the same words), a jump's shift moves it without changing it, and a
// machine restored from its own state runs on exactly as if it had not been (same cycles, same port
// cycles); then each extrapolation mechanism alone against full expansion (CycleOptions.extrapolation).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loop, type Kernel } from '../../src/isa/index.ts';
import { machineDesc } from '../../src/sim/descriptors.ts';
import type { Profile } from '../../src/sim/profile/schema.ts';
import { assemblePipeline, runPipeline, type CycleOptions } from '../../src/sim/cycle/pipeline.ts';
import { StateBuf } from '../../src/sim/cycle/state-buf.ts';
import { compileKernel } from '../../src/sim/cycle/static-program.ts';
import { END_OF_ENTRIES, ISSUED, WAITING, END_OF_PRODUCERS } from '../../src/sim/cycle/reorder-buffer.ts';
import { arbBody, arbMachine, i, makeProfile } from './sched-helpers.ts';

const words = (write: (now: number, out: StateBuf) => void, now: number): number[] => {
  const b = new StateBuf();
  write(now, b);
  return [...b.a.slice(0, b.n)];
};

/** Runs `k` on `p` cycle by cycle without extrapolation; at every `every`-th cycle start the whole machine
 *  is checked (round trip per unit, shift) and rebuilt from its own state. Returns the run's totals and
 *  how many checks found instructions in flight. */
function runWithRoundTrips(k: Kernel, p: Profile, every: number): { cycles: number; portBusy: number[]; checks: number; busyChecks: number } {
  const pipe = assemblePipeline(compileKernel(k, p), machineDesc(p));
  const { machine, stats, stream } = pipe;
  let checks = 0;
  let busyChecks = 0;
  for (let now = 0; ; now++) {
    if (now % every === every - 1) {
      checks++;
      if (pipe.busy()) busyChecks++;
      const perUnit = machine.units.map((u) => words((t, out) => u.write(t, out), now));
      const full = words((t, out) => machine.write(t, out), now);
      expect(full).toEqual(perUnit.flat()); // the machine's state is its units' states in order
      const s = Int32Array.from(full);
      // restored at another cycle (ages count back from the next to dispatch): the same words there
      expect(machine.restore(now + 1000, s, 0)).toBe(s.length);
      expect(words((t, out) => machine.write(t, out), now + 1000)).toEqual(full);
      // restored here: every unit writes what it wrote
      expect(machine.restore(now, s, 0)).toBe(s.length);
      expect(machine.units.map((u) => words((t, out) => u.write(t, out), now))).toEqual(perUnit);
      // a jump: cycles by dt, ages by dseq (the stats' next age moves with them), the same state later
      const dt = 37;
      const dseq = 11;
      machine.shift(dt, dseq);
      stats.dispatched += dseq;
      expect(words((t, out) => machine.write(t, out), now + dt)).toEqual(full);
      machine.shift(-dt, -dseq);
      stats.dispatched -= dseq;
      expect(words((t, out) => machine.write(t, out), now)).toEqual(full);
    }
    pipe.step(now);
    if (stream.peek() === null && !pipe.busy()) break;
  }
  return { cycles: stats.lastRetireCycle + 1, portBusy: [...stats.portBusy], checks, busyChecks };
}

describe('machine state: round trips', () => {
  const twoAdd = makeProfile({
    ports: ['A', 'B', 'L'],
    dispatchWidth: 4,
    forms: {
      'add.f32': { latency: 3, uops: [{ ports: ['A', 'B'] }] },
      'load.f32': { latency: 4, uops: [{ ports: ['L'] }] },
      'mul.f32': { latency: 5, uops: [{ ports: ['A'] }] },
    },
  });

  it('a hand-checkable state: an add chain fed by loads, written as the encodings say', () => {
    // 4-wide: cycle 0 dispatches load x (seq 0), add acc (1), load x (2), add acc (3); nothing has issued
    const k: Kernel = { name: 'chain', body: [loop('k', 4, [i('load.f32', 'x'), i('add.f32', 'acc', 'acc', 'x')])] };
    const pipe = assemblePipeline(compileKernel(k, twoAdd), machineDesc(twoAdd));
    const unit = (n: number, now: number) => words((t, out) => pipe.machine.units[n]!.write(t, out), now);
    pipe.step(0);
    // units: dispatch, reorder buffer, scheduler, registers, ports, stats
    expect(unit(0, 1)).toEqual([0]); // no carry-over
    // load (id 0) waits on nothing; add (id 1) on the load 1 age back; the second add on the first add
    // (2 back: acc) and the second load (1 back: x)
    expect(unit(1, 1)).toEqual([
      0,
      WAITING,
      END_OF_PRODUCERS,
      1,
      WAITING,
      1,
      END_OF_PRODUCERS,
      0,
      WAITING,
      END_OF_PRODUCERS,
      1,
      WAITING,
      2,
      1,
      END_OF_PRODUCERS,
      END_OF_ENTRIES,
    ]);
    expect(unit(2, 1)).toEqual([]); // the scheduler's contents are the entries not issued
    // registers x (0) and acc (1): written by ages 4 − 2 = 2 (the second load) and 4 − 3 = 1 (the second add)
    expect(unit(3, 1)).toEqual([0, 2, 1, 1, -1]);
    // ports A, B, L free; the A/B group's rotation: next = both (mask 3), none removed
    expect(unit(4, 1)).toEqual([0, 0, 0, 3, 0]);
    expect(unit(5, 1)).toEqual([]);
    pipe.step(1);
    // cycle 1 issued the first load (complete at 1 + 4): at cycle 2, 3 cycles left, one word −(16 + id·2^14 + left + 1)
    expect(unit(1, 2)[0]).toBe(-(16 + 0 * 2 ** 14 + 3 + 1));
    expect(unit(1, 2)).not.toContain(ISSUED); // every issued entry fit in one word
  });

  it('every unit round-trips and a machine rebuilt from its own state runs on the same (random kernels, both issue kinds)', () => {
    let busy = 0;
    fc.assert(
      fc.property(
        arbMachine({ issue: 'any' }),
        arbBody(4),
        arbBody(2),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 5 }),
        (p, inner, tail, t1, t2, every) => {
          const k: Kernel = { name: 'rt', body: [loop('o', t1, [loop('k', t2, inner), ...tail])] };
          const r = runWithRoundTrips(k, p, every);
          const plain = runPipeline(compileKernel(k, p), machineDesc(p), { extrapolate: false });
          expect(r.cycles).toBe(plain.cycles);
          expect(r.portBusy).toEqual(plain.portBusy);
          busy += r.busyChecks;
        },
      ),
      { numRuns: 120, seed: 181 },
    );
    expect(busy).toBeGreaterThan(1000); // the states checked held instructions in flight
  });
});

describe('extrapolation mechanisms, each alone, against full expansion', () => {
  const run = (k: Kernel, p: Profile, opts: CycleOptions) => runPipeline(compileKernel(k, p), machineDesc(p), opts);
  const OFF = { periods: false, knownPeriods: false, knownStarts: false, replays: false };
  const cases: [string, CycleOptions['extrapolation'], (r: ReturnType<typeof run>) => boolean][] = [
    ['periods', { ...OFF, periods: true }, (r) => r.jumps.length > 0],
    ['periods + known periods', { ...OFF, periods: true, knownPeriods: true }, (r) => r.knownPeriodJumps > 0],
    ['periods + known periods + known starts', { ...OFF, periods: true, knownPeriods: true, knownStarts: true }, (r) => r.knownStartJumps > 0],
    ['replays', { ...OFF, replays: true }, (r) => r.replays.length > 0],
    ['none', OFF, (r) => r.simulatedInstructions === r.instructions],
  ];
  for (const [name, use, used] of cases) {
    it(`${name}: exact, and used`, () => {
      let usedRuns = 0;
      fc.assert(
        fc.property(
          arbMachine({ issue: 'any' }),
          arbBody(4),
          arbBody(2),
          fc.integer({ min: 2, max: 5 }),
          fc.integer({ min: 2, max: 4 }),
          fc.integer({ min: 20, max: 120 }),
          (p, inner, tail, t1, t2, t3) => {
            const k: Kernel = { name: 'mech', body: [loop('o', t1, [loop('m', t2, [loop('k', t3, inner), ...tail])])] };
            const a = run(k, p, { extrapolation: use });
            const full = run(k, p, { extrapolate: false });
            expect(a.cycles).toBe(full.cycles);
            expect(a.portBusy).toEqual(full.portBusy);
            expect(a.instructions).toBe(full.instructions);
            // what is off is not used
            if (!use!.periods) expect(a.jumps).toEqual([]);
            if (!use!.knownPeriods) expect(a.knownPeriodJumps).toBe(0);
            if (!use!.knownStarts) expect(a.knownStartJumps).toBe(0);
            if (!use!.replays) expect(a.replays).toEqual([]);
            if (used(a)) usedRuns++;
          },
        ),
        { numRuns: 50, seed: 182 },
      );
      expect(usedRuns).toBeGreaterThan(15); // not vacuous: the mechanism skipped work in many runs
    });
  }
});
