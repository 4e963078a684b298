// Execute (llvm-mca's ExecuteStage): each cycle, the scheduler issues ready instructions to the
// ports (oldest first); an instruction issued at t with latency L has its result at t + L, when
// dependents may issue, and is "executed" for retirement from then on.
//
//   scheduler ─▶ ports ─▶ (t + L) result ready ─▶ retire stage

import type { Ports } from './ports.ts';
import type { Scheduler } from './scheduler.ts';

export class ExecuteStage {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly ports: Ports,
  ) {}

  cycle(now: number): void {
    this.scheduler.issue(now, this.ports);
  }
}
