// The cycle-level pipeline, assembled in one place (llvm-mca's Context::createDefaultPipeline /
// createInOrderPipeline). Each cycle runs the stages back to front, as llvm-mca does:
//
//   out-of-order:  retire ◀── execute (scheduler → ports) ◀── dispatch (rename, ROB, scheduler) ◀── stream
//   in-order:      in-order issue (operands, ports, write-back order; retire at write-back) ◀── stream
//
// Total cycles = the cycle of the last retirement + 1 (llvm-mca's "Total Cycles"). Loops are never
// unrolled: the stream walks the nest and steady-state.ts skips whole periods once the machine
// state repeats. `extrapolate: false` runs every instruction (guarded by a size limit).

import { AddersimError } from '../../isa/index.ts';
import type { MachineDesc } from '../descriptors.ts';
import type { ExtrapolationJump, ExtrapolationReplay, TimelineEntry } from '../results/result.ts';
import { DispatchStage } from './dispatch-stage.ts';
import { ExecuteStage } from './execute-stage.ts';
import { InOrderIssueStage } from './in-order-issue-stage.ts';
import { Ports } from './ports.ts';
import { RegisterFile } from './register-file.ts';
import { ReorderBuffer } from './reorder-buffer.ts';
import { RetireStage } from './retire-stage.ts';
import { Scheduler } from './scheduler.ts';
import type { StaticProgram } from './static-program.ts';
import type { StateBuf } from './state-buf.ts';
import { SimStats } from './stats.ts';
import { SteadyState, type MachineState, type StepMemo } from './steady-state.ts';
import { NO_PRODUCER_LATENCY, NO_PRODUCERS, newDynInstr, renewDynInstr, type DynInstr } from './instruction.ts';
import { readLatency, type InstrDesc } from '../descriptors.ts';
import { InstructionStream } from './stream.ts';

export interface CycleOptions {
  /** Skip repeated periods (default true). False simulates every instruction. */
  readonly extrapolate?: boolean;
  /** Record timeline rows for the first N dynamic instructions (default 0). */
  readonly timelineInstructions?: number;
  /** Refuse to simulate more dynamic instructions than this (default 20,000,000). */
  readonly maxSimulatedInstructions?: number;
  /** Recorded steps and periods shared with other kernels (same StaticIds; default: this run's own). */
  readonly memo?: StepMemo;
  /** Descriptors whose port groups the rotation state covers (default: the program's). Kernels that
   *  share a memo pass the same list (every form of the profile), so their states line up. */
  readonly portDescs?: readonly InstrDesc[];
}

export interface CycleRun {
  readonly cycles: number;
  readonly instructions: number;
  readonly uops: number;
  readonly portBusy: readonly number[];
  readonly simulatedInstructions: number;
  /** Iterations of innermost loops: simulated and in total. */
  readonly simulatedIterations: number;
  readonly iterations: number;
  readonly jumps: readonly ExtrapolationJump[];
  readonly replays: readonly ExtrapolationReplay[];
  readonly knownPeriodJumps: number;
  readonly knownStartJumps: number;
  readonly timeline: readonly TimelineEntry[];
}

export const DEFAULT_MAX_SIMULATED = 20_000_000;

// An issued instruction in a written state: [id, -1, cycles left] (-1 left: complete), or one word
// −(PACKED + id × PACKED_LEFT + left + 1) when id < PACKED_IDS and left + 1 < PACKED_LEFT (below −4, the
// lowest marker, and within 32 bits). Smaller states: faster to write, hash, compare, copy and keep.
const PACKED = 16;
const PACKED_LEFT = 1 << 14;
const PACKED_IDS = 1 << 16;

export function runPipeline(program: StaticProgram, m: MachineDesc, opts: CycleOptions = {}): CycleRun {
  const extrapolate = opts.extrapolate ?? true;
  const limit = opts.maxSimulatedInstructions ?? DEFAULT_MAX_SIMULATED;
  const timelineLimit = opts.timelineInstructions ?? 0;
  const stream = new InstructionStream(program.root);
  const ports = new Ports(m.ports.length, opts.portDescs ?? program.instructions.map((s) => s.desc));
  const regs = new RegisterFile(program.registers.length);
  const stats = new SimStats(ports.busyCycles, timelineLimit);

  let step: (now: number) => void;
  let busy: () => boolean;
  let writeState: (now: number, out: StateBuf) => void;
  let writeSummary: (now: number, out: StateBuf) => void;
  let writeTiny: ((now: number, out: StateBuf) => void) | null = null;
  let shift: (dt: number, dseq: number) => void;
  let restore: (now: number, s: Int32Array, at: number) => number;
  const instrs = program.instructions;

  if (m.issue === 'in-order') {
    const issue = new InOrderIssueStage(m.dispatchWidth, stream, ports, regs, stats);
    step = (now) => issue.cycle(now);
    busy = () => !issue.idle;
    writeState = (now, out) => {
      issue.writeState(now, out);
      regs.writeTimes(now, out);
      ports.writeState(now, out);
    };
    writeSummary = writeState; // small already: a few instructions in flight
    shift = (dt, dseq) => {
      issue.shift(dt, dseq);
      ports.shift(dt);
      if (stats.lastRetireCycle >= 0) stats.lastRetireCycle += dt;
    };
    restore = (now, s, at) => {
      let i = at;
      issue.carry = s[i++]!;
      const stall = s[i++]!;
      issue.stallUntil = stall < 0 ? -1 : now + stall;
      issue.lastWriteBack = now + s[i++]!;
      // only completion times are read back (issue = complete − latency); ages only label timelines
      const inFlight = (id: number, complete: number): DynInstr => {
        const si = instrs[id]!;
        const d = newDynInstr(stats.dispatched, si, now - 1, [], [], 0, 0);
        d.completeCycle = complete;
        d.issueCycle = complete - si.desc.latencyCycles;
        return d;
      };
      issue.inFlight.length = 0;
      while (s[i] !== -1) {
        issue.inFlight.push(inFlight(s[i]!, now + s[i + 1]!));
        i += 2;
      }
      i++;
      regs.clear();
      while (s[i] !== -1) {
        // the writer is one of the instructions in flight (the same object: a jump shifts it once)
        const id = s[i + 1]!;
        const complete = now + s[i + 2]!;
        const w = issue.inFlight.find((d) => d.si.id === id && d.completeCycle === complete);
        if (!w) throw new Error(`restore: register ${s[i]} has no writer in flight`);
        regs.write(s[i]!, w);
        i += 3;
      }
      return ports.restoreState(now, s, i + 1);
    };
  } else {
    const rob = new ReorderBuffer(m.reorderBuffer);
    const scheduler = new Scheduler(m.schedulerSize);
    const retire = new RetireStage(m.retireWidth, rob, stats);
    const execute = new ExecuteStage(scheduler, ports);
    const dispatch = new DispatchStage(m.dispatchWidth, stream, rob, scheduler, regs, stats);
    step = (now) => {
      retire.cycle(now);
      execute.cycle(now);
      dispatch.cycle(now);
    };
    busy = () => rob.length > 0 || dispatch.carry > 0;
    writeState = (now, out) => {
      out.push(dispatch.carry);
      const es = rob.entries;
      for (let k = rob.first; k < es.length; k++) {
        const d = es[k]!;
        if (d.issueCycle >= 0) {
          const left = d.completeCycle > now ? d.completeCycle - now : d.completeCycle === now ? 0 : -1;
          const id = d.si.id;
          // one word when it fits (most entries of a full buffer have issued): −(PACKED + id·2^14 + left + 1)
          if (id < PACKED_IDS && left < PACKED_LEFT - 1) out.push(-(PACKED + id * PACKED_LEFT + left + 1));
          else {
            out.push(id);
            out.push(-1);
            out.push(left);
          }
        } else {
          out.push(d.si.id);
          out.push(-2);
          const ps = d.producers;
          for (let j = 0; j < ps.length; j++) {
            const p = ps[j]!;
            if (p.completeCycle > now) out.push(d.seq - p.seq);
          }
          out.push(-3);
        }
      }
      out.push(-4);
      regs.writeState(now, stats.dispatched, out);
      ports.writeState(now, out);
    };
    writeSummary = (now, out) => {
      let left = 0;
      let ids = 0;
      const es = rob.entries;
      for (let k = rob.first; k < es.length; k++) {
        const d = es[k]!;
        ids = (ids * 31 + d.si.id) | 0;
        if (d.issueCycle >= 0 && d.completeCycle > now) left += d.completeCycle - now;
      }
      out.push(dispatch.carry);
      out.push(rob.length);
      out.push(scheduler.size);
      out.push(left);
      out.push(ids);
      regs.writeState(now, stats.dispatched, out);
      ports.writeState(now, out);
    };
    writeTiny = (now, out) => {
      out.push(dispatch.carry);
      out.push(rob.length);
      out.push(scheduler.size);
      regs.writeState(now, stats.dispatched, out);
      ports.writeState(now, out);
    };
    shift = (dt, dseq) => {
      for (let k = rob.first; k < rob.entries.length; k++) {
        const d = rob.entries[k]!;
        d.seq += dseq;
        d.dispatchCycle += dt;
        if (d.readyCycle > 0) d.readyCycle += dt;
        if (d.issueCycle >= 0) {
          d.issueCycle += dt;
          d.completeCycle += dt;
        }
      }
      ports.shift(dt);
      if (stats.lastRetireCycle >= 0) stats.lastRetireCycle += dt;
    };
    // scratch lists of restore, written by index (`length = 0` would drop their backing stores)
    const entries: DynInstr[] = [];
    const waitAt: number[] = [];
    const waitFrom: number[] = [];
    const waitTo: number[] = [];
    const ps: DynInstr[] = [];
    const lat: number[] = [];
    restore = (now, s, at) => {
      // the ROB holds a contiguous run of ages ending just before the next to dispatch
      let i = at;
      dispatch.carry = s[i++]!;
      // the instructions in flight are replaced: their objects are reused (nothing else refers to
      // them once the scheduler and the register map are cleared below)
      const old = rob.entries;
      let reuse = rob.first;
      let n = 0;
      let nw = 0;
      while (s[i] !== -4) {
        const x = s[i++]!;
        const packed = x <= -PACKED;
        const v = packed ? -x - PACKED : 0;
        const si = instrs[packed ? Math.floor(v / PACKED_LEFT) : x]!;
        const slots = rob.slotsFor(si.desc.numUops);
        const d = reuse < old.length ? renewDynInstr(old[reuse++]!, si, now - 1, slots) : newDynInstr(0, si, now - 1, NO_PRODUCERS, NO_PRODUCER_LATENCY, slots, 0);
        if (packed || s[i++] === -1) {
          const left = packed ? (v % PACKED_LEFT) - 1 : s[i++]!;
          d.completeCycle = left < 0 ? now - 1 : now + left; // done: any cycle before now
          d.issueCycle = d.completeCycle - si.desc.latencyCycles;
          d.readyCycle = 0;
        } else {
          waitAt[nw] = n;
          waitFrom[nw] = i;
          while (s[i] !== -3) i++;
          waitTo[nw++] = i++;
        }
        entries[n++] = d;
      }
      i++;
      const base = stats.dispatched - n;
      for (let k = 0; k < n; k++) entries[k]!.seq = base + k;
      scheduler.clear();
      for (let w = 0; w < nw; w++) {
        const d = entries[waitAt[w]!]!;
        const from = waitFrom[w]!;
        const to = waitTo[w]!;
        // producers still outstanding, by age difference; the latency each is read at, as at dispatch
        // (collected in scratch lists, then copied at their exact length, as at dispatch)
        const n = to - from;
        for (let j = from; j < to; j++) {
          const p = entries[d.seq - s[j]! - base]!;
          const src = d.si.src;
          let l = 0;
          for (let k = 0; k < src.length; k++) if (src[k] === p.si.dst) l = Math.max(l, readLatency(p.si.desc, d.si.desc, d.si.accRead[k]!));
          ps[j - from] = p;
          lat[j - from] = l;
        }
        d.producers = n > 0 ? ps.slice(0, n) : NO_PRODUCERS;
        d.producerLatency = n > 0 ? lat.slice(0, n) : NO_PRODUCER_LATENCY;
        scheduler.add(d, now - 1); // as if dispatched in the cycle before: the next issue is at now
      }
      rob.reset(entries, n);
      regs.clear();
      while (s[i] !== -1) {
        regs.write(s[i]!, entries[stats.dispatched - s[i + 1]! - base]!);
        i += 2;
      }
      return ports.restoreState(now, s, i + 1);
    };
  }

  const machine: MachineState = { write: writeState, summary: writeSummary, tiny: writeTiny, shift, restore };
  const steady = extrapolate ? new SteadyState(stream, stats, machine, opts.memo) : null;
  let now = 0;
  for (;;) {
    if (steady && stats.retired >= timelineLimit) now = steady.check(now);
    step(now);
    if (stream.peek() === null && !busy()) break;
    now++;
    if ((now & 0xfff) === 0 && stats.dispatched - (steady?.skippedInstructions ?? 0) > limit) {
      throw new AddersimError('LIMIT', `simulation passed ${limit} dynamic instructions without finding a steady state`);
    }
  }
  return {
    cycles: stats.lastRetireCycle + 1,
    instructions: stats.dispatched,
    uops: stats.uops,
    portBusy: [...stats.portBusy],
    simulatedInstructions: stats.dispatched - (steady?.skippedInstructions ?? 0),
    simulatedIterations: stream.iterations - (steady?.skippedIterations ?? 0),
    iterations: stream.iterations,
    jumps: steady?.jumps ?? [],
    replays: steady?.replays ?? [],
    knownPeriodJumps: steady?.orbitJumps ?? 0,
    knownStartJumps: steady?.startJumps ?? 0,
    timeline: stats.timeline,
  };
}
