// Messages between the explorer page and its engine worker (structured-cloned plain data).

import type { ExploreResult, ExploreSettings } from '../engine.ts';

/** One point of a sweep: the value of the swept path and the total cycles of each variant. */
export interface SweepPoint {
  readonly value: number;
  readonly cycles: Readonly<Record<string, number>>;
}

export type Request =
  | { readonly id: number; readonly type: 'init' }
  /** Merge `patch` into the settings and evaluate the variants whose index i has i mod `of` = `part`
   *  (the page's workers split the variants; each keeps the same settings). */
  | { readonly id: number; readonly type: 'run'; readonly patch: Readonly<Record<string, unknown>>; readonly part: number; readonly of: number }
  /** Set the settings without evaluating (re-aligns the workers after a failed run). */
  | { readonly id: number; readonly type: 'sync'; readonly settings: ExploreSettings }
  | { readonly id: number; readonly type: 'sweep'; readonly path: string; readonly values: readonly number[] }
  | { readonly id: number; readonly type: 'export-profile' }
  /** The current settings on other CPUs, each with its sourced numbers (no overrides). */
  | { readonly id: number; readonly type: 'across'; readonly cpus: readonly string[] }
  | { readonly id: number; readonly type: 'model-file'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly id: number; readonly type: 'profile-file'; readonly name: string; readonly data: unknown };

/** One CPU of an 'across' run: total cycles per variant, or why it could not run. */
export interface AcrossRow {
  readonly cpu: string;
  readonly cycles?: Readonly<Record<string, number>>;
  readonly error?: string;
}

export interface InitInfo {
  readonly profiles: readonly string[];
  readonly models: readonly string[];
  readonly raw: Readonly<Record<string, unknown>>;
  readonly settings: ExploreSettings;
}

export type Reply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly value: ExploreResult | InitInfo | { name: string; macs: number } | { name: string } | readonly SweepPoint[] | readonly AcrossRow[] | unknown;
    }
  | { readonly id: number; readonly ok: false; readonly error: { readonly code: string; readonly message: string; readonly path?: string } };
