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
import type { InstrDesc, MachineDesc } from '../descriptors.ts';
import type { ExtrapolationJump, ExtrapolationReplay, TimelineEntry } from '../results/result.ts';
import { DispatchStage, DispatchState } from './dispatch-stage.ts';
import { ExecuteStage } from './execute-stage.ts';
import { InOrderIssueStage, InOrderIssueState } from './in-order-issue-stage.ts';
import { Machine } from './machine-state.ts';
import { Ports, PortsState } from './ports.ts';
import { RegisterAgesState, RegisterFile, RegisterTimesState } from './register-file.ts';
import { ReorderBuffer, ReorderBufferState } from './reorder-buffer.ts';
import { RetireStage } from './retire-stage.ts';
import { Scheduler, SchedulerState } from './scheduler.ts';
import type { StaticProgram } from './static-program.ts';
import { SimStats, StatsState } from './stats.ts';
import { SteadyState, type ExtrapolationSwitches, type StepMemo } from './steady-state.ts';
import { InstructionStream } from './stream.ts';

export interface CycleOptions {
  /** Skip repeated periods (default true). False simulates every instruction. */
  readonly extrapolate?: boolean;
  /** Which extrapolation mechanisms run (default: all; steady-state.ts), when `extrapolate` is on. */
  readonly extrapolation?: ExtrapolationSwitches;
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

/** A pipeline assembled: one cycle of its stages, whether work is in flight, its units' state. */
export interface Assembled {
  readonly step: (now: number) => void;
  readonly busy: () => boolean;
  readonly machine: Machine;
}

function assembleInOrder(program: StaticProgram, m: MachineDesc, stream: InstructionStream, ports: Ports, regs: RegisterFile, stats: SimStats): Assembled {
  const issue = new InOrderIssueStage(m.dispatchWidth, stream, ports, regs, stats);
  const units = [new InOrderIssueState(issue, program.instructions), new RegisterTimesState(regs), new PortsState(ports), new StatsState(stats)];
  return { step: (now) => issue.cycle(now), busy: () => !issue.idle, machine: new Machine(units, () => stats.dispatched, false) };
}

function assembleOutOfOrder(program: StaticProgram, m: MachineDesc, stream: InstructionStream, ports: Ports, regs: RegisterFile, stats: SimStats): Assembled {
  const rob = new ReorderBuffer(m.reorderBuffer);
  const scheduler = new Scheduler(m.schedulerSize);
  const retire = new RetireStage(m.retireWidth, rob, stats);
  const execute = new ExecuteStage(scheduler, ports);
  const dispatch = new DispatchStage(m.dispatchWidth, stream, rob, scheduler, regs, stats, ports);
  const step = (now: number): void => {
    retire.cycle(now);
    execute.cycle(now);
    dispatch.cycle(now);
  };
  const units = [
    new DispatchState(dispatch),
    new ReorderBufferState(rob, scheduler, program.instructions, ports),
    new SchedulerState(scheduler),
    new RegisterAgesState(regs, stats),
    new PortsState(ports),
    new StatsState(stats),
  ];
  return { step, busy: () => rob.length > 0 || dispatch.carry > 0, machine: new Machine(units, () => stats.dispatched, true) };
}

/** The pipeline for `program` on `m`, not yet run (runPipeline runs it; tests drive it cycle by cycle). */
export function assemblePipeline(
  program: StaticProgram,
  m: MachineDesc,
  opts: CycleOptions = {},
): Assembled & { readonly stream: InstructionStream; readonly stats: SimStats } {
  const stream = new InstructionStream(program.root);
  const ports = new Ports(
    m.ports.length,
    opts.portDescs ?? program.instructions.map((s) => s.desc),
    m.issue === 'out-of-order' ? m.bindQueues : [],
    m.issue === 'out-of-order' ? m.writeBackPorts : 0,
  );
  const regs = new RegisterFile(program.registers.length);
  const stats = new SimStats(ports.busyCycles, opts.timelineInstructions ?? 0);
  return { ...(m.issue === 'in-order' ? assembleInOrder : assembleOutOfOrder)(program, m, stream, ports, regs, stats), stream, stats };
}

export function runPipeline(program: StaticProgram, m: MachineDesc, opts: CycleOptions = {}): CycleRun {
  const limit = opts.maxSimulatedInstructions ?? DEFAULT_MAX_SIMULATED;
  const timelineLimit = opts.timelineInstructions ?? 0;
  const { step, busy, machine, stream, stats } = assemblePipeline(program, m, opts);
  const steady = (opts.extrapolate ?? true) ? new SteadyState(stream, stats, machine, opts.memo, opts.extrapolation) : null;
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
    knownPeriodJumps: steady?.knownPeriodJumps ?? 0,
    knownStartJumps: steady?.knownStartJumps ?? 0,
    timeline: stats.timeline,
  };
}
