// Loads CPU profiles by name (cpu-profiles/NAME.json) or path; resolves `extends` with deep-merged
// overrides; validates strictly and reports the file and JSON path of any bad field.

import { readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AddersimError, jsonPath, parseForm, parseJsonText, readInputText, type TargetCaps, typeBits } from '../../isa/index.ts';
import { profileSchema, type Profile } from './schema.ts';
import { PACKAGE_ROOT } from '../../isa/package-root.ts';

export const PROFILES_DIR = join(PACKAGE_ROOT, 'cpu-profiles/');

export function listProfileNames(dir = PROFILES_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Deep merge: objects merge key by key, everything else (arrays included) is replaced; `null` deletes nothing. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  // Own keys only, set as data: JSON's "__proto__" key stays a key (and fails validation by name)
  // instead of silently becoming the prototype; inherited names ("toString") are not merged into.
  for (const [k, v] of Object.entries(over)) {
    Object.defineProperty(out, k, { value: Object.hasOwn(base, k) ? deepMerge(base[k], v) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function readJson(file: string): unknown {
  return parseJsonText(readInputText(file, 'profile file'), file);
}

/** Is `ref` a path (has a slash or ends in .json) rather than a profile name? */
export function isProfilePath(ref: string): boolean {
  return ref.includes('/') || ref.endsWith('.json');
}

function locate(ref: string, dir: string): string {
  if (isProfilePath(ref)) return resolve(ref);
  const file = join(dir, `${ref}.json`);
  if (!existsSync(file)) {
    throw new AddersimError('BAD_INPUT', `unknown CPU profile "${ref}" (known: ${listProfileNames(dir).join(', ')})`, '--cpu');
  }
  return file;
}

/** Raw JSON of a profile with `extends` resolved (not yet validated). */
function resolveRaw(ref: string, dir: string, seen: string[]): { data: unknown; file: string } {
  const file = locate(ref, dir);
  if (seen.includes(file)) throw new AddersimError('BAD_INPUT', `"extends" forms a cycle: ${[...seen, file].join(' → ')}`, file);
  const data = readJson(file);
  if (isPlainObject(data) && 'extends' in data) {
    const { extends: parent, ...over } = data;
    if (typeof parent !== 'string') throw new AddersimError('BAD_INPUT', '"extends" must be a profile name or path', `${file}: extends`);
    if (!isProfilePath(parent) && !existsSync(join(dir, `${parent}.json`))) {
      throw new AddersimError('BAD_INPUT', `"extends" names an unknown profile "${parent}" (known: ${listProfileNames(dir).join(', ')})`, `${file}: extends`);
    }
    if (isProfilePath(parent) && !existsSync(resolve(dirname(file), parent))) {
      throw new AddersimError('BAD_INPUT', `"extends" names a missing file "${parent}"`, `${file}: extends`);
    }
    const base = resolveRaw(isProfilePath(parent) ? resolve(dirname(file), parent) : parent, dir, [...seen, file]);
    // A what-if file without a name of its own is named after the file, so that messages and results name
    // it rather than the profile it extends.
    const own = basename(file).replace(/\.json$/i, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z0-9]+/, '');
    const named = Object.hasOwn(over, 'name') ? over : { ...over, name: own || 'what-if' };
    return { data: applyOverrides(base.data, named), file };
  }
  return { data, file };
}

/** Applies overrides to raw profile JSON; `forms` keys in dotted form are supported by the caller. */
export function applyOverrides(base: unknown, over: unknown): unknown {
  return deepMerge(base, over);
}

/** Validates a raw profile object; `file` labels errors. */
export function validateProfile(data: unknown, file: string): Profile {
  const r = profileSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new AddersimError('BAD_INPUT', issue.message, `${file}: ${jsonPath(issue.path)}`);
  }
  const p = r.data;
  // zod rebuilds records by assignment, which drops a "__proto__" key silently: name it instead.
  const rawForms = isPlainObject(data) && isPlainObject(data.forms) ? Object.keys(data.forms) : [];
  for (const form of rawForms) {
    if (!Object.hasOwn(p.forms, form)) throw new AddersimError('BAD_INPUT', `"${form}" is not a form name`, `${file}: forms["${form}"]`);
  }
  const me = p.machine.moveElimination;
  if (me && me.perCycle.value < p.machine.dispatchWidth.value) {
    throw new AddersimError('BAD_INPUT', `eliminating ${me.perCycle.value} moves per cycle, fewer than the dispatch width ${p.machine.dispatchWidth.value}, is not modelled (the cycle model limits eliminated moves by dispatch only)`, `${file}: machine.moveElimination.perCycle`);
  }
  const rawPorts = isPlainObject(data) && isPlainObject(data.ports) ? Object.keys(data.ports) : [];
  for (const port of rawPorts) {
    if (!Object.hasOwn(p.ports, port)) throw new AddersimError('BAD_INPUT', `"${port}" is not a port name`, `${file}: ports["${port}"]`);
  }
  // Machine sizes are counts: whole and at least 1 (0 would stall every scheduler).
  for (const key of ['dispatchWidth', 'retireWidth', 'reorderBuffer', 'schedulerSize'] as const) {
    const v = p.machine[key].value;
    if (v !== null && !(Number.isInteger(v) && v >= 1)) throw new AddersimError('BAD_INPUT', `${key} must be a positive integer, got ${v}`, `${file}: machine.${key}.value`);
  }
  p.machine.schedulerQueues?.forEach((q, i) => {
    for (const port of q.ports) {
      if (!Object.hasOwn(p.ports, port)) throw new AddersimError('BAD_INPUT', `port "${port}" is not declared in "ports"`, `${file}: machine.schedulerQueues[${i}].ports`);
    }
  });
  for (const [form, t] of Object.entries(p.forms)) {
    parseForm(form, `${file}: forms["${form}"]`);
    t.uops.forEach((u, i) => {
      for (const port of u.ports) {
        if (!Object.hasOwn(p.ports, port)) {
          throw new AddersimError('BAD_INPUT', `port "${port}" is not declared in "ports"`, `${file}: forms["${form}"].uops[${i}].ports`);
        }
      }
    });
    t.composite?.parts.forEach((part, j) => part.uops.forEach((u, i) => {
      for (const port of u.ports) {
        if (!Object.hasOwn(p.ports, port)) {
          throw new AddersimError('BAD_INPUT', `port "${port}" is not declared in "ports"`, `${file}: forms["${form}"].composite.parts[${j}].uops[${i}].ports`);
        }
      }
    }));
    if (t.uops.length === 0) {
      const at = `${file}: forms["${form}"]`;
      const me = p.machine.moveElimination;
      if (!me) throw new AddersimError('BAD_INPUT', 'a form without µops (eliminated at rename) needs machine.moveElimination', `${at}.uops`);
      if (form.split('.')[0] !== 'mov') throw new AddersimError('BAD_INPUT', 'only register copies (mov) can be eliminated at rename', `${at}.uops`);
      if (t.latency !== 0) throw new AddersimError('BAD_INPUT', 'an eliminated move has latency 0', `${at}.latency`);
      if (t.dispatchUops === undefined) throw new AddersimError('BAD_INPUT', 'an eliminated move still takes dispatch slots: give dispatchUops', `${at}.dispatchUops`);
      if (t.composite) throw new AddersimError('BAD_INPUT', 'an eliminated move is one instruction, not a composite', `${at}.composite`);
    }
    if (t.accumulatorLatency !== undefined && t.accumulatorLatency > t.latency) {
      throw new AddersimError('BAD_INPUT', `accumulatorLatency ${t.accumulatorLatency} exceeds latency ${t.latency}`, `${file}: forms["${form}"].accumulatorLatency`);
    }
    if (t.latencyRange && !(t.latencyRange[0] <= t.latencyRange[1])) {
      throw new AddersimError('BAD_INPUT', 'latencyRange must be [min, max] with min ≤ max', `${file}: forms["${form}"].latencyRange`);
    }
  }
  return deepFreeze(p);
}

/**
 * Loads a CPU profile by name (cpu-profiles/NAME.json, `addersim profiles` lists them) or by path,
 * resolving `extends` and validating it strictly: errors name the file and the JSON path of the bad field.
 * @example
 * const nano = loadProfile('via-nano-2000');
 * nano.forms['mul.f64']?.latency;                           // 4 (the paper's x87/SSE2 double row)
 */
export function loadProfile(ref: string, dir = PROFILES_DIR): Profile {
  const { data, file } = resolveRaw(ref, dir, []);
  const p = validateProfile(data, file);
  checkPortsUsed(p, file);
  return p;
}

/** A declared port that no form's µops use is an error in a profile file (usually a typo). */
export function checkPortsUsed(p: Profile, file: string): void {
  const used = new Set(Object.values(p.forms).flatMap((t) => t.uops.flatMap((u) => u.ports)));
  for (const port of Object.keys(p.ports)) {
    if (!used.has(port)) throw new AddersimError('BAD_INPUT', `port "${port}" is declared but no form uses it`, `${file}: ports.${port}`);
  }
}

/**
 * A profile derived from another by overrides, validated like any other profile.
 * @example
 * const fast = deriveProfile(loadProfile('via-nano-2000'), { forms: { 'mul.f64': { latency: 2 } } });
 * evaluate(graph, fast, { variant: 'cnn', lowering: 'paper', scheduler: 'serial' }).result.cycles; // 1,666,080
 */
export function deriveProfile(base: Profile, overrides: unknown, label = '<overrides>'): Profile {
  return validateProfile(applyOverrides(structuredClone(base), overrides), label);
}

export function targetCaps(p: Profile): TargetCaps {
  let vectorBits = 0;
  for (const form of Object.keys(p.forms)) {
    const f = parseForm(form);
    if (f.type.lanes > 1) vectorBits = Math.max(vectorBits, typeBits(f.type));
  }
  return { name: p.name, isa: p.identity.isa, vectorBits, forms: new Set(Object.keys(p.forms)) };
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
