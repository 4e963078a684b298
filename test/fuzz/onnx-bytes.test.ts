// Fuzz: ONNX bytes — small real exports truncated, bit-flipped, overwritten, and re-encoded with
// oversized or odd dimensions / attributes, through import → shapes → op tables. Each gives a graph
// whose counts are exact, or one AddersimError naming the file (and node where there is one).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/models/onnx/index.ts';
import { modelProtoType, type ModelMsg } from '../../src/models/onnx/onnx-proto.ts';
import { inferShapes, opTable } from '../../src/models/index.ts';
import { cleanly, expectCounts, params } from './fuzz-config.ts';

const DIR = join(import.meta.dirname, '../fixtures/onnx/export');
const FILES = ['binary-net.onnx', 'zoo-lenet5-bn.onnx'].map((f) => Uint8Array.from(readFileSync(join(DIR, f))));

let imported = 0;
function throughOnnx(bytes: Uint8Array, allowUnknown: boolean): void {
  const r = cleanly(() => importOnnx(bytes, 'f.onnx', { allowUnknown }), /^f\.onnx/);
  if (!r) return;
  const g = cleanly(() => inferShapes(r.graph, 'f.onnx'), /^f\.onnx/);
  if (!g) return;
  const t = cleanly(() => opTable(g, 'exact', { allowUnknown }), /layer|f\.onnx/);
  if (!t) return;
  expectCounts(t.totals);
  for (const l of t.layers) expectCounts(l.counts);
  imported++;
}

const edit = fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(255));
const byteMutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }),
  fc.record({
    kind: fc.constant('flip' as const),
    bits: fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(7)), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('set' as const), edits: fc.array(edit, { minLength: 1, maxLength: 4 }) }),
);

function applyBytes(src: Uint8Array, m: fc.Arbitrary<unknown> extends never ? never : any): Uint8Array {
  if (m.kind === 'truncate') return src.slice(0, Math.floor(m.at * src.length));
  const b = Uint8Array.from(src);
  if (m.kind === 'flip') for (const [at, bit] of m.bits) b[Math.floor(at * b.length)]! ^= 1 << bit;
  else for (const [at, v] of m.edits) b[Math.floor(at * b.length)] = v;
  return b;
}

const DECODED = FILES.map((b) => modelProtoType.toObject(modelProtoType.decode(b), { longs: Number, defaults: false, arrays: false }) as ModelMsg);
const oddDim = fc.constantFrom(0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 40, 2 ** 53 - 1, 1e9, 3, 224);
const oddInt = fc.constantFrom(0, -1, 1, 2, 7, 2 ** 31 - 1, 2 ** 40, -(2 ** 40));
/** Re-encoded models with one field changed: an input dim, an initializer dim, or an int attribute. */
const semantic = fc
  .record({
    file: fc.nat(FILES.length - 1),
    where: fc.constantFrom('input', 'init', 'attr', 'opset'),
    at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    k: fc.nat(8),
    dim: oddDim,
    int: oddInt,
  })
  .map((r) => {
    const m = structuredClone(DECODED[r.file]!);
    const g = m.graph!;
    const pick = <T>(xs: T[] | undefined): T | undefined => (xs && xs.length ? xs[Math.floor(r.at * xs.length)] : undefined);
    if (r.where === 'input') {
      const dims = g.input?.[0]?.type?.tensorType?.shape?.dim;
      if (dims?.length) dims[r.k % dims.length] = { dimValue: r.dim };
    } else if (r.where === 'init') {
      const t = pick(g.initializer);
      if (t?.dims?.length) t.dims[r.k % t.dims.length] = r.dim;
    } else if (r.where === 'attr') {
      const a = pick(g.node?.flatMap((n) => n.attribute ?? []));
      if (a?.ints?.length) a.ints[r.k % a.ints.length] = r.int;
      else if (a && a.i !== undefined) a.i = r.int;
    } else if (m.opsetImport?.[0]) m.opsetImport[0].version = r.int;
    return modelProtoType.encode(modelProtoType.fromObject(m)).finish();
  });

describe('fuzz: ONNX bytes', () => {
  it('truncated, bit-flipped and overwritten exports (7,000)', () => {
    imported = 0;
    fc.assert(
      fc.property(fc.nat(FILES.length - 1), byteMutation, fc.boolean(), (f, m, allow) => throughOnnx(applyBytes(FILES[f]!, m), allow)),
      params(7000, 31),
    );
    expect(imported).toBeGreaterThan(0);
  });
  it('re-encoded with oversized dims, odd attributes and opsets (3,000)', () => {
    imported = 0;
    fc.assert(
      fc.property(semantic, fc.boolean(), (bytes, allow) => throughOnnx(bytes, allow)),
      params(3000, 32),
    );
    expect(imported).toBeGreaterThan(100);
  });
});
