// `addersim measure` as a library call: identify the host, build the harness for some kernels,
// compile it with `cc` in a temporary directory, run it pinned, and set the measured core cycles
// per iteration beside the cycle model's prediction for a profile. Nothing runs at import time.
//   cnn-fma-f32x8-8acc-load  measured 4.002 (median 4.010, noise 0.2%)  amd-zen3 8.000  +99.9%

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddersimError, ioError, type Kernel } from '../isa/index.ts';
import { emitAsmBlock, type AsmBlock } from '../isa/emit-asm.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { scheduleKernel } from '../sim/schedulers/schedule.ts';
import { buildHarness, CALIBRATION_CHAIN, requiredFlags, type HarnessPlan } from './harness.ts';
import { describeHost, parseCpuinfo, type HostCpu } from './host.ts';

export interface MeasureOptions {
  /** Samples per pass (≥ 20) and passes; the minimum over all is the figure, the median its check. */
  readonly repetitions?: number;
  readonly passes?: number;
  /** CPU to pin the harness to (default: the last one). */
  readonly pin?: number;
  /** TSC ticks one sample should last (default 250,000 ≈ 0.1 ms: no timer interrupt inside most samples). */
  readonly targetTicks?: number;
  readonly cc?: string;
  /** Iterations of the cycle model; the prediction is the steady-state (cycles(2N) − cycles(N)) / N. */
  readonly modelIterations?: number;
}

export interface KernelMeasurement {
  readonly kernel: string;
  readonly unroll: number;
  readonly asmInstructions: number;
  readonly trips: number;
  readonly samples: number;
  /** Core cycles per iteration of the block: minimum sample and median sample. */
  readonly measuredCyclesPerIteration: number;
  readonly medianCyclesPerIteration: number;
  /** (median − minimum) / minimum. */
  readonly noise: number;
  /** null when the profile cannot run the kernel; `unpredicted` then says why (e.g. UNKNOWN_FORM …). */
  readonly predictedCyclesPerIteration: number | null;
  /** (predicted − measured) / measured; null without a prediction. */
  readonly error: number | null;
  readonly unpredicted?: string;
}

export interface MeasureResult {
  readonly schema: 'addersim/measure@1';
  readonly host: { readonly description: string; readonly vendor: string; readonly family: number; readonly model: number; readonly modelName: string };
  readonly profile: string;
  readonly pinnedCpu: number;
  readonly pinned: boolean;
  /** Lowest TSC ticks per core cycle over the series; drift = (highest − lowest) / lowest across series. */
  readonly calibration: { readonly ticksPerCycle: number; readonly coreGHzPerTscGHz: number; readonly drift: number; readonly chain: number };
  readonly kernels: readonly KernelMeasurement[];
  /** Over the kernels the profile could predict. */
  readonly meanAbsoluteError: number;
}

export type Prediction = { readonly cycles: number } | { readonly unpredicted: string };

/** The profile's prediction, or why there is none (a form it lacks): the kernel is still measured. */
export function predict(kernel: Kernel, profile: Profile, iterations?: number): Prediction {
  try {
    return { cycles: predictCyclesPerIteration(kernel, profile, iterations) };
  } catch (e) {
    if (e instanceof AddersimError && e.code === 'UNKNOWN_FORM') return { unpredicted: `${e.code}: ${e.message}` };
    throw e;
  }
}

export function readHost(): HostCpu {
  if (process.platform !== 'linux') throw new AddersimError('HOST', `addersim measure runs on Linux x86-64 hosts; this is ${process.platform}/${process.arch}`);
  if (process.arch !== 'x64') throw new AddersimError('HOST', `addersim measure drives x86-64 hosts only so far; this host is ${process.arch}`);
  let text: string;
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch (e) {
    throw new AddersimError('HOST', `cannot read /proc/cpuinfo (${(e as NodeJS.ErrnoException).code ?? 'error'})`, '/proc/cpuinfo');
  }
  return parseCpuinfo(text, process.arch);
}

/** Cycles per iteration in the steady state: the difference of two runs cancels fill and drain. */
export function predictCyclesPerIteration(kernel: Kernel, profile: Profile, iterations = 1000): number {
  const run = (n: number) => scheduleKernel(kernel, profile, 'cycle', { iterations: n, label: `kernel ${kernel.name}` }).cycles;
  return (run(2 * iterations) - run(iterations)) / iterations;
}

interface HarnessLine {
  what: 'start' | 'kernel';
  index: number;
  trips: number;
  calibrationTrips: number;
  samples: [number, number][];
  pinned?: number;
  cpu?: number;
}

function run(cmd: string, args: readonly string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AddersimError('HOST', `${what}: "${cmd}" not found (addersim measure needs a C compiler, cc, on PATH)`);
    throw new AddersimError('HOST', `${what}: ${r.error.message}`);
  }
  if (r.status !== 0)
    throw new AddersimError('HOST', `${what} failed (exit ${r.status ?? r.signal}): ${(r.stderr || r.stdout).trim().split('\n').slice(0, 5).join(' | ')}`);
  return r.stdout;
}

/** A new temporary folder for a harness (the caller removes it). */
export function harnessDir(): string {
  try {
    return mkdtempSync(join(tmpdir(), 'addersim-measure-'));
  } catch (e) {
    throw ioError(e, 'create a temporary folder for the harness', tmpdir());
  }
}

/** Writes `asm` (as `asmName`) and the C driver `c` into `dir` and compiles them with `cc`; the executable's path. */
export function compileHarness(cc: string, dir: string, asmName: string, asm: string, c: string, what: string): string {
  try {
    writeFileSync(join(dir, asmName), asm);
    writeFileSync(join(dir, 'harness.c'), c);
  } catch (e) {
    throw ioError(e, `write ${what}`, dir);
  }
  const exe = join(dir, 'harness');
  run(cc, ['-O2', '-o', exe, join(dir, 'harness.c'), join(dir, asmName)], `compiling ${what}`);
  return exe;
}

/** CPU flags the block's instructions need that the host lacks. */
export function missingFlags(block: AsmBlock, host: HostCpu): string[] {
  return requiredFlags(block.lines.join('\n')).filter((f) => !host.flags.has(f));
}

/** Measures flat kernels on this host and predicts them on `profile`. */
export function measureKernels(kernels: readonly Kernel[], profile: Profile, opts: MeasureOptions = {}): MeasureResult {
  const host = readHost();
  const repetitions = opts.repetitions ?? 61;
  const passes = opts.passes ?? 3;
  if (!Number.isSafeInteger(repetitions) || repetitions * passes < 20)
    throw new AddersimError('USAGE', `need at least 20 samples per kernel (repetitions × passes), got ${repetitions} × ${passes}`);
  const pin = opts.pin ?? Math.max(0, host.cpus - 1);
  for (const k of kernels) {
    if (!k.body.every((s) => s.kind === 'instr'))
      throw new AddersimError('BAD_INPUT', 'addersim measure runs flat kernels (a body of instructions, no loops)', `kernel ${k.name}`);
  }
  const predicted = kernels.map((k) => predict(k, profile, opts.modelIterations));
  const blocks = kernels.map((k) => ({ name: k.name, block: emitAsmBlock(k, 'x86') }));
  for (const b of blocks) {
    const missing = missingFlags(b.block, host);
    if (missing.length) throw new AddersimError('HOST', `the host CPU lacks ${missing.join(', ')} (needed by the emitted instructions)`, `kernel ${b.name}`);
  }
  const { asm, c, plans } = buildHarness(blocks);
  const dir = harnessDir();
  let out: string;
  try {
    const exe = compileHarness(opts.cc ?? 'cc', dir, 'kernels.s', asm, c, 'the harness');
    out = run(exe, [String(pin), String(repetitions), String(passes), String(opts.targetTicks ?? 250_000)], 'running the harness');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return analyse(host, profile.name, out, plans, predicted, pin);
}

/** Turns the harness's raw lines into cycles per iteration (pure: tested on recorded output). */
export function analyse(
  host: HostCpu,
  profileName: string,
  output: string,
  plans: readonly HarnessPlan[],
  predicted: readonly Prediction[],
  pin: number,
  /** `per-series` (kernels: each series' own minimum calibration) or `global` (layers under contention: the lowest over all
   *  series, since a busy host only ever adds ticks to a calibration sample and the core clock is fixed). */
  calibrationBy: 'per-series' | 'global' = 'per-series',
): MeasureResult {
  const lines = output
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as HarnessLine);
  const start = lines.find((l) => l.what === 'start');
  if (!start) throw new AddersimError('HOST', 'the harness output is incomplete (no start line)');
  const calibrations: number[] = [];
  const globalTicks = Math.min(
    ...lines.filter((l) => l.what === 'kernel').map((l) => Math.min(...l.samples.map(([c]) => c)) / (l.calibrationTrips * CALIBRATION_CHAIN)),
  );
  const kernels = plans.map((p, i): KernelMeasurement => {
    const series = lines.filter((l) => l.what === 'kernel' && l.index === i);
    if (series.length === 0) throw new AddersimError('HOST', `the harness printed nothing for kernel ${p.name}`);
    // per series (a few ms): the clock is taken as steady, so its minimum calibration sample converts its kernel samples
    const perIteration: number[] = [];
    const minima: number[] = [];
    for (const l of series) {
      const own = Math.min(...l.samples.map(([c]) => c)) / (l.calibrationTrips * CALIBRATION_CHAIN);
      const ticksPerCycle = calibrationBy === 'global' ? globalTicks : own;
      calibrations.push(own);
      const cycles = l.samples.map(([, k]) => k / ticksPerCycle / (l.trips * p.unroll));
      perIteration.push(...cycles);
      minima.push(Math.min(...cycles));
    }
    const sorted = [...perIteration].sort((x, y) => x - y);
    const measured = Math.min(...minima);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const pr = predicted[i]!;
    return {
      kernel: p.name,
      unroll: p.unroll,
      asmInstructions: p.asmInstructions,
      trips: series[0]!.trips,
      samples: perIteration.length,
      measuredCyclesPerIteration: measured,
      medianCyclesPerIteration: median,
      noise: (median - measured) / measured,
      ...('cycles' in pr
        ? { predictedCyclesPerIteration: pr.cycles, error: (pr.cycles - measured) / measured }
        : { predictedCyclesPerIteration: null, error: null, unpredicted: pr.unpredicted }),
    };
  });
  const lo = Math.min(...calibrations);
  const hi = Math.max(...calibrations);
  return {
    schema: 'addersim/measure@1',
    host: { description: describeHost(host), vendor: host.vendor, family: host.family, model: host.model, modelName: host.modelName },
    profile: profileName,
    pinnedCpu: pin,
    pinned: start.pinned === 1,
    calibration: { ticksPerCycle: lo, coreGHzPerTscGHz: 1 / lo, drift: (hi - lo) / lo, chain: CALIBRATION_CHAIN },
    kernels,
    meanAbsoluteError: meanAbsolute(kernels.map((k) => k.error)),
  };
}

export function meanAbsolute(errors: readonly (number | null)[]): number {
  const e = errors.filter((x): x is number => x !== null);
  return e.reduce((a, x) => a + Math.abs(x), 0) / Math.max(1, e.length);
}
