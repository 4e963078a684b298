// The explorer's engine (runs in the page's Web Worker, and in Node for tests): settings with the CLI's
// names → the JSON `addersim latency --json` prints, plus what the page draws (forms the programs
// execute with their share of instructions, the profile's values and where each came from).
// Pure: profiles and models arrive as JSON values and bytes, never as paths; no node: module.

import { AddersimError, ELEMENT_TYPES, type ElementType } from '../isa/index.ts';
import { countKernel } from '../isa/count.ts';
import { graphMacs } from '../models/macs.ts';
import { modelFromBytes, zooLoaded, type LoadedModel } from '../models/model-from-bytes.ts';
import type { ShapedGraph } from '../models/graph.ts';
import { applyVariant, CONVERTS, VARIANTS, type Convert, type Variant } from '../models/variants.ts';
import { LOWERINGS, type LoweringName } from '../models/lowering/index.ts';
import { energyOfProgram } from '../sim/energy/energy.ts';
import type { ActionKind, EnergyTable } from '../sim/energy/schema.ts';
import { validateEnergyTable } from '../sim/energy/validate.ts';
import { profileFromData, validateProfile } from '../sim/profile/validate.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { SCHEDULERS, type SchedulerName } from '../sim/results/result.ts';
import { evaluate, type Evaluation } from '../whatif/evaluate.ts';
import { evaluationJson } from '../whatif/evaluation-json.ts';
import { l1Of, workingSetsOf } from '../whatif/working-set.ts';
import { DEFAULT_SETTINGS, defaultDtype } from '../whatif/settings.ts';
import { deriveWith, expandPath, parseParamPath, settingsLabel, type Setting } from '../whatif/params.ts';

/** The settings of one view, named as the CLI names them; `overrides` are keyed by profile paths. */
export interface ExploreSettings {
  readonly model: string;
  readonly cpu: string;
  readonly scheduler: SchedulerName;
  readonly lowering: LoweringName;
  readonly convert: Convert;
  readonly variants: readonly Variant[];
  readonly dtype?: ElementType;
  readonly accumulators?: number;
  readonly overrides: Readonly<Record<string, number>>;
}

/**
 * What a page opens with: the paper's question (lenet5-bn on the VIA Nano 2000) under the tool's one
 * table of defaults (src/whatif/settings.ts: scheduler, lowering, convert, variants).
 */
export const EXPLORE_DEFAULTS: ExploreSettings = {
  model: 'lenet5-bn',
  cpu: 'via-nano-2000',
  scheduler: DEFAULT_SETTINGS.scheduler,
  lowering: DEFAULT_SETTINGS.lowering,
  convert: DEFAULT_SETTINGS.convert,
  variants: [...DEFAULT_SETTINGS.variants],
  overrides: {},
};

/** One form the programs execute: its instructions over all variants and their share of the total. */
export interface FormUse {
  readonly form: string;
  readonly instructions: number;
  readonly share: number;
  readonly latency: number;
  readonly rthroughput: number;
  readonly uopCycles: number;
  readonly source: string;
  /** The µops and the ports each may issue to, e.g. `p0/p1 + p5×2` (eliminated moves: none). */
  readonly ports: string;
}

/** Energy per image of one variant's program, full view (arithmetic, memory by working set, overhead). */
export interface VariantEnergy {
  readonly variant: Variant;
  readonly table: string;
  readonly energyPJ: number;
  readonly byKind: Readonly<Record<ActionKind, number>>;
}

/** The energy table the explorer prices actions with (the tool's default). */
export const EXPLORE_ENERGY_TABLE = DEFAULT_SETTINGS.energyTable;

export interface ExploreResult {
  readonly schema: 'addersim/latency@1';
  readonly settings: ExploreSettings;
  /** MACs of the model's conv/FC layers (the topology's size). */
  readonly macs: number;
  readonly results: readonly unknown[];
  readonly forms: readonly FormUse[];
  readonly energy: readonly VariantEnergy[];
  readonly machine: Readonly<Record<string, number>>;
  readonly ports: readonly string[];
  /** The profile numbers the overrides set, by concrete path (ties and globs expanded): what the editor marks. */
  readonly edits: Readonly<Record<string, number>>;
  readonly elapsedMs?: number;
}

function oneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new AddersimError('USAGE', `${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`, field);
  }
  return v as T;
}

/** Settings from a partial object (the automation hook's `set`, the URL hash), checked field by field. */
export function mergeSettings(base: ExploreSettings, patch: Readonly<Record<string, unknown>>): ExploreSettings {
  const known = ['model', 'cpu', 'scheduler', 'lowering', 'convert', 'variants', 'dtype', 'accumulators', 'overrides'];
  for (const k of Object.keys(patch)) if (!known.includes(k)) throw new AddersimError('USAGE', `unknown setting "${k}" (known: ${known.join(', ')})`, k);
  const out: { -readonly [K in keyof ExploreSettings]: ExploreSettings[K] } = { ...base };
  if ('model' in patch) {
    if (typeof patch.model !== 'string' || !patch.model) throw new AddersimError('USAGE', 'model must be a zoo name or a loaded file name', 'model');
    out.model = patch.model;
  }
  if ('cpu' in patch) {
    if (typeof patch.cpu !== 'string' || !patch.cpu) throw new AddersimError('USAGE', 'cpu must be a profile name', 'cpu');
    out.cpu = patch.cpu;
  }
  if ('scheduler' in patch) out.scheduler = oneOf('scheduler', patch.scheduler, SCHEDULERS);
  if ('lowering' in patch) out.lowering = oneOf('lowering', patch.lowering, LOWERINGS);
  if ('convert' in patch) out.convert = oneOf('convert', patch.convert, CONVERTS);
  if ('variants' in patch) {
    const v = patch.variants === 'all' ? [...VARIANTS] : patch.variants;
    if (!Array.isArray(v) || v.length === 0)
      throw new AddersimError('USAGE', `variants must be "all" or a non-empty list of ${VARIANTS.join(', ')}`, 'variants');
    out.variants = v.map((x, i) => oneOf(`variants[${i}]`, x, VARIANTS));
  }
  if ('dtype' in patch) {
    if (patch.dtype === undefined || patch.dtype === null) delete out.dtype;
    else out.dtype = oneOf('dtype', patch.dtype, ELEMENT_TYPES);
  }
  if ('accumulators' in patch) {
    const a = patch.accumulators;
    if (a === undefined || a === null) delete out.accumulators;
    else if (typeof a !== 'number' || !Number.isSafeInteger(a) || a < 1)
      throw new AddersimError('USAGE', 'accumulators must be a positive integer', 'accumulators');
    else out.accumulators = a;
  }
  if ('overrides' in patch) {
    const o = patch.overrides;
    if (typeof o !== 'object' || o === null || Array.isArray(o))
      throw new AddersimError('USAGE', 'overrides must be an object of profile path → number', 'overrides');
    const clean: Record<string, number> = {};
    for (const [path, value] of Object.entries(o)) {
      parseParamPath(path, `overrides["${path}"]`);
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new AddersimError('USAGE', `overrides["${path}"] must be a number`, `overrides["${path}"]`);
      Object.defineProperty(clean, path, { value, enumerable: true, writable: true, configurable: true });
    }
    out.overrides = clean;
  }
  return out;
}

/** Holds the bundled profiles and the models loaded so far; evaluates settings. */
export class ExploreEngine {
  private readonly profiles = new Map<string, Profile>();
  private readonly models = new Map<string, LoadedModel>();
  private readonly raw: Record<string, unknown>;
  private readonly energyTable: EnergyTable | undefined;

  /** `energyTables`: raw JSON by name; without `horowitz-45nm` among them results carry no energy. */
  constructor(rawProfiles: Readonly<Record<string, unknown>>, energyTables: Readonly<Record<string, unknown>> = {}) {
    this.raw = { ...rawProfiles };
    this.energyTable = Object.hasOwn(energyTables, EXPLORE_ENERGY_TABLE)
      ? validateEnergyTable(energyTables[EXPLORE_ENERGY_TABLE], EXPLORE_ENERGY_TABLE)
      : undefined;
  }

  profileNames(): string[] {
    return Object.keys(this.raw).sort();
  }

  /** Adds a profile file the user loaded (validated now); returns its name. */
  addProfile(data: unknown, fileName: string): string {
    const name =
      typeof data === 'object' && data !== null && typeof (data as { name?: unknown }).name === 'string'
        ? (data as { name: string }).name
        : fileName.replace(/\.json$/i, '');
    const next = { ...this.raw, [name]: data };
    profileFromData(name, next);
    this.raw[name] = data;
    this.profiles.delete(name);
    return name;
  }

  profile(name: string): Profile {
    let p = this.profiles.get(name);
    if (!p) this.profiles.set(name, (p = profileFromData(name, this.raw)));
    return p;
  }

  /** Parses a dropped file (graph JSON or ONNX) and keeps it under its file name. */
  async addModelFile(bytes: Uint8Array, fileName: string): Promise<{ name: string; macs: number }> {
    const m = await modelFromBytes(bytes, fileName);
    this.models.set(fileName, m);
    return { name: fileName, macs: graphMacs(m.graph) };
  }

  model(ref: string): LoadedModel {
    const m = this.models.get(ref) ?? zooLoaded(ref);
    if (!m) throw new AddersimError('UNKNOWN_MODEL', `unknown model "${ref}": not a zoo name or a loaded file`, 'model');
    if (!this.models.has(ref)) this.models.set(ref, m);
    return m;
  }

  run(s: ExploreSettings): ExploreResult {
    const base = this.profile(s.cpu);
    const settings: Setting[] = Object.entries(s.overrides).map(([path, value]) => ({ path, value }));
    const profile = deriveWith(base, settings);
    const model = this.model(s.model);
    const evaluations: Evaluation[] = s.variants.map((variant) =>
      evaluate(model.graph, profile, {
        variant,
        convert: s.convert,
        scheduler: s.scheduler,
        lowering: s.lowering,
        ...(s.dtype ? { dtype: s.dtype } : {}),
        ...(s.accumulators ? { accumulators: s.accumulators } : {}),
      }),
    );
    return {
      schema: 'addersim/latency@1',
      settings: s,
      macs: graphMacs(model.graph),
      results: evaluations.map((e) => evaluationJson(e, profile.name)),
      forms: formUses(evaluations, base),
      energy: this.energyTable ? evaluations.map((e) => energyOf(e, model.graph, this.energyTable!, profile)) : [],
      machine: Object.fromEntries(
        Object.entries(base.machine).flatMap(([k, v]) =>
          typeof v === 'object' && v !== null && 'value' in v && typeof v.value === 'number' ? [[k, v.value]] : [],
        ),
      ),
      ports: Object.keys(base.ports),
      edits: editsOf(base, s.overrides),
    };
  }

  /**
   * The edited profile as a complete profile file (validated like any other): the overrides applied to
   * the profile, renamed `<cpu>-edited`, its description listing the edits.
   */
  exportProfile(s: ExploreSettings): Profile {
    const settings: Setting[] = Object.entries(s.overrides).map(([path, value]) => ({ path, value }));
    const base = this.profile(s.cpu);
    const p = deriveWith(base, settings);
    const edits = settingsLabel(settings);
    // named after the base (the derived profile's own name spells every edit out; the description lists them)
    return validateProfile(
      { ...structuredClone(p), name: `${base.name}-edited`, description: `${p.description}${edits ? ` — edited in addersim explore: ${edits}` : ''}` },
      `${base.name}-edited`,
    );
  }
}

/**
 * The concrete profile paths the overrides set and their values: a tie's members and each glob matched
 * against the profile's forms (as deriveWith expands them), a later entry winning over an earlier one.
 */
export function editsOf(profile: Profile, overrides: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [path, value] of Object.entries(overrides))
    for (const p of expandPath(path, Object.keys(profile.forms)))
      Object.defineProperty(out, p, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** As `addersim energy --view full` prices a program: working sets from the variant's layers, the profile's L1. */
function energyOf(e: Evaluation, graph: ShapedGraph, table: EnergyTable, profile: Profile): VariantEnergy {
  const ws = workingSetsOf(applyVariant(graph, e.variant, e.convert).layers, e.lowering, e.dtype ?? defaultDtype(e.lowering));
  const r = energyOfProgram(e.program, table, { view: 'full', workingSetBytes: ws, ...l1Of(profile) });
  return { variant: e.variant, table: table.name, energyPJ: r.energyPJ, byKind: r.byKind };
}

function formUses(evaluations: readonly Evaluation[], profile: Profile): FormUse[] {
  const counts = new Map<string, number>();
  for (const e of evaluations) for (const k of e.program.kernels) for (const [form, n] of countKernel(k)) counts.set(form, (counts.get(form) ?? 0) + n);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([form, n]) => {
      const t = profile.forms[form];
      if (!t) return [];
      return [
        {
          form,
          instructions: n,
          share: total ? n / total : 0,
          latency: t.latency,
          rthroughput: t.rthroughput,
          uopCycles: Math.max(0, ...t.uops.map((u) => u.cycles)),
          source: t.source,
          ports: t.uops.map((u) => `${u.ports.join('/')}${u.cycles > 1 ? `×${u.cycles}` : ''}`).join(' + ') || 'none',
        },
      ];
    });
}
