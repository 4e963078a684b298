// Shared settings of the fuzz suites: a fixed seed and run counts for CI; `npm run fuzz` (scripts/fuzz.ts)
// sets FUZZ_SCALE (more inputs) and FUZZ_SEED (other inputs). Also the check every entry point must pass:
// an error is an AddersimError or a UsageError with a message that names where, never a TypeError & co.

import fc from 'fast-check';
import { expect } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { UsageError } from '../../src/cli/errors.ts';

export const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
export const SCALE = Number(process.env.FUZZ_SCALE ?? 1);

/** Run count for one property: `n` in CI, `n × FUZZ_SCALE` in `npm run fuzz`. */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * SCALE));
}

/** fast-check parameters for the property numbered `k` within a suite (distinct seeds, same every run). */
export function params(n: number, k: number): fc.Parameters<unknown> {
  return { numRuns: runs(n), seed: SEED + k, endOnFailure: true };
}

/** A clean, expected failure: typed, one line, saying where. Anything else fails the property. */
export function expectCleanError(e: unknown, where?: RegExp): asserts e is AddersimError | UsageError {
  if (!(e instanceof AddersimError) && !(e instanceof UsageError)) {
    throw new Error(`not a typed error: ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
  }
  expect(e.message.length).toBeGreaterThan(0);
  // zod says "expected number, received undefined" for a missing key: that one is fine.
  expect(e.message.replace(/received undefined/g, '')).not.toMatch(/\bundefined\b|\[object Object\]|\bNaN\b/);
  if (where) expect(e.message).toMatch(where);
}

/** Runs `f`; returns its value, or undefined after checking the error is a clean one. */
export function cleanly<T>(f: () => T, where?: RegExp): T | undefined {
  try {
    return f();
  } catch (e) {
    expectCleanError(e, where);
    return undefined;
  }
}

/** Every count is a non-negative safe integer. */
export function expectCounts(rec: Record<string, number>): void {
  for (const [k, v] of Object.entries(rec)) expect(Number.isSafeInteger(v) && v >= 0, `${k} = ${v}`).toBe(true);
}

// ---- JSON mutation: applied to valid documents to get near-valid ones ----

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Odd values a hand-edited file may hold. */
export const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    0,
    -1,
    1,
    0.5,
    1e308,
    -1e308,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 31,
    1e21,
    '',
    ' ',
    '1',
    'x',
    true,
    false,
    null,
    [],
    {},
    [1],
    [1, 2],
    [0, 0],
    [1, 1, 1, 1, 1],
  ),
  fc.integer({ min: -5, max: 70 }),
  fc.string({ maxLength: 6 }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

export interface Mutation {
  readonly at: number; // picks a node (fraction of the node list)
  readonly how: 'set' | 'delete' | 'addKey' | 'dup' | 'renameKey';
  readonly value: Json;
  readonly key: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  how: fc.constantFrom('set', 'set', 'set', 'delete', 'addKey', 'dup', 'renameKey'),
  value: oddValue,
  key: fc.oneof(fc.constantFrom('extends', '__proto__', 'constructor', 'toString', 'inputs', 'name', 'kind', 'trip', 'latency'), fc.string({ maxLength: 5 })),
});

/** Every (parent, key) slot of a JSON document, depth-first. */
function slots(doc: Json): { parent: Json[] | Record<string, Json>; key: string | number }[] {
  const out: { parent: Json[] | Record<string, Json>; key: string | number }[] = [];
  const walk = (x: Json): void => {
    if (Array.isArray(x)) x.forEach((v, i) => (out.push({ parent: x, key: i }), walk(v)));
    else if (x !== null && typeof x === 'object') for (const k of Object.keys(x)) out.push({ parent: x, key: k }), walk(x[k]!);
  };
  walk(doc);
  return out;
}

/** A mutated deep copy (the input document is left alone). */
export function mutate<T>(doc: T, ms: readonly Mutation[]): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  for (const m of ms) {
    const all = slots(copy);
    if (all.length === 0) break;
    const { parent, key } = all[Math.floor(m.at * all.length)]!;
    const value = JSON.parse(JSON.stringify(m.value)) as Json;
    if (Array.isArray(parent)) {
      const i = key as number;
      if (m.how === 'delete') parent.splice(i, 1);
      else if (m.how === 'dup' || m.how === 'addKey') parent.splice(i, 0, JSON.parse(JSON.stringify(parent[i])) as Json);
      else parent[i] = value;
    } else {
      const k = key as string;
      // JSON.parse makes "__proto__" an own key; do the same here.
      if (m.how === 'delete') delete parent[k];
      else if (m.how === 'addKey') Object.defineProperty(parent, m.key, { value, enumerable: true, writable: true, configurable: true });
      else if (m.how === 'renameKey') {
        const v = parent[k]!;
        delete parent[k];
        Object.defineProperty(parent, m.key || 'x', { value: v, enumerable: true, writable: true, configurable: true });
      } else if (m.how === 'dup') parent[k] = JSON.parse(JSON.stringify([parent[k]])) as Json;
      else parent[k] = value;
    }
  }
  // Through text and back, as a file reader would see it.
  return JSON.parse(JSON.stringify(copy));
}
