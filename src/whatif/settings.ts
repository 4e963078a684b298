// One settings model for every entry point: the type of a run's settings, the one table of defaults,
// their resolution and the accumulator count per variant (from the recurrence the lowering chains);
// settings-record.ts makes the `settings` record every text header and `--json` prints. The CLI, the library API, the study and sweeps
// all resolve through here, so two entry points cannot answer the same question differently.

import { AddersimError, ELEMENT_TYPES, parseForm, typeBits, type ElementType } from '../isa/index.ts';
// Single files, not the models barrel: the browser explorer bundles this module (no node:fs, no node:crypto).
import { LOWERINGS, type LoweringName } from '../models/lowering/context.ts';
import { CONVERTS, VARIANTS, type Convert, type Variant } from '../models/variants.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { SCHEDULERS, type SchedulerName } from '../sim/results/result.ts';
import type { Setting } from './params.ts';
import { ARG, checkArgs, outline } from '../isa/api-args.ts';
import { settingsInputSchema } from './api-schemas.ts';
import { z } from 'zod';

/** A run's settings, every field resolved (no `undefined` meaning "whatever this command defaults to"). */
export interface RunSettings {
  readonly variants: readonly Variant[];
  readonly scheduler: SchedulerName;
  readonly lowering: LoweringName;
  readonly dtype: ElementType;
  /** `undefined` = derived per variant and CPU (`accumulatorsFor`); a number overrides for every variant. */
  readonly accumulators: number | undefined;
  readonly convert: Convert;
  readonly energyTable: string;
  /** Profile paths set on the CPU profile (`--set forms.mul.f32.latency=5`). */
  readonly overrides: readonly Setting[];
  readonly extrapolate: boolean;
  readonly allowUnknown: boolean;
}

/**
 * The defaults, documented once (README "Settings"): the most faithful model that answers in about a
 * second on the zoo (the cycle scheduler on the simd lowering), all three variants side by side, the
 * AdderNet reference code's conversion (first conv and last FC stay multiplicative), the Horowitz 45 nm
 * energy table, extrapolated steady state (exact: equality with full expansion is tested).
 */
export const DEFAULT_SETTINGS = {
  variants: VARIANTS,
  scheduler: 'cycle',
  lowering: 'simd',
  convert: 'inner',
  energyTable: 'horowitz-45nm',
  extrapolate: true,
  allowUnknown: false,
} as const satisfies Omit<RunSettings, 'dtype' | 'accumulators' | 'overrides'>;

/** The most independent accumulators a run may ask for (`accumulators`, `--accumulators`). */
export const MAX_ACCUMULATORS = 64;

/** The element type a lowering computes in unless told: the paper's x87/double rows (f64) for `paper`, f32 otherwise. */
export function defaultDtype(lowering: LoweringName): ElementType {
  return lowering === 'paper' ? 'f64' : 'f32';
}

export type SettingsInput = { readonly [K in keyof RunSettings]?: RunSettings[K] | undefined };

function oneOf(value: string | undefined, known: readonly string[], field: string): void {
  if (value !== undefined && !known.includes(value))
    throw new AddersimError('USAGE', `${field} must be one of ${known.join(', ')}, got ${JSON.stringify(value)}`, field);
}

/** Every field of the input that is set wins; the rest comes from DEFAULT_SETTINGS. */
export function resolveSettings(input: SettingsInput = {}): RunSettings {
  checkArgs('resolveSettings', [['input', settingsInputSchema, input]]);
  return settingsFrom(input);
}

/** resolveSettings for the engine's own inputs (built in code, not passed by a caller: not checked again on every sweep point). */
export function settingsFrom(input: SettingsInput = {}): RunSettings {
  const lowering = input.lowering ?? DEFAULT_SETTINGS.lowering;
  const variants = input.variants ?? DEFAULT_SETTINGS.variants;
  if (!variants.length) throw new AddersimError('USAGE', 'no variants to run', 'variants');
  // the CLI checks its flags; a library caller (plain JavaScript) gets the same typed error, not a crash later
  for (const v of variants) oneOf(v, VARIANTS, 'variant');
  oneOf(input.scheduler, SCHEDULERS, 'scheduler');
  oneOf(lowering, LOWERINGS, 'lowering');
  oneOf(input.convert, CONVERTS, 'convert');
  oneOf(input.dtype, ELEMENT_TYPES, 'dtype');
  if (input.accumulators !== undefined && !(Number.isSafeInteger(input.accumulators) && input.accumulators >= 1 && input.accumulators <= MAX_ACCUMULATORS)) {
    throw new AddersimError('USAGE', `accumulators must be an integer from 1 to ${MAX_ACCUMULATORS}, got ${input.accumulators}`, 'accumulators');
  }
  return {
    variants: [...new Set(variants)],
    scheduler: input.scheduler ?? DEFAULT_SETTINGS.scheduler,
    lowering,
    dtype: input.dtype ?? defaultDtype(lowering),
    accumulators: input.accumulators,
    convert: input.convert ?? DEFAULT_SETTINGS.convert,
    energyTable: input.energyTable ?? DEFAULT_SETTINGS.energyTable,
    overrides: input.overrides ?? [],
    extrapolate: input.extrapolate ?? DEFAULT_SETTINGS.extrapolate,
    allowUnknown: input.allowUnknown ?? DEFAULT_SETTINGS.allowUnknown,
  };
}

/** A setting that would change nothing under the others' values: which one, why, and the setting that would make it count. */
export interface InapplicableSetting {
  readonly field: 'accumulators' | 'dtype';
  readonly why: string;
  /** The other setting's value under which this one would apply (absent: none; drop it). */
  readonly applies?: { readonly field: 'lowering'; readonly value: LoweringName };
}

/**
 * The one rule, for the CLI and the library alike (README "Settings": refused, never ignored): a given
 * accumulator count outside the simd lowering, or a given element type with int8, would change nothing.
 * `given` holds what the caller set (not the defaults); each entry point words the error in its own terms.
 */
export function inapplicableSetting(given: {
  readonly lowering: LoweringName;
  readonly accumulators?: unknown;
  readonly dtype?: unknown;
}): InapplicableSetting | undefined {
  if (given.dtype !== undefined && given.lowering === 'int8')
    return { field: 'dtype', why: 'does not apply to the int8 lowering (its types are fixed: u8/i8 data, i16/i32 sums, f32 for the rest)' };
  if (given.accumulators !== undefined && given.lowering !== 'simd')
    return {
      field: 'accumulators',
      why: `applies to the simd lowering only (the ${given.lowering} lowering has none to choose)`,
      applies: { field: 'lowering', value: 'simd' },
    };
  return undefined;
}

/** The library's wording of inapplicableSetting: an AddersimError (USAGE) at the option's key. */
export function checkSettingsApply(given: Parameters<typeof inapplicableSetting>[0]): void {
  const bad = inapplicableSetting(given);
  if (bad)
    throw new AddersimError(
      'USAGE',
      `${bad.why}: drop it${bad.applies ? ` or set ${bad.applies.field}: ${JSON.stringify(bad.applies.value)}` : ''} (a setting that changes nothing is refused, not ignored)`,
      bad.field,
    );
}

/**
 * Architectural vector registers a kernel can name: x86-64 has 16 xmm/ymm (32 zmm with AVX-512, i.e. when
 * the profile has 512-bit forms), AArch64 32 v registers, Armv7-M's FPU 32 single-precision registers.
 */
export function vectorRegisters(profile: Profile): number {
  switch (profile.identity.isa) {
    case 'x86':
      return widestVectorBits(profile) >= 512 ? 32 : 16;
    case 'aarch64':
      return 32;
    case 'armv7m':
      return 32;
  }
}

function widestVectorBits(profile: Profile): number {
  let bits = 0;
  for (const form of Object.keys(profile.forms)) {
    const f = parseForm(form);
    if (f.type.lanes > 1) bits = Math.max(bits, typeBits(f.type));
  }
  return bits;
}

/** Widest vector form `op.<dtype>xL` the profile has (L > 1). */
function widest(profile: Profile, op: string, dtype: ElementType): { form: string; lanes: number } | undefined {
  let best: { form: string; lanes: number } | undefined;
  for (const form of Object.keys(profile.forms)) {
    const f = parseForm(form);
    if (f.op !== op || f.type.elem !== dtype || f.type.lanes === 1) continue;
    if (!best || f.type.lanes > best.lanes) best = { form, lanes: f.type.lanes };
  }
  return best;
}

/** How an accumulator count was chosen: the form whose loop-carried chain it covers, and the numbers. */
export interface AccumulatorChoice {
  readonly count: number;
  /** `derived` from the chain below, or `given` (`--accumulators`). */
  readonly how: 'derived' | 'given';
  /** The form carrying the loop (`fma.f32x8`, `add.f32x8`); absent when given or when no vector form exists. */
  readonly chainForm?: string;
  /** The recurrence of the chain (the form's accumulatorLatency, else its latency) and its reciprocal throughput. */
  readonly chainLatency?: number;
  readonly rthroughput?: number;
  /** Vector registers left for accumulators (architectural registers − the body's other live values). */
  readonly registerCap?: number;
}

const SETTINGS_OUTLINE = outline('RunSettings (resolveSettings(input)) or { lowering, dtype, accumulators }', {
  lowering: z.enum(LOWERINGS),
  dtype: z.enum(ELEMENT_TYPES),
  accumulators: z.number().optional(),
});

/**
 * The simd lowering's independent accumulators for one variant: ⌈recurrence / reciprocal throughput⌉ of
 * the form that carries the accumulation in the layers the count applies to (the dot-product layers),
 * capped by the vector registers left once the body's other live values have one each.
 *   cnn  — fma.<dtype>xL where the profile has it at least as wide as mul (the lowering uses it), else the
 *          add of mul + add; live besides the accumulators: weight, input (fma) or weight, input, product.
 *   adder — add.<dtype>xL of sub, abs, add; live: weight, input, difference.
 *   bnn  — its binary layers keep one popcount accumulator per output (the count does not reach them);
 *          the count applies to its multiplicative first conv / last FC: the cnn chain.
 * With `given`, that count is used for every variant. `undefined` where the lowering takes no count.
 */
export function accumulatorsFor(
  profile: Profile,
  variant: Variant,
  settings: Pick<RunSettings, 'lowering' | 'dtype' | 'accumulators'>,
): AccumulatorChoice | undefined {
  checkArgs('accumulatorsFor', [
    ['profile', ARG.profile, profile],
    ['variant', z.enum(VARIANTS), variant],
    ['settings', SETTINGS_OUTLINE, settings],
  ]);
  return accumulatorChoice(profile, variant, settings);
}

/** accumulatorsFor for the engine's own values (not checked again on every sweep point). */
export function accumulatorChoice(
  profile: Profile,
  variant: Variant,
  settings: Pick<RunSettings, 'lowering' | 'dtype' | 'accumulators'>,
): AccumulatorChoice | undefined {
  if (settings.lowering !== 'simd') return undefined;
  if (settings.accumulators !== undefined) return { count: settings.accumulators, how: 'given' };
  const dtype = settings.dtype;
  let chain: { form: string; lanes: number } | undefined;
  let live: number;
  if (variant === 'adder') {
    chain = widest(profile, 'add', dtype);
    live = 3;
  } else {
    const fma = widest(profile, 'fma', dtype);
    const mul = widest(profile, 'mul', dtype);
    if (fma && fma.lanes >= (mul?.lanes ?? 0)) {
      chain = fma;
      live = 2;
    } else {
      chain = widest(profile, 'add', dtype);
      live = 3;
    }
  }
  const registerCap = Math.max(1, vectorRegisters(profile) - live);
  if (!chain) return { count: 1, how: 'derived', registerCap };
  const t = profile.forms[chain.form]!;
  const chainLatency = t.accumulatorLatency ?? t.latency;
  const cover = chainLatency > 0 && t.rthroughput > 0 ? Math.ceil(chainLatency / t.rthroughput) : 1;
  return { count: Math.max(1, Math.min(registerCap, cover)), how: 'derived', chainForm: chain.form, chainLatency, rthroughput: t.rthroughput, registerCap };
}
