// The study runner: the AdderNet paper's claims reproduced (`paperClaims`, from paper-claims.ts, shared by `reproduce` and
// `report`), then models × variants × CPUs × schedulers with energy (`runStudy`). Produces plain data
// (src/sim/results/study-result.ts); src/reports/study-report.ts turns it into a report.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddersimError, type ElementType, type Program, type TargetCaps } from '../isa/index.ts';
import { lower, type LoweringName } from '../models/lowering/index.ts';
import { lowerFor } from './evaluate.ts';
import { resolveSettings, type RunSettings } from './settings.ts';
import { settingsRecord } from './settings-record.ts';
import { scheduleProgram } from '../sim/schedulers/schedule.ts';
import { loadModel } from '../models/load-model.ts';
import { opTable } from '../models/op-table.ts';
import { applyVariant, type Variant } from '../models/variants.ts';
import type { ShapedGraph } from '../models/graph.ts';
import { energyOfCounts, energyOfProgram } from '../sim/energy/energy.ts';
import { energyTableFile, loadEnergyTable } from '../sim/energy/table.ts';
import type { EnergyTable } from '../sim/energy/schema.ts';
import { loadProfile, PROFILES_DIR, isProfilePath, targetCaps } from '../sim/profile/loader.ts';
import type { Profile } from '../sim/profile/schema.ts';
import type { ScheduleResult, SchedulerName } from '../sim/results/result.ts';
import type { StudyEnergy, StudyInputs, StudyLatency, StudyOps, StudyResult } from '../sim/results/study-result.ts';
import { l1Of, workingSetsOf } from './working-set.ts';

export { l1Of, workingSetsOf } from './working-set.ts';

import { VERSION as ADDERSIM_VERSION } from '../isa/version.ts';
import { nonZero, paperClaims } from './paper-claims.ts';
import { checkArgs } from '../isa/api-args.ts';
import { studyOptionsSchema } from './api-schemas.ts';

export { paperClaims } from './paper-claims.ts';

export const STUDY_MODELS = ['lenet5-bn', 'vgg-small', 'resnet20', 'resnet32', 'resnet18', 'resnet50'] as const;
export const STUDY_VARIANTS = ['cnn', 'adder', 'bnn'] as const satisfies readonly Variant[];
/** The paper's CPU, a modern x86 and an Arm core; the first existing of each group is used. */
export const STUDY_CPU_CHOICES: readonly (readonly string[])[] = [
  ['via-nano-2000'],
  ['intel-skylake', 'intel-haswell', 'amd-zen2'],
  ['arm-cortex-a57', 'arm-neoverse-n1', 'arm-cortex-a53'],
];
export const STUDY_SCHEDULERS = ['serial', 'bound', 'cycle'] as const satisfies readonly SchedulerName[];

/** Lowering and scheduling entry points (src/models/lowering, src/sim/schedulers/schedule.ts). */
export type LowerFn = (graph: ShapedGraph, opts: { lowering: string; dtype?: ElementType }, caps: TargetCaps) => Program;
export type ScheduleFn = (program: Program, profile: Profile, scheduler: SchedulerName, opts?: { extrapolate?: boolean }) => ScheduleResult;
export interface Engines {
  readonly lower: LowerFn;
  readonly scheduleProgram: ScheduleFn;
  readonly targetCaps: (p: Profile) => TargetCaps;
}

function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export interface StudyOptions {
  readonly models?: readonly string[];
  readonly variants?: readonly Variant[];
  readonly cpus?: readonly string[];
  readonly schedulers?: readonly SchedulerName[];
  readonly lowering?: LoweringName;
  readonly dtype?: ElementType;
  readonly energyTable?: string;
  /** Models on which the cycle scheduler runs (default: all). Others get a `skipped` reason. */
  readonly cycleModels?: readonly string[];
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** The default CPU list: the first existing profile of each choice group. */
export function defaultStudyCpus(dir = PROFILES_DIR): string[] {
  const have = (n: string) => {
    try {
      readFileSync(join(dir, `${n}.json`));
      return true;
    } catch {
      return false;
    }
  };
  return STUDY_CPU_CHOICES.flatMap((group) => group.filter(have).slice(0, 1));
}

/** Lowering and scheduling entry points. */
export async function loadEngines(): Promise<Engines> {
  return { lower: lower as LowerFn, scheduleProgram: scheduleProgram as ScheduleFn, targetCaps };
}

/**
 * The full study behind `addersim report`: the paper's claims, then models × variants × CPUs ×
 * schedulers with energy. Turn it into a report with `buildStudyReport` and write it with `writeReport`.
 * @example
 * const study = await runStudy({ models: ['lenet5-bn'], cpus: ['via-nano-2000'], schedulers: ['serial', 'bound'] });
 * writeReport(buildStudyReport(study), 'out/study', { formats: ['md', 'json'] });
 */
export async function runStudy(opts: StudyOptions = {}, engines?: Engines): Promise<StudyResult> {
  checkArgs('runStudy', [['opts', studyOptionsSchema, opts]]);
  const models = [...(opts.models ?? STUDY_MODELS)];
  const variants = [...(opts.variants ?? STUDY_VARIANTS)];
  const cpus = [...(opts.cpus ?? defaultStudyCpus())];
  const schedulers = [...(opts.schedulers ?? STUDY_SCHEDULERS)];
  const settings = resolveSettings({ variants, lowering: opts.lowering as LoweringName | undefined, dtype: opts.dtype, energyTable: opts.energyTable });
  const { lowering, dtype } = settings;
  const tableName = settings.energyTable;
  const table = loadEnergyTable(tableName);
  if (cpus.length === 0) throw new AddersimError('BAD_INPUT', 'no CPU profiles to run', '--cpus');
  const profiles = cpus.map((c) => ({ ref: c, profile: loadProfile(c), file: isProfilePath(c) ? c : join(PROFILES_DIR, `${c}.json`) }));
  const eng = engines ?? (await loadEngines());
  const notes: string[] = [];
  const cycleModels = new Set(opts.cycleModels ?? models);

  const total = 1 + models.length * variants.length * (1 + cpus.length * schedulers.length);
  let done = 0;
  const tick = (label: string) => opts.onProgress?.(++done, total, label);

  const claims = paperClaims({ energyTable: loadEnergyTable('horowitz-45nm') });
  tick('paper claims');

  const loaded = await Promise.all(models.map((m) => loadModel(m)));
  const ops: StudyOps[] = [];
  const latency: StudyLatency[] = [];
  const energy: StudyEnergy[] = [];
  for (const [mi, model] of models.entries()) {
    const graph = loaded[mi]!.graph;
    for (const variant of variants) {
      const inner = applyVariant(graph, variant, 'inner');
      const paperOps = opTable(applyVariant(graph, variant, 'all'), 'paper');
      const exactOps = opTable(inner, 'exact', { allowUnknown: true });
      ops.push({ model, variant, macs: paperOps.macs, paper: paperOps.totals, exact: exactOps.totals });
      energy.push(paperViewEnergy(graph, model, variant, paperOps.totals, eng, profiles[0]!.profile, table, notes));
      const ws = workingSetsOf(inner.layers, lowering, dtype);
      tick(`${model} ${variant} ops`);
      for (const [ci, { profile }] of profiles.entries()) {
        const { program, lowerError, accumulators } = lowerForStudy(graph, profile, variant, settings);
        if (program && ci === 0) energy.push(fullViewEnergy(program, model, variant, table, ws, profile, `${lowering} ${dtype}`));
        for (const scheduler of schedulers) {
          const base = {
            model,
            variant,
            cpu: profile.name,
            scheduler,
            lowering: `${lowering} ${dtype}`,
            clockGHz: profile.identity.clockGHz.value,
            ...(accumulators === undefined ? {} : { accumulators }),
          };
          latency.push(latencyRow(base, program, lowerError, cycleModels, eng, profile, settings.extrapolate));
          tick(`${model} ${variant} ${profile.name} ${scheduler}`);
        }
      }
    }
  }
  return {
    inputs: {
      addersimVersion: ADDERSIM_VERSION,
      // zoo models have no file: their sha256 is of the graph's JSON, so a changed zoo definition shows
      models: loaded.map((l, i) => ({
        name: models[i]!,
        source: l.source.kind === 'zoo' ? 'zoo (built in; sha256 of the graph JSON)' : l.source.ref,
        sha256: l.source.sha256 ?? createHash('sha256').update(JSON.stringify(l.graph)).digest('hex'),
      })),
      profiles: profiles.map((p) => ({
        name: p.profile.name,
        file: relativeToRepo(p.file),
        sha256: sha256File(p.file),
        clockGHz: p.profile.identity.clockGHz.value,
        ...profileFacts(p.profile),
      })),
      energyTables: [...new Set([tableName, 'horowitz-45nm'])].map(energyTableInput),
    },
    models,
    variants,
    cpus: profiles.map((p) => p.profile.name),
    schedulers,
    lowering: `${lowering} ${dtype}`,
    energyTable: table.name,
    settings: profiles.map((p) => studySettings(settings, p.profile)),
    claims,
    ops,
    latency,
    energy,
    notes,
  };
}

/** Paper view: the paper lowering in fp32 with every conv/FC converted, as the paper counts (op table if it fails). */
function paperViewEnergy(
  graph: ShapedGraph,
  model: string,
  variant: Variant,
  paperTotals: Readonly<Record<string, number>>,
  eng: Engines,
  profile: Profile,
  table: EnergyTable,
  notes: string[],
): StudyEnergy {
  let e;
  let range: [number, number];
  try {
    const p = eng.lower(applyVariant(graph, variant, 'all'), { lowering: 'paper', dtype: 'f32' }, eng.targetCaps(profile));
    e = energyOfProgram(p, table, { view: 'paper' });
    range = [energyOfProgram(p, table, { view: 'paper', use: 'min' }).energyPJ, energyOfProgram(p, table, { view: 'paper', use: 'max' }).energyPJ];
  } catch (err) {
    if (!(err instanceof AddersimError)) throw err;
    e = energyOfCounts(nonZero(paperTotals), table, { dtype: 'f32', label: `${model} ${variant}` });
    range = [e.energyPJ, e.energyPJ];
    notes.push(`${model} ${variant}: paper-view energy from the op table (paper lowering failed: ${err.message})`);
  }
  return {
    model,
    variant,
    table: table.name,
    view: 'paper',
    lowering: 'paper f32, all conv/FC converted',
    energyPJ: e.energyPJ,
    exactPJ: e.exactPJ,
    rangePJ: range,
    byKind: e.byKind,
    layers: e.layers.map((l) => ({ layer: l.layer, kind: l.kind, energyPJ: l.energyPJ })),
  };
}

/** The same lowering as `latency`/`compare`/`evaluate` (one settings model, accumulators per variant); a lowering error is kept as its message. */
function lowerForStudy(
  graph: ShapedGraph,
  profile: Profile,
  variant: Variant,
  settings: RunSettings,
): { program?: Program; lowerError?: string; accumulators?: number } {
  let program: Program | undefined;
  let lowerError: string | undefined;
  let accumulators: number | undefined;
  try {
    const lowered = lowerFor(graph, profile, { variant, convert: settings.convert, lowering: settings.lowering, dtype: settings.dtype });
    program = lowered.program;
    accumulators = lowered.accumulators;
  } catch (e) {
    if (!(e instanceof AddersimError)) throw e;
    lowerError = e.message;
  }
  return { program, lowerError, accumulators };
}

/** Full view: the study's lowering on one CPU, with working sets and that CPU's L1. */
function fullViewEnergy(
  program: Program,
  model: string,
  variant: Variant,
  table: EnergyTable,
  ws: Record<string, number>,
  profile: Profile,
  loweringLabel: string,
): StudyEnergy {
  const eo = { view: 'full', workingSetBytes: ws, ...l1Of(profile) } as const;
  const e = energyOfProgram(program, table, eo);
  const rangePJ: [number, number] = [
    energyOfProgram(program, table, { ...eo, use: 'min' }).energyPJ,
    energyOfProgram(program, table, { ...eo, use: 'max' }).energyPJ,
  ];
  return {
    model,
    variant,
    table: table.name,
    view: 'full',
    lowering: `${loweringLabel} on ${profile.name}`,
    energyPJ: e.energyPJ,
    exactPJ: e.exactPJ,
    rangePJ,
    byKind: e.byKind,
    layers: e.layers.map((l) => ({ layer: l.layer, kind: l.kind, energyPJ: l.energyPJ, ...(l.memoryLevel ? { memoryLevel: l.memoryLevel } : {}) })),
  };
}

/** One latency case: skipped if lowering failed or the cycle scheduler is left out for the model, else scheduled. */
function latencyRow(
  base: Omit<StudyLatency, 'cycles' | 'skipped' | 'extrapolatedLayers' | 'layers'>,
  program: Program | undefined,
  lowerError: string | undefined,
  cycleModels: ReadonlySet<string>,
  eng: Engines,
  profile: Profile,
  extrapolate: boolean | undefined,
): StudyLatency {
  const { scheduler, model } = base;
  if (!program) return { ...base, cycles: null, skipped: `lowering failed: ${lowerError}`, extrapolatedLayers: 0, layers: [] };
  if (scheduler === 'cycle' && !cycleModels.has(model)) {
    return {
      ...base,
      cycles: null,
      skipped: 'cycle scheduler not run on this model in this study (left out of --cycle-models; run `addersim latency --scheduler cycle`)',
      extrapolatedLayers: 0,
      layers: [],
    };
  }
  try {
    const r = eng.scheduleProgram(program, profile, scheduler, { extrapolate });
    return {
      ...base,
      cycles: r.cycles,
      extrapolatedLayers: r.layers.filter((l) => l.extrapolation?.extrapolated).length,
      layers: r.layers.map((l) => ({ layer: l.layer, kind: l.kind, cycles: l.cycles })),
    };
  } catch (e) {
    if (!(e instanceof AddersimError)) throw e;
    return { ...base, cycles: null, skipped: `${scheduler} failed: ${e.message}`, extrapolatedLayers: 0, layers: [] };
  }
}

/** The accumulators the study's lowering uses (simd: the lowering's default; #14 derives them per variant). */
/** An energy table as a study input: file, hash and the per-instruction overhead with its range. */
function energyTableInput(name: string): StudyInputs['energyTables'][number] {
  const o = loadEnergyTable(name).overhead.perInstruction;
  return {
    name,
    file: relativeToRepo(energyTableFile(name)),
    sha256: sha256File(energyTableFile(name)),
    overhead: { energyPJ: o.energyPJ, ...(o.min !== undefined ? { min: o.min } : {}), ...(o.max !== undefined ? { max: o.max } : {}), source: o.source },
  };
}

/** Clock source, CPU, issue model and the SOURCES.md ids a profile cites (for the report's assumptions). */
export function profileFacts(p: Profile): { clockSource: string; cpu: string; issue: string; sources: string[]; assumptions: number } {
  const ids = new Set<string>();
  let assumptions = 0;
  const walk = (x: unknown, key: string): void => {
    if (typeof x === 'string' && (key === 'source' || key === 'issueSource')) {
      if (x.startsWith('assumption')) assumptions++;
      else ids.add(x.split(':')[0]!.trim());
    } else if (Array.isArray(x)) x.forEach((v) => walk(v, ''));
    else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) walk(v, k);
  };
  walk(p, '');
  const m = p.machine;
  const rob = typeof m.reorderBuffer.value === 'number' && m.issue === 'out-of-order' ? `, ROB ${m.reorderBuffer.value}` : '';
  return {
    clockSource: p.identity.clockGHz.source,
    cpu: `${p.identity.vendor} ${p.identity.model}, ${p.identity.isa}`,
    issue: `${m.issue}, dispatch ${m.dispatchWidth.value}/cycle${rob}`,
    sources: [...ids].sort(),
    assumptions,
  };
}

/** The resolved settings of one CPU of the study (no `scheduler`: the study runs several). */
function studySettings(settings: Parameters<typeof settingsRecord>[0], profile: Profile): StudyResult['settings'][number] {
  const { scheduler: _all, ...rest } = settingsRecord(settings, profile);
  return rest;
}

/** The CPU's L1 data cache size (first memory level with a known size), for the energy model's L1 level. */
function relativeToRepo(file: string): string {
  const root = join(PROFILES_DIR, '..');
  return file.startsWith(root) ? file.slice(root.length).replace(/^\/+/, '') : file;
}
