// `addersim crossover MODEL --cpu NAME --param PATH --range LO..HI [--a cnn --b adder]`: the integer value
// of a profile path where two variants' cycles tie or cross (bracketing, then bisection), with the curve.
//   forms.mul.f64.latency = 2: cnn and adder tie (1,666,080 cycles each)

import { join } from 'node:path';
import type { Command } from 'commander';
import { VARIANTS, type Variant } from '../../models/index.ts';
import { cell, fmtInt } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import { CHART_FORMATS, renderChart } from '../../reports/charts/render.ts';
import { THEME } from '../../reports/charts/theme.ts';
import type { ChartSpec, Table } from '../../reports/report.ts';
import { crossover, type CrossoverResult } from '../../whatif/crossover.ts';
import { settingsHeader, settingsRecord } from '../../whatif/settings-record.ts';
import { loadProfile } from '../../sim/profile/loader.ts';
import { UsageError } from '../errors.ts';
import { makeDir, toJson, writeFileAtomic, type Io } from '../io.ts';
import { choice } from './choice.ts';
import { addRunOptions, rejectEnergyTable, requireCpu, runSettings, type ModelRunFlags } from './latency.ts';

interface CrossoverFlags extends ModelRunFlags {
  chart?: string;
  param?: string;
  range?: string;
  a: string;
  b: string;
  allowUnused?: boolean;
}

export function crossoverText(r: CrossoverResult): string {
  const how =
    r.method === 'every point'
      ? `every value of ${r.range[0]}..${r.range[1]} evaluated`
      : `searched (bracketing + bisection, ${fmtInt(r.curve.length)} values evaluated; other crossings may exist)`;
  const line = (c: CrossoverResult['crossings'][number]) =>
    c.exact
      ? `${r.param} = ${c.value}: ${r.a} and ${r.b} tie (${fmtInt(r.curve.find((x) => x.value === c.value)!.a)} cycles each)`
      : `${r.param} = ${c.value}: first value past a crossing of ${r.a} and ${r.b} (between ${c.bracket[0]} and ${c.bracket[1]})`;
  const head = !r.found
    ? `no crossover of ${r.a} and ${r.b} for ${r.param} in ${r.range[0]}..${r.range[1]} (the sign of ${r.a} − ${r.b} never changes at the values tried; ${how})`
    : `${r.crossings.map(line).join('\n')}\n(${r.crossings.length} crossing${r.crossings.length === 1 ? '' : 's'}; ${how})`;
  // the simd lowering re-derives its accumulators at each value: shown when they vary (a faster chain can cost more)
  const varies = (k: 'accumulatorsA' | 'accumulatorsB') => new Set(r.curve.map((c) => c[k])).size > 1;
  const accColumns = varies('accumulatorsA') || varies('accumulatorsB');
  const t: Table = {
    id: 'crossover-curve',
    title: `${r.model} on ${r.cpu} — scheduler ${r.scheduler}, lowering ${r.lowering}, convert ${r.convert}: values evaluated`,
    columns: [
      { key: 'v', title: r.param },
      { key: 'a', title: r.a },
      { key: 'b', title: r.b },
      { key: 'd', title: `${r.a} − ${r.b}` },
      ...(accColumns
        ? [
            { key: 'acca', title: `accumulators ${r.a}` },
            { key: 'accb', title: `accumulators ${r.b}` },
          ]
        : []),
    ],
    rows: r.curve.map((c) => [
      cell.int(c.value),
      cell.int(c.a),
      cell.int(c.b),
      cell.int(c.diff),
      ...(accColumns ? [c.accumulatorsA, c.accumulatorsB].map((n) => (n === undefined ? cell.none('no accumulator choice') : cell.int(n))) : []),
    ]),
    notes: [],
  };
  const note = accColumns
    ? `note: the simd lowering's accumulator count varies with ${r.param} (each value re-derives it from its own profile, as \`latency --cpu\` does), so cycles can rise when a latency falls; give --accumulators N to hold it fixed\n`
    : '';
  return `${head}\n\n${renderTableText(t)}\n${note}`;
}

export function crossoverChart(r: CrossoverResult): ChartSpec {
  return {
    id: 'crossover',
    title: `${r.model} on ${r.cpu}: ${r.a} vs ${r.b} (${r.scheduler}, ${r.lowering})${r.found ? ` — ${r.exact ? 'tie' : 'crossing'} at ${r.value}` : ''}`,
    kind: 'line',
    labels: r.curve.map((c) => String(c.value)),
    datasets: [
      { label: r.a, values: r.curve.map((c) => c.a) },
      { label: r.b, values: r.curve.map((c) => c.b) },
    ],
    yLabel: 'cycles',
    xLabel: `${r.param} (values evaluated)`,
    logY: false,
    widthPt: THEME.widthPt,
    heightPt: THEME.heightPt,
    notes: [],
  };
}

export function register(program: Command, io: Io): void {
  const cmd = program
    .command('crossover')
    .description(
      'the integer values of a profile path where two variants cost the same cycles (every value of a short range, bracketing + bisection on a long one)',
    )
    .argument('<model>', 'zoo name, graph .json or .onnx file')
    .option('--param <path>', 'profile path, e.g. forms.mul.f64.latency or machine.dispatchWidth')
    .option('--range <lo..hi>', 'integer range searched, e.g. 1..64')
    .option('--a <variant>', 'first variant', 'cnn')
    .option('--b <variant>', 'second variant', 'adder')
    .option('--allow-unused', 'run even if --param changes nothing in either variant (default: an error naming the forms executed)')
    .option('--chart <dir>', 'write the two curves at the values evaluated as a line chart (PNG/SVG/PDF)');
  addRunOptions(cmd).action(async (model: string, flags: CrossoverFlags) => {
    if (!flags.param) throw new UsageError('--param PATH is required');
    rejectEnergyTable(flags, 'crossover');
    const m = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(flags.range ?? '');
    if (!m) throw new UsageError(`--range expects LO..HI with integers, got "${flags.range ?? ''}"`);
    const a = choice<Variant>('--a', flags.a, VARIANTS);
    const b = choice<Variant>('--b', flags.b, VARIANTS);
    const s = runSettings(flags, [a, b]);
    const r = await crossover({
      model,
      cpu: requireCpu(flags),
      param: flags.param,
      lo: Number(m[1]),
      hi: Number(m[2]),
      a,
      b,
      scheduler: s.scheduler,
      lowering: s.lowering,
      convert: s.convert,
      ...(flags.dtype !== undefined ? { dtype: s.dtype } : {}),
      ...(s.accumulators ? { accumulators: s.accumulators } : {}),
      extrapolate: flags.extrapolate,
      ...(flags.allowUnused ? { allowUnused: true } : {}),
    });
    // the resolved settings on the base profile (the swept path varies; the crossover's curve says how)
    const record = settingsRecord(s, loadProfile(requireCpu(flags)), model);
    io.out(flags.json ? toJson({ ...r, settings: record }) : `${settingsHeader(record)}\n${crossoverText(r)}`);
    if (flags.chart) {
      makeDir(flags.chart, 'create the chart folder');
      const c = crossoverChart(r);
      for (const f of CHART_FORMATS) writeFileAtomic(join(flags.chart, `${c.id}.${f}`), renderChart(c, f));
    }
  });
}
