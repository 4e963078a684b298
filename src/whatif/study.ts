// The study runner: the AdderNet paper's claims reproduced (`paperClaims`, shared by `reproduce` and
// `report`), then models × variants × CPUs × schedulers with energy (`runStudy`). Produces plain data
// (src/sim/results/study-result.ts); src/reports/study-report.ts turns it into a report.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddersimError, countKernel, type ElementType, type Program, type TargetCaps } from '../isa/index.ts';
import { lower, type LoweringName } from '../models/lowering/index.ts';
import { lowerFor } from './evaluate.ts';
import { resolveSettings } from './settings.ts';
import { settingsRecord } from './settings-record.ts';
import { scheduleProgram } from '../sim/schedulers/schedule.ts';
import { loadModel } from '../models/load-model.ts';
import { opTable } from '../models/op-table.ts';
import { applyVariant, type Variant } from '../models/variants.ts';
import type { ShapedGraph, ShapedLayer } from '../models/graph.ts';
import { inferShapes } from '../models/shapes.ts';
import { zooModel } from '../models/zoo/index.ts';
import { energyOfCounts, energyOfProgram } from '../sim/energy/energy.ts';
import { energyTableFile, loadEnergyTable } from '../sim/energy/table.ts';
import type { EnergyTable } from '../sim/energy/schema.ts';
import { loadProfile, PROFILES_DIR, isProfilePath, targetCaps } from '../sim/profile/loader.ts';
import type { Profile } from '../sim/profile/schema.ts';
import type { ScheduleResult, SchedulerName } from '../sim/results/result.ts';
import { serialFromCounts } from '../sim/schedulers/serial.ts';
import type { ClaimRow, StudyEnergy, StudyInputs, StudyLatency, StudyOps, StudyResult } from '../sim/results/study-result.ts';
import { l1Of, workingSetBytes } from './working-set.ts';

export { l1Of, workingSetBytes } from './working-set.ts';

import { VERSION as ADDERSIM_VERSION } from '../isa/version.ts';

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

function delta(addersim: number, paper: number): number {
  return (addersim - paper) / paper;
}

const REF = 'reference/addernet-paper.md';

/** The paper's CIFAR/ImageNet op-count columns (§1.1, §1.2) and why addersim's MACs differ. */
const PAPER_MACS: readonly { model: string; label: string; macs: number; text: string; adder: number; adderText: string; reason: string }[] = [
  {
    model: 'vgg-small',
    label: 'VGG-small',
    macs: 0.65e9,
    text: '0.65G',
    adder: 1.3e9,
    adderText: '1.30G',
    reason: "VGG-small with one FC 8192→10 has 0.608G MACs; the paper's exact VGG-small is unpublished",
  },
  {
    model: 'resnet20',
    label: 'ResNet-20',
    macs: 41.17e6,
    text: '41.17M',
    adder: 82.34e6,
    adderText: '82.34M',
    reason: "layer-exact count (code's topology, 1×1 projection shortcuts) is 40.81M; the 0.36M gap is unexplained",
  },
  {
    model: 'resnet32',
    label: 'ResNet-32',
    macs: 69.12e6,
    text: '69.12M',
    adder: 138.24e6,
    adderText: '138.24M',
    reason: "matches the official code's topology; Δ is the paper's rounding",
  },
  {
    model: 'resnet18',
    label: 'ResNet-18',
    macs: 1.8e9,
    text: '1.8G',
    adder: 3.6e9,
    adderText: '3.6G',
    reason: "torchvision shapes give 1.814G; Δ is the paper's rounding",
  },
  {
    model: 'resnet50-v1',
    label: 'ResNet-50',
    macs: 3.9e9,
    text: '3.9G',
    adder: 7.7e9,
    adderText: '7.7G',
    reason: 'ResNet-50 v1 (stride in the first 1×1) gives 3.858G; torchvision v1.5 (zoo resnet50) would be 4.089G',
  },
];

/** Op totals without zero entries (the serial model looks every form up, even with count 0). */
function nonZero(t: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(t).filter(([, n]) => n > 0));
}

function shaped(model: string): ShapedGraph {
  return inferShapes(zooModel(model), `zoo:${model}`);
}

/**
 * The paper's claims beside addersim's numbers: LeNet-5 serial latency on the VIA Nano 2000 (paper's
 * counts and the zoo's LeNet-5-BN), the op-count tables, and the Horowitz energy ratio. Pure data.
 */
export function paperClaims(opts: { energyTable?: EnergyTable; nano?: Profile } = {}): ClaimRow[] {
  const nano = opts.nano ?? loadProfile('via-nano-2000');
  const table = opts.energyTable ?? loadEnergyTable('horowitz-45nm');
  const rows: ClaimRow[] = [];
  const lat = (variant: string, quantity: string, paper: number, paperText: string, addersim: number, reason: string) =>
    rows.push({
      group: 'latency',
      model: 'lenet5-bn',
      variant,
      quantity,
      paper,
      paperText,
      addersim,
      deltaFraction: delta(addersim, paper),
      reason,
      source: `${REF} §1.4`,
    });

  // 1. The paper's own counts through the serial model (f64: the x87/double rows, mul 4 / add 2).
  const cnnSerial = serialFromCounts({ mul: 435_000, add: 435_000 }, nano, { dtype: 'f64' }).cycles;
  const adderSerial = serialFromCounts({ add: 870_000 }, nano, { dtype: 'f64' }).cycles;
  lat(
    'cnn',
    'serial cycles, paper counts (435K mul + 435K add, f64)',
    2_610_000,
    '2.6M (= 435K×4 + 435K×2)',
    cnnSerial,
    cnnSerial === 2_610_000 ? 'exact: Σ count × latency with mul.f64 4, add.f64 2' : "profile latencies differ from the paper's 4 / 2",
  );
  lat(
    'adder',
    'serial cycles, paper counts (870K add, f64)',
    1_740_000,
    '1.7M (= 870K×2)',
    adderSerial,
    adderSerial === 1_740_000 ? 'exact: Σ count × latency with add.f64 2' : "profile latency differs from the paper's 2",
  );

  // 2. The zoo's LeNet-5-BN (layer-exact MACs) through the same model.
  const lenet = shaped('lenet5-bn');
  const cnnOps = opTable(applyVariant(lenet, 'cnn', 'all'), 'paper');
  const adderOps = opTable(applyVariant(lenet, 'adder', 'all'), 'paper');
  const reasonLenet =
    cnnOps.macs === 416_520
      ? "the zoo's LeNet-5-BN is the standard LeNet-5 (416,520 MACs); the paper's 435K network is unpublished"
      : `the zoo's LeNet-5-BN has ${cnnOps.macs.toLocaleString('en-US')} MACs (standard LeNet-5 = 416,520); the paper's 435K network is unpublished`;
  rows.push({
    group: 'ops',
    model: 'lenet5-bn',
    variant: 'cnn',
    quantity: 'MACs (#Mul = #Add)',
    paper: 435_000,
    paperText: '~435K',
    addersim: cnnOps.macs,
    deltaFraction: delta(cnnOps.macs, 435_000),
    reason: reasonLenet,
    source: `${REF} §1.4–1.5`,
  });
  rows.push({
    group: 'ops',
    model: 'lenet5-bn',
    variant: 'adder',
    quantity: '#Add (2 × MACs), #Mul = 0',
    paper: 870_000,
    paperText: '~870K',
    addersim: adderOps.totals.add ?? 0,
    deltaFraction: delta(adderOps.totals.add ?? 0, 870_000),
    reason: reasonLenet,
    source: `${REF} §1.4–1.5`,
  });
  lat(
    'cnn',
    'serial cycles, zoo LeNet-5-BN (paper convention, f64)',
    2_610_000,
    '2.6M',
    serialFromCounts(nonZero(cnnOps.totals), nano, { dtype: 'f64' }).cycles,
    reasonLenet,
  );
  lat(
    'adder',
    'serial cycles, zoo LeNet-5-BN (paper convention, f64)',
    1_740_000,
    '1.7M',
    serialFromCounts(nonZero(adderOps.totals), nano, { dtype: 'f64' }).cycles,
    reasonLenet,
  );
  lat(
    'cnn/adder',
    'CNN / AdderNet serial latency',
    1.5,
    '2.6M / 1.7M ≈ 1.5',
    cnnSerial / adderSerial,
    'exact under the serial model; pipelined schedulers change it (see the latency section)',
  );

  // 3. The op-count tables (#Mul / #Add / #XNOR), paper convention, every conv/FC converted as the paper counts.
  for (const m of PAPER_MACS) {
    const g = shaped(m.model);
    const cnn = opTable(applyVariant(g, 'cnn', 'all'), 'paper');
    const add = opTable(applyVariant(g, 'adder', 'all'), 'paper');
    const bnn = opTable(applyVariant(g, 'bnn', 'all'), 'paper');
    const src = `${REF} §1.1–1.2, §1.5`;
    const row = (variant: string, quantity: string, paper: number, paperText: string, v: number, reason: string) =>
      rows.push({ group: 'ops', model: m.model, variant, quantity, paper, paperText, addersim: v, deltaFraction: delta(v, paper), reason, source: src });
    row('cnn', '#Mul', m.macs, m.text, cnn.totals.mul ?? 0, m.reason);
    row('cnn', '#Add', m.macs, m.text, cnn.totals.add ?? 0, m.reason);
    row(
      'adder',
      '#Add (2 × MACs)',
      m.adder,
      m.adderText,
      add.totals.add ?? 0,
      `${m.reason}; the paper's #Mul = 0 ignores the multiplicative first conv and last FC`,
    );
    row('bnn', '#XNOR', m.macs, m.text, bnn.totals.xnor ?? 0, m.reason);
    row('bnn', '#Add', m.macs, m.text, bnn.totals.add ?? 0, m.reason);
  }

  // 4. Energy (Horowitz 45 nm, paper view): AdderNet / CNN for the MAC-equivalent, on resnet20.
  const r20 = shaped('resnet20');
  const eCnn = energyOfCounts(opTable(applyVariant(r20, 'cnn', 'all'), 'paper').totals, table, { dtype: 'f32', label: 'resnet20 cnn' });
  const eAdd = energyOfCounts(opTable(applyVariant(r20, 'adder', 'all'), 'paper').totals, table, { dtype: 'f32', label: 'resnet20 adder' });
  const ratio = eAdd.energyPJ / eCnn.energyPJ;
  rows.push({
    group: 'energy',
    model: 'resnet20',
    variant: 'adder/cnn',
    quantity: 'energy ratio, fp32, paper view',
    paper: 1.8 / 4.6,
    paperText: '(0.9+0.9)/(3.7+0.9) = 0.39',
    addersim: ratio,
    deltaFraction: delta(ratio, 1.8 / 4.6),
    reason: `exact: ${eAdd.exactPJ} pJ / ${eCnn.exactPJ} pJ (${table.name})`,
    source: `${REF} §3 (E_MAC 4.6, E_AC 0.9)`,
  });
  return rows;
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
  const models = [...(opts.models ?? STUDY_MODELS)];
  const variants = [...(opts.variants ?? STUDY_VARIANTS)];
  const cpus = [...(opts.cpus ?? defaultStudyCpus())];
  const schedulers = [...(opts.schedulers ?? STUDY_SCHEDULERS)];
  const settings = resolveSettings({ variants, lowering: opts.lowering as LoweringName | undefined, dtype: opts.dtype, energyTable: opts.energyTable });
  const { lowering, dtype } = settings;
  const elemBytes = dtype === 'f64' || dtype === 'i64' ? 8 : dtype === 'f32' || dtype === 'i32' ? 4 : dtype.endsWith('16') ? 2 : 1;
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
      {
        // paper view: the paper lowering in fp32 with every conv/FC converted, as the paper counts
        let e;
        let range: [number, number];
        try {
          const p = eng.lower(applyVariant(graph, variant, 'all'), { lowering: 'paper', dtype: 'f32' }, eng.targetCaps(profiles[0]!.profile));
          e = energyOfProgram(p, table, { view: 'paper' });
          range = [energyOfProgram(p, table, { view: 'paper', use: 'min' }).energyPJ, energyOfProgram(p, table, { view: 'paper', use: 'max' }).energyPJ];
        } catch (err) {
          if (!(err instanceof AddersimError)) throw err;
          e = energyOfCounts(nonZero(paperOps.totals), table, { dtype: 'f32', label: `${model} ${variant}` });
          range = [e.energyPJ, e.energyPJ];
          notes.push(`${model} ${variant}: paper-view energy from the op table (paper lowering failed: ${err.message})`);
        }
        energy.push({
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
        });
      }
      const ws = Object.fromEntries(inner.layers.map((l) => [l.name, workingSetBytes(l, elemBytes)]));
      tick(`${model} ${variant} ops`);
      for (const [ci, { profile }] of profiles.entries()) {
        let program: Program | undefined;
        let lowerError: string | undefined;
        let accumulators: number | undefined;
        try {
          // The same lowering as `latency`/`compare`/`evaluate` (one settings model, accumulators per variant).
          const lowered = lowerFor(graph, profile, { variant, convert: settings.convert, lowering, dtype });
          program = lowered.program;
          accumulators = lowered.accumulators;
        } catch (e) {
          if (!(e instanceof AddersimError)) throw e;
          lowerError = e.message;
        }
        if (program && ci === 0) {
          const eo = { view: 'full', workingSetBytes: ws, ...l1Of(profile) } as const;
          const e = energyOfProgram(program, table, eo);
          const rangePJ: [number, number] = [
            energyOfProgram(program, table, { ...eo, use: 'min' }).energyPJ,
            energyOfProgram(program, table, { ...eo, use: 'max' }).energyPJ,
          ];
          energy.push({
            model,
            variant,
            table: table.name,
            view: 'full',
            lowering: `${lowering} ${dtype} on ${profile.name}`,
            energyPJ: e.energyPJ,
            exactPJ: e.exactPJ,
            rangePJ,
            byKind: e.byKind,
            layers: e.layers.map((l) => ({ layer: l.layer, kind: l.kind, energyPJ: l.energyPJ, ...(l.memoryLevel ? { memoryLevel: l.memoryLevel } : {}) })),
          });
        }
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
          if (!program) {
            latency.push({ ...base, cycles: null, skipped: `lowering failed: ${lowerError}`, extrapolatedLayers: 0, layers: [] });
          } else if (scheduler === 'cycle' && !cycleModels.has(model)) {
            latency.push({
              ...base,
              cycles: null,
              skipped: 'cycle scheduler not run on this model in this study (left out of --cycle-models; run `addersim latency --scheduler cycle`)',
              extrapolatedLayers: 0,
              layers: [],
            });
          } else {
            try {
              const r = eng.scheduleProgram(program, profile, scheduler, { extrapolate: settings.extrapolate });
              latency.push({
                ...base,
                cycles: r.cycles,
                extrapolatedLayers: r.layers.filter((l) => l.extrapolation?.extrapolated).length,
                layers: r.layers.map((l) => ({ layer: l.layer, kind: l.kind, cycles: l.cycles })),
              });
            } catch (e) {
              if (!(e instanceof AddersimError)) throw e;
              latency.push({ ...base, cycles: null, skipped: `${scheduler} failed: ${e.message}`, extrapolatedLayers: 0, layers: [] });
            }
          }
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
