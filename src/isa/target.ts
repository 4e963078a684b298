// Target capabilities: the plain facts lowering needs about a CPU, taken from a profile by the
// caller so that models never import sim.

export type IsaFamily = 'x86' | 'aarch64' | 'armv7m';

export interface TargetCaps {
  readonly name: string;
  readonly isa: IsaFamily;
  /** Widest vector register in bits (0 = no SIMD). */
  readonly vectorBits: number;
  /** Forms the profile can time, e.g. `fma.f32x8`. */
  readonly forms: ReadonlySet<string>;
}
