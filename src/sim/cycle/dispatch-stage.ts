// Dispatch (llvm-mca's DispatchStage): in program order, up to `dispatchWidth` µops per cycle enter
// the reorder buffer and the scheduler, their source registers renamed. An instruction with more
// µops than the width dispatches over several cycles (carry-over). Dispatch stops at the first
// instruction that finds the reorder buffer or the scheduler full.
//
//   stream ─▶ [width µops/cycle] ─▶ ROB (slots = µops) + scheduler (1 entry) + register renaming

import { NO_PRODUCERS, NO_PRODUCER_LATENCY, newDynInstr } from './instruction.ts';
import type { RestoreContext, UnitState } from './machine-state.ts';
import type { RegisterFile } from './register-file.ts';
import type { ReorderBuffer } from './reorder-buffer.ts';
import type { Ports } from './ports.ts';
import type { Scheduler } from './scheduler.ts';
import type { StateBuf } from './state-buf.ts';
import type { SimStats } from './stats.ts';
import type { InstructionStream } from './stream.ts';

export class DispatchStage {
  /** µops of the last dispatched instruction still to go (multi-cycle dispatch). */
  carry = 0;

  constructor(
    private readonly width: number,
    private readonly stream: InstructionStream,
    private readonly rob: ReorderBuffer,
    private readonly scheduler: Scheduler,
    private readonly regs: RegisterFile,
    private readonly stats: SimStats,
    private readonly ports: Ports,
  ) {}

  cycle(now: number): void {
    let avail = this.width;
    if (this.carry > 0) {
      const n = Math.min(this.carry, this.width);
      this.carry -= n;
      avail -= n;
    }
    while (avail > 0) {
      const si = this.stream.peek();
      if (!si) return;
      const nu = si.desc.numUops;
      if (Math.min(nu, this.width) > avail) return;
      const slots = this.rob.slotsFor(nu);
      if (!this.rob.hasRoom(slots) || !this.scheduler.hasRoom()) return;
      const d = newDynInstr(this.stats.dispatched++, si, now, NO_PRODUCERS, NO_PRODUCER_LATENCY, slots, this.stream.currentIteration());
      if (this.ports.bindUnion !== 0) this.ports.bind(d);
      this.regs.linkProducers(d, now);
      this.stats.uops += nu;
      this.rob.push(d);
      this.scheduler.add(d, now);
      this.regs.write(si.dst, d);
      this.stream.advance();
      if (nu > this.width) {
        this.carry = nu - this.width;
        avail = 0;
      } else avail -= nu;
    }
  }
}

/** Dispatch's state: one word, the µops of the last instruction still to dispatch (carry-over). */
export class DispatchState implements UnitState {
  constructor(private readonly stage: DispatchStage) {}

  write(_now: number, out: StateBuf): void {
    out.push(this.stage.carry);
  }

  restore(s: Int32Array, at: number, _ctx: RestoreContext): number {
    this.stage.carry = s[at]!;
    return at + 1;
  }

  shift(_dt: number, _dseq: number): void {}
}
