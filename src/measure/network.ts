// `addersim measure MODEL`: every layer of a lowered program run on this host as a function over buffers of
// the layer's real sizes (nest-asm.ts, addressing.ts), timed like the kernel harness (calibration chain
// before each sample, pinned, warm-up, minimum and median of ≥ 20), beside the cycle model's prediction
// for the layer (scheduleProgram, cycle scheduler: the whole layer, as `latency` schedules it).
//   layer1.0.conv1  conv NHWC  measured 152,301  predicted 147,456  −3.2%

import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { AddersimError, type Kernel, type Program } from '../isa/index.ts';
import type { ShapedGraph, ShapedLayer } from '../models/graph.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { scheduleProgram } from '../sim/schedulers/schedule.ts';
import { addressingFor, streams } from './addressing.ts';
import { C_MAIN_START, C_TSC_TIMERS, calibrationAsm, elementBytes, requiredFlags, type HarnessPlan } from './harness.ts';
import { analyse, compileHarness, harnessDir, readHost, type MeasureOptions, type MeasureResult } from './measure.ts';
import { emitLayerFunction, type LayerFunction } from './nest-asm.ts';

export interface LayerMeasurement {
  readonly layer: string;
  readonly kind: string;
  /** Buffer layout the layer ran over (`conv NHWC`, `im2col`, `streams`), and why a conv fell back to streams. */
  readonly addressing: string;
  readonly fallback?: string;
  readonly bufferBytes: number;
  /** Core cycles of one call of the layer function: minimum and median sample. */
  readonly measuredCycles: number;
  readonly medianCycles: number;
  readonly noise: number;
  /** The cycle scheduler's cycles for the layer kernel (exact integer). */
  readonly predictedCycles: number;
  readonly error: number;
  /** Instructions a call executes: the kernel's, and loop control (pointer steps, counters, branches) the model does not see. */
  readonly instructions: number;
  readonly loopControl: number;
}

export interface NetworkMeasurement {
  readonly schema: 'addersim/measure-network@1';
  readonly model: string;
  readonly variant: string;
  readonly lowering: string;
  readonly profile: string;
  readonly host: MeasureResult['host'];
  readonly pinned: boolean;
  readonly pinnedCpu: number;
  readonly calibration: MeasureResult['calibration'];
  readonly layers: readonly LayerMeasurement[];
  readonly totals: { readonly measuredCycles: number; readonly predictedCycles: number; readonly error: number };
}

export interface NetworkOptions extends MeasureOptions {
  /** Called after each layer's series: (series done, series in all, layer). */
  readonly onProgress?: (done: number, total: number, layer: string) => void;
}

interface Built {
  readonly kernel: Kernel;
  readonly fn: LayerFunction;
  readonly addressing: string;
  readonly fallback?: string;
}

/** The layer function with the layer's layout; a conv whose nest the layout does not cover runs over streams (said in `fallback`). */
export function buildLayer(kernel: Kernel, layer: ShapedLayer | undefined, lowering: string, fnName: string): Built {
  const { make, layout } = addressingFor(kernel, layer, lowering);
  if (!layout) {
    const a = make();
    return { kernel, fn: emitLayerFunction(kernel, a, fnName), addressing: a.kind };
  }
  let first: ReturnType<typeof make> | undefined;
  try {
    first = make();
    return { kernel, fn: emitLayerFunction(kernel, first, fnName), addressing: first.kind };
  } catch (e) {
    if (!(e instanceof AddersimError)) throw e;
    const s = streams(kernel);
    return { kernel, fn: emitLayerFunction(kernel, s, fnName), addressing: s.kind, fallback: `${first?.kind ?? 'layout'}: ${e.detail}` };
  }
}

const hex = (bytes: readonly number[]) => bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(',');

/** C driver: buffers allocated and filled (1.0 / 1), each layer timed as calls per sample after the calibration chain. */
export function layerHarnessC(built: readonly Built[]): string {
  const parts: string[] = [];
  built.forEach((b, i) => {
    const f = b.fn;
    const vinit = f.vecLiveIn.flatMap((r) => {
      const e = elementBytes(r.name, r.type);
      return Array.from({ length: 32 }, (_, k) => e[k % e.length]!);
    });
    parts.push(`static unsigned char vinit_${i}[${Math.max(1, vinit.length)}] __attribute__((aligned(64))) = {${vinit.length ? hex(vinit) : '0'}};`);
    const gvals = f.gprLiveIn.map((g) => {
      const e = elementBytes(g.name, { elem: 'i64', lanes: 1 });
      return `0x${[...e]
        .reverse()
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('')}ull`;
    });
    parts.push(`static uint64_t table_${i}[${f.arrays.length + gvals.length + 1}];`);
    parts.push(`static const uint64_t gvals_${i}[${gvals.length + 1}] = {${[...gvals, '0'].join(',')}};`);
    const setup = f.arrays.map((a, k) => {
      const pat = elementBytes('', a.type);
      return `  table_${i}[${k}] = (uint64_t)buffer(${a.bytes}, (const unsigned char[]){${hex(pat)}}, ${pat.length});`;
    });
    parts.push(`extern void layer_${i}(uint64_t *, void *);`);
    parts.push(
      `static void setup_${i}(void) {\n${setup.join('\n')}\n  for (int g = 0; g < ${gvals.length}; g++) table_${i}[${f.arrays.length} + g] = gvals_${i}[g];\n}`,
    );
  });
  const table = built.map((_, i) => `  { layer_${i}, table_${i}, vinit_${i}, setup_${i} },`).join('\n');
  return `${LAYER_C_PRELUDE}\n${parts.join('\n')}\nstatic const entry_t LAYERS[] = {\n${table}\n};\n${LAYER_C_MAIN.replaceAll('%COUNT%', String(built.length))}`;
}

const LAYER_C_PRELUDE = `// generated by addersim measure MODEL: times each layer function and the calibration chain, prints raw TSC samples
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>
typedef struct { uint64_t trips; } ctx_t;
typedef struct { void (*fn)(uint64_t *, void *); uint64_t *table; void *vinit; void (*setup)(void); } entry_t;
extern void addersim_calibrate(ctx_t *);
${C_TSC_TIMERS}
static void *buffer(size_t bytes, const unsigned char *pat, int n) {
  size_t size = (bytes + 63) / 64 * 64 + 64; /* BUFFER_SLACK */
  unsigned char *p = aligned_alloc(64, size);
  if (!p) { fprintf(stderr, "out of memory\\n"); exit(1); }
  for (size_t k = 0; k < size; k++) p[k] = pat[k % n];
  return p;
}`;

const LAYER_C_MAIN = `static uint64_t cal_once(ctx_t *c) { uint64_t a = t_start(); addersim_calibrate(c); return t_stop() - a; }
// lfence after each call: the next call does not overlap this one's drain, so a call costs first dispatch to last
// completion, as the cycle model counts a layer (small layers would otherwise overlap by up to a reorder buffer)
static uint64_t calls(const entry_t *e, uint64_t n) { uint64_t a = t_start(); for (uint64_t k = 0; k < n; k++) { e->fn(e->table, e->vinit); _mm_lfence(); } return t_stop() - a; }
// Calls per sample doubled until a sample takes TARGET_TICKS; a calibration run immediately before each sample.
static void series(int index, const entry_t *e, ctx_t *cal, uint64_t target, int samples) {
  uint64_t n = 1;
  while (n < (1ull << 20) && calls(e, n) < target) n *= 2;
  for (int w = 0; w < 3; w++) { cal_once(cal); calls(e, n); }
  printf("{\\"what\\":\\"kernel\\",\\"index\\":%d,\\"trips\\":%llu,\\"calibrationTrips\\":%llu,\\"samples\\":[", index, (unsigned long long)n, (unsigned long long)cal->trips);
  for (int p = 0; p < samples; p++) {
    uint64_t k0 = cal_once(cal);
    uint64_t k1 = calls(e, n);
    printf("%s[%llu,%llu]", p ? "," : "", (unsigned long long)k0, (unsigned long long)k1);
  }
  printf("]}\\n");
  fflush(stdout);
}
${C_MAIN_START}
  fflush(stdout);
  for (int i = 0; i < %COUNT%; i++) LAYERS[i].setup();
  ctx_t cal = { 4 };
  while (cal.trips < (1ull << 30) && cal_once(&cal) < target / 4) cal.trips *= 2;
  for (int pass = 0; pass < passes; pass++)
    for (int i = 0; i < %COUNT%; i++) series(i, &LAYERS[i], &cal, target, reps);
  return 0;
}
`;

function runHarness(exe: string, args: readonly string[], total: number, names: readonly string[], onProgress?: NetworkOptions['onProgress']): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      const n = (out.match(/"what":"kernel"/g) ?? []).length;
      for (; done < n; done++) onProgress?.(done + 1, total, names[done % names.length]!);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('error', (e) => reject(new AddersimError('HOST', `running the layer harness: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new AddersimError('HOST', `the layer harness failed (exit ${code ?? signal}): ${err.trim().split('\n').slice(0, 3).join(' | ')}`));
    });
  });
}

/** Measures every kernel of `program` (one per layer) on this host and predicts each on `profile` (cycle scheduler). */
export async function measureProgram(program: Program, graph: ShapedGraph, profile: Profile, opts: NetworkOptions = {}): Promise<NetworkMeasurement> {
  const host = readHost();
  const repetitions = opts.repetitions ?? 21;
  const passes = opts.passes ?? 1;
  if (!Number.isSafeInteger(repetitions) || repetitions * passes < 20)
    throw new AddersimError('USAGE', `need at least 20 samples per layer (repetitions × passes), got ${repetitions} × ${passes}`);
  const pin = opts.pin ?? Math.max(0, host.cpus - 1);
  const layers = new Map(graph.layers.map((l) => [l.name, l]));
  // Layers whose functions are identical (same instructions, addresses and buffers: ResNet blocks repeat) are one
  // function, measured once with all its samples, and its figure given to each.
  const layerOf = (k: Kernel) => (k.layer === undefined ? undefined : layers.get(k.layer));
  const all = program.kernels.map((k) => buildLayer(k, layerOf(k), program.lowering, 'F'));
  const keys = all.map((b) => JSON.stringify([b.fn.lines, b.fn.arrays, b.fn.vecLiveIn, b.fn.gprLiveIn]));
  const firstOf = new Map<string, number>();
  keys.forEach((k, i) => firstOf.has(k) || firstOf.set(k, i));
  const distinct = [...firstOf.values()];
  const slot = keys.map((k) => distinct.indexOf(firstOf.get(k)!));
  const built = distinct.map((i, j) => buildLayer(program.kernels[i]!, layerOf(program.kernels[i]!), program.lowering, `layer_${j}`));
  const asm = [
    '\t.text',
    ...built.flatMap((b) => ['', `# ${b.kernel.name} (${b.addressing})`, ...b.fn.lines]),
    '',
    ...calibrationAsm(),
    '\t.section .note.GNU-stack,"",@progbits',
    '',
  ].join('\n');
  const missing = requiredFlags(asm).filter((f) => !host.flags.has(f));
  if (missing.length) throw new AddersimError('HOST', `the host CPU lacks ${missing.join(', ')} (needed by the emitted instructions)`);
  const dir = harnessDir();
  let out: string;
  let predicted: number[];
  try {
    const exe = compileHarness(opts.cc ?? 'cc', dir, 'layers.s', asm, layerHarnessC(built), 'the layer harness');
    // predicted after compiling: a host without a compiler is refused before the cycle model runs
    // as `latency` schedules it (one cycle simulation per distinct loop nest, repeats share it)
    predicted = scheduleProgram(program, profile, 'cycle').layers.map((l) => l.cycles);
    const names = built.map((b) => b.kernel.layer ?? b.kernel.name);
    out = await runHarness(
      exe,
      [String(pin), String(repetitions), String(passes), String(opts.targetTicks ?? 100_000)],
      built.length * passes,
      names,
      opts.onProgress,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const plans: HarnessPlan[] = built.map((b) => ({ name: b.kernel.name, unroll: 1, asmInstructions: b.fn.executed.kernel, counter: '' }));
  const predictedDistinct = distinct.map((i) => predicted[i]!);
  // one calibration for all layers: the lowest, as contention (a shared host) only inflates a calibration sample
  const m = analyse(
    host,
    profile.name,
    out,
    plans,
    predictedDistinct.map((cycles) => ({ cycles })),
    pin,
    'global',
  );
  const rows = all.map((b, i): LayerMeasurement => {
    const k = m.kernels[slot[i]!]!;
    return {
      layer: b.kernel.layer ?? b.kernel.name,
      kind: b.kernel.layerKind ?? '',
      addressing: b.addressing,
      ...(b.fallback ? { fallback: b.fallback } : {}),
      bufferBytes: b.fn.arrays.reduce((a, x) => a + x.bytes, 0),
      measuredCycles: k.measuredCyclesPerIteration,
      medianCycles: k.medianCyclesPerIteration,
      noise: k.noise,
      predictedCycles: predicted[i]!,
      error: (predicted[i]! - k.measuredCyclesPerIteration) / k.measuredCyclesPerIteration,
      instructions: b.fn.executed.kernel,
      loopControl: b.fn.executed.loopControl,
    };
  });
  const measuredCycles = rows.reduce((a, r) => a + r.measuredCycles, 0);
  const predictedCycles = rows.reduce((a, r) => a + r.predictedCycles, 0);
  return {
    schema: 'addersim/measure-network@1',
    model: program.model,
    variant: program.variant,
    lowering: program.lowering,
    profile: profile.name,
    host: m.host,
    pinned: m.pinned,
    pinnedCpu: m.pinnedCpu,
    calibration: m.calibration,
    layers: rows,
    totals: { measuredCycles, predictedCycles, error: (predictedCycles - measuredCycles) / measuredCycles },
  };
}
