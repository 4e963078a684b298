// In-order issue (llvm-mca's InOrderIssueStage, for profiles with machine.issue = 'in-order', e.g.
// Cortex-A53/A55, Atom): instructions leave the stream in program order, up to `issueWidth` µops per
// cycle, and issue (= dispatch) only when their operands are ready, their ports are free and their
// result would not be written back before the previous instruction's. Any stall holds every later
// instruction. An instruction retires when its result is written (issue + latency).
//
// Forms marked retireOutOfOrder (LLVM RetireOOO, e.g. Cortex-A55 FMAC) are exempt from the
// write-back order and do not hold later instructions back.
//
//   stream ─▶ [i5 stalled: operand from i3 ready at t+2] ─X─ i6 i7 wait behind it
//             issue ≤ width µops/cycle ─▶ ports ─▶ write back in order ─▶ retire

import { newDynInstr, type DynInstr } from './instruction.ts';
import type { RestoreContext, UnitState } from './machine-state.ts';
import type { Ports } from './ports.ts';
import type { RegisterFile } from './register-file.ts';
import type { StateBuf } from './state-buf.ts';
import type { StaticInstr } from './static-program.ts';
import type { SimStats } from './stats.ts';
import type { InstructionStream } from './stream.ts';

export class InOrderIssueStage {
  carry = 0;
  /** The stream's head is stalled until this cycle (-1: not stalled). */
  stallUntil = -1;
  /** Cycle at which the last issued instruction writes its result. */
  lastWriteBack = 0;
  readonly inFlight: DynInstr[] = [];
  private bandwidth = 0;

  constructor(
    private readonly width: number,
    private readonly stream: InstructionStream,
    private readonly ports: Ports,
    private readonly regs: RegisterFile,
    private readonly stats: SimStats,
  ) {}

  cycle(now: number): void {
    this.bandwidth = this.width;
    const fl = this.inFlight;
    if (fl.length) {
      let k = 0;
      for (const d of fl) {
        if (d.completeCycle <= now) this.stats.onRetire(d, now);
        else fl[k++] = d;
      }
      fl.length = k;
    }
    if (this.carry > 0) {
      if (this.carry > this.bandwidth) {
        this.carry -= this.bandwidth;
        this.bandwidth = 0;
      } else {
        this.bandwidth -= this.carry;
        this.carry = 0;
      }
    }
    if (this.stallUntil >= 0) {
      if (now < this.stallUntil) return;
      this.stallUntil = -1;
      if (!this.tryIssue(now)) return;
    }
    for (;;) {
      if (this.carry > 0 || this.stallUntil >= 0) return;
      const si = this.stream.peek();
      if (!si) return;
      const nu = si.desc.numUops;
      if (this.bandwidth < nu && !(nu > this.width)) return;
      if (!this.tryIssue(now)) return;
    }
  }

  /** Issues the stream's head or records how long it stalls; false when stalled. */
  private tryIssue(now: number): boolean {
    const si = this.stream.peek()!;
    const desc = si.desc;
    const ready = this.regs.readyCycle(si);
    let delay = 0;
    if (ready > now) delay = ready - now;
    else if (!desc.retireOutOfOrder && now + desc.latencyCycles < this.lastWriteBack) delay = this.lastWriteBack - now - desc.latencyCycles;
    else if (!this.ports.tryIssue(desc, now)) delay = 1;
    if (delay > 0) {
      this.stallUntil = now + delay;
      this.bandwidth = 0;
      return false;
    }
    const d = newDynInstr(this.stats.dispatched++, si, now, [], [], 0, this.stream.currentIteration());
    this.stats.uops += desc.numUops;
    d.issueCycle = now;
    d.completeCycle = now + desc.latencyCycles;
    this.regs.write(si.dst, d);
    if (!desc.retireOutOfOrder) this.lastWriteBack = d.completeCycle;
    this.stream.advance();
    const nu = desc.numUops;
    if (nu > this.bandwidth) {
      this.carry = nu - this.bandwidth;
      this.bandwidth = 0;
    } else this.bandwidth -= nu;
    if (d.completeCycle <= now) this.stats.onRetire(d, now);
    else this.inFlight.push(d);
    return true;
  }

  shift(dt: number, dseq: number): void {
    for (const d of this.inFlight) {
      d.seq += dseq;
      d.dispatchCycle += dt;
      d.issueCycle += dt;
      d.completeCycle += dt;
    }
    this.lastWriteBack += dt;
    if (this.stallUntil >= 0) this.stallUntil += dt;
  }

  writeState(now: number, out: StateBuf): void {
    out.push(this.carry);
    out.push(this.stallUntil >= 0 ? this.stallUntil - now : -1);
    out.push(Math.max(0, this.lastWriteBack - now));
    for (const d of this.inFlight) {
      out.push(d.si.id);
      out.push(d.completeCycle - now);
    }
    out.push(END_OF_IN_FLIGHT);
  }

  get idle(): boolean {
    return this.inFlight.length === 0 && this.carry === 0;
  }
}

/** Ends the instructions in flight in the in-order issue stage's state. */
export const END_OF_IN_FLIGHT = -1;

/** The in-order issue stage's state: carry-over µops, cycles until the stall ends (−1: none), cycles until
 *  the last write-back (0: past), then per instruction in flight its static id and cycles until complete,
 *  END_OF_IN_FLIGHT. Only completion times are read back (issue = complete − latency); ages only label
 *  timelines (restored instructions all take the next age). */
export class InOrderIssueState implements UnitState {
  constructor(
    private readonly stage: InOrderIssueStage,
    private readonly instrs: readonly StaticInstr[],
  ) {}

  write(now: number, out: StateBuf): void {
    this.stage.writeState(now, out);
  }

  restore(s: Int32Array, at: number, ctx: RestoreContext): number {
    const issue = this.stage;
    const now = ctx.now;
    let i = at;
    issue.carry = s[i++]!;
    const stall = s[i++]!;
    issue.stallUntil = stall < 0 ? -1 : now + stall;
    issue.lastWriteBack = now + s[i++]!;
    issue.inFlight.length = 0;
    let n = 0;
    while (s[i] !== END_OF_IN_FLIGHT) {
      const si = this.instrs[s[i]!]!;
      const d = newDynInstr(ctx.nextSeq, si, now - 1, [], [], 0, 0);
      d.completeCycle = now + s[i + 1]!;
      d.issueCycle = d.completeCycle - si.desc.latencyCycles;
      issue.inFlight.push(d);
      ctx.inFlight[n++] = d;
      i += 2;
    }
    ctx.inFlightN = n;
    return i + 1;
  }

  shift(dt: number, dseq: number): void {
    this.stage.shift(dt, dseq);
  }
}
