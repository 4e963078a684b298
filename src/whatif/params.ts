// Parameter paths of what-if analysis: `forms.mul.f32.latency`, `machine.dispatchWidth`, … and the option
// axes (`variant`, `scheduler`, …). A setting of profile paths becomes overrides applied with
// `deriveProfile` (re-validated like any profile file) — one vocabulary for sweeps, crossover and intervals.
//
// What a setting changes, exactly:
//   forms.<op>.<type>.latency      the form's `latency` only (rthroughput and µops stay; a `latencyRange`
//                                  collapses to [v, v]: the swept value is exact; an `accumulatorLatency`
//                                  above v is lowered to v — forwarding cannot be slower than the result)
//   forms.<op>.<type>.accumulatorLatency  the early-forwarded accumulator latency (≤ latency, else an error)
//   forms.<op>.<type>.rthroughput  `rthroughput` only (read by the simd lowering's default accumulators;
//                                  the schedulers time ports from the µops, see uopCycles)
//   forms.<op>.<type>.uopCycles    `cycles` of every µop of the form (port occupancy: bound and cycle)
//   machine.<field>                `value` of that machine number, with source "assumption: what-if …"
//                                  and min = max = value (the swept value is exact)
// `machine.loadLatency` is carried by profiles but no scheduler reads it (load forms carry their own latency).

import { AddersimError, didYouMean, assertNever, ELEMENT_TYPES, OPS, parseForm, type ElementType } from '../isa/index.ts';
import { LOWERINGS } from '../models/lowering/index.ts';
import { CONVERTS, VARIANTS } from '../models/variants.ts';
import { machineDesc } from '../sim/descriptors.ts';
import { deriveProfile, derivedLabel } from '../sim/profile/validate.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { SCHEDULERS } from '../sim/results/result.ts';
import { ARG, checkArgs } from '../isa/api-args.ts';
import { z } from 'zod';
import { settingSchema } from './api-schemas.ts';

export const FORM_FIELDS = ['latency', 'accumulatorLatency', 'rthroughput', 'uopCycles'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export const MACHINE_FIELDS = ['dispatchWidth', 'retireWidth', 'reorderBuffer', 'schedulerSize', 'loadLatency'] as const;
export type MachineField = (typeof MACHINE_FIELDS)[number];

/** Axes that are evaluation options rather than profile numbers. */
export const OPTION_AXES = ['model', 'cpu', 'variant', 'convert', 'scheduler', 'lowering', 'dtype', 'accumulators'] as const;
export type OptionAxis = (typeof OPTION_AXES)[number];

export type ParamPath =
  | { readonly kind: 'form'; readonly path: string; readonly form: string; readonly field: FormField }
  | { readonly kind: 'machine'; readonly path: string; readonly field: MachineField }
  | { readonly kind: 'option'; readonly path: string; readonly option: OptionAxis };

/** A profile path with its value. */
export interface Setting {
  readonly path: string;
  readonly value: number;
}

const KNOWN = `forms.<op>.<type>.{${FORM_FIELDS.join(',')}} (e.g. forms.mul.f32.latency), machine.{${MACHINE_FIELDS.join(',')}}, ${OPTION_AXES.join(', ')}`;

function unknownPath(text: string, why: string, where: string): AddersimError {
  return new AddersimError('USAGE', `unknown parameter path "${text}": ${why} (known: ${KNOWN})`, where);
}

/** A path that binds several profile numbers to one value: a tie (`a,b`) and/or globs (`forms.mul.*.latency`). */
export function isPattern(text: string): boolean {
  return text.includes('*') || text.includes(',');
}

function globRegex(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('*')
      .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^.]*')}$`,
  );
}

/**
 * The concrete paths of a path or pattern: a tie's members (`forms.mul.f64.latency,forms.mul.f32.latency`),
 * each glob (`*` within the op or type segment of a form path, or the field of a machine path) matched
 * against `forms` (a profile's forms, or the forms a program executes). Plain paths pass through.
 */
export function expandPath(text: string, forms: Iterable<string>): string[] {
  const out: string[] = [];
  const known = [...forms];
  for (const member of text.split(',').map((m) => m.trim())) {
    if (!member.includes('*')) out.push(member);
    else if (member.startsWith('machine.')) out.push(...MACHINE_FIELDS.filter((f) => globRegex(member.slice(8)).test(f)).map((f) => `machine.${f}`));
    else {
      const [, op, type, field] = member.split('.') as [string, string, string, string];
      const re = globRegex(`${op}.${type}`);
      out.push(
        ...known
          .filter((f) => re.test(f))
          .sort()
          .map((f) => `forms.${f}.${field}`),
      );
    }
  }
  return [...new Set(out)];
}

/** Parses a parameter path. Form keys contain a dot (`mul.f32`): the path is `forms.<op>.<type>.<field>`.
 *  A pattern (isPattern) is checked member by member and parsed as its first member (kind and field). */
export function parseParamPath(text: string, where = `--set ${text}`): ParamPath {
  checkArgs('parseParamPath', [
    ['text', ARG.text, text],
    ['where', ARG.text, where],
  ]);
  return paramPath(text, where);
}

/** parseParamPath for paths the engine holds (checked once where they came in). */
export function paramPath(text: string, where = `--set ${text}`): ParamPath {
  if (isPattern(text)) {
    const members = text.split(',').map((m) => m.trim());
    if (members.some((m) => !m)) throw unknownPath(text, 'a tie lists paths separated by commas', where);
    // a glob segment is checked as a stand-in of its kind (op `add`, type `f32`, machine field `dispatchWidth`)
    const standIn = (m: string) => {
      const parts = m.split('.');
      if (parts[0] === 'forms' && parts.length === 4)
        return ['forms', parts[1]!.includes('*') ? 'add' : parts[1], parts[2]!.includes('*') ? 'f32' : parts[2], parts[3]].join('.');
      if (parts[0] === 'machine' && parts.length === 2 && parts[1]!.includes('*')) return 'machine.dispatchWidth';
      if (m.includes('*')) throw unknownPath(text, `globs apply to the op or type of forms.<op>.<type>.<field> or to machine.<field>, not "${m}"`, where);
      return m;
    };
    const parsed = members.map((m) => paramPath(standIn(m), where));
    members.forEach((m, i) => {
      if (parsed[i]!.kind === 'option') throw unknownPath(text, `${m} is an option; ties and globs bind profile numbers`, where);
    });
    return { ...parsed[0]!, path: text } as ParamPath;
  }
  const parts = text.split('.');
  if (parts.length === 1 && (OPTION_AXES as readonly string[]).includes(text)) return { kind: 'option', path: text, option: text as OptionAxis };
  if (parts[0] === 'forms') {
    if (parts.length !== 4) throw unknownPath(text, 'a form path is forms.<op>.<type>.<field>', where);
    const [, op, type, field] = parts as [string, string, string, string];
    if (!(OPS as readonly string[]).includes(op)) throw unknownPath(text, `"${op}" is not an op of the vocabulary${didYouMean(op, OPS)}`, where);
    const form = `${op}.${type}`;
    try {
      parseForm(form);
    } catch (e) {
      throw unknownPath(text, (e as Error).message, where);
    }
    if (!(FORM_FIELDS as readonly string[]).includes(field))
      throw unknownPath(text, `"${field}" is not a form field${didYouMean(field, FORM_FIELDS)} (${FORM_FIELDS.join(', ')})`, where);
    return { kind: 'form', path: text, form, field: field as FormField };
  }
  if (parts[0] === 'machine') {
    if (parts.length !== 2 || !(MACHINE_FIELDS as readonly string[]).includes(parts[1]!))
      throw unknownPath(text, `machine fields are ${MACHINE_FIELDS.join(', ')}${parts.length === 2 ? didYouMean(parts[1]!, MACHINE_FIELDS) : ''}`, where);
    return { kind: 'machine', path: text, field: parts[1] as MachineField };
  }
  const head =
    parts.length === 1 ? didYouMean(text, OPTION_AXES) : didYouMean(parts[0]!, ['forms', 'machine']).replace(/(\w+)\?\)$/, `$1.${parts.slice(1).join('.')}?)`);
  throw unknownPath(text, `it names neither a profile number nor an option${head}`, where);
}

/** Checks a profile path against a profile: the form must exist (a missing form is an error naming both). */
export function checkPathOn(p: ParamPath, profile: Profile, where: string): void {
  if (isPattern(p.path)) {
    for (const member of p.path.split(',').map((m) => m.trim())) {
      const paths = expandPath(member, Object.keys(profile.forms));
      if (!paths.length) throw new AddersimError('UNKNOWN_FORM', `no form of profile ${profile.name} matches ${member}`, where);
      for (const path of paths) checkPathOn(paramPath(path, where), profile, where);
    }
    return;
  }
  if (p.kind === 'form' && !Object.hasOwn(profile.forms, p.form)) {
    throw new AddersimError('UNKNOWN_FORM', `form ${p.form} is not in profile ${profile.name}${didYouMean(p.form, Object.keys(profile.forms))}`, where);
  }
}

/** The current value of a profile path (null where the profile says "unknown"). */
export function valueOf(p: ParamPath, profile: Profile): number | null {
  switch (p.kind) {
    case 'form': {
      const t = Object.hasOwn(profile.forms, p.form) ? profile.forms[p.form] : undefined;
      if (!t) throw new AddersimError('UNKNOWN_FORM', `form ${p.form} is not in profile ${profile.name}`, p.path);
      if (p.field === 'latency') return t.latency;
      if (p.field === 'accumulatorLatency') return t.accumulatorLatency ?? t.latency;
      if (p.field === 'rthroughput') return t.rthroughput;
      return Math.max(...t.uops.map((u) => u.cycles));
    }
    case 'machine':
      return profile.machine[p.field].value;
    case 'option':
      throw new AddersimError('USAGE', `${p.path} is an option, not a profile number`, p.path);
    default:
      return assertNever(p, 'parameter path');
  }
}

/** A setting's concrete paths on a profile; a pattern member that matches no form is an error. */
function patternChecked(path: string, profile: Profile): string[] {
  if (!isPattern(path)) return [path];
  checkPathOn(paramPath(path, path), profile, path);
  return expandPath(path, Object.keys(profile.forms));
}

/** Overrides (deep-merge shaped, for `deriveProfile`) that set the given profile paths. */
export function overridesFor(profile: Profile, settings: readonly Setting[]): Record<string, unknown> {
  const forms: Record<string, Record<string, unknown>> = {};
  const machine: Record<string, unknown> = {};
  for (const s0 of settings)
    for (const path of patternChecked(s0.path, profile)) {
      const s = { path, value: s0.value };
      const p = paramPath(s.path);
      checkPathOn(p, profile, s.path);
      if (p.kind === 'form') {
        const t = profile.forms[p.form]!;
        const o = (forms[p.form] ??= {});
        if (p.field === 'latency') {
          o.latency = s.value;
          if (t.latencyRange) o.latencyRange = [s.value, s.value];
          if (t.accumulatorLatency !== undefined && t.accumulatorLatency > s.value && o.accumulatorLatency === undefined) o.accumulatorLatency = s.value;
        } else if (p.field === 'accumulatorLatency') o.accumulatorLatency = s.value;
        else if (p.field === 'rthroughput') o.rthroughput = s.value;
        else o.uops = t.uops.map((u) => ({ ports: [...u.ports], cycles: s.value }));
      } else if (p.kind === 'machine') {
        machine[p.field] = { value: s.value, source: `assumption: what-if ${p.path}=${s.value}`, min: s.value, max: s.value };
      } else {
        throw new AddersimError('USAGE', `${p.path} is an option, not a profile number`, p.path);
      }
    }
  return { ...(Object.keys(forms).length ? { forms } : {}), ...(Object.keys(machine).length ? { machine } : {}) };
}

/** The overrides deriveWith applies (the settings and the derived profile's own name: base+path=value,…). */
export function derivedOverrides(profile: Profile, settings: readonly Setting[]): { overrides: Record<string, unknown>; label: string } {
  const name = `${profile.name}+${derivedLabel(settings.map((s) => `${s.path}=${s.value}`).join(','))}`;
  return { overrides: { ...overridesFor(profile, settings), name }, label: `profile ${profile.name} with ${settingsLabel(settings)}` };
}

export function settingsLabel(settings: readonly Setting[]): string {
  return settings.map((s) => `${s.path}=${s.value}`).join(', ');
}

/**
 * The profile with the settings applied, validated by the profile schema and by the schedulers'
 * machine checks (a 0-wide core passes the schema but cannot be scheduled): errors name the setting.
 * @example
 * const m2 = deriveWith(loadProfile('via-nano-2000'), [{ path: 'forms.mul.f64.latency', value: 2 }]);
 */
export function deriveWith(profile: Profile, settings: readonly Setting[]): Profile {
  checkArgs('deriveWith', [
    ['profile', ARG.profile, profile],
    ['settings', z.array(settingSchema), settings],
  ]);
  if (!settings.length) return profile;
  const { overrides, label } = derivedOverrides(profile, settings);
  const derived = deriveProfile(profile, overrides, label);
  machineDesc(derived);
  return derived;
}

/** Values an option axis accepts (closed vocabularies); null = free (model refs, cpu refs, integers). */
export function optionVocabulary(o: OptionAxis): readonly string[] | null {
  switch (o) {
    case 'variant':
      return VARIANTS;
    case 'convert':
      return CONVERTS;
    case 'scheduler':
      return SCHEDULERS;
    case 'lowering':
      return LOWERINGS;
    case 'dtype':
      return ELEMENT_TYPES satisfies readonly ElementType[];
    case 'model':
    case 'cpu':
    case 'accumulators':
      return null;
    default:
      return assertNever(o, 'option axis');
  }
}
