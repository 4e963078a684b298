// The resolved settings of a run as plain data (`settings` in every `--json` output and, per CPU, in the
// study result). Built by src/whatif/settings.ts; here so results and reports can carry it (layering).

export interface SettingsRecord {
  readonly model?: string;
  readonly cpu: string;
  readonly clockGHz: number;
  /** sha256 (first 16 hex digits) of the effective profile's JSON. */
  readonly profileSha256: string;
  readonly variants: readonly string[];
  readonly scheduler?: string;
  readonly lowering: string;
  readonly dtype: string;
  readonly convert: string;
  readonly energyTable: string;
  /** Accumulator count of the simd lowering per variant; absent for lowerings that take none. */
  readonly accumulators?: Readonly<Record<string, number>>;
  /** How each count was chosen, e.g. `⌈fma.f32x8 4 / 0.5⌉, cap 14 registers`. */
  readonly accumulatorsFrom?: Readonly<Record<string, string>>;
  readonly overrides: readonly { readonly path: string; readonly value: number }[];
  readonly extrapolate: boolean;
}
