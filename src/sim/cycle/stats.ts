// Counters the stages update (dispatched instructions, µops, retired, port busy cycles) and the
// timeline rows of the first instructions. A steady-state jump adds whole periods of counters.

import type { TimelineEntry } from '../results/result.ts';
import { countersSince, type Counters } from './counters.ts';
import type { DynInstr } from './instruction.ts';
import type { RestoreContext, UnitState } from './machine-state.ts';
import type { StateBuf } from './state-buf.ts';

export class SimStats {
  dispatched = 0;
  uops = 0;
  retired = 0;
  lastRetireCycle = -1;
  readonly timeline: TimelineEntry[] = [];

  constructor(
    readonly portBusy: number[],
    private readonly timelineLimit: number,
  ) {}

  onRetire(d: DynInstr, now: number): void {
    this.retired++;
    this.lastRetireCycle = now;
    if (d.seq < this.timelineLimit) {
      this.timeline.push({
        iteration: d.iteration,
        index: d.si.pos,
        form: d.si.desc.form,
        dispatched: d.dispatchCycle,
        issued: d.issueCycle,
        executed: d.completeCycle,
        retired: now,
      });
    }
  }

  /** The counters now (`iterations`: the stream's innermost iterations entered). */
  counters(iterations: number): Counters {
    return { dispatched: this.dispatched, uops: this.uops, retired: this.retired, iterations, portBusy: [...this.portBusy] };
  }

  /** Adds `times` × (after − before) to every counter; returns the iteration increment. */
  addPeriods(before: Counters, after: Counters, times: number): number {
    return this.addDeltas(countersSince(after, before), times);
  }

  /** Adds `times` × the change `delta` to every counter; returns the iteration increment (the stream
   *  counts iterations: the caller adds it there). */
  addDeltas(delta: Counters, times: number): number {
    this.dispatched += delta.dispatched * times;
    this.uops += delta.uops * times;
    this.retired += delta.retired * times;
    for (let p = 0; p < this.portBusy.length; p++) this.portBusy[p]! += delta.portBusy[p]! * times;
    return delta.iterations * times;
  }
}

/** Statistics write no words (no decision reads them: the contract, machine-state.ts); a jump moves the
 *  last retirement cycle with the clock, and steady-state adds the counters of what it skips. */
export class StatsState implements UnitState {
  constructor(private readonly stats: SimStats) {}

  write(_now: number, _out: StateBuf): void {}

  restore(_s: Int32Array, at: number, _ctx: RestoreContext): number {
    return at;
  }

  shift(dt: number, _dseq: number): void {
    if (this.stats.lastRetireCycle >= 0) this.stats.lastRetireCycle += dt;
  }
}
