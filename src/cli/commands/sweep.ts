// `addersim sweep MODEL… --cpu NAME[,NAME] --set PATH=RANGE …`: cycles over a grid of profile paths and
// options, one row per point in a fixed order (CSV or JSON), in parallel on worker threads, resumable.
// With --interval/--samples/--tornado the ranged numbers of each point's profile give intervals too.
//   index,model,cpu,variant,convert,scheduler,lowering,forms.mul.f64.latency,cycles
//   0,lenet5-bn,via-nano-2000,cnn,inner,serial,paper,1,1249560

import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { checkLimit, ELEMENT_TYPES, ioError, type ElementType } from '../../isa/index.ts';
import { readInputBytes } from '../../isa/read-input.ts';
import { CONVERTS, LOWERINGS, VARIANTS, type Convert, type LoweringName, type Variant } from '../../models/index.ts';
import { choice } from './choice.ts';
import { CHART_FORMATS, renderChart } from '../../reports/charts/render.ts';
import { SCHEDULERS, type SchedulerName } from '../../sim/results/result.ts';
import { parseParamPath } from '../../whatif/params.ts';
import {
  defaultWorkers,
  MAX_WARM,
  MIN_POOL_POINTS,
  runPoints,
  startAhead,
  startPool,
  WINDOW,
  warmPool,
  type HeadStart,
  type SweepPool,
} from '../../whatif/pool.ts';
import { parseNameList, parseNumericRange, splitAssignment } from '../../whatif/ranges.ts';
import { DEFAULT_SETTINGS, MAX_ACCUMULATORS } from '../../whatif/settings.ts';
import {
  checkSweepTarget,
  formatOf,
  lockOutput,
  parseRows,
  renderSweep,
  resumeFrom,
  rowLine,
  startFile,
  SweepWriter,
  wholeFile,
  type FileRange,
  type SweepFormat,
} from '../../whatif/sweep-output.ts';
import { parseShard, partRange, shardRange } from '../../whatif/shard.ts';
import { gridOf, planContext, planSweepIn, runConfigOf, sweepRow, warmPoints, type SweepPlan, type SweepSpec } from '../../whatif/sweep.ts';
import { PointContext, type UncertaintyOptions } from '../../whatif/point.ts';
import type { Profile } from '../../sim/profile/schema.ts';
import { UsageError } from '../errors.ts';
import { fmtInt } from '../../reports/format.ts';
import { makeDir, writeFileAtomic, type Io } from '../io.ts';
import { addRunOptions, parseVariants, positiveInt, rejectEnergyTable, requireCpu, type ModelRunFlags } from './latency.ts';
import { sweepCharts } from './sweep-charts.ts';

export interface SweepFlags extends ModelRunFlags {
  set: string[];
  uncertain: string[];
  workers?: string;
  out?: string;
  resume?: boolean;
  chart?: string;
  interval?: boolean;
  samples?: string;
  seed?: string;
  tornado?: boolean;
  progress?: boolean;
  allowUnused?: boolean;
  ratioTo?: string;
  shard?: string;
}

const collect = (v: string, acc: string[]): string[] => [...acc, v];

/** Flags → a sweep spec (syntax only; planSweep checks the rest before any work). */
export function sweepSpec(models: readonly string[], flags: SweepFlags, sources: (name: string) => string | undefined): SweepSpec {
  const lists: Record<string, string[] | undefined> = {
    variant: parseVariants(flags.variant),
    convert: flags.convert === undefined ? undefined : parseNameList(flags.convert, '--convert', CONVERTS),
    scheduler: flags.scheduler === undefined ? undefined : parseNameList(flags.scheduler, '--scheduler', SCHEDULERS),
    lowering: flags.lowering === undefined ? undefined : parseNameList(flags.lowering, '--lowering', LOWERINGS),
    dtype: flags.dtype === undefined ? undefined : parseNameList(flags.dtype, '--dtype', ELEMENT_TYPES),
  };
  let accumulators = flags.accumulators === undefined ? undefined : parseNumericRange(flags.accumulators, '--accumulators');
  const params: { path: string; values: number[] }[] = [];
  for (const s of flags.set) {
    const { path, range } = splitAssignment(s, '--set');
    const p = parseParamPath(path);
    if (p.kind === 'option') {
      const given =
        p.option === 'accumulators' ? flags.accumulators !== undefined : sources(p.option === 'model' || p.option === 'cpu' ? '' : p.option) === 'cli';
      if (p.option === 'model' || p.option === 'cpu')
        throw new UsageError(`give ${p.option}s as ${p.option === 'model' ? 'arguments' : '--cpu a,b'}, not with --set`);
      if (given) throw new UsageError(`${p.option} is given both as --${p.option} and --set ${p.option}=…`);
      if (p.option === 'accumulators') accumulators = parseNumericRange(range, `--set ${path}`);
      else lists[p.option] = parseNameList(range, `--set ${path}`, null);
      continue;
    }
    params.push({ path, values: parseNumericRange(range, `--set ${path}`) });
  }
  const lowerings = (lists.lowering as LoweringName[] | undefined) ?? [DEFAULT_SETTINGS.lowering];
  const tooMany = accumulators?.find((n) => n < 1 || n > MAX_ACCUMULATORS);
  if (tooMany !== undefined)
    throw new UsageError(
      `${flags.accumulators !== undefined ? '--accumulators' : '--set accumulators'} must be integers from 1 to ${MAX_ACCUMULATORS}, got ${tooMany}`,
    );
  if (accumulators && !lowerings.includes('simd'))
    throw new UsageError(`accumulators apply to the simd lowering only, and no point of this sweep lowers with simd (lowering ${lowerings.join(',')})`);
  const u = uncertainty(flags);
  return {
    models,
    cpus: parseNameList(requireCpu(flags), '--cpu', null),
    ...(lists.variant ? { variants: lists.variant as Variant[] } : {}),
    ...(lists.convert ? { converts: lists.convert as Convert[] } : {}),
    ...(lists.scheduler ? { schedulers: lists.scheduler as SchedulerName[] } : {}),
    ...(lists.lowering ? { lowerings: lists.lowering as LoweringName[] } : {}),
    ...(lists.dtype ? { dtypes: lists.dtype as ElementType[] } : {}),
    ...(accumulators ? { accumulators } : {}),
    params,
    extrapolate: flags.extrapolate,
    ...(flags.allowUnknown ? { allowUnknown: true } : {}),
    ...(flags.allowUnused ? { allowUnused: true } : {}),
    ...(flags.ratioTo ? { ratioTo: choice<Variant>('--ratio-to', flags.ratioTo, VARIANTS) } : {}),
    ...(u ? { uncertainty: u } : {}),
  };
}

function uncertainty(flags: SweepFlags): UncertaintyOptions | undefined {
  const samples = positiveInt('--samples', flags.samples);
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw new UsageError(`--seed must be a non-negative integer, got "${flags.seed}"`);
  if (seed !== undefined && !samples) throw new UsageError('--seed needs --samples N');
  const ranges = flags.uncertain.map((s) => {
    const { path, range } = splitAssignment(s, '--uncertain');
    const m = /^(\d+)\.\.(\d+)$/.exec(range);
    if (!m) throw new UsageError(`--uncertain ${path}: expected LO..HI with integers, got "${range}"`);
    return { path, lo: Number(m[1]), hi: Number(m[2]) };
  });
  if (!flags.interval && !samples && !flags.tornado) {
    if (ranges.length) throw new UsageError('--uncertain needs --interval, --samples or --tornado');
    return undefined;
  }
  return {
    ...(flags.interval ? { interval: true } : {}),
    ...(samples ? { samples, seed: seed ?? 1 } : {}),
    ...(flags.tornado ? { tornado: true } : {}),
    ...(ranges.length ? { ranges } : {}),
  };
}

const partialOf = (file: string): string => `${file}.partial`;

export function register(program: Command, io: Io): void {
  const cmd = program
    .command('sweep')
    .description('cycles over a grid of profile paths (--set forms.mul.f64.latency=1..8) and options; CSV/JSON rows in a fixed order')
    .argument('<models...>', 'zoo names, graph .json or .onnx files (an axis)')
    .option('--set <path=range>', 'profile path and values: 1..8, 1..8:2, 1..1024:x2 or 2,4,8 (repeat for a grid)', collect, [] as string[])
    .option('--workers <n>', 'worker threads, capped by the cores (default 1 = in-process: measured faster than 2 on a 2-core VM)')
    .option('--out <file>', 'write rows to FILE.csv or FILE.json as points complete (default: CSV, or JSON with --json, on stdout)')
    .option('--resume', 'keep the rows already in --out and evaluate only the missing points')
    .option('--chart <dir>', 'write line charts per axis (and a heatmap for two profile paths, tornados) as PNG/SVG/PDF')
    .option('--interval', 'add [cyclesMin, cyclesMax] from the ranged profile numbers (latencyRange, machine min/max)')
    .option('--samples <n>', 'add statistics of N sampled profiles (integers drawn uniformly in every range)')
    .option('--seed <s>', 'seed of --samples (default 1; same seed → same samples)')
    .option('--tornado', 'one-at-a-time low/high of each ranged number per point (JSON rows and --chart)')
    .option('--uncertain <path=lo..hi>', 'give a form latency or machine number a range for --interval/--samples/--tornado', collect, [] as string[])
    .option(
      '--ratio-to <variant>',
      "derived metric: ratio = cycles of each row's variant / cycles of this variant on the same profile (--variant adder --ratio-to cnn); --interval/--samples/--tornado then describe the ratio, both variants on every sampled CPU",
    )
    .option('--allow-unused', 'run even if a --set path changes nothing in any point (default: an error naming the forms executed)')
    .option('--shard <K/N>', 'evaluate only the K-th of N contiguous runs of the grid and write a part (join the N parts with addersim merge)')
    .option('--no-progress', 'no progress bar even on a terminal');
  addRunOptions(cmd);
  cmd.action(async (models: string[], flags: SweepFlags) => {
    const asked = positiveInt('--workers', flags.workers);
    if (asked !== undefined) checkLimit('workers', asked, '--workers');
    if (flags.resume && !flags.out) throw new UsageError('--resume needs --out FILE');
    const format: SweepFormat = flags.out ? formatOf(flags.out) : flags.json ? 'json' : 'csv';
    if (flags.json && flags.out && format !== 'json') throw new UsageError(`--json asks for JSON but --out ${flags.out} ends in .${format}`);
    if (flags.shard !== undefined) parseShard(flags.shard); // a usage error before any work
    if (flags.tornado && format === 'csv' && !flags.chart)
      throw new UsageError(
        '--tornado has no CSV columns (each row holds a list of low/high bars): ask for JSON (--json or --out F.json) or draw it with --chart DIR',
      );
    if (flags.shard !== undefined && flags.chart) throw new UsageError("--chart needs the whole sweep: chart the merged file's sweep instead of one --shard");
    rejectEnergyTable(flags, 'sweep');
    const spec = sweepSpec(models, flags, (name) => cmd.getOptionValueSource(name));
    // More threads than cores or points only cost memory.
    const points =
      spec.models.length *
      spec.cpus.length *
      [spec.variants, spec.converts, spec.schedulers, spec.lowerings, spec.dtypes, spec.accumulators, ...(spec.params ?? []).map((p) => p.values)].reduce(
        (n, l) => n * (l?.length ?? 1),
        1,
      );
    // Default 1: on the machines measured (README, "Sweeps at scale") the pool has not yet beaten one thread.
    const workers = Math.max(1, Math.min(asked ?? 1, defaultWorkers(), points));
    // One writer per output file, from before the first check to the end (released at exit too).
    const unlock = flags.out ? lockOutput(flags.out) : undefined;
    try {
      await runSweepCommand(flags, spec, format, workers, io, points);
    } finally {
      unlock?.();
    }
  });
}

/** The sweep itself, once its output is locked. */
async function runSweepCommand(flags: SweepFlags, spec: SweepSpec, format: SweepFormat, workers: number, io: Io, points: number): Promise<void> {
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  // the pool's threads start (and load the models, and lower the programs) while this thread checks the sweep,
  // and (a fresh run) start on its first points, unchecked: what they compute is used only once the sweep is checked
  let pool: SweepPool | undefined;
  let ahead: HeadStart | undefined;
  if (workers > 1 && points >= MIN_POOL_POINTS * (shard?.n ?? 1)) {
    pool = startPool(workers - 1);
    const config = runConfigOf(spec);
    const ctx = new PointContext(config);
    const profiles: Record<string, Profile> = {};
    for (const cpu of spec.cpus)
      try {
        profiles[cpu] = ctx.profile(cpu); // validated once, here (while the threads start): they take them as they are
      } catch {} // planSweep reports it
    warmPool(pool, config, warmPoints(spec, MAX_WARM), profiles);
    try {
      if (!flags.resume) {
        const grid = gridOf(spec);
        const { from, to } = shard ? shardRange(grid.count, shard) : { from: 0, to: grid.count };
        ahead = startAhead(
          pool,
          config,
          Array.from({ length: Math.max(0, Math.min(to - from, WINDOW)) }, (_, i) => grid.point(from + i)),
          ctx,
        );
      }
    } catch {} // a malformed grid: planSweep reports it
  }
  try {
    await sweepOnPool(flags, spec, format, workers, io, shard, pool, ahead);
  } finally {
    await ahead?.cancel();
    await pool?.destroy();
  }
}

async function sweepOnPool(
  flags: SweepFlags,
  spec: SweepSpec,
  format: SweepFormat,
  workers: number,
  io: Io,
  shard: ReturnType<typeof parseShard> | undefined,
  pool: SweepPool | undefined,
  ahead: HeadStart | undefined,
): Promise<void> {
  const bar =
    io.isTTY && flags.progress !== false
      ? new cliProgress.SingleBar(
          { stream: process.stderr, format: 'addersim sweep {phase} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  const rows: Record<string, unknown>[] = [];
  let plan: SweepPlan;
  let from: number;
  let range: FileRange;
  let work: string | undefined;
  // the output replaces only an earlier sweep's file, never one of the user's
  if (flags.out && !flags.resume) checkSweepTarget(flags.out);
  try {
    try {
      bar?.start(1, 0, { phase: 'checking' });
      plan = await planSweepIn(ahead?.ctx ?? new PointContext(runConfigOf(spec)), spec, (done, total) => {
        bar?.setTotal(total);
        bar?.update(done);
      });
    } finally {
      bar?.stop();
    }
    // A fresh run streams its rows into FILE.partial and renames it over FILE when complete (a stopped run
    // leaves the previous FILE intact); --resume continues FILE.partial if there is one, else an existing FILE.
    work = flags.out && (!flags.resume || existsSync(partialOf(flags.out)) || !existsSync(flags.out)) ? partialOf(flags.out) : flags.out;
    range = shard ? partRange(plan, shard, format) : wholeFile(plan, format);
    from = work ? (flags.resume ? resumeFrom(plan, work, format, range) : startFile(plan, work, format, range)) : range.from;
    // notes once the output is known good: a refused --resume is one error line, nothing before it
    for (const n of plan.notes) io.err(`addersim sweep: note: ${n}`);
    const writer = work ? new SweepWriter(plan, work, format, from, range) : undefined;
    bar?.start(range.to - range.from, from - range.from, { phase: 'running ' });
    // runSweep's loop, with the pool's head start (pool.ts startAhead)
    await runPoints(plan.points(from, range.to), Math.max(0, range.to - from), plan.config, {
      workers,
      ...(planContext(plan) ? { ctx: planContext(plan)! } : {}),
      ...(pool ? { pool } : {}),
      ...(ahead ? { ahead } : {}),
      onResult: (r) => {
        const row = sweepRow(plan, r);
        writer?.append(row);
        rows.push(row);
        bar?.increment();
      },
    });
  } finally {
    bar?.stop();
  }
  if (flags.out && work !== flags.out) {
    try {
      renameSync(work!, flags.out);
    } catch (e) {
      throw ioError(e, `move the finished ${work} to the output file`, flags.out);
    }
  }
  const kept = from - range.from;
  const all =
    flags.out && kept > 0
      ? [...parseRows(plan, readInputBytes(flags.out, 'sweep output', 'outputBytes').toString('utf8'), format).slice(0, kept), ...rows]
      : rows;
  const what = shard
    ? `shard ${shard.k}/${shard.n}: points ${fmtInt(range.from)}…${fmtInt(range.to - 1)} of ${fmtInt(plan.count)}`
    : `${fmtInt(plan.count)} points`;
  if (!flags.out) io.out(shard ? range.header + all.map((r) => rowLine(plan, r, format, r.index === 0)).join('') : renderSweep(plan, all, format));
  else io.err(`addersim sweep: ${what} (${fmtInt(range.to - from)} evaluated, ${fmtInt(kept)} kept) → ${flags.out}`);
  if (flags.chart) {
    makeDir(flags.chart, 'create the chart folder');
    for (const c of sweepCharts(plan, all)) for (const f of CHART_FORMATS) writeFileAtomic(join(flags.chart, `${c.id}.${f}`), renderChart(c, f));
  }
}
