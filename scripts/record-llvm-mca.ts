// Records llvm-mca 14's cycles for the validation kernels (test/validation/kernels/<isa>/*.json) on the
// CPUs that have matching addersim profiles, as fixtures the test reads without llvm-mca:
//   npx tsx scripts/record-llvm-mca.ts            # regenerate test/validation/llvm-mca-fixtures.json
//   npx tsx scripts/record-llvm-mca.ts --table    # print the agreement table (fixtures vs addersim; no llvm-mca)
// Each fixture keeps the exact assembly and command, so a run can be repeated by hand.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddersimError, emitAsm, loadProfile, parseKernelFile, scheduleKernel, checkKernelForms } from '../src/index.ts';

export const VALIDATION_DIR = new URL('../test/validation/', import.meta.url).pathname;
export const FIXTURES = join(VALIDATION_DIR, 'llvm-mca-fixtures.json');
export const ITERATIONS = 100;

export const CPUS = [
  { profile: 'intel-skylake', mcpu: 'skylake', isa: 'x86' },
  { profile: 'amd-zen3', mcpu: 'znver3', isa: 'x86' },
  { profile: 'amd-jaguar', mcpu: 'btver2', isa: 'x86' },
  { profile: 'intel-haswell', mcpu: 'haswell', isa: 'x86' },
  { profile: 'arm-cortex-a57', mcpu: 'cortex-a57', isa: 'aarch64' },
  { profile: 'arm-cortex-a55', mcpu: 'cortex-a55', isa: 'aarch64' },
] as const;

export interface Fixture {
  readonly kernel: string;
  readonly isa: 'x86' | 'aarch64';
  readonly profile: string;
  readonly mcpu: string;
  readonly iterations: number;
  readonly command: string;
  readonly asm: string;
  readonly totalCycles: number;
  readonly cyclesPerIteration: number;
}

export interface Skipped {
  readonly kernel: string;
  readonly profile: string;
  readonly reason: string;
}

export function kernelFiles(): { file: string; isa: 'x86' | 'aarch64' }[] {
  return (['x86', 'aarch64'] as const).flatMap((isa) =>
    readdirSync(join(VALIDATION_DIR, 'kernels', isa))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({ file: join(VALIDATION_DIR, 'kernels', isa, f), isa })),
  );
}

function record(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'addersim-mca-'));
  const fixtures: Fixture[] = [];
  const skipped: Skipped[] = [];
  try {
    for (const { file, isa } of kernelFiles()) {
      const kernel = parseKernelFile(JSON.parse(readFileSync(file, 'utf8')), file);
      const asm = emitAsm(kernel, isa);
      const s = join(tmp, `${kernel.name}.s`);
      writeFileSync(s, asm);
      for (const cpu of CPUS.filter((c) => c.isa === isa)) {
        try {
          checkKernelForms(kernel, loadProfile(cpu.profile));
        } catch (e) {
          if (e instanceof AddersimError && e.code === 'UNKNOWN_FORM') {
            skipped.push({ kernel: kernel.name, profile: cpu.profile, reason: e.message });
            continue;
          }
          throw e;
        }
        const triple = isa === 'x86' ? 'x86_64' : 'aarch64';
        const args = [`-mtriple=${triple}`, `-mcpu=${cpu.mcpu}`, `-iterations=${ITERATIONS}`, s];
        const out = execFileSync('llvm-mca', args, { encoding: 'utf8' });
        const m = /Total Cycles:\s+(\d+)/.exec(out);
        if (!m) throw new Error(`no "Total Cycles" in llvm-mca output for ${kernel.name} on ${cpu.mcpu}`);
        const totalCycles = Number(m[1]);
        fixtures.push({
          kernel: kernel.name,
          isa,
          profile: cpu.profile,
          mcpu: cpu.mcpu,
          iterations: ITERATIONS,
          command: `llvm-mca ${args.slice(0, 3).join(' ')} ${kernel.name}.s`,
          asm,
          totalCycles,
          cyclesPerIteration: totalCycles / ITERATIONS,
        });
        process.stderr.write(`${kernel.name.padEnd(30)} ${cpu.mcpu.padEnd(12)} ${totalCycles}\n`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const version =
    execFileSync('llvm-mca', ['--version'], { encoding: 'utf8' })
      .split('\n')
      .find((l) => /version/i.test(l))
      ?.trim() ?? 'unknown';
  writeFileSync(FIXTURES, `${JSON.stringify({ llvmMca: version, iterations: ITERATIONS, fixtures, skipped }, null, 2)}\n`);
  process.stderr.write(`${fixtures.length} fixtures, ${skipped.length} pairs skipped → ${FIXTURES}\n`);
}

export interface Row extends Fixture {
  readonly addersimCycles: number;
  readonly addersimPerIteration: number;
  readonly boundCycles: number;
  readonly error: number;
}

export function compare(): Row[] {
  const data = JSON.parse(readFileSync(FIXTURES, 'utf8')) as { fixtures: Fixture[] };
  const kernels = new Map(
    kernelFiles().map(({ file, isa }) => {
      const k = parseKernelFile(JSON.parse(readFileSync(file, 'utf8')), file);
      return [`${isa}/${k.name}`, k] as const;
    }),
  );
  return data.fixtures.map((f) => {
    const k = kernels.get(`${f.isa}/${f.kernel}`);
    if (!k) throw new Error(`fixture for unknown kernel ${f.isa}/${f.kernel}`);
    const r = scheduleKernel(k, loadProfile(f.profile), 'cycle', { iterations: f.iterations });
    return {
      ...f,
      addersimCycles: r.cycles,
      addersimPerIteration: r.cyclesPerIterationValue,
      boundCycles: r.boundCycles,
      error: (r.cycles - f.totalCycles) / f.totalCycles,
    };
  });
}

function table(): void {
  const rows = compare();
  const lines = ['| kernel | CPU (-mcpu) | llvm-mca cycles/iter | addersim cycles/iter | Δ |', '|---|---|---:|---:|---:|'];
  for (const r of rows)
    lines.push(
      `| ${r.kernel} | ${r.profile} (${r.mcpu}) | ${r.cyclesPerIteration.toFixed(2)} | ${r.addersimPerIteration.toFixed(2)} | ${(r.error * 100).toFixed(1)}% |`,
    );
  const within5 = rows.filter((r) => Math.abs(r.error) <= 0.05).length;
  const worst = Math.max(...rows.map((r) => Math.abs(r.error)));
  lines.push('', `${within5} of ${rows.length} pairs within 5% (${((within5 / rows.length) * 100).toFixed(1)}%); worst |Δ| = ${(worst * 100).toFixed(1)}%`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  if (process.argv.includes('--table')) table();
  else record();
}
