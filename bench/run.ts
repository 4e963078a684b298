// `npm run bench`: speed figures, printed (never asserted): medians over repeated runs, beside the
// reference tool in the same run where one exists.
//   (a) llvm-mca 14 vs addersim's cycle scheduler (`scheduleKernel`, what `addersim kernel` runs) on the
//       same kernels (asm from src/isa/emit-asm.ts) for 100 / 10,000 / 1,000,000 iterations;
//   (b) whole models: ResNet-20 / ResNet-50 op counting, bound and cycle latency;
//   (c) sweep points per second, bound and cycle, with 1 worker (in-process) and all cores (piscina);
//   (d) peak RSS (process.resourceUsage().maxRSS).
// Options: --quick (fewer repeats, skips llvm-mca at 1,000,000 iterations and ResNet-50 cycle).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  emitAsm, evaluate, fmtFixed, fmtInt, loadModel, loadProfile, opTable, parseKernelFile, planSweep, runSweep,
  scheduleKernel, startPool, type SweepSpec,
} from '../src/index.ts';

const quick = process.argv.includes('--quick');
const REPEATS = quick ? 3 : 5;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median wall time of `repeats` runs (after `warmup` untimed runs: the JIT compiles on the first). */
async function timeMs(repeats: number, f: () => unknown, warmup = 0): Promise<{ ms: number; value: unknown }> {
  const times: number[] = [];
  let value: unknown;
  for (let i = 0; i < warmup; i++) await f();
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    value = await f();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value };
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(head), w.map((n) => '─'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

const ms = (x: number): string => (x >= 100 ? fmtInt(x) : fmtFixed(x, x >= 10 ? 1 : 2));
const rssMB = (): string => fmtFixed(process.resourceUsage().maxRSS / 1024, 0);

function llvmMcaVersion(): string | undefined {
  try {
    return execFileSync('llvm-mca', ['--version'], { encoding: 'utf8' }).split('\n').find((l) => /version/i.test(l))?.trim();
  } catch {
    return undefined;
  }
}

async function kernels(): Promise<void> {
  const version = llvmMcaVersion();
  console.log(`\n(a) kernels: llvm-mca vs addersim cycle scheduler (skylake / intel-skylake), median of ${REPEATS} runs (1,000,000 iterations: ${quick ? 'addersim only' : '1 llvm-mca run'})`);
  if (!version) console.log('    llvm-mca is not installed: addersim figures only');
  else console.log(`    reference: ${version}`);
  const profile = loadProfile('intel-skylake');
  const files = ['cnn-fma-f32x8-4acc-load', 'adder-i32x8-2acc-load', 'bnn-xnor-i64-4acc'];
  const tmp = mkdtempSync(join(tmpdir(), 'addersim-bench-'));
  const rows: string[][] = [];
  try {
    for (const name of files) {
      const file = new URL(`../test/validation/kernels/x86/${name}.json`, import.meta.url);
      const kernel = parseKernelFile(JSON.parse(readFileSync(file, 'utf8')), name);
      const s = join(tmp, `${name}.s`);
      writeFileSync(s, emitAsm(kernel, 'x86'));
      for (const iterations of [100, 10_000, 1_000_000]) {
        const a = await timeMs(REPEATS, () => scheduleKernel(kernel, profile, 'cycle', { iterations }).cycles, 1);
        let mca: { ms: number; cycles: number } | undefined;
        if (version && !(quick && iterations === 1_000_000)) {
          const runs = iterations === 1_000_000 ? 1 : REPEATS;
          const r = await timeMs(runs, () => execFileSync('llvm-mca', ['-mtriple=x86_64', '-mcpu=skylake', `-iterations=${iterations}`, s], { encoding: 'utf8', maxBuffer: 1 << 26 }));
          mca = { ms: r.ms, cycles: Number(/Total Cycles:\s+(\d+)/.exec(String(r.value))?.[1]) };
        }
        rows.push([
          name, fmtInt(iterations),
          mca ? fmtInt(mca.cycles) : '—', fmtInt(a.value as number),
          mca ? ms(mca.ms) : '—', ms(a.ms), mca ? `${fmtFixed(mca.ms / a.ms, 1)}×` : '—',
        ]);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(table(['kernel', 'iterations', 'mca cycles', 'addersim cycles', 'mca ms', 'addersim ms', 'mca/addersim'], rows));
  console.log('    llvm-mca simulates every iteration; addersim detects the periodic steady state and extrapolates exactly, so the ratio grows with iterations.');
  console.log('    mca ms is the wall time of the llvm-mca process (start-up included); addersim ms is in-process.');
}

async function models(): Promise<void> {
  console.log(`\n(b) whole models on intel-skylake (simd lowering, AdderNet variant unless noted), median of ${quick ? 1 : 3} runs`);
  const profile = loadProfile('intel-skylake');
  const rows: string[][] = [];
  for (const name of ['resnet20', 'resnet50']) {
    const { graph } = await loadModel(name);
    const reps = quick ? 1 : 3;
    const ops = await timeMs(reps, () => opTable(graph, 'exact').macs);
    rows.push([name, 'ops (exact op table)', fmtInt(ops.value as number), ms(ops.ms)]);
    for (const scheduler of ['bound', 'cycle'] as const) {
      if (quick && name === 'resnet50' && scheduler === 'cycle') continue;
      const r = await timeMs(scheduler === 'cycle' && name === 'resnet50' ? 1 : reps, () => evaluate(graph, profile, { variant: 'adder', scheduler, lowering: 'simd' }).result.cycles);
      rows.push([name, `latency, ${scheduler}`, fmtInt(r.value as number), ms(r.ms)]);
    }
  }
  console.log(table(['model', 'task', 'result (MACs / cycles)', 'ms'], rows));
}

async function sweeps(): Promise<void> {
  const all = availableParallelism();
  console.log(`\n(c) sweep throughput (points/s; wall time includes worker start-up: tsx loads the TypeScript in every thread), ${all} cores`);
  const cases: { label: string; spec: SweepSpec }[] = [
    {
      label: 'resnet20, bound, scalar',
      spec: { models: ['resnet20'], cpus: ['via-nano-2000'], variants: ['cnn', 'adder'], schedulers: ['bound'], params: [{ path: 'forms.add.f32.latency', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, { path: 'machine.dispatchWidth', values: quick ? [2, 3] : [1, 2, 3, 4, 5] }, { path: 'forms.mul.f32.latency', values: quick ? [3] : [2, 3, 4, 5] }] },
    },
    {
      label: 'lenet5-bn, cycle, scalar',
      spec: { models: ['lenet5-bn'], cpus: ['via-nano-2000'], variants: ['cnn', 'adder'], schedulers: ['cycle'], params: [{ path: 'forms.mul.f32.latency', values: quick ? [2, 3, 4, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, { path: 'machine.dispatchWidth', values: quick ? [3] : [2, 3] }] },
    },
  ];
  const rows: string[][] = [];
  for (const c of cases) {
    const plan = await planSweep(c.spec);
    let base = 0;
    for (const workers of [...new Set([1, all])]) {
      // cold: threads started inside the timing; warm: the same pool again, threads loaded and JIT-warmed
      const pool = workers > 1 ? startPool(workers) : undefined;
      for (const phase of ['cold', 'warm'] as const) {
        const t = performance.now();
        await runSweep(plan, { workers, ...(pool ? { pool } : {}), onResult: () => undefined });
        const s = (performance.now() - t) / 1000;
        const rate = plan.count / s;
        if (workers === 1 && phase === 'warm') base = rate;
        rows.push([c.label, fmtInt(plan.count), String(workers), phase, fmtFixed(s, 2), fmtFixed(rate, 1), base ? `${fmtFixed(rate / base, 2)}×` : '']);
      }
      await pool?.destroy();
    }
  }
  console.log(table(['sweep', 'points', 'workers', 'run', 's', 'points/s', 'vs 1 warm'], rows));
}

console.log(`addersim bench — node ${process.version}, ${availableParallelism()} cores${quick ? ', --quick' : ''}`);
await kernels();
console.log(`    peak RSS so far: ${rssMB()} MB`);
await models();
console.log(`    peak RSS so far: ${rssMB()} MB`);
await sweeps();
console.log(`\n(d) peak RSS of this process (main thread + worker threads): ${rssMB()} MB`);
