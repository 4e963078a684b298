// Fuzz: graph JSON (`addersim/graph@1`) — random and mutated documents through parse → shapes → op tables →
// variants. Each input gives a result that passes the invariants (counts exact and additive over layers)
// or one typed error naming the file and field.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyVariant, inferShapes, opTable, parseGraphFile, type ShapedGraph } from '../../src/models/index.ts';
import { cleanly, expectCounts, mutate, mutation, params } from './fuzz-config.ts';
import { graphDoc, validGraphDoc } from './arb-graph.ts';

const FILE = 'g.json';

function checkTables(g: ShapedGraph): void {
  for (const convention of ['paper', 'exact'] as const) {
    const t = cleanly(() => opTable(g, convention));
    if (!t) continue;
    expect(t.layers.length).toBe(g.layers.length);
    expectCounts(t.totals);
    let macs = 0;
    const sum: Record<string, number> = {};
    for (const l of t.layers) {
      expectCounts(l.counts);
      macs += l.macs;
      for (const [op, n] of Object.entries(l.counts)) sum[op] = (sum[op] ?? 0) + n;
    }
    expect(t.macs).toBe(macs);
    for (const op of new Set([...Object.keys(sum), ...Object.keys(t.totals)])) expect(t.totals[op] ?? 0, op).toBe(sum[op] ?? 0);
  }
}

/** The whole path a graph file takes in `addersim ops`: a value or a clean error at each step. */
export function throughGraphPipeline(doc: unknown): ShapedGraph | undefined {
  const parsed = cleanly(() => parseGraphFile(doc, FILE), /^g\.json: /);
  if (!parsed) return undefined;
  const g = cleanly(() => inferShapes(parsed, FILE), /^g\.json: layers\[\d+\]/);
  if (!g) return undefined;
  for (const l of g.layers) for (const d of l.outShape) expect(Number.isSafeInteger(d) && d >= 1).toBe(true);
  checkTables(g);
  for (const variant of ['adder', 'bnn'] as const) {
    const v = cleanly(() => inferShapes(applyVariant(g, variant, 'inner'), FILE));
    if (v) checkTables(v);
  }
  return g;
}

describe('fuzz: graph JSON', () => {
  it('random documents (4,000): a graph whose counts add up, or a clean error naming the field', () => {
    let ok = 0;
    fc.assert(
      fc.property(graphDoc(), (doc) => void (throughGraphPipeline(doc) && ok++)),
      params(4000, 1),
    );
    expect(ok).toBeGreaterThan(100); // not vacuous: many random graphs are valid
  });

  it('mutated valid documents (5,000): same', () => {
    let ok = 0;
    fc.assert(
      fc.property(validGraphDoc(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (doc, ms) => void (throughGraphPipeline(mutate(doc, ms)) && ok++)),
      params(5000, 2),
    );
    expect(ok).toBeGreaterThan(0); // most mutations break the file; some keep it valid
  });

  it('valid documents (1,000) always parse, and their counts add up', () => {
    fc.assert(
      fc.property(validGraphDoc(), (doc) => void expect(throughGraphPipeline(doc)).toBeDefined()),
      params(1000, 3),
    );
  });
});
