// `npm run bench`: speed figures, printed (never asserted): medians over repeated runs, beside the
// reference tool in the same run where one exists.
//   (a) llvm-mca 14 vs addersim's cycle scheduler (`scheduleKernel`, what `addersim kernel` runs) on the
//       same kernels (asm from src/isa/emit-asm.ts) for 100 / 10,000 / 1,000,000 iterations;
//   (b) whole models: ResNet-20 / ResNet-50 op counting and bound; ResNet-50 through the cycle scheduler for
//       every lowering, CNN and AdderNet, in-process and on a warm 2-thread pool;
//   (c) sweeps at scale, whole CLI process, in units of a bare `node -e 0` start measured in the same run:
//       points/s and process CPU for bound and cycle on resnet20 and resnet50 with 1 worker and all cores (same
//       bytes?), the pool alone in-process (bench/pool.ts: per-thread CPU, the machine's ceiling),
//       shards merged = unsharded, and the slowest point of a resnet50 cycle latency sweep 1..64;
//   (d) peak RSS (process.resourceUsage().maxRSS);
//   (s) CLI start-up: `addersim --help` and `addersim ops lenet5-bn` beside a bare `node -e 0` (bench/startup.ts).
// Options: --quick (fewer repeats, skips llvm-mca at 1,000,000 iterations, ResNet-50 cycle only scalar);
// --only a|b|c|s (one section).

import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { buildCliBundle } from './cli-bundle.ts';
import { join } from 'node:path';
import {
  deriveWith,
  emitAsm,
  evaluate,
  evaluateOnPool,
  fmtFixed,
  fmtInt,
  loadModel,
  loadProfile,
  opTable,
  parseKernelFile,
  planSweep,
  scheduleKernel,
  startPool,
} from '../src/index.ts';
import { PointContext } from '../src/whatif/point.ts';
import { poolInProcess } from './pool.ts';
import { startup } from './startup.ts';

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
    return execFileSync('llvm-mca', ['--version'], { encoding: 'utf8' })
      .split('\n')
      .find((l) => /version/i.test(l))
      ?.trim();
  } catch {
    return undefined;
  }
}

async function kernels(): Promise<void> {
  const version = llvmMcaVersion();
  console.log(
    `\n(a) kernels: llvm-mca vs addersim cycle scheduler (skylake / intel-skylake), median of ${REPEATS} runs (1,000,000 iterations: ${quick ? 'addersim only' : '1 llvm-mca run'})`,
  );
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
          const r = await timeMs(runs, () =>
            execFileSync('llvm-mca', ['-mtriple=x86_64', '-mcpu=skylake', `-iterations=${iterations}`, s], { encoding: 'utf8', maxBuffer: 1 << 26 }),
          );
          mca = { ms: r.ms, cycles: Number(/Total Cycles:\s+(\d+)/.exec(String(r.value))?.[1]) };
        }
        rows.push([
          name,
          fmtInt(iterations),
          mca ? fmtInt(mca.cycles) : '—',
          fmtInt(a.value as number),
          mca ? ms(mca.ms) : '—',
          ms(a.ms),
          mca ? `${fmtFixed(mca.ms / a.ms, 1)}×` : '—',
        ]);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(table(['kernel', 'iterations', 'mca cycles', 'addersim cycles', 'mca ms', 'addersim ms', 'mca/addersim'], rows));
  console.log(
    '    llvm-mca simulates every iteration; addersim detects the periodic steady state and extrapolates exactly, so the ratio grows with iterations.',
  );
  console.log('    mca ms is the wall time of the llvm-mca process (start-up included); addersim ms is in-process.');
}

/** Median wall and CPU milliseconds of `repeats` runs after `warmup` untimed ones (CPU: this process, all threads). */
async function timeCpu(repeats: number, warmup: number, f: () => unknown): Promise<{ wall: number; cpu: number; value: unknown }> {
  for (let i = 0; i < warmup; i++) await f();
  const wall: number[] = [];
  const cpu: number[] = [];
  let value: unknown;
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    const u = process.cpuUsage();
    value = await f();
    const du = process.cpuUsage(u);
    wall.push(performance.now() - t);
    cpu.push((du.user + du.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu), value };
}

async function models(): Promise<void> {
  const reps = quick ? 3 : 5;
  console.log(`\n(b) whole models on intel-skylake: op counting, bound, and the cycle scheduler per lowering (median of ${reps} after 3 warm-up runs)`);
  const profile = loadProfile('intel-skylake');
  const rows: string[][] = [];
  for (const name of ['resnet20', 'resnet50']) {
    const { graph } = await loadModel(name);
    const ops = await timeCpu(reps, 3, () => opTable(graph, 'exact').macs);
    rows.push([name, 'ops (exact op table)', '', fmtInt(ops.value as number), ms(ops.wall), ms(ops.cpu)]);
    const bound = await timeCpu(reps, 3, () => evaluate(graph, profile, { variant: 'adder', scheduler: 'bound', lowering: 'simd' }).result.cycles);
    rows.push([name, 'latency, bound, simd', 'adder', fmtInt(bound.value as number), ms(bound.wall), ms(bound.cpu)]);
  }
  // The issue's target: resnet50 (adder and cnn) through the cycle model in under 100 ms each after warm-up.
  const { graph } = await loadModel('resnet50');
  const lowerings = quick ? (['scalar'] as const) : (['scalar', 'simd', 'int8'] as const);
  const cases = lowerings.flatMap((lowering) => (['cnn', 'adder'] as const).map((variant) => ({ variant, scheduler: 'cycle' as const, lowering })));
  const inProcess = [];
  for (const opts of cases) inProcess.push(await timeCpu(reps, 3, () => evaluate(graph, profile, opts)));
  // the pool only now: its threads' start-up would otherwise load the CPU during the in-process timings
  const pool = startPool(2);
  try {
    for (const [i, opts] of cases.entries()) {
      const one = inProcess[i]!;
      const two = await timeCpu(reps, 3, () => evaluateOnPool(graph, profile, opts, pool));
      const e = one.value as ReturnType<typeof evaluate>;
      if ((two.value as typeof e).result.cycles !== e.result.cycles) throw new Error('pool and in-process results differ');
      // distinct layers only: a repeated layer carries the same extrapolation object
      const seen = new Set<unknown>();
      let sim = 0;
      let all = 0;
      for (const l of e.result.layers) {
        if (!l.extrapolation || seen.has(l.extrapolation)) continue;
        seen.add(l.extrapolation);
        sim += l.extrapolation.simulatedInstructions ?? 0;
        all += l.extrapolation.totalInstructions ?? 0;
      }
      rows.push([
        'resnet50',
        `latency, cycle, ${opts.lowering}`,
        opts.variant,
        fmtInt(e.result.cycles),
        ms(one.wall),
        ms(one.cpu),
        ms(two.wall),
        `${fmtInt(sim)} of ${fmtInt(all)}`,
      ]);
    }
  } finally {
    await pool.destroy();
  }
  console.log(
    table(
      ['model', 'task', 'variant', 'result (MACs / cycles)', 'ms', 'CPU ms', '2 threads ms', 'instructions simulated (distinct layers)'],
      rows.map((r) => [...r, ...Array(8 - r.length).fill('')]),
    ),
  );
  console.log('    target (issue 3): resnet50 cnn and adder through the cycle model in < 100 ms each after warm-up. ms / CPU ms: in-process (CPU: all');
  console.log('    threads of this process). "2 threads": the distinct layers on a warm 2-thread pool (evaluateOnPool; same result, checked).');
  console.log('    Simulated instructions: of the distinct layers, the rest extrapolated exactly. Times on this shared VM vary up to ~1.5× run to run.');
}

/** CPU milliseconds (user + system) of this process's finished children (Linux /proc/self/stat; undefined elsewhere). */
function childrenCpuMs(): number | undefined {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[13]) + Number(f[14])) * 1000) / 100; // cutime, cstime in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return undefined;
  }
}

/** Wall and CPU milliseconds of one whole `node bin/addersim.js …` process (start-up included, as a user sees it). */
function cliRun(args: readonly string[], entry = BIN, env: Record<string, string> = {}): { wall: number; cpu: number | undefined } {
  const cpu = childrenCpuMs();
  const t = performance.now();
  const r = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  const dt = performance.now() - t;
  if (r.status !== 0) throw new Error(`addersim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const after = childrenCpuMs();
  return { wall: dt, cpu: cpu === undefined || after === undefined ? undefined : after - cpu };
}

function cliMs(args: readonly string[], entry = BIN, env: Record<string, string> = {}): number {
  return cliRun(args, entry, env).wall;
}

const BIN = fileURLToPath(new URL('../bin/addersim.js', import.meta.url));

/** The issue's targets (#19), whole process, in units of a bare `node -e 0` measured in the same run. */
async function sweeps(): Promise<void> {
  const all = availableParallelism();
  const reps = quick ? 3 : 5;
  const starts: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    starts.push(performance.now() - t);
  }
  const node = median(starts);
  console.log(
    `\n(c) sweeps at scale, whole process (node bin/addersim.js or the bundle, sweep … --out FILE), median of ${reps}; ${all} cores; a bare \`node -e 0\` = ${ms(node)} ms (median of 7) = 1 start`,
  );
  const tmp = mkdtempSync(join(tmpdir(), 'addersim-bench-'));
  // the same CLI two or three ways: source through tsx (bin/addersim.js with ADDERSIM_FROM_SOURCE=1),
  // dist/ (bin/addersim.js after `npm run build`, if built) and one esbuild bundle
  const bundle = (await buildCliBundle(tmp)).cli;
  const entries: { name: string; file: string; env: Record<string, string> }[] = [
    { name: 'tsx', file: BIN, env: { ADDERSIM_FROM_SOURCE: '1' } },
    ...(existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url))) ? [{ name: 'dist', file: BIN, env: {} }] : []),
    { name: 'bundle', file: bundle, env: {} },
  ];
  const grid = (model: string, scheduler: string, adds: string, muls: string): string[] => [
    'sweep',
    model,
    '--cpu',
    'via-nano-2000',
    '--variant',
    'cnn,adder',
    '--scheduler',
    scheduler,
    '--set',
    `forms.add.f32.latency=${adds}`,
    '--set',
    `forms.mul.f32.latency=${muls}`,
    '--no-progress',
  ];
  const cases = [
    { label: 'resnet50, bound', points: 1000, args: grid('resnet50', 'bound', '1..25', '1..20'), target: 15, heavy: false },
    { label: 'resnet20, bound', points: 1000, args: grid('resnet20', 'bound', '1..25', '1..20'), target: undefined, heavy: false },
    { label: 'resnet20, cycle', points: 200, args: grid('resnet20', 'cycle', '1..10', '1..10'), target: 25, heavy: false },
    // 64 points (a pool starts from MIN_POOL_POINTS): 0.1–0.3 s a point, so one CLI only
    { label: 'resnet50, cycle', points: 64, args: grid('resnet50', 'cycle', '1..8', '1..4'), target: undefined, heavy: true },
  ];
  const workerCounts = [...new Set([1, all])];
  const rows: string[][] = [];
  const load: number[] = [loadavg()[0]!];
  try {
    for (const c of cases) {
      // one CLI (dist if built, else the bundle) for a heavy case, and for every case with --quick
      const used = c.heavy || quick ? [entries.find((e) => e.name === 'dist') ?? entries.at(-1)!] : entries;
      // 1 and N workers interleaved run by run, in alternating order (the machine's load drifts; it is shared)
      const walls = new Map<string, number[]>();
      const cpus = new Map<string, number[]>();
      const outs = new Map<string, string>();
      for (let r = 0; r < reps; r++)
        for (const workers of r % 2 ? [...workerCounts].reverse() : workerCounts)
          for (const e of used) {
            const key = `${e.name} ${workers}`;
            outs.set(key, join(tmp, `${rows.length}-${e.name}-${workers}.csv`));
            const run = cliRun([...c.args, '--workers', String(workers), '--out', outs.get(key)!], e.file, e.env);
            walls.set(key, [...(walls.get(key) ?? []), run.wall]);
            if (run.cpu !== undefined) cpus.set(key, [...(cpus.get(key) ?? []), run.cpu]);
          }
      load.push(loadavg()[0]!);
      const first = readFileSync(outs.get(`${used[0]!.name} 1`)!, 'utf8');
      for (const workers of workerCounts)
        for (const e of used) {
          const wall = median(walls.get(`${e.name} ${workers}`)!);
          const one = median(walls.get(`${e.name} 1`)!);
          rows.push([
            c.label,
            fmtInt(c.points),
            e.name,
            String(workers),
            ms(wall),
            fmtFixed((c.points * 1000) / wall, 0),
            workers === 1 ? '' : `${fmtFixed(one / wall, 2)}×`,
            cpus.has(`${e.name} ${workers}`) ? ms(median(cpus.get(`${e.name} ${workers}`)!)) : 'n/a',
            fmtFixed(wall / node, 1),
            c.target === undefined ? '' : `≤ ${c.target}: ${wall / node <= c.target ? 'met' : 'NOT met'}`,
            readFileSync(outs.get(`${e.name} ${workers}`)!, 'utf8') === first ? 'yes' : 'NO',
          ]);
        }
    }
    // shards 1/3 … 3/3 merged = the unsharded file
    const args = grid('resnet20', 'bound', '1..10', '1..10');
    cliMs([...args, '--workers', '1', '--out', join(tmp, 'whole.csv')]);
    for (const k of [1, 2, 3]) cliMs([...args, '--workers', '1', '--shard', `${k}/3`, '--out', join(tmp, `part${k}.csv`)]);
    cliMs(['merge', ...[3, 1, 2].map((k) => join(tmp, `part${k}.csv`)), '--out', join(tmp, 'merged.csv')]);
    const same = readFileSync(join(tmp, 'whole.csv'), 'utf8') === readFileSync(join(tmp, 'merged.csv'), 'utf8');
    console.log(
      table(
        [
          'sweep (via-nano-2000, cnn+adder, add × mul latency)',
          'points',
          'CLI',
          'workers',
          'ms',
          'points/s',
          'speed-up',
          'CPU ms',
          'node starts',
          'target',
          'same bytes as 1 worker',
        ],
        rows,
      ),
    );
    console.log(
      `    medians of ${reps} runs, 1 and ${all} workers interleaved; load average (1 min) over these runs: ${load.map((x) => fmtFixed(x, 1)).join(' → ')} on ${all} cores.`,
    );
    console.log('    speed-up = the 1-worker median / this median; CPU ms = the median CPU time of the whole process (all its threads). A loaded');
    console.log('    machine gives the process no idle core (the ceiling below): the pool threads then only add their start-up, module load, lowering');
    console.log('    and JIT warm-up (CPU), and N workers are slower than 1; see docs/architecture.md (sweep pool).');
    console.log(`    shards 1/3, 2/3, 3/3 of a 200-point sweep merged = the unsharded file byte for byte: ${same ? 'yes' : 'NO'}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // In-process: what incremental evaluation did on the resnet50 bound grid, and the cost per distinct layer re-evaluated.
  {
    const plan = await planSweep({
      models: ['resnet50'],
      cpus: ['via-nano-2000'],
      variants: ['cnn', 'adder'],
      schedulers: ['bound'],
      params: [
        { path: 'forms.add.f32.latency', values: Array.from({ length: 25 }, (_, i) => i + 1) },
        { path: 'forms.mul.f32.latency', values: Array.from({ length: 20 }, (_, i) => i + 1) },
      ],
    });
    const ctx = new PointContext(plan.config);
    const t = performance.now();
    for (const p of plan.points()) await ctx.run(p);
    const dt = performance.now() - t;
    const st = ctx.incremental.stats;
    console.log(
      `    in-process, resnet50 bound grid above: ${ms(dt)} ms for ${fmtInt(st.points)} points (${fmtFixed((dt * 1000) / st.points, 0)} µs a point); ${fmtInt(st.lowerings)} lowerings;`,
    );
    console.log(
      `    distinct layers re-evaluated ${fmtInt(st.layersScheduled)}, reused ${fmtInt(st.layersReused)}: ≤ ${fmtFixed((dt * 1000) / st.layersScheduled, 0)} µs per layer re-evaluated (all time charged to them).`,
    );
  }
  await poolInProcess(5);
  // The slowest point of a latency sweep: each point evaluated afresh in-process (no reuse between points).
  const { graph } = await loadModel('resnet50');
  const base = loadProfile('intel-skylake');
  const latencies = quick ? [1, 8, 16, 24, 32, 40, 48, 56, 64] : Array.from({ length: 64 }, (_, i) => i + 1);
  const times: { latency: number; ms: number; simulated: number }[] = [];
  for (const latency of latencies) {
    const p = deriveWith(base, [{ path: 'forms.add.f32.latency', value: latency }]);
    const t = performance.now();
    const e = evaluate(graph, p, { variant: 'cnn', scheduler: 'cycle', lowering: 'scalar' });
    const dt = performance.now() - t;
    const seen = new Set<unknown>();
    let simulated = 0;
    for (const l of e.result.layers)
      if (l.extrapolation && !seen.has(l.extrapolation)) seen.add(l.extrapolation), (simulated += l.extrapolation.simulatedInstructions ?? 0);
    times.push({ latency, ms: dt, simulated });
  }
  const med = median(times.map((t) => t.ms));
  const worst = times.reduce((a, b) => (b.ms > a.ms ? b : a));
  const most = times.reduce((a, b) => (b.simulated > a.simulated ? b : a));
  console.log(
    `    latency sweep, resnet50 cnn scalar on intel-skylake, cycle, forms.add.f32.latency over ${latencies.length === 64 ? '1..64' : latencies.join(',')} (in-process, each point afresh):`,
  );
  console.log(
    `    median point ${ms(med)} ms (${fmtFixed(med / node, 1)} starts); slowest ${ms(worst.ms)} ms at latency ${worst.latency} = ${fmtFixed(worst.ms / med, 2)}× the median (target ≤ 3×: ${worst.ms / med <= 3 ? 'met' : 'NOT met'});`,
  );
  console.log(
    `    simulated instructions (distinct layers) from ${fmtInt(Math.min(...times.map((t) => t.simulated)))} to ${fmtInt(most.simulated)} (latency ${most.latency}).`,
  );
  console.log('    This VM is shared: wall times vary run to run; the node-start unit is measured in the same run to cancel some of that.');
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (only !== undefined && !['a', 'b', 'c', 's'].includes(only)) throw new Error(`--only takes a, b, c or s (a section), got ${only}`);
console.log(`addersim bench — node ${process.version}, ${availableParallelism()} cores${quick ? ', --quick' : ''}${only ? `, only (${only})` : ''}`);
if (!only || only === 'a') {
  await kernels();
  console.log(`    peak RSS so far: ${rssMB()} MB`);
}
if (!only || only === 'b') {
  await models();
  console.log(`    peak RSS so far: ${rssMB()} MB`);
}
if (!only || only === 'c') await sweeps();
if (!only || only === 's') startup(quick ? 5 : 11);
console.log(`\n(d) peak RSS of this process (main thread + worker threads): ${rssMB()} MB`);
