// `addersim energy MODEL`: energy per image by action kind (and per layer with --layers), in the
// paper view (arithmetic only, |x| free, paper lowering in fp32, every conv/FC converted) or the full
// view (lowered program: arithmetic + memory by working-set level + per-instruction overhead).
//   resnet20 · adder — paper view, horowitz-45nm, paper f32 (--convert all)
//   Kind    Energy
//   add     73.46 µJ

import type { Command } from 'commander';
import { applyVariant, loadModel } from '../../models/index.ts';
import { cell, fmtDecimal, fmtEnergy, fmtRatio } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import type { Table } from '../../reports/report.ts';
import { ACTION_KINDS, ENERGY_VIEWS, type EnergyView } from '../../sim/energy/schema.ts';
import { loadEnergyTable } from '../../sim/energy/table.ts';
import { energyOfProgram, MEMORY_MODELS, type EnergyResult, type MemoryModel } from '../../sim/energy/energy.ts';
import { loadProfile } from '../../sim/profile/loader.ts';
import { lowerFor } from '../../whatif/evaluate.ts';
import { DEFAULT_SETTINGS, type RunSettings } from '../../whatif/settings.ts';
import { settingsHeader, settingsRecord } from '../../whatif/settings-record.ts';
import { l1Of, workingSetsOf } from '../../whatif/study.ts';
import { UsageError } from '../errors.ts';
import { toJson, type Io } from '../io.ts';
import { isElementType } from '../../isa/index.ts';
import { runSettings } from './latency.ts';

/** The paper view's CPU when none is given: the paper's VIA Nano 2000 (its forms bound the paper lowering). */
const PAPER_CPU = 'via-nano-2000';
/** The paper view's element type: the paper prices its ops with Horowitz's 32-bit float energies. */
const PAPER_VIEW_DTYPE = 'f32';
import { choice as pick } from './choice.ts';

interface EnergyFlags {
  variant?: string;
  cpu?: string;
  table?: string;
  energyTable?: string;
  view: string;
  lowering?: string;
  dtype?: string;
  accumulators?: string;
  convert?: string;
  overheadPj?: string;
  memory?: string;
  layers?: boolean;
  json?: boolean;
}

function kindsTable(title: string, id: string, r: EnergyResult): Table {
  const kinds = ACTION_KINDS.filter((k) => r.byKind[k] > 0);
  return {
    id,
    title,
    columns: [
      { key: 'kind', title: 'Kind' },
      { key: 'energy', title: 'Energy' },
      { key: 'share', title: 'Share' },
    ],
    rows: [
      ...kinds.map((k) => [cell.text(k), cell.energy(r.byKind[k]), cell.pct(r.energyPJ ? r.byKind[k] / r.energyPJ : 0)]),
      [cell.text('total'), cell.energy(r.energyPJ), cell.pct(1)],
    ],
    notes: [],
  };
}

function layersTable(id: string, r: EnergyResult): Table {
  const kinds = ACTION_KINDS.filter((k) => r.byKind[k] > 0);
  const withLevel = r.layers.some((l) => l.memoryLevel);
  return {
    id,
    title: 'per layer',
    columns: [
      { key: 'layer', title: 'Layer' },
      { key: 'kind', title: 'Kind' },
      ...kinds.map((k) => ({ key: k, title: k })),
      { key: 'total', title: 'Total' },
      ...(withLevel ? [{ key: 'level', title: 'Memory level' }] : []),
    ],
    rows: r.layers.map((l) => [
      cell.text(l.layer),
      cell.text(l.kind),
      ...kinds.map((k) => cell.energy(l.byKind[k])),
      cell.energy(l.energyPJ),
      ...(withLevel ? [cell.text(l.memoryLevel ?? '')] : []),
    ]),
    notes: [],
  };
}

/** The run settings of a view: the paper view is the paper's convention, the full view latency's settings. */
function energySettings(view: EnergyView, flags: EnergyFlags): RunSettings {
  if (view === 'full' && flags.cpu === undefined) throw new UsageError('--view full needs --cpu NAME|FILE (the lowered program depends on the CPU)');
  if (view === 'paper') {
    // the paper view prices the paper lowering's arithmetic only: these would change nothing, silently
    // (--cpu too: the paper lowering's action counts, and so the energy, are the same on every CPU)
    const fullOnly = { '--cpu': flags.cpu, '--lowering': flags.lowering, '--accumulators': flags.accumulators, '--memory': flags.memory };
    for (const [flag, value] of Object.entries(fullOnly))
      if (value !== undefined)
        throw new UsageError(`${flag} only applies to --view full (the paper view is the paper lowering's arithmetic); add --view full --cpu NAME`);
  }
  // The paper view is the paper's convention (paper lowering in fp32 — the paper's energy figures are
  // Horowitz's 32-bit ones — every conv/FC converted); the full view is the same lowering as
  // latency/compare, element type included (one settings model: paper f64, others f32).
  const dtypeStr = flags.dtype ?? (view === 'paper' ? PAPER_VIEW_DTYPE : undefined);
  if (dtypeStr !== undefined && !isElementType(dtypeStr))
    throw new UsageError(`--dtype must be an element type (f64, f32, f16, i32, i8, …), got "${dtypeStr}"`);
  return runSettings({
    variant: flags.variant,
    cpu: flags.cpu,
    energyTable: flags.energyTable,
    table: flags.table,
    dtype: dtypeStr,
    accumulators: flags.accumulators,
    lowering: view === 'paper' ? 'paper' : flags.lowering,
    convert: flags.convert ?? (view === 'paper' ? 'all' : undefined),
    extrapolate: true,
  });
}

export function register(program: Command, io: Io): void {
  program
    .command('energy')
    .description('energy per image by action kind and layer (Accelergy-style action counts × energy table)')
    .argument('<model>', 'zoo name, graph .json or .onnx file')
    .option('--variant <list>', `variants, comma-separated (cnn,adder,bnn) or all (default: ${DEFAULT_SETTINGS.variants.join(',')})`)
    .option(
      '--cpu <name|file>',
      `CPU profile whose forms the lowering may use (--view full, required there; the paper view's counts are the same on every CPU: it records ${PAPER_CPU}, the paper's)`,
    )
    .option('--energy-table <name>', `energy table: horowitz-45nm | aladdin-40nm | FILE (default: ${DEFAULT_SETTINGS.energyTable})`)
    .option('--table <name>', 'alias of --energy-table')
    .option('--view <v>', 'paper (arithmetic only, the paper convention) | full', 'paper')
    .option('--lowering <l>', `lowering for the full view (paper view: always paper; default: ${DEFAULT_SETTINGS.lowering})`)
    .option('--dtype <t>', `element type (default: ${PAPER_VIEW_DTYPE} in the paper view; full view as latency: paper f64, others f32)`)
    .option('--accumulators <n>', "independent accumulators of the simd lowering, every variant (default: per variant, cover the chained form's latency)")
    .option('--convert <c>', 'inner | all (default: all in the paper view, inner in the full view)')
    .option('--overhead-pj <pJ>', "per-instruction overhead in the full view (default: the table's)")
    .option(
      '--memory <m>',
      "full view: footprint (accesses at L1 + the layer's data once from its level) | working-set (every access at the working set's level) (default: footprint)",
    )
    .option('--layers', 'also print the per-layer table')
    .option('--json', 'machine-readable output (addersim/energy-result@1)')
    .action(async (ref: string, flags: EnergyFlags) => {
      const view = pick<EnergyView>('--view', flags.view, ENERGY_VIEWS);
      const settings = energySettings(view, flags);
      const { variants, convert, lowering, dtype } = settings;
      let overheadPJ: number | undefined;
      if (flags.overheadPj !== undefined) {
        overheadPJ = Number(flags.overheadPj);
        if (!Number.isFinite(overheadPJ) || overheadPJ < 0) throw new UsageError(`--overhead-pj must be a non-negative number, got "${flags.overheadPj}"`);
        if (view === 'paper') throw new UsageError('--overhead-pj only applies to --view full (the paper view has no overhead)');
      }
      const memoryModel = pick<MemoryModel>('--memory', flags.memory ?? 'footprint', MEMORY_MODELS);
      const table = loadEnergyTable(settings.energyTable);
      const profile = loadProfile(flags.cpu ?? PAPER_CPU);
      const model = await loadModel(ref);
      const record = settingsRecord(settings, profile, model.graph.name);
      const { scheduler: _none, ...recordNoScheduler } = record;
      const results = variants.map((variant) => {
        const g = applyVariant(model.graph, variant, convert);
        const prog = lowerFor(model.graph, profile, {
          variant,
          convert,
          lowering,
          dtype,
          ...(settings.accumulators ? { accumulators: settings.accumulators } : {}),
        }).program;
        const ws = workingSetsOf(g.layers, lowering, dtype);
        const eo = { view, workingSetBytes: ws, memoryModel, ...l1Of(profile), ...(overheadPJ === undefined ? {} : { overheadPJ }) };
        const rangePJ = [energyOfProgram(prog, table, { ...eo, use: 'min' }).energyPJ, energyOfProgram(prog, table, { ...eo, use: 'max' }).energyPJ] as const;
        return { variant, result: energyOfProgram(prog, table, eo), rangePJ };
      });
      if (flags.json) {
        io.out(
          toJson({
            schema: 'addersim/energy-result@1',
            settings: recordNoScheduler,
            model: model.graph.name,
            source: model.source,
            table: table.name,
            view,
            lowering,
            dtype,
            convert,
            cpu: profile.name,
            results: results.map((r) => ({ ...r.result, variant: r.variant, rangePJ: r.rangePJ })),
          }),
        );
        return;
      }
      const parts: string[] = [settingsHeader(recordNoScheduler)];
      for (const { variant, result, rangePJ } of results) {
        parts.push(
          renderTableText(
            kindsTable(
              `${model.graph.name} · ${variant} — ${view} view, ${table.name}, ${lowering} ${dtype} (--convert ${convert})`,
              `energy-${variant}`,
              result,
            ),
          ),
        );
        parts.push(`  exact: ${fmtDecimal(result.exactPJ)} pJ`);
        if (rangePJ[0] !== rangePJ[1]) parts.push(`  range: ${fmtEnergy(rangePJ[0])} – ${fmtEnergy(rangePJ[1])} (every entry at the ends of its source range)`);
        if (flags.layers) parts.push(renderTableText(layersTable(`energy-layers-${variant}`, result)));
        parts.push('');
      }
      const cnn = results.find((r) => r.variant === 'cnn');
      if (cnn && results.length > 1) {
        parts.push(
          results
            .filter((r) => r !== cnn)
            .map((r) => `${r.variant} / cnn = ${fmtRatio(r.result.energyPJ / cnn.result.energyPJ)}`)
            .join(', '),
          '',
        );
      }
      const notes = [...new Set(results.flatMap((r) => r.result.notes.filter((n) => !n.startsWith('layer '))))];
      const excluded = results[0]?.result.notes.filter((n) => n.startsWith('layer ')).length ?? 0;
      parts.push(...notes.map((n) => `note: ${n}`));
      if (excluded) parts.push(`note: ${excluded} layer${excluded === 1 ? '' : 's'} not lowered or without a known working set (see --json)`);
      io.out(`${parts.join('\n')}\n`);
    });
}
