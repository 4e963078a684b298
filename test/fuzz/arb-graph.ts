// Random graph JSON documents (`addersim/graph@1`) for the fuzz suites: small shapes, every layer kind,
// attributes anywhere in their range (many combinations do not fit: those must fail cleanly).

import fc from 'fast-check';

const small = (max: number) => fc.integer({ min: 1, max });
const pair = (max: number) => fc.tuple(small(max), small(max));

function layerArb(name: string, earlier: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const conv = (kind: string) =>
    fc.record(
      {
        kind: fc.constant(kind),
        outChannels: small(8),
        kernel: pair(4),
        stride: pair(3),
        padding: fc.oneof(fc.tuple(fc.nat(2), fc.nat(2)), fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2))),
        dilation: pair(2),
        groups: fc.constantFrom(1, 1, 2),
        bias: fc.boolean(),
      },
      { requiredKeys: ['kind', 'outChannels', 'kernel'] },
    );
  const linear = (kind: string) =>
    fc.record({ kind: fc.constant(kind), outFeatures: small(16), bias: fc.boolean() }, { requiredKeys: ['kind', 'outFeatures'] });
  const pool = (kind: string) =>
    fc.record(
      { kind: fc.constant(kind), kernel: pair(3), stride: pair(3), padding: fc.tuple(fc.nat(1), fc.nat(1)), ceilMode: fc.boolean() },
      { requiredKeys: ['kind', 'kernel'] },
    );
  const bare = (kind: string) => fc.record({ kind: fc.constant(kind) });
  const body = fc.oneof(
    conv('conv2d'),
    conv('adder2d'),
    conv('binconv2d'),
    linear('linear'),
    linear('adderlinear'),
    linear('binlinear'),
    bare('batchnorm'),
    bare('relu'),
    bare('hardtanh'),
    bare('globalavgpool'),
    bare('flatten'),
    bare('softmax'),
    bare('add'),
    pool('maxpool'),
    pool('avgpool'),
    fc.record({ kind: fc.constant('concat'), axis: fc.nat(2) }),
    fc.record({ kind: fc.constant('convtranspose2d'), outChannels: small(4), kernel: pair(3), stride: pair(2), outputPadding: fc.tuple(fc.nat(1), fc.nat(1)) }),
    fc.record({ kind: fc.constant('eltwise'), fn: fc.constantFrom('sigmoid', 'mul', 'div', 'tanh', 'exp', 'leakyrelu', 'clip', 'nosuchfn') }),
    fc.record({
      kind: fc.constant('reduce'),
      fn: fc.constantFrom('sum', 'mean', 'max'),
      axes: fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }),
      keepDims: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('reshape'), shape: fc.array(small(16), { minLength: 1, maxLength: 3 }) }),
  );
  const inputs = earlier.length === 0 ? fc.constant(undefined) : fc.option(fc.array(fc.constantFrom(...earlier), { minLength: 1, maxLength: 2 }), { freq: 3 });
  return fc.tuple(body, inputs).map(([b, ins]) => ({ name, ...(ins ? { inputs: ins } : {}), ...b }));
}

/** A random graph document: an input, then 1..maxLayers layers wired to the previous or earlier ones. */
export function graphDoc(maxLayers = 6): fc.Arbitrary<Record<string, unknown>> {
  const input = fc.oneof(
    fc.tuple(small(6), small(12), small(12)).map((s) => [...s]),
    fc.tuple(small(32)).map((s) => [...s]),
  );
  return fc.tuple(input, fc.integer({ min: 1, max: maxLayers })).chain(([shape, n]) => {
    const names = Array.from({ length: n }, (_, k) => `l${k}`);
    return fc.tuple(...names.map((nm, k) => layerArb(nm, ['x', ...names.slice(0, k)]))).map((layers) => ({
      schema: 'addersim/graph@1',
      name: 'fuzz',
      input: { name: 'x', shape },
      layers,
    }));
  });
}

/** Graphs that are valid by construction (shape-preserving or shape-checked layers), for the invariants. */
export function validGraphDoc(): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      c: small(4),
      hw: fc.integer({ min: 4, max: 10 }),
      convs: fc.array(
        fc.record({
          kind: fc.constantFrom('conv2d', 'adder2d', 'binconv2d'),
          out: small(6),
          k: fc.constantFrom(1, 3),
          bias: fc.boolean(),
          bn: fc.boolean(),
          relu: fc.boolean(),
          pool: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      fc: fc.array(fc.record({ kind: fc.constantFrom('linear', 'adderlinear', 'binlinear'), out: small(12) }), { minLength: 1, maxLength: 2 }),
    })
    .map((r) => {
      const layers: Record<string, unknown>[] = [];
      let k = 0;
      let hw = r.hw;
      for (const c of r.convs) {
        layers.push({ name: `c${k++}`, kind: c.kind, outChannels: c.out, kernel: [c.k, c.k], padding: [(c.k - 1) / 2, (c.k - 1) / 2], bias: c.bias });
        if (c.bn) layers.push({ name: `b${k++}`, kind: 'batchnorm' });
        if (c.relu) layers.push({ name: `r${k++}`, kind: 'relu' });
        if (c.pool && hw >= 2) layers.push({ name: `p${k++}`, kind: 'maxpool', kernel: [2, 2] }), (hw = Math.floor(hw / 2));
      }
      layers.push({ name: `f${k++}`, kind: 'flatten' });
      for (const f of r.fc) layers.push({ name: `fc${k++}`, kind: f.kind, outFeatures: f.out });
      return { schema: 'addersim/graph@1', name: 'fuzz-valid', input: { name: 'x', shape: [r.c, r.hw, r.hw] }, layers };
    });
}
