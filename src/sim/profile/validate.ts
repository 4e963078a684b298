// The pure half of profile loading (no file access; the browser explorer uses it too): deep-merged
// overrides, strict validation naming the JSON path of a bad field, `extends` resolved among profiles
// held in memory, and the target facts lowering reads.

import { AddersimError, didYouMean, jsonPath, matchesAbsent, parseForm, type TargetCaps, typeBits, valueAt } from '../../isa/index.ts';
import { formTimingSchema, profileSchema, type Profile } from './schema.ts';
import type { z } from 'zod';
import { ARG, checkArgs } from '../../isa/api-args.ts';

export function isPlainObject(x: unknown): x is Record<string, unknown> {
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

/** Applies overrides to raw profile JSON; `forms` keys in dotted form are supported by the caller. */
/** A name suffix from free text: characters outside the profile-name alphabet become `-`. */
export function derivedLabel(text: string): string {
  return text.replace(/[^A-Za-z0-9._=,+-]+/g, '-').replace(/^-+|-+$/g, '') || 'derived';
}

/** Timing fields of a form; overriding any of them makes the form's numbers the override's. */
const FORM_TIMING_FIELDS = ['latency', 'rthroughput', 'uops', 'dispatchUops', 'accumulatorLatency'] as const;

/**
 * Applies overrides (deep merge), with the rules that keep a form's numbers true in every scheduler: an
 * override that changes a form's timing (latency, rthroughput, µops …) without giving its own `composite`
 * replaces the inherited composite (the override wins over the parts: serial, bound and cycle all see the
 * overridden numbers); `"composite": null` drops an inherited composite; a changed form without its own
 * `source` gets `override: <label>: <what changed> (was: <old source>)`.
 */
export function applyOverrides(base: unknown, over: unknown, label = '<overrides>'): unknown {
  const merged = deepMerge(base, over);
  if (!isPlainObject(base) || !isPlainObject(over) || !isPlainObject(merged)) return merged;
  for (const k of Object.keys(over)) if (k !== 'forms' && Object.hasOwn(base, k)) markSourced(base[k], over[k], merged[k], label, k);
  const baseForms = base.forms;
  const overForms = over.forms;
  const mergedForms = merged.forms;
  if (!isPlainObject(baseForms) || !isPlainObject(overForms) || !isPlainObject(mergedForms)) return merged;
  for (const [form, o] of Object.entries(overForms)) {
    const b = Object.hasOwn(baseForms, form) ? baseForms[form] : undefined;
    const m = mergedForms[form];
    if (!isPlainObject(o) || !isPlainObject(b) || !isPlainObject(m)) continue;
    if (o.composite === null) delete m.composite;
    const changed = FORM_TIMING_FIELDS.filter((k) => Object.hasOwn(o, k) && JSON.stringify(o[k]) !== JSON.stringify(b[k]));
    if (!changed.length) continue;
    if (!Object.hasOwn(o, 'composite')) delete m.composite;
    if (!Object.hasOwn(o, 'source')) {
      // Raw JSON, not validated yet: describe values without assuming their shape (validation names bad ones).
      const what = changed.map((k) => `${k} ${JSON.stringify(o[k]) ?? String(o[k])}`).join(', ');
      m.source = `override: ${label}: ${what} (was: ${String(b.source)})`;
    }
  }
  return merged;
}

/**
 * The same source rule for every other sourced entry (a machine number, `clockGHz`, `writeBackConflicts`,
 * a memory level's field): changed fields without the override's own `source` make the source
 * `override: <label>: <path> <what changed> (was: <old source>)`, never the inherited one alone.
 */
function markSourced(base: unknown, over: unknown, merged: unknown, label: string, path: string): void {
  if (!isPlainObject(base) || !isPlainObject(over) || !isPlainObject(merged)) return;
  if (typeof base.source === 'string' && !Object.hasOwn(over, 'source')) {
    const changed = Object.keys(over).filter((k) => k !== 'note' && JSON.stringify(over[k]) !== JSON.stringify(base[k]));
    if (changed.length) {
      const what = changed.map((k) => `${k} ${JSON.stringify(over[k]) ?? String(over[k])}`).join(', ');
      merged.source = `override: ${label}: ${path} ${what} (was: ${base.source})`;
    }
    return;
  }
  for (const k of Object.keys(over)) if (Object.hasOwn(base, k)) markSourced(base[k], over[k], merged[k], label, `${path}.${k}`);
}

/** Validates a raw profile object; `file` labels errors. */
export function validateProfile(data: unknown, file: string): Profile {
  checkArgs('validateProfile', [['file', ARG.text, file]]);
  const r = profileSchema.safeParse(data);
  if (!r.success) throw issueError(data, r.error.issues[0]!, file);
  const p = r.data;
  // zod rebuilds records by assignment, which drops a "__proto__" key silently: name it instead.
  const rawForms = isPlainObject(data) && isPlainObject(data.forms) ? Object.keys(data.forms) : [];
  for (const form of rawForms) {
    if (!Object.hasOwn(p.forms, form)) throw new AddersimError('BAD_INPUT', `"${form}" is not a form name`, `${file}: forms["${form}"]`);
  }
  const me = p.machine.moveElimination;
  if (me && me.perCycle.value < p.machine.dispatchWidth.value) {
    throw new AddersimError(
      'BAD_INPUT',
      `eliminating ${me.perCycle.value} moves per cycle, fewer than the dispatch width ${p.machine.dispatchWidth.value}, is not modelled (the cycle model limits eliminated moves by dispatch only)`,
      `${file}: machine.moveElimination.perCycle`,
    );
  }
  const rawPorts = isPlainObject(data) && isPlainObject(data.ports) ? Object.keys(data.ports) : [];
  for (const port of rawPorts) {
    if (!Object.hasOwn(p.ports, port)) throw new AddersimError('BAD_INPUT', `"${port}" is not a port name`, `${file}: ports["${port}"]`);
  }
  // Machine sizes are counts: whole and at least 1 (0 would stall every scheduler).
  for (const key of ['dispatchWidth', 'retireWidth', 'reorderBuffer', 'schedulerSize'] as const) {
    const v = p.machine[key].value;
    if (v !== null && !(Number.isInteger(v) && v >= 1))
      throw new AddersimError('BAD_INPUT', `${key} must be a positive integer, got ${v}`, `${file}: machine.${key}.value`);
  }
  p.machine.schedulerQueues?.forEach((q, i) => {
    for (const port of q.ports) {
      if (!Object.hasOwn(p.ports, port))
        throw new AddersimError('BAD_INPUT', `port "${port}" is not declared in "ports"`, `${file}: machine.schedulerQueues[${i}].ports`);
    }
  });
  const wb = p.machine.writeBackConflicts;
  if (wb) {
    if (p.machine.issue !== 'out-of-order')
      throw new AddersimError('BAD_INPUT', 'write-back conflicts need out-of-order issue', `${file}: machine.writeBackConflicts`);
    wb.ports.forEach((port, i) => {
      if (!Object.hasOwn(p.ports, port))
        throw new AddersimError('BAD_INPUT', `port "${port}" is not declared in "ports"`, `${file}: machine.writeBackConflicts.ports[${i}]`);
    });
  }
  const pb = p.machine.pipeBinding;
  if (pb) {
    if (p.machine.issue !== 'out-of-order')
      throw new AddersimError('BAD_INPUT', 'pipe binding at dispatch needs out-of-order issue', `${file}: machine.pipeBinding`);
    const seen = new Set<string>();
    pb.queues.forEach((q, i) => {
      for (const port of q) {
        if (!Object.hasOwn(p.ports, port))
          throw new AddersimError('BAD_INPUT', `port "${port}" is not declared in "ports"`, `${file}: machine.pipeBinding.queues[${i}]`);
        if (seen.has(port)) throw new AddersimError('BAD_INPUT', `port "${port}" is in two binding queues`, `${file}: machine.pipeBinding.queues[${i}]`);
        seen.add(port);
      }
    });
  }
  for (const [form, t] of Object.entries(p.forms)) {
    parseForm(form, `${file}: forms["${form}"]`);
    if (t.uops.length === 0) {
      const at = `${file}: forms["${form}"]`;
      const me = p.machine.moveElimination;
      if (!me) throw new AddersimError('BAD_INPUT', 'a form without µops (eliminated at rename) needs machine.moveElimination', `${at}.uops`);
      if (form.split('.')[0] !== 'mov') throw new AddersimError('BAD_INPUT', 'only register copies (mov) can be eliminated at rename', `${at}.uops`);
      if (t.latency !== 0) throw new AddersimError('BAD_INPUT', 'an eliminated move has latency 0', `${at}.latency`);
      if (t.dispatchUops === undefined)
        throw new AddersimError('BAD_INPUT', 'an eliminated move still takes dispatch slots: give dispatchUops', `${at}.dispatchUops`);
      if (t.composite) throw new AddersimError('BAD_INPUT', 'an eliminated move is one instruction, not a composite', `${at}.composite`);
    }
    t.uops.forEach((u, i) => {
      for (const port of u.ports) {
        if (!Object.hasOwn(p.ports, port)) {
          throw new AddersimError('BAD_INPUT', `port "${port}" is not declared in "ports"`, `${file}: forms["${form}"].uops[${i}].ports`);
        }
      }
    });
    t.composite?.parts.forEach((part, j) =>
      part.uops.forEach((u, i) => {
        for (const port of u.ports) {
          if (!Object.hasOwn(p.ports, port)) {
            throw new AddersimError(
              'BAD_INPUT',
              `port "${port}" is not declared in "ports"`,
              `${file}: forms["${form}"].composite.parts[${j}].uops[${i}].ports`,
            );
          }
        }
      }),
    );
    if (t.accumulatorLatency !== undefined && t.accumulatorLatency > t.latency) {
      throw new AddersimError(
        'BAD_INPUT',
        `accumulatorLatency ${t.accumulatorLatency} exceeds latency ${t.latency}`,
        `${file}: forms["${form}"].accumulatorLatency`,
      );
    }
    if (t.latencyRange && !(t.latencyRange[0] <= t.latencyRange[1])) {
      throw new AddersimError('BAD_INPUT', 'latencyRange must be [min, max] with min ≤ max', `${file}: forms["${form}"].latencyRange`);
    }
  }
  p.absent?.forEach((a, i) =>
    a.forms.forEach((pattern, j) => {
      const timed = Object.keys(p.forms).find((f) => matchesAbsent(pattern, f));
      if (timed)
        throw new AddersimError(
          'BAD_INPUT',
          `form ${timed} is timed in "forms" but listed absent by "${pattern}" (remove the one that is not true)`,
          `${file}: absent[${i}].forms[${j}]`,
        );
    }),
  );
  return deepFreeze(p);
}

const FORM_FIELD_NAMES = Object.keys(formTimingSchema.shape);

/**
 * The schema's first complaint as an error naming the JSON path, with what a profile author needs to fix
 * it: a form key that is no form (unknown op or type: did you mean a form the profile has?), a new form
 * missing a field (a form not in the profile, or in the one it extends, must be complete), a misspelt
 * form field (did you mean?), a bare number where a sourced one is expected (`{"value", "source"}`).
 */
function issueError(data: unknown, issue: z.core.$ZodIssue, file: string): AddersimError {
  const at = `${file}: ${jsonPath(issue.path)}`;
  const forms = isPlainObject(data) && isPlainObject(data.forms) ? Object.keys(data.forms) : [];
  const form = issue.path[0] === 'forms' && typeof issue.path[1] === 'string' ? issue.path[1] : undefined;
  const others = forms.filter((f) => f !== form);
  if (form !== undefined && /[*,]/.test(form)) {
    const glob = `forms.${form.replace(/,.*/, '')}.latency`;
    return new AddersimError(
      'BAD_INPUT',
      `a form key names one form; a glob or tie (e.g. ${glob}) is a path of --set or deriveWith`,
      `${file}: forms["${form}"]`,
    );
  }
  if (form !== undefined) {
    try {
      parseForm(form, `${file}: forms["${form}"]`);
    } catch (e) {
      if (e instanceof AddersimError) return new AddersimError(e.code, `${e.detail}${didYouMean(form, others)}`, e.path);
      throw e;
    }
  }
  if (issue.code === 'unrecognized_keys' && form !== undefined && issue.path.length === 2) {
    const key = issue.keys[0]!;
    return new AddersimError('BAD_INPUT', `${issue.message}${didYouMean(key, FORM_FIELD_NAMES)} (a form's fields: ${FORM_FIELD_NAMES.join(', ')})`, at);
  }
  const value = valueAt(data, issue.path);
  if (issue.code === 'invalid_type' && form !== undefined && issue.path.length === 3 && value === undefined) {
    return new AddersimError(
      'BAD_INPUT',
      `${issue.message}: ${form} is a new form (the profile, or the one it extends, has no such form), so it needs every field: latency, rthroughput, uops, source${didYouMean(form, others)}`,
      at,
    );
  }
  if (((issue.code === 'invalid_type' && issue.expected === 'object') || issue.code === 'invalid_union') && typeof value === 'number') {
    return new AddersimError(
      'BAD_INPUT',
      `a number here carries its source: {"value": ${value}, "source": "<SOURCES.md id or assumption: why>"}, got ${value}`,
      at,
    );
  }
  return new AddersimError('BAD_INPUT', issue.message, at);
}

/** A declared port that no form's µops use is an error in a profile file (usually a typo). */
export function checkPortsUsed(p: Profile, file: string): void {
  const used = new Set(Object.values(p.forms).flatMap((t) => t.uops.flatMap((u) => u.ports)));
  for (const port of Object.keys(p.ports)) {
    if (!used.has(port)) throw new AddersimError('BAD_INPUT', `port "${port}" is declared but no form uses it`, `${file}: ports.${port}`);
  }
}

/**
 * A profile derived from another by overrides, validated like any other profile. Named
 * `base+path=value,…` unless the overrides give a `name`.
 * @example
 * const fast = deriveProfile(loadProfile('via-nano-2000'), { forms: { 'mul.f64': { latency: 2 } } });
 * fast.name;                                                // 'via-nano-2000+forms.mul.f64.latency=2'
 * evaluate(graph, fast, { variant: 'cnn', lowering: 'paper', scheduler: 'serial' }).result.cycles; // 1,666,080
 */
export function deriveProfile(base: Profile, overrides: unknown, label = '<overrides>'): Profile {
  checkArgs('deriveProfile', [
    ['base', ARG.profile, base],
    ['label', ARG.text, label],
  ]);
  // a derived profile carries its own name (`base+path=value,…`) unless the overrides give one: two
  // different "intel-skylake" rows must never appear side by side
  const paths = isPlainObject(overrides) && !Object.hasOwn(overrides, 'name') ? overridePaths(overrides) : [];
  const named = paths.length ? { ...(overrides as Record<string, unknown>), name: `${base.name}+${derivedLabel(paths.join(','))}` } : overrides;
  return validateProfile(applyOverrides(structuredClone(base), named, label), label);
}

/** `path=value` of each overridden number or text (forms.mul.f32.latency=5), in the order given; `source` texts left out. */
function overridePaths(over: unknown, prefix = ''): string[] {
  if (!isPlainObject(over)) return [`${prefix}=${Array.isArray(over) ? JSON.stringify(over) : String(over)}`];
  return Object.entries(over)
    .filter(([k]) => k !== 'source')
    .flatMap(([k, v]) => overridePaths(v, prefix ? `${prefix}.${k}` : k));
}

/**
 * A profile from raw JSON held in memory by name (`extends` names another entry of `raw`), validated
 * as loadProfile does a file. `raw` is a map of shipped profiles, e.g. bundled into a page.
 */
export function profileFromData(name: string, raw: Readonly<Record<string, unknown>>, seen: readonly string[] = []): Profile {
  const p = validateProfile(resolveData(name, raw, seen), name);
  checkPortsUsed(p, name);
  return p;
}

function resolveData(name: string, raw: Readonly<Record<string, unknown>>, seen: readonly string[]): unknown {
  if (!Object.hasOwn(raw, name)) {
    const names = Object.keys(raw).sort();
    throw new AddersimError('BAD_INPUT', `unknown CPU profile "${name}"${didYouMean(name, names)} (known: ${names.join(', ')})`, 'cpu');
  }
  if (seen.includes(name)) throw new AddersimError('BAD_INPUT', `"extends" forms a cycle: ${[...seen, name].join(' → ')}`, name);
  const data = raw[name];
  if (isPlainObject(data) && 'extends' in data) {
    const { extends: parent, ...over } = data;
    if (typeof parent !== 'string') throw new AddersimError('BAD_INPUT', '"extends" must be a profile name', `${name}: extends`);
    // As loadProfile names a what-if file without a name of its own after the file: here, after its key.
    const named = Object.hasOwn(over, 'name') ? over : { ...over, name };
    return applyOverrides(resolveData(parent, raw, [...seen, name]), named, name);
  }
  return data;
}

export function targetCaps(p: Profile): TargetCaps {
  checkArgs('targetCaps', [['profile', ARG.profile, p]]);
  let vectorBits = 0;
  for (const form of Object.keys(p.forms)) {
    const f = parseForm(form);
    if (f.type.lanes > 1) vectorBits = Math.max(vectorBits, typeBits(f.type));
  }
  return { name: p.name, isa: p.identity.isa, vectorBits, forms: new Set(Object.keys(p.forms)), ...(p.absent ? { absent: p.absent } : {}) };
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
