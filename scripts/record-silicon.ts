// Measures the validation kernels on this host (a Zen 3: AMD family 25) with `addersim measure`'s
// harness and records them beside addersim's amd-zen3 and llvm-mca 14's -mcpu=znver3 predictions,
// so test/validation/silicon.test.ts can compare without the CPU:
//   npm run validate:silicon                        # re-measure; rewrites test/validation/silicon-fixtures.json
//   npx tsx scripts/record-silicon.ts --table       # the table from the fixtures and today's model (no CPU)
// Both models are taken in the steady state: (cycles(2N) − cycles(N)) / N with N = 1000.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitAsm, loadProfile, parseKernelFile, type Kernel } from '../src/index.ts';
import { measureKernels, meanAbsolute, predict, profileForHost, readHost } from '../src/measure/index.ts';

export const VALIDATION_DIR = new URL('../test/validation/', import.meta.url).pathname;
export const SILICON_FIXTURES = join(VALIDATION_DIR, 'silicon-fixtures.json');
export const PROFILE = 'amd-zen3';
export const MCPU = 'znver3';
const N = 1000;
const REPETITIONS = 200;
const PASSES = 5;

export interface SiliconFixture {
  readonly kernel: string;
  readonly file: string;
  readonly asm: string;
  readonly measuredCyclesPerIteration: number;
  readonly medianCyclesPerIteration: number;
  readonly noise: number;
  readonly samples: number;
  readonly llvmMcaCyclesPerIteration: number;
  /** addersim amd-zen3 when recorded (null: the profile could not run it). */
  readonly addersimAtRecording: number | null;
}

export interface SiliconData {
  readonly host: string;
  readonly recorded: string;
  readonly command: string;
  readonly method: string;
  readonly calibration: { ticksPerCycle: number; drift: number };
  readonly llvmMca: string;
  readonly fixtures: readonly SiliconFixture[];
}

export function siliconKernelFiles(): string[] {
  return ['x86', 'silicon'].flatMap((d) =>
    readdirSync(join(VALIDATION_DIR, 'kernels', d))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join('kernels', d, f)),
  );
}

export function readKernel(rel: string): Kernel {
  const file = join(VALIDATION_DIR, rel);
  return parseKernelFile(JSON.parse(readFileSync(file, 'utf8')), file);
}

function llvmMca(asm: string, dir: string, name: string): number {
  const s = join(dir, `${name}.s`);
  writeFileSync(s, asm);
  const total = (iterations: number) => {
    const out = execFileSync('llvm-mca', ['-mtriple=x86_64', `-mcpu=${MCPU}`, `-iterations=${iterations}`, s], { encoding: 'utf8' });
    const m = /Total Cycles:\s+(\d+)/.exec(out);
    if (!m) throw new Error(`no "Total Cycles" in llvm-mca output for ${name}`);
    return Number(m[1]);
  };
  return (total(2 * N) - total(N)) / N;
}

function record(): void {
  const host = readHost();
  if (profileForHost(host) !== PROFILE)
    throw new Error(`this host (${host.modelName}, family ${host.family} model ${host.model}) is not a Zen 3: the silicon fixtures are Zen 3 measurements`);
  const files = siliconKernelFiles();
  const kernels = files.map(readKernel);
  const r = measureKernels(kernels, loadProfile(PROFILE), { repetitions: REPETITIONS, passes: PASSES });
  const tmp = mkdtempSync(join(tmpdir(), 'addersim-silicon-'));
  const fixtures: SiliconFixture[] = [];
  try {
    kernels.forEach((k, i) => {
      const m = r.kernels[i]!;
      const asm = emitAsm(k, 'x86');
      fixtures.push({
        kernel: k.name,
        file: files[i]!,
        asm,
        measuredCyclesPerIteration: round(m.measuredCyclesPerIteration),
        medianCyclesPerIteration: round(m.medianCyclesPerIteration),
        noise: round(m.noise),
        samples: m.samples,
        llvmMcaCyclesPerIteration: llvmMca(asm, tmp, k.name),
        addersimAtRecording: m.predictedCyclesPerIteration,
      });
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const version =
    execFileSync('llvm-mca', ['--version'], { encoding: 'utf8' })
      .split('\n')
      .find((l) => /version/i.test(l))
      ?.trim() ?? 'unknown';
  const data: SiliconData = {
    host: r.host.description,
    recorded: new Date().toISOString().slice(0, 10),
    command: 'npm run validate:silicon',
    method: `addersim measure harness: emitted block unrolled to ≥ 256 instructions per trip, dec/jnz loop, pinned to CPU ${r.pinnedCpu}, each sample a calibration chain of 256 dependent adds then the kernel; minimum over ${PASSES} series × ${REPETITIONS} samples; llvm-mca -mcpu=${MCPU} and addersim ${PROFILE} in the steady state ((cycles(${2 * N}) − cycles(${N})) / ${N})`,
    calibration: { ticksPerCycle: round(r.calibration.ticksPerCycle), drift: round(r.calibration.drift) },
    llvmMca: version,
    fixtures,
  };
  writeFileSync(SILICON_FIXTURES, `${JSON.stringify(data, null, 2)}\n`);
  process.stderr.write(`${fixtures.length} kernels measured → ${SILICON_FIXTURES}\n`);
  table();
}

const round = (x: number) => Math.round(x * 10000) / 10000;

export interface SiliconRow {
  readonly kernel: string;
  readonly measured: number;
  readonly noise: number;
  readonly llvmMca: number;
  readonly llvmMcaError: number;
  readonly addersim: number | null;
  readonly addersimError: number | null;
  readonly unpredicted?: string;
}

export function readSilicon(): SiliconData {
  return JSON.parse(readFileSync(SILICON_FIXTURES, 'utf8')) as SiliconData;
}

/** The recorded measurements against today's amd-zen3 and the recorded llvm-mca figures. */
export function compareSilicon(profile = PROFILE): SiliconRow[] {
  const p = loadProfile(profile);
  return readSilicon().fixtures.map((f) => {
    const pr = predict(readKernel(f.file), p, N);
    const m = f.measuredCyclesPerIteration;
    return {
      kernel: f.kernel,
      measured: m,
      noise: f.noise,
      llvmMca: f.llvmMcaCyclesPerIteration,
      llvmMcaError: (f.llvmMcaCyclesPerIteration - m) / m,
      ...('cycles' in pr ? { addersim: pr.cycles, addersimError: (pr.cycles - m) / m } : { addersim: null, addersimError: null, unpredicted: pr.unpredicted }),
    };
  });
}

export function siliconSummary(rows: readonly SiliconRow[]): string {
  const predicted = rows.filter((r) => r.addersimError !== null);
  const a = meanAbsolute(predicted.map((r) => r.addersimError));
  const l = meanAbsolute(predicted.map((r) => r.llvmMcaError));
  const worst = Math.max(...predicted.map((r) => Math.abs(r.addersimError!)));
  const over5 = predicted.filter((r) => Math.abs(r.addersimError!) > 0.05).length;
  return `${predicted.length} of ${rows.length} kernels run on ${PROFILE}; mean absolute error vs measurement: addersim ${pct(a)}, llvm-mca ${pct(l)} (same kernels); worst addersim ${pct(worst)}; ${over5} over 5%`;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const sgn = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/** The Markdown table of the recorded measurements beside today's models, headed by where and when it was
 *  measured: what `--table` prints, and what scripts/readme-silicon.ts writes into the READMEs. */
export function siliconTable(rows: readonly SiliconRow[] = compareSilicon(), d: SiliconData = readSilicon()): string {
  const lines = [
    `Measured on ${d.host}, ${d.recorded} (\`${d.command}\`); noise = (median − min) / min.`,
    '',
    '| kernel | measured | noise | addersim amd-zen3 | Δ | llvm-mca znver3 | Δ |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.kernel} | ${r.measured.toFixed(3)} | ${pct(r.noise)} | ${r.addersim === null ? 'UNKNOWN_FORM' : r.addersim.toFixed(3)} | ${r.addersimError === null ? '—' : sgn(r.addersimError)} | ${r.llvmMca.toFixed(3)} | ${sgn(r.llvmMcaError)} |`,
    );
  }
  return lines.join('\n');
}

function table(): void {
  const rows = compareSilicon();
  process.stdout.write(`${siliconTable(rows)}\n\n**${siliconSummary(rows)}.**\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  if (process.argv.includes('--table')) table();
  else record();
}
