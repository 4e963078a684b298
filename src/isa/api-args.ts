// The public API's arguments checked at the door: a wrong-shaped call from plain JavaScript (`sweep()`,
// `evaluate({ model: 5 })`, a misspelt option key) is an AddersimError (USAGE) naming the function, the
// argument and the field, with the valid keys or values where they are finite — never a TypeError from
// deep inside a bundled chunk. Option objects are strict (a typo is an error, not a silently dropped key);
// the engine's own values (graphs, profiles, kernels, programs) are checked by their outline only.
//   sweep: spec: (root): expected an object (a SweepSpec), got undefined
//   evaluate: opts.lowerng: unknown key "lowerng" (did you mean lowering?); valid keys: variant, convert, …

import { z } from 'zod';
import { didYouMean } from './did-you-mean.ts';
import { AddersimError } from './errors.ts';

/** Turns a zod issue path into `body[2].src[0]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s || '(root)';
}

/** One argument: its name as the signature spells it, its schema, and the value passed. */
export type Arg = readonly [name: string, schema: z.ZodType, value: unknown];

/** Throws the first problem of the first bad argument of `fn`; returns nothing (values are used as passed, never copied). */
export function checkArgs(fn: string, args: readonly Arg[]): void {
  for (const [name, schema, value] of args) {
    // an engine value (a profile, a kernel) passes once: sweeps hand the same ones in thousands of times
    const outline = OUTLINES.get(schema);
    const outlined = outline !== undefined && typeof value === 'object' && value !== null;
    if (outlined && PASSED.get(value)?.has(schema)) continue;
    // an outline is checked here directly (its zod form is for nesting it in other schemas)
    const r = outline ? { success: firstMisfit(outline.shape, value) === undefined, error: undefined } : schema.safeParse(value);
    if (r.success) {
      if (outlined) {
        let schemas = PASSED.get(value);
        if (!schemas) PASSED.set(value, (schemas = new Set()));
        schemas.add(schema);
      }
      continue;
    }
    // a misspelt key first: the missing field it stands for is the same mistake
    if (outline || !r.error) throw outlineError(fn, name, outline!, value);
    const issue = r.error.issues.find((i) => i.code === 'unrecognized_keys') ?? r.error.issues[0]!;
    throw issueError(fn, name, schema, issue, value);
  }
}

/**
 * A strict object schema of an options type: every key of T must have a schema (a key added to the
 * interface and not here fails to compile), and no other key is accepted.
 */
export function optionsOf<T extends object>() {
  return <S extends { readonly [K in keyof T]-?: z.ZodType }>(shape: S & Record<Exclude<keyof S, keyof T>, never>) => z.strictObject(shape);
}

/** A field of an outline: a zod schema, a nested `fields(…)`, or a plain predicate (the cheapest: outlines run on every call). */
type Part = z.ZodType | ((v: unknown) => boolean);

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An engine value checked by its outline: an object whose listed fields fit their schemas (other fields
 * are not looked at, nothing is copied: this runs on every call). `what` names it and where it comes
 * from (`a Profile (loadProfile, deriveProfile)`).
 */
export function outline(what: string, shape: Readonly<Record<string, Part>>) {
  const schema = z.custom<object>((v) => firstMisfit(shape, v) === undefined);
  OUTLINES.set(schema, { what, shape });
  return schema;
}

/** An object with these fields (nested in an outline): the same check, without a name of its own. */
export function fields(shape: Readonly<Record<string, Part>>) {
  const schema = z.custom<object>((v) => firstMisfit(shape, v) === undefined);
  SHAPES.set(schema, shape);
  return schema;
}

/** The path to the first field of `v` that does not fit `shape` (`[]`: v is no object), or undefined when all fit. */
function firstMisfit(shape: Readonly<Record<string, Part>>, v: unknown): PropertyKey[] | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  for (const [key, part] of Object.entries(shape)) {
    const value = (v as Record<string, unknown>)[key];
    const inner = typeof part === 'function' ? undefined : SHAPES.get(part);
    if (inner) {
      const at = firstMisfit(inner, value);
      if (at) return [key, ...at];
    } else if (typeof part === 'function' ? !part(value) : !part.safeParse(value).success) return [key];
  }
  return undefined;
}

/** What each outline schema stands for: an error inside one says what was expected, not which field of it was off. */
const OUTLINES = new WeakMap<z.ZodType, { what: string; shape: Readonly<Record<string, Part>> }>();
const SHAPES = new WeakMap<z.ZodType, Readonly<Record<string, Part>>>();
/** Engine values that passed an outline (they are not changed after they are made). */
const PASSED = new WeakMap<object, Set<z.ZodType>>();

/** An object, not looked into (a profile's hundreds of forms are the profile's own business: validateProfile). */
const record = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object');

/** The engine's values that public functions take, by outline (each names the function that makes it). */
export const ARG = {
  graph: outline('a graph (loadModel(ref).graph, zooModel(name) or parseGraphFile(data, file))', {
    name: z.string(),
    layers: z.array(fields({ kind: z.string(), name: z.string() })),
  }),
  shapedGraph: outline('a shaped graph (loadModel(ref).graph or inferShapes(graph))', {
    name: z.string(),
    layers: z.array(fields({ kind: z.string(), name: z.string(), outShape: z.array(z.number()) })),
  }),
  profile: outline('a Profile (loadProfile(name), deriveProfile(base, overrides) or validateProfile(data, file))', {
    name: z.string(),
    identity: fields({ isa: z.string() }),
    machine: isObject,
    ports: isObject,
    forms: isObject,
  }),
  body: z.array(record, { error: (i) => `expected a loop body (an array of instructions and loops: a Kernel's body), got ${got(i.input)}` }),
  caps: outline('TargetCaps (targetCaps(profile))', { isa: z.string(), vectorBits: z.number(), forms: z.instanceof(Set) }),
  kernel: outline('a Kernel (parseKernelFile(data) or a Program’s kernels)', { name: z.string(), body: z.array(z.unknown()) }),
  program: outline('a Program (evaluate(…).program or lower(graph, opts, caps))', {
    kernels: z.array(fields({ name: z.string(), body: z.array(z.unknown()) })),
  }),
  energyTable: outline('an EnergyTable (loadEnergyTable(name) or validateEnergyTable(data, file))', { name: z.string(), actions: isObject }),
  pool: outline('a SweepPool (startPool(workers))', { destroy: z.custom<() => Promise<void>>((v) => typeof v === 'function') }),
  object: record,
  text: z.string({ error: (i) => `expected a string, got ${got(i.input)}` }),
} as const;

/** How an error shows the value it got; `field`: a key of an object (undefined = missing), else an argument. */
function got(v: unknown, field = false): string {
  if (v === undefined) return field ? 'missing' : 'undefined (a required argument is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function outlineError(fn: string, arg: string, outline: { what: string; shape: Readonly<Record<string, Part>> }, value: unknown): AddersimError {
  const misfit = firstMisfit(outline.shape, value) ?? [];
  const field = misfit.length ? ` (its ${jsonPath(misfit)} is ${got(valueAt(value, misfit), true)})` : '';
  return new AddersimError('USAGE', `expected ${outline.what}, got ${got(value)}${field}`, `${fn}: ${arg}`);
}

function issueError(fn: string, arg: string, schema: z.ZodType, issue: z.core.$ZodIssue, value: unknown): AddersimError {
  const at = (path: readonly PropertyKey[]) => `${fn}: ${arg}${path.length ? (typeof path[0] === 'number' ? '' : '.') + jsonPath(path) : ''}`;
  const input = valueAt(value, issue.path);
  const shown = got(input, issue.path.length > 0);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const valid = keysAt(schema, issue.path);
      const hint = valid ? `${didYouMean(key, valid)}; valid keys: ${valid.join(', ')}` : '';
      return new AddersimError('USAGE', `unknown key ${JSON.stringify(key)}${hint}`, at([...issue.path, key]));
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const hint = typeof input === 'string' ? didYouMean(input, values) : '';
      return new AddersimError('USAGE', `must be one of ${values.join(', ')}, got ${shown}${hint}`, at(issue.path));
    }
    case 'invalid_type': {
      // the schema's own wording where it has one (outline: "expected a Profile (…)")
      const keys = issue.expected === 'object' ? keysAt(schema, issue.path) : undefined;
      const expected = keys ? `an object with keys ${keys.join(', ')}` : issue.expected;
      const missing = input === undefined && issue.path.length > 0;
      const own = !issue.message.startsWith('Invalid input')
        ? issue.message
        : missing
          ? `missing (expected ${expected})`
          : `expected ${expected}, got ${shown}`;
      return new AddersimError('USAGE', own, at(issue.path));
    }
    default:
      return new AddersimError('USAGE', `${issue.message.replace(/^Invalid input: /, '')}, got ${shown}`, at(issue.path));
  }
}

/** The raw value at a JSON path (own keys only), or undefined. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const p of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, p) ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** The keys a strict object schema accepts at `path`, when the schema there is an object. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const p of path) {
    if (s instanceof z.ZodObject) s = (s.shape as Record<PropertyKey, z.ZodType>)[p];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else return undefined;
    s = s && unwrap(s);
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : undefined;
}

function unwrap(s: z.ZodType): z.ZodType {
  let t = s;
  while (t instanceof z.ZodOptional || t instanceof z.ZodNullable || t instanceof z.ZodDefault || t instanceof z.ZodReadonly) t = t.unwrap() as z.ZodType;
  return t;
}
