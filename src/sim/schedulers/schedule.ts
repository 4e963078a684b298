// The scheduler dispatcher: one entry point per kernel and per program for `serial`, `bound` and
// `cycle`. Layers run back to back (each kernel starts on an empty machine; a layer's pipeline
// drains before the next starts — the overlap at layer boundaries is ignored).

import {
  AddersimError,
  assertNever,
  checkedAdd,
  checkLimit,
  checkedMul,
  withPath,
  countForms,
  groupDigits,
  loop,
  ratio,
  ratioToNumber,
  bodyInstructions,
  withX86Copies,
  type Kernel,
  type Program,
} from '../../isa/index.ts';
import { ARG, checkArgs, optionsOf } from '../../isa/api-args.ts';
import { z } from 'zod';
import { boundKernel } from './bound.ts';
import { compileKernel, StaticIds } from '../cycle/static-program.ts';
import { StepMemo } from '../cycle/steady-state.ts';
import { runPipeline } from '../cycle/pipeline.ts';
import { instrDesc, machineDesc, type InstrDesc, type MachineDesc } from '../descriptors.ts';
import type { Profile } from '../profile/schema.ts';
import {
  SCHEDULERS,
  type Bottleneck,
  type Extrapolation,
  type KernelScheduleResult,
  type LayerResult,
  type ScheduleResult,
  type SchedulerName,
} from '../results/result.ts';
import { serialKernel } from './serial.ts';

export interface ScheduleOptions {
  /** `cycle` only: skip repeated periods (default true); false simulates everything (size-limited). */
  readonly extrapolate?: boolean;
  /** Run the kernel body this many times (the `kernel` command's --iterations); default: the kernel once. */
  readonly iterations?: number;
  /** `cycle` only: record timeline rows for the first N dynamic instructions. */
  readonly timelineInstructions?: number;
  /** Names the kernel in error paths (e.g. the kernel file); default `kernel NAME`. */
  readonly label?: string;
  /** `cycle` only: static ids and recorded steps shared with the other kernels of a program
   *  (scheduleProgram sets it; results are the same, less is simulated). */
  readonly share?: CycleShare;
}

/** What the kernels of one program share in the cycle scheduler (one per scheduleProgram call). */
export interface CycleShare {
  readonly ids: StaticIds;
  readonly memo: StepMemo;
  readonly portDescs: readonly InstrDesc[];
  /** Dynamic instructions the cycle model simulated (not skipped by extrapolation) for the kernels run with this share. */
  readonly counts: { simulatedInstructions: number };
}

/** The forms of a program's kernels, sorted. */
export function programForms(program: Program): string[] {
  const forms = new Set<string>();
  for (const k of program.kernels) for (const [form] of countForms(k.body)) forms.add(form);
  return [...forms].sort();
}

/** The port groups cover the forms of every kernel of the program (the same for all, so states line up). */
export function newCycleShare(profile: Profile, forms: readonly string[]): CycleShare {
  const descs = new Set<InstrDesc>();
  for (const form of forms) {
    const d = instrDesc(profile, form);
    for (const x of [d, ...(d.chainParts ?? []), ...(d.parallelParts ?? [])]) descs.add(x);
  }
  return { ids: new StaticIds(true), memo: new StepMemo(), portDescs: [...descs], counts: { simulatedInstructions: 0 } };
}

/** Largest full expansion `extrapolate: false` accepts (dynamic instructions). */
export const EXPAND_LIMIT = 5_000_000;

/** The cycle scheduler steps one cycle at a time: a form whose latency, µops or port-busy cycles pass this
 *  is refused up front (the slowest real instructions take a few hundred cycles; 2^40 would never end). */
export const CYCLE_FORM_LIMIT = 10_000;

/** Loops that run no instruction (trip 0, or only such loops inside) dropped: the cycle scheduler would
 *  step through every empty iteration (2^40 of them took forever). */
function withoutEmptyLoops(body: Kernel['body']): Kernel['body'] {
  const out: Kernel['body'][number][] = [];
  for (const s of body) {
    if (s.kind !== 'loop') out.push(s);
    else if (s.trip > 0) {
      const inner = withoutEmptyLoops(s.body);
      if (inner.length > 0) out.push(inner === s.body ? s : { ...s, body: inner });
    }
  }
  return out.length === body.length && out.every((s, i) => s === body[i]) ? body : out;
}

/** Share of the cycles a resource must be busy for the cycle result to call it the bottleneck (the rest
 *  allows for pipeline fill and drain: 100 iterations of a 2-cycle port-bound body take 211 cycles). */
export const SATURATED = 0.9;

/**
 * What limited a cycle simulation, from its own counts: the port(s) busy in ≥ SATURATED of the cycles, or
 * dispatch when µops / (width × cycles) ≥ SATURATED (whichever is busier); otherwise the machine waited on
 * results (loop-carried or in-order dependencies, a full window): `dependency`.
 */
export function cycleBottleneck(cycles: number, portBusy: readonly number[], uops: number, m: MachineDesc): Bottleneck {
  if (cycles === 0 || uops === 0) return 'none';
  const util = portBusy.map((b) => b / cycles);
  const top = Math.max(0, ...util);
  const dispatchUtil = uops / (m.dispatchWidth * cycles);
  if (dispatchUtil >= SATURATED && dispatchUtil >= top) return 'dispatch';
  if (top >= SATURATED) return `port:${m.ports.filter((_, i) => util[i]! >= top * SATURATED && util[i]! >= SATURATED).join('+')}`;
  return 'dependency';
}

function checkCycleSized(kernel: Kernel, profile: Profile, label: string): void {
  // The cycle scheduler's work per cycle grows with the machine's windows: sizes past any real core are refused.
  const m = machineDesc(profile);
  checkLimit('reorderBuffer', m.reorderBuffer, `${label}: profile ${profile.name}: machine.reorderBuffer`);
  checkLimit('schedulerSize', m.schedulerSize, `${label}: profile ${profile.name}: machine.schedulerSize`);
  checkLimit('dispatchWidth', m.dispatchWidth, `${label}: profile ${profile.name}: machine.dispatchWidth`);
  checkLimit('dispatchWidth', m.retireWidth, `${label}: profile ${profile.name}: machine.retireWidth`);
  for (const [form] of countForms(kernel.body)) {
    // A composite's own numbers are the combined ones: no part exceeds them.
    const d = instrDesc(profile, form);
    const worst = Math.max(d.latencyCycles, d.numUops, ...d.uops.map((u) => u.busyCycles));
    if (worst > CYCLE_FORM_LIMIT) {
      throw new AddersimError(
        'LIMIT',
        `the cycle scheduler steps cycle by cycle: latency, µops or busy cycles of ${worst} pass its limit of ${CYCLE_FORM_LIMIT}; use --scheduler bound or serial`,
        `${label}: profile ${profile.name}: forms["${d.form}"]`,
      );
    }
  }
}

function withIterations(kernel: Kernel, iterations: number | undefined): Kernel {
  if (iterations === undefined) return kernel;
  if (!Number.isSafeInteger(iterations) || iterations < 1)
    throw new AddersimError('USAGE', `iterations must be a positive integer, got ${iterations}`, '--iterations');
  return { ...kernel, body: [loop('iteration', iterations, kernel.body)] };
}

/** Every form of the kernel must be in the profile: the error names the instruction's index and form. */
export function checkKernelForms(kernel: Kernel, profile: Profile, label?: string): void {
  checkArgs('checkKernelForms', [
    ['kernel', ARG.kernel, kernel],
    ['profile', ARG.profile, profile],
    ['label', ARG.text.optional(), label],
  ]);
  kernelForms(kernel, profile, label);
}

function kernelForms(kernel: Kernel, profile: Profile, label = `kernel ${kernel.name}`): void {
  if (kernel.body.length === 0) throw new AddersimError('BAD_INPUT', 'the kernel body is empty', `${label}: body`);
  const walk = (body: Kernel['body'], path: string): void =>
    body.forEach((s, k) => (s.kind === 'loop' ? walk(s.body, `${path}[${k}].body`) : void instrDesc(profile, s, `${label}: ${path}[${k}]`)));
  walk(kernel.body, 'body');
}

/** Even split of every µop's busy cycles over its ports, for the whole kernel (serial/bound port table). */
function evenPortCycles(kernel: Kernel, profile: Profile): Record<string, number> {
  return boundKernel(kernel, profile).portPressure;
}

/** ScheduleOptions as the API checks them (plain JavaScript callers): every key, nothing else. */
const scheduleOptionsSchema = optionsOf<ScheduleOptions>()({
  extrapolate: z.boolean().optional(),
  iterations: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  timelineInstructions: z.number().int().min(0).optional(),
  label: z.string().optional(),
  share: z.custom<CycleShare>((v) => typeof v === 'object' && v !== null).optional(),
});

/**
 * Schedules one kernel (e.g. from a kernel file, `parseKernelFile`) on a profile with a scheduler:
 * `serial` (Σ count × latency), `bound` (throughput and dependency bounds) or `cycle` (cycle-level
 * out-of-order model). Forms the profile lacks are errors (see `checkKernelForms`).
 * @example
 * const k = parseKernelFile(JSON.parse(readFileSync('mul-add.json', 'utf8')), 'mul-add.json');
 * const r = scheduleKernel(k, loadProfile('intel-skylake'), 'cycle');
 * r.cycles; r.instructions; r.cyclesPerIteration;           // exact integers and a ratio
 */
export function scheduleKernel(kernel: Kernel, profile: Profile, scheduler: SchedulerName, opts: ScheduleOptions = {}): KernelScheduleResult {
  checkArgs('scheduleKernel', [
    ['kernel', ARG.kernel, kernel],
    ['profile', ARG.profile, profile],
    ['scheduler', z.enum(SCHEDULERS), scheduler],
    ['opts', scheduleOptionsSchema, opts],
  ]);
  return kernelSchedule(kernel, profile, scheduler, opts);
}

/** scheduleKernel for arguments already checked (scheduleProgram's layers). */
function kernelSchedule(kernel: Kernel, profile: Profile, scheduler: SchedulerName, opts: ScheduleOptions): KernelScheduleResult {
  try {
    return scheduleOne(kernel, profile, scheduler, opts);
  } catch (e) {
    throw withPath(e, opts.label ?? `kernel ${kernel.name}`); // e.g. OVERFLOW of `--iterations 1e15` × latency
  }
}

/** The kernel as the machine runs it: on x86, integer instructions are destructive, so the copies the
 *  emitter writes are made explicit (isa/x86-copies.ts). Idempotent; every scheduler entry point uses it. */
export function executedKernel(written: Kernel, profile: Profile): Kernel {
  return profile.identity.isa === 'x86' ? { ...written, body: withX86Copies(written.body) } : written;
}

function scheduleOne(written: Kernel, profile: Profile, scheduler: SchedulerName, opts: ScheduleOptions): KernelScheduleResult {
  const kernel = executedKernel(written, profile);
  kernelForms(kernel, profile, opts.label);
  const k = withIterations(kernel, opts.iterations);
  const iterations = opts.iterations ?? 1;
  const m = machineDesc(profile);
  const instructions = bodyInstructions(k.body);
  let uops = 0;
  for (const [form, n] of countForms(k.body)) uops = checkedAdd(uops, checkedMul(instrDesc(profile, form).numUops, n, 'µop count'), 'µop count');
  const bound = boundKernel(k, profile);
  const base = { kernel: kernel.name, scheduler, cpu: profile.name, iterations, instructions, uops, boundCycles: bound.cycles };
  const finish = (
    cycles: number,
    rest: {
      portCycles: Record<string, number>;
      bottleneck: Bottleneck;
      extrapolation?: Extrapolation;
      timeline?: KernelScheduleResult['timeline'];
      notes: string[];
    },
  ): KernelScheduleResult => {
    const cpi = ratio(cycles, iterations);
    return { ...base, cycles, cyclesPerIteration: cpi, cyclesPerIterationValue: ratioToNumber(cpi), ipc: cycles === 0 ? 0 : instructions / cycles, ...rest };
  };
  switch (scheduler) {
    case 'serial':
      return finish(serialKernel(k, profile).cycles, {
        portCycles: evenPortCycles(k, profile),
        bottleneck: 'latency',
        notes: ['serial: Σ count × latency (no pipelining, ports or memory)'],
      });
    case 'bound':
      return finish(bound.cycles, {
        portCycles: bound.portPressure,
        bottleneck: bound.bottleneck,
        notes: ['bound: max(dispatch, port pressure, loop-carried recurrence) per loop body, × trip'],
      });
    case 'cycle': {
      const run = simulate(kernel, k, profile, opts, instructions);
      const portCycles: Record<string, number> = {};
      m.ports.forEach((p, i) => (portCycles[p] = run.portBusy[i]!));
      const extrapolation: Extrapolation = {
        simulatedIterations: run.simulatedIterations,
        totalIterations: run.iterations,
        extrapolated: run.jumps.length > 0 || run.replays.length > 0,
        simulatedInstructions: run.simulatedInstructions,
        totalInstructions: run.instructions,
        jumps: run.jumps,
        replays: run.replays,
        knownPeriodJumps: run.knownPeriodJumps,
        knownStartJumps: run.knownStartJumps,
      };
      return finish(run.cycles, {
        portCycles,
        bottleneck: cycleBottleneck(run.cycles, run.portBusy, uops, m),
        extrapolation,
        ...(opts.timelineInstructions ? { timeline: run.timeline } : {}),
        notes: [
          ...m.notes,
          `bottleneck: from the simulation — a port busy, or dispatch full, in at least ${SATURATED * 100}% of the cycles; otherwise the machine waited on results (dependency)`,
        ],
      });
    }
    default:
      return assertNever(scheduler, 'scheduler');
  }
}

/** The cycle scheduler's run of kernel `k` (`kernel` with any --iterations loop): size checks, then the pipeline. */
function simulate(kernel: Kernel, k: Kernel, profile: Profile, opts: ScheduleOptions, instructions: number): ReturnType<typeof runPipeline> {
  const extrapolate = opts.extrapolate ?? true;
  checkCycleSized(k, profile, opts.label ?? `kernel ${kernel.name}`);
  if (!extrapolate && instructions > EXPAND_LIMIT) {
    throw new AddersimError(
      'LIMIT',
      `full expansion would simulate ${groupDigits(instructions)} instructions (limit ${groupDigits(EXPAND_LIMIT)}); leave extrapolation on`,
      `kernel ${kernel.name}`,
    );
  }
  // timelines label instructions by position: private ids then
  const share = opts.timelineInstructions ? undefined : opts.share;
  const program = compileKernel({ ...k, body: withoutEmptyLoops(k.body) }, profile, share?.ids);
  const run = runPipeline(program, machineDesc(profile), {
    extrapolate,
    timelineInstructions: opts.timelineInstructions ?? 0,
    ...(share ? { memo: share.memo, portDescs: share.portDescs } : {}),
  });
  if (share) share.counts.simulatedInstructions += run.simulatedInstructions;
  return run;
}

/** `scheduleKernel(kernel, profile, 'cycle', opts).cycles` without what sweeps do not read (the bound,
 *  µop counts, port table, extrapolation record): the same checks, errors and simulation. */
export function cycleKernelCycles(written: Kernel, profile: Profile, opts: Pick<ScheduleOptions, 'extrapolate' | 'share' | 'label'> = {}): number {
  const kernel = executedKernel(written, profile);
  try {
    kernelForms(kernel, profile, opts.label);
    let uops = 0; // the same overflow checks as scheduleKernel
    for (const [form, n] of countForms(kernel.body)) uops = checkedAdd(uops, checkedMul(instrDesc(profile, form).numUops, n, 'µop count'), 'µop count');
    return simulate(kernel, kernel, profile, opts, bodyInstructions(kernel.body)).cycles;
  } catch (e) {
    throw withPath(e, opts.label ?? `kernel ${kernel.name}`);
  }
}

/** Everything of a kernel that scheduling reads, except its name: loops (name, trip) and
 *  instructions (form, registers); notes are left out. Equal keys → equal schedules. */
export function structureKey(kernel: Kernel): string {
  // names length-prefixed (any string), ops and types from fixed vocabularies: unambiguous
  const name = (s: string): string => `${s.length}:${s}`;
  let key = '';
  const walk = (body: Kernel['body']): void => {
    for (const s of body) {
      if (s.kind === 'loop') {
        key += `L${name(s.name)}${s.trip}{`;
        walk(s.body);
        key += '}';
      } else {
        key += `I${s.op}.${s.type.elem}.${s.type.lanes}|${s.dst === undefined ? '-' : name(s.dst)}|${s.src.length}`;
        for (const r of s.src) key += name(r);
        key += ';';
      }
    }
  };
  walk(kernel.body);
  return key;
}

/** The distinct loop nests of a program (the first layer of each), by structureKey. */
export function distinctKernels(program: Program): Map<string, Kernel> {
  const out = new Map<string, Kernel>();
  for (const k of program.kernels) {
    const key = structureKey(k);
    if (!out.has(key)) out.set(key, k);
  }
  return out;
}

/**
 * Schedules every layer of a program, back to back. `done` holds results already computed for some
 * distinct kernels (by structureKey: e.g. on worker threads, src/whatif/schedule-pool.ts); the rest
 * are scheduled here.
 * @example
 * const program = lower(graph, { lowering: 'paper', variant: 'cnn' }, targetCaps(nano));
 * const r = scheduleProgram(program, nano, 'serial');
 * r.cycles;                                                 // 2,499,120 for lenet5-bn on via-nano-2000
 */
export function scheduleProgram(
  program: Program,
  profile: Profile,
  scheduler: SchedulerName,
  opts: ScheduleOptions = {},
  done?: ReadonlyMap<string, KernelScheduleResult>,
): ScheduleResult {
  checkArgs('scheduleProgram', [
    ['program', ARG.program, program],
    ['profile', ARG.profile, profile],
    ['scheduler', z.enum(SCHEDULERS), scheduler],
    ['opts', scheduleOptionsSchema, opts],
    ['done', z.instanceof(Map).optional(), done],
  ]);
  const layers: LayerResult[] = [];
  let cycles = 0;
  // Many layers share a kernel (ResNet blocks repeat): each distinct loop nest is scheduled once
  // per call; a repeat takes the first one's result under its own name.
  const memo = new Map<string, KernelScheduleResult>(done);
  // layers with the same structure have the same counts too
  const countsOf = new Map<string, Record<string, number>>();
  const share = scheduler === 'cycle' ? newCycleShare(profile, programForms(program)) : undefined;
  for (const kernel of program.kernels) {
    let r: KernelScheduleResult;
    const key = structureKey(kernel);
    const seen = memo.get(key);
    if (seen) r = seen.kernel === kernel.name ? seen : { ...seen, kernel: kernel.name };
    else {
      try {
        r = kernelSchedule(kernel, profile, scheduler, { ...opts, iterations: undefined, timelineInstructions: 0, ...(share ? { share } : {}) });
      } catch (e) {
        throw withPath(e, `${program.model}: layer ${kernel.layer ?? kernel.name}`);
      }
      memo.set(key, r);
    }
    let counted = countsOf.get(key);
    if (!counted) countsOf.set(key, (counted = Object.fromEntries(countForms(kernel.body))));
    const counts = { ...counted }; // each layer its own object
    layers.push({
      layer: kernel.layer ?? kernel.name,
      kind: kernel.layerKind ?? 'kernel',
      cycles: r.cycles,
      counts,
      bottleneck: r.bottleneck,
      ...(scheduler === 'cycle' ? { portCycles: r.portCycles, boundCycles: r.boundCycles } : {}),
      ...(r.extrapolation ? { extrapolation: r.extrapolation } : {}),
    });
    cycles += r.cycles;
    if (!Number.isSafeInteger(cycles))
      throw new AddersimError('OVERFLOW', `total cycles pass 2^53`, `${program.model}: layer ${kernel.layer ?? kernel.name} (running total)`);
  }
  const notes = scheduler === 'cycle' ? [...machineDesc(profile).notes, 'layers run back to back on an empty machine (no overlap at layer boundaries)'] : [];
  return { scheduler, cpu: profile.name, cycles, layers, notes };
}
