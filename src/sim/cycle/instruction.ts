// Per-instance (dynamic) instruction state of the cycle model; lives only inside the pipeline's units.
// Times are absolute cycles; a steady-state jump shifts them all by the same amount.

import type { StaticInstr } from './static-program.ts';

export interface DynInstr {
  /** Age: dispatch order, from 0 (a steady-state jump adds the instructions it skipped). */
  seq: number;
  si: StaticInstr;
  dispatchCycle: number;
  /** -1 until issued. */
  issueCycle: number;
  /** issue + latency once issued; +∞ before. */
  completeCycle: number;
  /** RAW producers outstanding at dispatch (dropped at issue, so old instructions can be collected). */
  producers: readonly DynInstr[];
  /** Per producer: cycles from its issue until this instruction may use the result. */
  producerLatency: readonly number[];
  /** Cycle all operands are ready, once every producer has issued (-1: not known yet). */
  readyCycle: number;
  /** Producers not issued yet (the scheduler's wait set). */
  unissued: number;
  /** Instructions waiting for this one to issue (null: none). */
  dependents: DynInstr[] | null;
  /** Reorder-buffer slots held (µops, at least 1, at most the buffer size). */
  robSlots: number;
  /** Timeline label: iteration of the innermost loop and position, when recorded. */
  iteration: number;
  /** Ports the first µop may use (0: no µops); kept here so the scheduler's scan reads one object. */
  mask0: number;
  /** Binding queue chosen at dispatch (machine.pipeBinding), -1: not bound. */
  queue: number;
}

export const NO_PRODUCERS: readonly DynInstr[] = Object.freeze([]);
export const NO_PRODUCER_LATENCY: readonly number[] = Object.freeze([]);

/** `d` (an instruction of a machine state being replaced, referenced from nowhere else) made new:
 *  as newDynInstr with no producers (a restored state sets them). */
export function renewDynInstr(d: DynInstr, si: StaticInstr, now: number, robSlots: number): DynInstr {
  d.seq = 0;
  d.si = si;
  d.dispatchCycle = now;
  d.issueCycle = -1;
  d.completeCycle = Infinity;
  d.producers = NO_PRODUCERS;
  d.producerLatency = NO_PRODUCER_LATENCY;
  d.readyCycle = 0;
  d.unissued = 0;
  d.dependents = null;
  d.robSlots = robSlots;
  d.iteration = 0;
  d.mask0 = si.desc.uops[0]?.portMask ?? 0;
  d.queue = -1;
  return d;
}

export function newDynInstr(
  seq: number,
  si: StaticInstr,
  now: number,
  producers: readonly DynInstr[],
  producerLatency: readonly number[],
  robSlots: number,
  iteration: number,
): DynInstr {
  return {
    seq,
    si,
    dispatchCycle: now,
    issueCycle: -1,
    completeCycle: Infinity,
    producers,
    producerLatency,
    readyCycle: producers.length === 0 ? 0 : -1,
    unissued: 0,
    dependents: null,
    robSlots,
    iteration,
    mask0: si.desc.uops[0]?.portMask ?? 0,
    queue: -1,
  };
}
