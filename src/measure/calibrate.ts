// `addersim calibrate PROFILE`: microbenchmarks per form on this host — a dependency chain through the
// destination (latency) and 10 independent copies (reciprocal throughput) — turned into an `extends`
// profile whose every changed number cites `measured: <cpu>, <date>, addersim calibrate`, with the raw
// figures beside it. Forms it cannot run here (memory forms, forms the emitter or the CPU lacks) are listed.
//   fma.f32x8   chain 4.00 (profile 4)   10 independent 5.00 → rthroughput 0.50 (profile 1.00: µop cycles 2 → 1)

import { AddersimError, didYouMean, instr, isFloat, parseForm, type Instr, type Kernel } from '../isa/index.ts';
import { emitAsmBlock } from '../isa/emit-asm.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { missingFlags, measureKernels, readHost, type MeasureOptions } from './measure.ts';

/** Independent copies in a throughput kernel: enough to cover latency 5 at 2 per cycle on most forms. */
export const THROUGHPUT_COPIES = 10;
const SKIPPED_OPS = new Set(['load', 'store', 'bcast']);

export interface FormFigures {
  readonly form: string;
  /** Cycles per iteration of a chain through the destination (one instruction per iteration). */
  readonly chainCycles: number;
  /** Cycles per instruction with THROUGHPUT_COPIES independent instructions per iteration. */
  readonly throughputCycles: number;
  readonly profileLatency: number;
  readonly profileRthroughput: number;
}

export interface CalibrationResult {
  readonly schema: 'addersim/calibration@1';
  readonly host: string;
  readonly date: string;
  readonly profile: string;
  readonly figures: readonly FormFigures[];
  readonly skipped: readonly { readonly form: string; readonly reason: string }[];
  /** The `extends` profile: only numbers that the measurement changes. */
  readonly extension: Record<string, unknown>;
}

function sources(op: string, n: number): string[] {
  if (op === 'fma') return ['x', 'w'];
  if (['abs', 'neg', 'not', 'popcnt', 'shl', 'shr', 'hadd', 'cvt', 'mov'].includes(op)) return [];
  return ['w'].slice(0, n);
}

/** Chain kernel `r = op r, w…` and throughput kernel `r_k = op x_k… ` for a form. */
export function calibrationKernels(form: string): { chain: Kernel; throughput: Kernel } {
  const f = parseForm(form);
  const extra = sources(f.op, 1);
  const chainBody: Instr[] =
    f.op === 'mov'
      ? [instr('mov', f.type, 'b', ['a']), instr('mov', f.type, 'a', ['b'])]
      : [instr(f.op, f.type, 'r', f.op === 'fma' ? [...extra, 'r'] : ['r', ...extra])];
  // accumulating forms (fma) carry their own destination: THROUGHPUT_COPIES chains at once
  // general-register ops are destructive on x86: independent chains `y_k = op y_k, w` avoid the copies
  // `y_k = op x, w` would add (10 chains of latency L cost L cycles, below 10 × throughput for the forms here)
  const gpr = f.type.lanes === 1 && !isFloat(f.type.elem);
  const first = (k: number) => (gpr && f.op !== 'mov' ? `y${k}` : 'x');
  const tpBody = Array.from({ length: THROUGHPUT_COPIES }, (_, k) => instr(f.op, f.type, `y${k}`, f.op === 'fma' ? ['x', 'w', `y${k}`] : [first(k), ...extra]));
  return { chain: { name: `${form}:chain`, body: chainBody }, throughput: { name: `${form}:throughput`, body: tpBody } };
}

export function calibrateProfile(profile: Profile, opts: MeasureOptions & { forms?: readonly string[]; date?: string } = {}): CalibrationResult {
  const host = readHost();
  const skipped: { form: string; reason: string }[] = [];
  const runnable: { form: string; chain: Kernel; throughput: Kernel }[] = [];
  for (const form of opts.forms ?? Object.keys(profile.forms).sort()) {
    const t = profile.forms[form];
    if (!t) throw new AddersimError('UNKNOWN_FORM', `form ${form} is not in profile ${profile.name}${didYouMean(form, Object.keys(profile.forms))}`, '--forms');
    const f = parseForm(form);
    if (SKIPPED_OPS.has(f.op)) {
      skipped.push({ form, reason: 'memory form: not calibrated (needs an address chain)' });
      continue;
    }
    const ks = calibrationKernels(form);
    try {
      const missing = [...missingFlags(emitAsmBlock(ks.chain, 'x86'), host), ...missingFlags(emitAsmBlock(ks.throughput, 'x86'), host)];
      if (missing.length) {
        skipped.push({ form, reason: `the host CPU lacks ${[...new Set(missing)].join(', ')}` });
        continue;
      }
    } catch (e) {
      if (e instanceof AddersimError) {
        skipped.push({ form, reason: `${e.code}: ${e.message}` });
        continue;
      }
      throw e;
    }
    runnable.push({ form, ...ks });
  }
  if (runnable.length === 0) throw new AddersimError('BAD_INPUT', `no form of ${profile.name} can be calibrated on this host`);
  const kernels = runnable.flatMap((r) => [r.chain, r.throughput]);
  const m = measureKernels(kernels, profile, opts);
  const figures: FormFigures[] = [];
  runnable.forEach((r, i) => {
    const chain = m.kernels[2 * i]!;
    const tp = m.kernels[2 * i + 1]!;
    const t = profile.forms[r.form]!;
    figures.push({
      form: r.form,
      chainCycles: r.form.startsWith('mov.') ? chain.measuredCyclesPerIteration / 2 : chain.measuredCyclesPerIteration,
      throughputCycles: tp.measuredCyclesPerIteration / THROUGHPUT_COPIES,
      profileLatency: t.latency,
      profileRthroughput: t.rthroughput,
    });
  });
  const date = opts.date ?? new Date().toISOString().slice(0, 10);
  const cpu = `${m.host.modelName} (${m.host.vendor} family ${m.host.family} model ${m.host.model})`;
  return {
    schema: 'addersim/calibration@1',
    host: m.host.description,
    date,
    profile: profile.name,
    figures,
    skipped,
    extension: extension(profile, figures, `measured: ${cpu}, ${date}, addersim calibrate`),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Numbers the measurement changes: a latency whose chain rounds to another integer; a reciprocal
 * throughput more than 10% off, expressed by the µop's busy cycles on the same ports where the form is one
 * µop (cycles = throughput × ports, an integer ≥ 1, different from today's); otherwise the µops stay and a note
 * gives the figure.
 */
export function extension(profile: Profile, figures: readonly FormFigures[], source: string): Record<string, unknown> {
  const forms: Record<string, unknown> = {};
  for (const f of figures) {
    const t = profile.forms[f.form]!;
    const change: Record<string, unknown> = {};
    const notes: string[] = [];
    const lat = Math.round(f.chainCycles);
    // a chain that is not latency-bound (throughput-bound below 1 cycle) says nothing about latency ≥ 1
    if (lat !== t.latency && !(t.latency === 0 && f.chainCycles < 0.5) && !t.composite) change.latency = lat;
    const tp = f.throughputCycles;
    if (Math.abs(tp - t.rthroughput) / t.rthroughput > 0.1) {
      const u = t.uops[0];
      const cycles = u ? Math.round(tp * u.ports.length) : 0;
      if (t.uops.length === 1 && u && cycles >= 1 && cycles !== u.cycles && Math.abs(cycles / u.ports.length - tp) / tp <= 0.1) {
        change.rthroughput = round2(tp);
        change.uops = [{ ports: u.ports, cycles }];
      } else {
        notes.push(
          `10 independent copies measure ${round2(tp)} cycles each (profile ${t.rthroughput}); the µops are kept: the measurement does not say which ports`,
        );
      }
    }
    if (Object.keys(change).length || notes.length) {
      forms[f.form] = {
        ...change,
        ...(Object.keys(change).length
          ? { source: `${source}: chain ${round2(f.chainCycles)}, ${THROUGHPUT_COPIES} independent ${round2(tp * THROUGHPUT_COPIES)} cycles` }
          : {}),
        ...(notes.length ? { note: notes.join('; ') } : {}),
      };
    }
  }
  return { extends: profile.name, forms };
}
