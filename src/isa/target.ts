// Target capabilities: the plain facts lowering needs about a CPU, taken from a profile by the
// caller so that models never import sim. Also the one wording of "this form is not in the profile",
// which names the profile's reason when the CPU lacks the instruction (a listed absence).

export type IsaFamily = 'x86' | 'aarch64' | 'armv7m';

/** Forms a CPU lacks on purpose (no such instruction), with why: patterns `op.type`, `*` = any run of [a-z0-9]. */
export interface AbsentForms {
  readonly forms: readonly string[];
  readonly reason: string;
}

export interface TargetCaps {
  readonly name: string;
  readonly isa: IsaFamily;
  /** Widest vector register in bits (0 = no SIMD). */
  readonly vectorBits: number;
  /** Forms the profile can time, e.g. `fma.f32x8`. */
  readonly forms: ReadonlySet<string>;
  /** Forms the CPU has no instruction for, with the reason (from the profile's `absent`). */
  readonly absent?: readonly AbsentForms[];
}

function patternRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[a-z0-9]*')}$`);
}

/** Whether `form` matches the absence pattern (`*.f64`, `popcnt.*`, `*.*x8`). */
export function matchesAbsent(pattern: string, form: string): boolean {
  return patternRegExp(pattern).test(form);
}

/** The listed reason the CPU lacks `form`, or undefined when it is not listed absent. */
export function absentReason(absent: readonly AbsentForms[] | undefined, form: string): string | undefined {
  return absent?.find((a) => a.forms.some((p) => matchesAbsent(p, form)))?.reason;
}

/** `form X is not in profile P`, with `: absent — <reason>` when the profile lists the form as absent. */
export function missingFormMessage(form: string, profile: string, absent: readonly AbsentForms[] | undefined, suffix = ''): string {
  const why = absentReason(absent, form);
  return `form ${form} is not in profile ${profile}${suffix}${why ? `: absent — ${why}` : ''}`;
}
