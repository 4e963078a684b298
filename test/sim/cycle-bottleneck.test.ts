// The cycle result's bottleneck label comes from the simulation's own counts, not from the bound.
import { describe, expect, it } from 'vitest';
import { instr, loop, type Kernel } from '../../src/isa/index.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { cycleBottleneck, scheduleKernel } from '../../src/sim/schedulers/schedule.ts';
import { machineDesc } from '../../src/sim/descriptors.ts';

describe('cycle bottleneck', () => {
  it('hand-made counts: a port busy 95 of 100 cycles; dispatch full; neither → dependency', () => {
    const m = machineDesc(loadProfile('intel-skylake'));
    const busy = m.ports.map(() => 0);
    expect(
      cycleBottleneck(
        100,
        busy.map((_, i) => (m.ports[i] === 'p5' ? 95 : 10)),
        100,
        m,
      ),
    ).toBe('port:p5');
    expect(cycleBottleneck(100, busy, m.dispatchWidth * 98, m)).toBe('dispatch');
    expect(
      cycleBottleneck(
        100,
        busy.map(() => 50),
        100,
        m,
      ),
    ).toBe('dependency');
  });

  it('a chain of dependent abs.i32 on the A55 waits on results: dependency, although bound names a port too', () => {
    const k: Kernel = { name: 'abs-chain', body: [loop('i', 200, [instr('abs', { elem: 'i32', lanes: 1 }, 'a', ['a'])])] };
    const p = loadProfile('arm-cortex-a55');
    expect(scheduleKernel(k, p, 'cycle').bottleneck).toBe('dependency');
    // independent adds: the ALU ports saturate
    const wide: Kernel = {
      name: 'adds',
      body: [
        loop(
          'i',
          200,
          [0, 1, 2, 3].map((j) => instr('add', { elem: 'i32', lanes: 1 }, `r${j}`, [`x${j}`, `y${j}`])),
        ),
      ],
    };
    expect(scheduleKernel(wide, p, 'cycle').bottleneck).toMatch(/^port:|^dispatch$/);
  });
});
