// Result types of a study (model × variant × CPU × scheduler, with energy and the paper's claims):
// plain JSON data produced by src/whatif/study.ts and read by src/reports/study-report.ts, kept in sim
// so both layers can name them without importing each other.

import type { ActionKind, EnergyView } from '../energy/schema.ts';
import type { SchedulerName } from './result.ts';
import type { SettingsRecord } from './settings-record.ts';

/** One of the paper's claims beside addersim's number. `deltaFraction` = (addersim − paper) / paper. */
export interface ClaimRow {
  readonly group: 'latency' | 'ops' | 'energy';
  readonly model: string;
  readonly variant: string;
  readonly quantity: string;
  readonly paper: number;
  /** How the paper states it, e.g. "41.17M", "2.6M cycles". */
  readonly paperText: string;
  readonly addersim: number;
  readonly deltaFraction: number;
  /** One line: why the numbers differ (or "exact"). */
  readonly reason: string;
  /** Where the paper number comes from (reference/addernet-paper.md section). */
  readonly source: string;
}

export interface StudyOps {
  readonly model: string;
  readonly variant: string;
  readonly macs: number;
  /** Paper-convention totals (mul/add/xnor) with every conv/FC converted, as the paper counts. */
  readonly paper: Readonly<Record<string, number>>;
  /** Exact-convention totals with the first conv and last FC kept multiplicative. */
  readonly exact: Readonly<Record<string, number>>;
}
export interface StudyLatency {
  readonly model: string;
  readonly variant: string;
  readonly cpu: string;
  readonly scheduler: SchedulerName;
  readonly lowering: string;
  /** null when the case was not run; `skipped` says why. */
  readonly cycles: number | null;
  readonly skipped?: string;
  readonly clockGHz: number;
  /** The simd lowering's accumulator count for this variant on this CPU (settings.ts: accumulatorsFor). */
  readonly accumulators?: number;
  readonly extrapolatedLayers: number;
  readonly layers: readonly { readonly layer: string; readonly kind: string; readonly cycles: number }[];
}

export interface StudyEnergy {
  readonly model: string;
  readonly variant: string;
  readonly table: string;
  readonly view: EnergyView;
  readonly lowering: string;
  readonly energyPJ: number;
  readonly exactPJ: string;
  /** The total with every entry at the low / high end of its source range (DRAM 1.3–2.6 nJ, derived rows). */
  readonly rangePJ: readonly [number, number];
  readonly byKind: Readonly<Record<ActionKind, number>>;
  readonly layers: readonly { readonly layer: string; readonly kind: string; readonly energyPJ: number; readonly memoryLevel?: string }[];
}

/** The facts of a CPU profile that decide a study's numbers, for the report's assumptions section. */
export interface StudyProfileInput {
  readonly name: string;
  readonly file: string;
  readonly sha256: string;
  readonly clockGHz: number;
  /** The clock's `source` in the profile (a SOURCES.md id with detail, or "assumption: …"). */
  readonly clockSource?: string;
  /** e.g. "Intel Core i5-6400T (Skylake-S), x86". */
  readonly cpu?: string;
  /** e.g. "out-of-order, dispatch 6/cycle, ROB 224". */
  readonly issue?: string;
  /** The SOURCES.md ids the profile's numbers cite, sorted, and how many numbers are assumptions. */
  readonly sources?: readonly string[];
  readonly assumptions?: number;
}

/** An energy table's per-instruction overhead (the full view's largest assumption) with its range. */
export interface StudyOverhead {
  readonly energyPJ: number;
  readonly min?: number;
  readonly max?: number;
  readonly source: string;
}

export interface StudyInputs {
  readonly addersimVersion: string;
  readonly models: readonly { readonly name: string; readonly source: string; readonly sha256?: string }[];
  readonly profiles: readonly StudyProfileInput[];
  readonly energyTables: readonly { readonly name: string; readonly file: string; readonly sha256: string; readonly overhead?: StudyOverhead }[];
}

export interface StudyResult {
  readonly inputs: StudyInputs;
  readonly models: readonly string[];
  readonly variants: readonly string[];
  readonly cpus: readonly string[];
  readonly schedulers: readonly SchedulerName[];
  readonly lowering: string;
  readonly energyTable: string;
  /** The resolved settings per CPU (accumulators per variant, clock, profile hash), as `latency --json` prints them. */
  readonly settings: readonly SettingsRecord[];
  readonly claims: readonly ClaimRow[];
  readonly ops: readonly StudyOps[];
  readonly latency: readonly StudyLatency[];
  readonly energy: readonly StudyEnergy[];
  readonly notes: readonly string[];
}
