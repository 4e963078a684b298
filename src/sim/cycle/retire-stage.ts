// Retire (llvm-mca's RetireStage): in program order, up to `retireWidth` instructions per cycle
// leave the reorder buffer, each at least one cycle after its result is ready.
//
//   ROB head: [E][E][e][D] ─▶ retire [E][E] this cycle (width ≥ 2); [e] still executing blocks the rest

import type { ReorderBuffer } from './reorder-buffer.ts';
import type { SimStats } from './stats.ts';

export class RetireStage {
  constructor(
    private readonly width: number,
    private readonly rob: ReorderBuffer,
    private readonly stats: SimStats,
  ) {}

  cycle(now: number): void {
    for (let n = 0; n < this.width; n++) {
      const d = this.rob.peek();
      if (!d || !(d.completeCycle < now)) return;
      this.rob.pop();
      this.stats.onRetire(d, now);
    }
  }
}
