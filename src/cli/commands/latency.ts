// `addersim latency MODEL --cpu NAME|FILE`: cycles per variant under a scheduler and lowering, per layer;
// `addersim latency --ops mul=435000,add=435000 --cpu NAME` for counts given directly (serial: Σ count × latency).
//   lenet5-bn on via-nano-2000 — scheduler serial, lowering paper (f64)
//   Variant  Cycles      vs CNN
//   cnn      2,499,120   1.00×

import { Option, type Command } from 'commander';
import { ELEMENT_TYPES, type ElementType } from '../../isa/index.ts';
import { CONVERTS, LOWERINGS, loadModel, VARIANTS, type Convert, type LoweringName, type Variant } from '../../models/index.ts';
import { cell } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import type { Table } from '../../reports/report.ts';
import { loadProfile } from '../../sim/profile/loader.ts';
import { SCHEDULERS, type SchedulerName } from '../../sim/results/result.ts';
import { serialFromCounts } from '../../sim/schedulers/serial.ts';
import { evaluate, type Evaluation } from '../../whatif/evaluate.ts';
import { DEFAULT_SETTINGS, inapplicableSetting, MAX_ACCUMULATORS, resolveSettings, type RunSettings } from '../../whatif/settings.ts';
import { settingsHeader, settingsRecord, type SettingsRecord } from '../../whatif/settings-record.ts';
import type { Profile } from '../../sim/profile/schema.ts';
import type { LoadedModel } from '../../models/index.ts';
import { evaluationJson } from '../../whatif/evaluation-json.ts';

export { evaluationJson } from '../../whatif/evaluation-json.ts';
import { UsageError } from '../errors.ts';
import { toJson, writeFileAtomic, type Io } from '../io.ts';
import { emitAsm, type AsmTarget } from '../../isa/emit-asm.ts';
import { join } from 'node:path';
import { choice, choiceList } from './choice.ts';
import { addWhatIfOptions, checkSetUsed, parseSetFlags, whatIfProfile } from './what-if.ts';
import type { Setting } from '../../whatif/params.ts';
import { programFormCounts } from '../../isa/count.ts';

export interface ModelRunFlags {
  cpu?: string;
  variant?: string;
  convert?: string;
  scheduler?: string;
  lowering?: string;
  dtype?: string;
  accumulators?: string;
  energyTable?: string;
  table?: string;
  extrapolate: boolean;
  allowUnknown?: boolean;
  json?: boolean;
  /** latency and compare: `--set PATH=VALUE` what-ifs (what-if.ts). */
  set?: string[];
  allowUnused?: boolean;
}

export function parseCounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([a-z0-9.]+)\s*=\s*([0-9_]+)\s*$/i.exec(part);
    if (!m) throw new UsageError(`--ops expects op=count pairs such as mul=435000,add=435000, got "${part}"`);
    const n = Number(m[2]!.replace(/_/g, ''));
    if (!Number.isSafeInteger(n)) throw new UsageError(`--ops ${m[1]}: ${m[2]} is not an exact integer below 2^53`);
    // a repeated key is a typo or a doubt, never a silent sum or a silent last-wins
    if (Object.hasOwn(out, m[1]!)) throw new UsageError(`--ops ${m[1]}: given twice (${m[1]}=${out[m[1]!]} and ${m[1]}=${m[2]}); give each op once`);
    // Own properties only: "constructor" must not read Object.prototype.constructor.
    Object.defineProperty(out, m[1]!, { value: n, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function positiveInt(flag: string, v: string | undefined, max?: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got "${v}"`);
  if (max !== undefined && n > max) throw new UsageError(`${flag} must be an integer from 1 to ${max}, got "${v}"`);
  return n;
}

/** The run flags every model command shares: same names, same list syntax, defaults from DEFAULT_SETTINGS. */
export function addRunOptions(cmd: Command, { pricesEnergy = false } = {}): Command {
  // commands that compute cycles only keep the energy-table flags hidden, to refuse them by name (rejectEnergyTable)
  const energyTable = new Option('--energy-table <name>', `energy table: horowitz-45nm | aladdin-40nm | FILE (default: ${DEFAULT_SETTINGS.energyTable})`);
  const table = new Option('--table <name>', 'alias of --energy-table');
  if (!pricesEnergy) for (const o of [energyTable, table]) o.hideHelp();
  return cmd
    .option('--cpu <name|file>', 'CPU profile name (see `addersim profiles`) or profile JSON file')
    .option('--variant <list>', `variants, comma-separated (cnn,adder,bnn) or all (default: ${DEFAULT_SETTINGS.variants.join(',')})`)
    .option('--convert <c>', `inner (first conv and last FC stay multiplicative) | all (default: ${DEFAULT_SETTINGS.convert})`)
    .option('--scheduler <s>', `${SCHEDULERS.join(' | ')} (default: ${DEFAULT_SETTINGS.scheduler})`)
    .option('--lowering <l>', `${LOWERINGS.join(' | ')} (default: ${DEFAULT_SETTINGS.lowering})`)
    .option('--dtype <t>', `element type of the arithmetic (${ELEMENT_TYPES.join(', ')}); default paper: f64, others: f32`)
    .option('--accumulators <n>', "independent accumulators of the simd lowering, every variant (default: per variant, cover the chained form's latency)")
    .addOption(energyTable)
    .addOption(table)
    .option('--no-extrapolate', 'cycle scheduler: simulate every iteration (small models only)')
    .option('--allow-unknown', 'list layers without a cost rule as exclusions instead of failing')
    .option('--json', 'machine-readable output');
}

/** `--variant cnn,adder` or `all`; undefined = the default. */
export function parseVariants(value: string | undefined): Variant[] | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') return [...VARIANTS];
  return choiceList<Variant>('--variant', value, VARIANTS);
}

export function runSettings(flags: ModelRunFlags, variants?: readonly Variant[], overrides?: readonly Setting[]): RunSettings {
  if (flags.energyTable !== undefined && flags.table !== undefined && flags.energyTable !== flags.table)
    throw new UsageError('give --energy-table or its alias --table, not both');
  const settings = resolveSettings({
    variants: variants ?? parseVariants(flags.variant),
    convert: flags.convert === undefined ? undefined : choice<Convert>('--convert', flags.convert, CONVERTS),
    scheduler: flags.scheduler === undefined ? undefined : choice<SchedulerName>('--scheduler', flags.scheduler, SCHEDULERS),
    lowering: flags.lowering === undefined ? undefined : choice<LoweringName>('--lowering', flags.lowering, LOWERINGS),
    dtype: flags.dtype === undefined ? undefined : choice<ElementType>('--dtype', flags.dtype, ELEMENT_TYPES),
    accumulators: positiveInt('--accumulators', flags.accumulators, MAX_ACCUMULATORS),
    energyTable: flags.energyTable ?? flags.table,
    extrapolate: flags.extrapolate,
    allowUnknown: flags.allowUnknown === true,
    ...(overrides?.length ? { overrides } : {}),
  });
  const bad = inapplicableSetting({ lowering: settings.lowering, accumulators: settings.accumulators, dtype: flags.dtype });
  if (bad) throw new UsageError(`--${bad.field} ${bad.why}: drop it${bad.applies ? ` or add --${bad.applies.field} ${bad.applies.value}` : ''}`);
  return settings;
}

/** Flags that shape a MODEL's program: bare --ops counts are priced as given, so each would change nothing. */
function rejectModelOnlyFlags(flags: ModelRunFlags & { layers?: boolean; emitAsm?: string }): void {
  const given: Record<string, boolean> = {
    '--variant': flags.variant !== undefined,
    '--convert': flags.convert !== undefined,
    '--lowering': flags.lowering !== undefined,
    '--accumulators': flags.accumulators !== undefined,
    '--energy-table': flags.energyTable !== undefined,
    '--table': flags.table !== undefined,
    '--no-extrapolate': flags.extrapolate === false,
    '--allow-unknown': flags.allowUnknown === true,
    '--layers': flags.layers === true,
    '--emit-asm': flags.emitAsm !== undefined,
  };
  for (const [flag, isGiven] of Object.entries(given))
    if (isGiven)
      throw new UsageError(`${flag} applies to a MODEL; --ops counts are priced as given (Σ count × latency, --dtype, --cpu and --set only): drop ${flag}`);
}

/** latency, sweep and crossover compute cycles only: an energy table would change nothing (compare and energy price energy). */
export function rejectEnergyTable(flags: { energyTable?: string; table?: string }, command: string): void {
  const flag = flags.energyTable !== undefined ? '--energy-table' : flags.table !== undefined ? '--table' : undefined;
  if (flag) throw new UsageError(`${flag}: ${command} computes cycles only; energy is priced by addersim compare and addersim energy`);
}

export function requireCpu(flags: { cpu?: string }): string {
  if (!flags.cpu) throw new UsageError('--cpu NAME|FILE is required');
  return flags.cpu;
}

export interface ModelRun {
  readonly evaluations: Evaluation[];
  readonly cpu: string;
  readonly profile: Profile;
  readonly settings: RunSettings;
  readonly record: SettingsRecord;
  readonly model: LoadedModel;
}

export async function runModel(ref: string, flags: ModelRunFlags, variants?: readonly Variant[]): Promise<ModelRun> {
  const base = loadProfile(requireCpu(flags));
  const overrides = parseSetFlags(flags.set ?? [], base);
  const s = runSettings(flags, variants, overrides);
  const profile = whatIfProfile(base, overrides);
  const model = await loadModel(ref, { allowUnknown: s.allowUnknown });
  const evaluations = s.variants.map((variant) =>
    evaluate(model.graph, profile, {
      variant,
      convert: s.convert,
      scheduler: s.scheduler,
      lowering: s.lowering,
      ...(flags.dtype !== undefined ? { dtype: s.dtype } : {}),
      ...(s.accumulators ? { accumulators: s.accumulators } : {}),
      extrapolate: s.extrapolate,
      allowUnknown: s.allowUnknown,
    }),
  );
  checkSetUsed(
    overrides,
    evaluations.map((e) => ({ counts: programFormCounts(e.program), chainForm: e.accumulatorChoice?.chainForm })),
    s.scheduler,
    flags.allowUnused,
  );
  return { evaluations, cpu: profile.name, profile, settings: s, record: settingsRecord(s, profile, model.graph.name), model };
}

function layerTable(e: Evaluation, cpu: string): Table {
  const hasBound = e.result.layers.some((l) => l.boundCycles !== undefined);
  return {
    id: `latency-${e.variant}`,
    title: `${e.model} · ${e.variant} on ${cpu} — scheduler ${e.result.scheduler}, lowering ${e.lowering}`,
    columns: [
      { key: 'layer', title: 'Layer' },
      { key: 'kind', title: 'Kind' },
      { key: 'cycles', title: 'Cycles' },
      ...(hasBound ? [{ key: 'bound', title: 'Bound' }] : []),
      { key: 'bottleneck', title: 'Bottleneck' },
    ],
    rows: [
      ...e.result.layers.map((l) => [
        cell.text(l.layer),
        cell.text(l.kind),
        cell.int(l.cycles),
        ...(hasBound ? [l.boundCycles === undefined ? cell.none('n/a') : cell.int(l.boundCycles)] : []),
        cell.text(l.bottleneck ?? ''),
      ]),
      [cell.text('total'), cell.text(''), cell.int(e.result.cycles), ...(hasBound ? [cell.text('')] : []), cell.text('')],
    ],
    notes: [],
  };
}

export function register(program: Command, io: Io): void {
  const cmd = program
    .command('latency')
    .description('cycles of a model on a CPU profile (per variant and layer), or of op counts given with --ops')
    .argument('[model]', 'zoo name, graph .json or .onnx file (omit with --ops)')
    .option('--ops <counts>', 'counts given directly, e.g. mul=435000,add=435000 (always the serial scheduler; bare ops take --dtype, default f64)')
    .option('--layers', 'print the per-layer table (text output)')
    .option('--emit-asm <dir>', 'also write each layer kernel as assembly llvm-mca accepts (x86 or aarch64, from the profile) into DIR');
  addWhatIfOptions(addRunOptions(cmd)).action(async (ref: string | undefined, flags: ModelRunFlags & { ops?: string; layers?: boolean; emitAsm?: string }) => {
    if (flags.ops !== undefined) {
      if (ref !== undefined) throw new UsageError('give either a MODEL or --ops, not both');
      rejectModelOnlyFlags(flags);
      // bare counts have one model, serial (Σ count × latency): it is what --ops runs unless another is asked for
      const scheduler = choice<SchedulerName>('--scheduler', flags.scheduler ?? 'serial', SCHEDULERS);
      if (scheduler !== 'serial')
        throw new UsageError(
          `--ops runs the serial model only (bare counts carry no dependencies or ports for ${scheduler}): drop --scheduler ${scheduler}, or for ${scheduler} give a MODEL (or a kernel file to addersim kernel)`,
        );
      const dtype = flags.dtype === undefined ? 'f64' : choice<ElementType>('--dtype', flags.dtype, ELEMENT_TYPES);
      const counts = parseCounts(flags.ops);
      const base = loadProfile(requireCpu(flags));
      const overrides = parseSetFlags(flags.set ?? [], base);
      const profile = whatIfProfile(base, overrides);
      const r = serialFromCounts(counts, profile, { dtype });
      checkSetUsed(overrides, [{ counts: new Map(r.terms.map((t) => [t.form, t.count])) }], 'serial', flags.allowUnused);
      if (flags.json) {
        io.out(
          toJson({
            schema: 'addersim/latency@1',
            results: [
              { model: null, ops: counts, dtype, cpu: profile.name, scheduler: 'serial', lowering: null, cycles: r.cycles, terms: r.terms, layers: [] },
            ],
          }),
        );
      } else {
        const t: Table = {
          id: 'latency-ops',
          title: `counts on ${profile.name} — scheduler serial (Σ count × latency), ${dtype}`,
          columns: [
            { key: 'form', title: 'Form' },
            { key: 'count', title: 'Count' },
            { key: 'latency', title: 'Latency' },
            { key: 'cycles', title: 'Cycles' },
          ],
          rows: [
            ...r.terms.map((x) => [cell.text(x.form), cell.int(x.count), cell.int(x.latencyCycles), cell.int(x.cycles)]),
            [cell.text('total'), cell.text(''), cell.text(''), cell.int(r.cycles)],
          ],
          notes: [],
        };
        io.out(renderTableText(t));
      }
      return;
    }
    if (ref === undefined) throw new UsageError('give a MODEL (zoo name, .json or .onnx) or --ops');
    rejectEnergyTable(flags, 'latency');
    const { evaluations, cpu, record } = await runModel(ref, flags);
    if (flags.emitAsm !== undefined) {
      const files = writeLayerAsm(flags.emitAsm, evaluations, requireCpu(flags));
      io.err(`addersim: wrote ${files} assembly files to ${flags.emitAsm}`);
    }
    if (flags.json) {
      io.out(toJson({ schema: 'addersim/latency@1', settings: record, results: evaluations.map((e) => evaluationJson(e, cpu)) }));
      return;
    }
    const base = evaluations.find((e) => e.variant === 'cnn')?.result.cycles;
    const parts: string[] = [];
    const summary: Table = {
      id: 'latency-summary',
      title: `${evaluations[0]!.model} on ${cpu} — scheduler ${evaluations[0]!.result.scheduler}, lowering ${evaluations[0]!.lowering}${evaluations[0]!.dtype ? ` (${evaluations[0]!.dtype})` : ''}`,
      columns: [{ key: 'variant', title: 'Variant' }, { key: 'cycles', title: 'Cycles' }, ...(base ? [{ key: 'ratio', title: 'vs CNN' }] : [])],
      rows: evaluations.map((e) => [cell.text(e.variant), cell.int(e.result.cycles), ...(base ? [cell.ratio(e.result.cycles / base)] : [])]),
      notes: [],
    };
    parts.push(settingsHeader(record), renderTableText(summary));
    if (flags.layers) for (const e of evaluations) parts.push('', renderTableText(layerTable(e, cpu)));
    const notes = [...new Set(evaluations.flatMap((e) => [...e.program.notes, ...e.result.notes]))];
    parts.push(...notes.map((n) => `note: ${n}`));
    io.out(`${parts.join('\n')}\n`);
  });
}

/** One `.s` file per layer kernel: DIR/<model>-<variant>-<lowering>/<NN>-<layer>.s (each written atomically). */
function writeLayerAsm(dir: string, evaluations: readonly Evaluation[], cpuRef: string): number {
  const isa = loadProfile(cpuRef).identity.isa;
  if (isa !== 'x86' && isa !== 'aarch64') throw new UsageError(`--emit-asm: no assembly emitter for ISA ${isa} (x86 and aarch64 only)`);
  const target: AsmTarget = isa;
  let n = 0;
  for (const e of evaluations) {
    const sub = join(dir, `${e.model}-${e.variant}-${e.lowering}`.replace(/[^A-Za-z0-9._-]/g, '_'));
    e.program.kernels.forEach((k, i) => {
      const name = `${String(i).padStart(3, '0')}-${(k.layer ?? k.name).replace(/[^A-Za-z0-9._-]/g, '_')}.s`;
      writeFileAtomic(join(sub, name), emitAsm(k, target));
      n++;
    });
  }
  return n;
}
