// Register copies eliminated at rename (profile machine.moveElimination, mov forms with no µops):
// what the loader accepts, and what the schedulers make of them (hand-counted).

import { describe, expect, it } from 'vitest';
import { instr, scalar, type Kernel } from '../../src/isa/index.ts';
import { deriveProfile, loadProfile } from '../../src/sim/profile/loader.ts';
import { scheduleKernel } from '../../src/sim/schedulers/schedule.ts';
import { caught } from '../helpers/caught.ts';

const zen3 = loadProfile('amd-zen3');
const i64 = scalar('i64');

describe('move elimination', () => {
  it('amd-zen3 eliminates every register copy: no µops, latency 0, one dispatch slot, 6 per cycle', () => {
    expect(zen3.machine.moveElimination?.perCycle.value).toBe(6);
    for (const [form, t] of Object.entries(zen3.forms).filter(([f]) => f.startsWith('mov.'))) {
      expect({ form, uops: t.uops, latency: t.latency, dispatchUops: t.dispatchUops }).toEqual({ form, uops: [], latency: 0, dispatchUops: 1 });
      expect(t.source, form).toMatch(/^measured: /);
    }
  });
  it('a chain of copies costs dispatch slots only: 12 copies per iteration on a 6-wide machine = 2 cycles', () => {
    // b = a; a = b, six times: a zero-latency chain, 12 instructions ÷ 6 dispatched per cycle
    const body = Array.from({ length: 6 }, () => [instr('mov', i64, 'b', ['a']), instr('mov', i64, 'a', ['b'])]).flat();
    const k: Kernel = { name: 'copies', body };
    const run = (n: number) => scheduleKernel(k, zen3, 'cycle', { iterations: n }).cycles;
    expect((run(2000) - run(1000)) / 1000).toBe(2);
    expect(scheduleKernel(k, zen3, 'bound', { iterations: 1000 }).cycles).toBe(2000);
  });
  it('the loader refuses an eliminated form that is not a copy, has latency, or lacks the machine property', () => {
    const noMe = { machine: { ...zen3.machine, moveElimination: undefined } };
    expect(caught(() => deriveProfile(zen3, { ...noMe, name: 'x' })).message).toMatch(/needs machine.moveElimination/);
    expect(caught(() => deriveProfile(zen3, { forms: { 'mov.i64': { latency: 1 } } })).message).toMatch(/latency 0/);
    expect(caught(() => deriveProfile(zen3, { forms: { 'add.i64': { uops: [], dispatchUops: 1, latency: 0 } } })).message).toMatch(/only register copies/);
    expect(caught(() => deriveProfile(zen3, { machine: { moveElimination: { perCycle: { value: 4, source: 'assumption: test' } } } })).message).toMatch(
      /not modelled/,
    );
  });
});
