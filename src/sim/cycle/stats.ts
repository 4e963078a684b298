// Counters the stages update (dispatched instructions, µops, retired, port busy cycles) and the
// timeline rows of the first instructions. A steady-state jump adds whole periods of counters.

import type { TimelineEntry } from '../results/result.ts';
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

  counters(iterations: number): number[] {
    return [this.dispatched, this.uops, this.retired, iterations, ...this.portBusy];
  }

  /** Adds `times` × (now − before) to every counter; returns the iteration increment. */
  addPeriods(before: readonly number[], after: readonly number[], times: number): number {
    return this.addDeltas(after.map((a, k) => a - before[k]!), times);
  }

  /** Adds `times` × the change `delta` (laid out as counters()) to every counter; returns the iteration increment. */
  addDeltas(delta: readonly number[], times: number): number {
    const d = delta.map((x) => x * times);
    this.dispatched += d[0]!;
    this.uops += d[1]!;
    this.retired += d[2]!;
    for (let p = 0; p < this.portBusy.length; p++) this.portBusy[p]! += d[4 + p]!;
    return d[3]!;
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
