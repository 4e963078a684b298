// `addersim kernel FILE --cpu NAME`: one basic block (kernel file addersim/kernel@1) run for N
// iterations: cycles, cycles per iteration, IPC, port pressure, bottleneck, optional timeline; or
// the same kernel as assembly llvm-mca accepts (--emit-asm x86|aarch64).
//   kernel adder-avx2-2acc on intel-skylake — scheduler cycle, 100 iterations
//   Total cycles            203     Cycles per iteration  2.03     IPC  1.97

import type { Command } from 'commander';
import { AddersimError, formName, parseJsonText, parseKernelFile, type Instr, type Kernel } from '../../isa/index.ts';
import { readInputText } from '../../isa/read-input.ts';
import { emitAsm, ASM_TARGETS, type AsmTarget } from '../../isa/emit-asm.ts';
import { cell, fmtInt } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import type { Table } from '../../reports/report.ts';
import { renderTimeline } from '../../sim/cycle/timeline-view.ts';
import { loadProfile } from '../../sim/profile/loader.ts';
import { SCHEDULERS, type KernelScheduleResult, type SchedulerName } from '../../sim/results/result.ts';
import { scheduleKernel } from '../../sim/schedulers/schedule.ts';
import { DEFAULT_SETTINGS } from '../../whatif/settings.ts';
import { UsageError } from '../errors.ts';
import { toJson, type Io } from '../io.ts';
import { choice } from './choice.ts';

interface KernelFlags {
  cpu?: string;
  iterations: string;
  timeline?: boolean;
  emitAsm?: string;
  scheduler: string;
  extrapolate: boolean;
  json?: boolean;
}

/** Timeline rows: the first iterations, at most this many instructions. */
const TIMELINE_INSTRUCTIONS = 40;

/** The kernel file format, shown after `kernel --help` and `measure --help` (a test runs this example). */
export const KERNEL_FILE_EXAMPLE = `{ "schema": "addersim/kernel@1", "name": "adder-avx2-2acc",
  "body": [
    { "op": "load", "type": "i32x8", "dst": "x0" },
    { "op": "sub",  "type": "i32x8", "dst": "d0", "src": ["x0", "w0"] },
    { "op": "abs",  "type": "i32x8", "dst": "a0", "src": ["d0"] },
    { "op": "add",  "type": "i32x8", "dst": "acc0", "src": ["acc0", "a0"] } ] }`;

export const KERNEL_FILE_HELP = `
A kernel file (addersim/kernel@1) is one loop body; registers are names, and reading a register the body
writes later (or itself) is a dependency on the previous iteration:
${KERNEL_FILE_EXAMPLE}
Forms are op.type (addersim profiles show NAME lists a CPU's); more kernels: test/validation/kernels/ in the
repository, the format in docs/architecture.md ("Kernel file").`;

export function readKernelFile(file: string): Kernel {
  return parseKernelFile(parseJsonText(readInputText(file, 'kernel file'), file), file);
}

function instrText(s: Instr): string {
  return `${s.dst === undefined ? '' : `${s.dst} = `}${formName(s)}${s.src.length ? ` ${s.src.join(', ')}` : ''}`;
}

export function kernelJson(r: KernelScheduleResult): unknown {
  return {
    schema: 'addersim/kernel-result@1',
    kernel: r.kernel,
    cpu: r.cpu,
    scheduler: r.scheduler,
    cycles: r.cycles,
    iterations: r.iterations,
    cyclesPerIteration: r.cyclesPerIterationValue,
    cyclesPerIterationExact: r.cyclesPerIteration,
    instructions: r.instructions,
    uops: r.uops,
    ipc: r.ipc,
    boundCycles: r.boundCycles,
    bottleneck: r.bottleneck,
    portCycles: r.portCycles,
    ...(r.extrapolation ? { extrapolation: r.extrapolation } : {}),
    ...(r.timeline ? { timeline: r.timeline } : {}),
    notes: r.notes,
  };
}

function summary(r: KernelScheduleResult): string {
  const rows: [string, ReturnType<typeof cell.int>][] = [
    ['Iterations', cell.int(r.iterations)],
    ['Instructions', cell.int(r.instructions)],
    ['Total cycles', cell.int(r.cycles)],
    ['Total µops', cell.int(r.uops)],
    ['Cycles per iteration', cell.num(r.cyclesPerIterationValue, 2)],
    ['IPC', cell.num(r.ipc, 2)],
    ['Bound cycles', cell.int(r.boundCycles)],
    ['Bottleneck', cell.text(r.bottleneck)],
  ];
  const t: Table = {
    id: 'kernel-summary',
    title: `kernel ${r.kernel} on ${r.cpu} — scheduler ${r.scheduler}, ${fmtInt(r.iterations)} iterations`,
    columns: [
      { key: 'what', title: 'Quantity' },
      { key: 'value', title: 'Value' },
    ],
    rows: rows.map(([k, v]) => [cell.text(k), v]),
    notes: [],
  };
  const ports = Object.entries(r.portCycles);
  const pt: Table = {
    id: 'kernel-ports',
    title: 'Port pressure',
    columns: [
      { key: 'port', title: 'Port' },
      { key: 'busy', title: 'Busy cycles' },
      { key: 'per', title: 'Per iteration' },
      { key: 'share', title: 'Of total cycles' },
    ],
    rows: ports.map(([p, b]) => [cell.text(p), cell.num(b, Number.isInteger(b) ? 0 : 2), cell.num(b / r.iterations, 2), cell.pct(r.cycles ? b / r.cycles : 0)]),
    notes: [],
  };
  const lines = [renderTableText(t), '', renderTableText(pt)];
  const x = r.extrapolation;
  const fmtCount = (n: number | undefined) => (n === undefined ? 'unknown' : fmtInt(n));
  if (x) {
    lines.push(
      '',
      x.extrapolated
        ? `extrapolated: simulated ${fmtInt(x.simulatedIterations)} of ${fmtInt(x.totalIterations)} iterations (${fmtCount(x.simulatedInstructions)} of ${fmtCount(x.totalInstructions)} instructions); ${[
            ...x.jumps!.map(
              (j) =>
                `loop ${j.loop}: period ${fmtInt(j.periodIterations)} iteration(s) / ${fmtInt(j.periodCycles)} cycles, ${fmtInt(j.skippedIterations)} iterations skipped`,
            ),
            ...(x.replays ?? []).map(
              (r) =>
                `loop ${r.loop}: ${fmtInt(r.loopIterations)} iteration(s) replayed from recorded identical states, ${fmtInt(r.skippedIterations)} inner iterations skipped`,
            ),
            ...(x.knownPeriodJumps
              ? [
                  `${fmtInt(x.knownPeriodJumps)} loop instance(s) jumped on reaching a period found in an earlier one (${fmtInt(x.knownStartJumps ?? 0)} at their first iteration: they started as an earlier one did)`,
                ]
              : []),
          ].join('; ')}`
        : `simulated every iteration (${fmtInt(x.totalIterations)}); nothing extrapolated`,
    );
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

export function register(program: Command, io: Io): void {
  program
    .command('kernel')
    .description('simulate one kernel file (addersim/kernel@1) on a CPU profile, or emit it as assembly for llvm-mca')
    .argument('<file>', 'kernel JSON file')
    .option('--cpu <name|file>', 'CPU profile name or profile JSON file')
    .option('--iterations <n>', 'times the body runs', '100')
    .option('--timeline', 'print an llvm-mca-style timeline of the first iterations (cycle scheduler)')
    .option('--emit-asm <isa>', `print the kernel as assembly llvm-mca accepts (${ASM_TARGETS.join(' | ')}) instead of simulating`)
    .option('--scheduler <s>', SCHEDULERS.join(' | '), DEFAULT_SETTINGS.scheduler)
    .option('--no-extrapolate', 'cycle scheduler: simulate every iteration')
    .option('--json', 'machine-readable output (schema addersim/kernel-result@1)')
    .addHelpText('after', KERNEL_FILE_HELP)
    .action((file: string, flags: KernelFlags) => {
      const iterations = Number(flags.iterations);
      if (!Number.isSafeInteger(iterations) || iterations < 1) throw new UsageError(`--iterations must be a positive integer, got "${flags.iterations}"`);
      const scheduler = choice<SchedulerName>('--scheduler', flags.scheduler, SCHEDULERS);
      const kernel = readKernelFile(file);
      if (flags.emitAsm !== undefined) {
        const target = choice<AsmTarget>('--emit-asm', flags.emitAsm, ASM_TARGETS);
        // assembly is not JSON: asking for both is a contradiction, not a silent choice
        if (flags.json) throw new UsageError('--emit-asm prints assembly, --json prints a result: give one of them');
        io.out(emitAsm(kernel, target));
        return;
      }
      if (!flags.cpu) throw new UsageError('--cpu is required');
      if (flags.timeline && scheduler !== 'cycle') throw new UsageError('--timeline needs --scheduler cycle');
      const profile = loadProfile(flags.cpu);
      const r = scheduleKernel(kernel, profile, scheduler, {
        iterations,
        extrapolate: flags.extrapolate,
        label: file,
        ...(flags.timeline ? { timelineInstructions: Math.max(kernel.body.length, Math.min(TIMELINE_INSTRUCTIONS, kernel.body.length * 10)) } : {}),
      });
      if (flags.json) {
        io.out(toJson(kernelJson(r)));
        return;
      }
      const out = [summary(r)];
      if (r.timeline) {
        const flat = kernel.body.every((s) => s.kind === 'instr');
        out.push(
          '',
          renderTimeline(r.timeline, (row) => (flat ? instrText(kernel.body[row.index] as Instr) : row.form)),
        );
      }
      io.out(`${out.join('\n')}\n`);
    });
}
