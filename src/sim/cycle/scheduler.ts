// The scheduler / reservation station (llvm-mca's Scheduler): dispatched instructions wait here
// until their operands are ready and their ports are free; each cycle the oldest ready ones issue
// first, as many as the ports allow. An entry is freed at issue. Capacity = the profile's
// scheduler size (instructions).
//
//   dispatch ─▶ [ i7 (waits on i5) | i8 ready | i9 ready ] ─▶ oldest ready with free ports ─▶ Ports

import { NO_PRODUCERS, operandsReady, type DynInstr } from './instruction.ts';
import type { Ports } from './ports.ts';

export class Scheduler {
  readonly waiting: DynInstr[] = [];

  constructor(readonly capacity: number) {}

  hasRoom(): boolean {
    return this.waiting.length < this.capacity;
  }

  add(d: DynInstr): void {
    this.waiting.push(d);
  }

  /** Issues, oldest first, every waiting instruction whose operands are ready and ports free at `now`. */
  issue(now: number, ports: Ports, onIssue: (d: DynInstr) => void): void {
    const w = this.waiting;
    const n = w.length;
    let busy = ports.busyAt(now);
    let k = 0;
    for (let j = 0; j < n; j++) {
      const d = w[j]!;
      // A first µop with every port busy fails before anything is chosen: skip the operand check.
      const m0 = d.mask0;
      if (d.dispatchCycle < now && !(m0 !== 0 && (m0 & ~busy) === 0) && operandsReady(d, now) && ports.tryIssue(d.si.desc, now)) {
        busy = ports.busyAt(now);
        d.issueCycle = now;
        d.completeCycle = now + d.si.desc.latencyCycles;
        d.producers = NO_PRODUCERS;
        onIssue(d);
      } else w[k++] = d;
    }
    if (k !== n) w.length = k;
  }
}
