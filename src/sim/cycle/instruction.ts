// Per-instance (dynamic) instruction state of the cycle model; lives only inside the pipeline's units.
// Times are absolute cycles; a steady-state jump shifts them all by the same amount.

import type { StaticInstr } from './static-program.ts';

export interface DynInstr {
  /** Age: dispatch order, from 0. */
  readonly seq: number;
  readonly si: StaticInstr;
  dispatchCycle: number;
  /** -1 until issued. */
  issueCycle: number;
  /** issue + latency once issued; +∞ before. */
  completeCycle: number;
  retireCycle: number;
  /** RAW producers not yet known to be complete (pruned as they complete). */
  producers: DynInstr[];
  /** Reorder-buffer slots held (µops, at least 1, at most the buffer size). */
  robSlots: number;
  /** Timeline label: iteration of the innermost loop and position, when recorded. */
  iteration: number;
}

export function newDynInstr(seq: number, si: StaticInstr, now: number, producers: DynInstr[], robSlots: number, iteration: number): DynInstr {
  return { seq, si, dispatchCycle: now, issueCycle: -1, completeCycle: Infinity, retireCycle: -1, producers, robSlots, iteration };
}

export function isComplete(d: DynInstr, now: number): boolean {
  return d.completeCycle <= now;
}

/** Drops producers complete by `now`; true when none is left. */
export function operandsReady(d: DynInstr, now: number): boolean {
  const ps = d.producers;
  if (ps.length === 0) return true;
  let k = 0;
  for (const p of ps) if (p.completeCycle > now) ps[k++] = p;
  ps.length = k;
  return k === 0;
}
