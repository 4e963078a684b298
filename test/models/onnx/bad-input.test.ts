// Bad ONNX input gives one AddersimError naming the file and node, never a crash trace or a hang:
// truncated or corrupted bytes, cycles, dangling inputs, missing input shapes, unsupported opsets,
// and ops without a rule (an error, or with allowUnknown a listed exclusion — never a silent zero).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddersimError } from '../../../src/isa/index.ts';
import { importOnnx } from '../../../src/models/onnx/index.ts';
import { inferShapes } from '../../../src/models/shapes.ts';
import { opTable } from '../../../src/models/op-table.ts';
import { buildModel, type ModelSpec } from './build-model.ts';
import { caught as catchErr } from '../../helpers/caught.ts';

const run = (spec: ModelSpec, allowUnknown = false) => importOnnx(buildModel(spec), 'bad.onnx', { allowUnknown });
const relu = (i: string, o: string, name?: string) => ({ op: 'Relu', in: [i], out: [o], ...(name ? { name } : {}) });

describe('bad ONNX input', () => {
  const lenet = readFileSync(resolve(__dirname, '../../fixtures/onnx/lenet5-pytorch.onnx'));

  it('a truncated file', () => {
    for (const n of [0, 1, 100, 5000, lenet.length - 7]) {
      const e = catchErr(() => importOnnx(lenet.subarray(0, n), 'cut.onnx', {}));
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message.startsWith('cut.onnx')).toBe(true);
    }
  });

  it('corrupted bytes and a file that is not ONNX', () => {
    const bad = Uint8Array.from(lenet);
    for (let i = 3; i < bad.length; i += 97) bad[i] = 0xff;
    expect(catchErr(() => importOnnx(bad, 'x.onnx', {})).code).toBe('BAD_INPUT');
    expect(catchErr(() => importOnnx(new TextEncoder().encode('{"schema": "addersim/graph@1"}'), 'g.onnx', {})).code).toBe('BAD_INPUT');
  });

  it('a graph with a cycle names a node on it', () => {
    const e = catchErr(() => run({ nodes: [relu('x', 'a', 'first'), { op: 'Add', in: ['a', 'c'], out: ['b'], name: 'loop1' }, relu('b', 'c', 'loop2')] }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(/^bad\.onnx: node loop\d \((Add|Relu)\): the graph has a cycle/);
  });

  it('an input nobody produces', () => {
    expect(catchErr(() => run({ nodes: [{ op: 'Add', in: ['x', 'ghost'], out: ['y'], name: 'add1' }] })).message).toBe(
      "bad.onnx: node add1 (Add): input 'ghost' is not produced by any node, initializer or graph input",
    );
  });

  it('a missing or symbolic input shape', () => {
    expect(catchErr(() => run({ input: { name: 'x' }, nodes: [relu('x', 'y')] })).message).toBe(
      "bad.onnx: graph.input: graph input 'x' has no shape (need at least [batch, features])",
    );
    const e = catchErr(() => run({ input: { name: 'x', dims: ['N', 3, 'H', 'W'] }, nodes: [relu('x', 'y')] }));
    expect(e.message).toBe("bad.onnx: graph.input: graph input 'x' has an unknown dimension: [?,3,?,?]; only the batch may be symbolic");
  });

  it('unsupported opsets', () => {
    expect(catchErr(() => run({ opset: 6, nodes: [relu('x', 'y')] })).message).toBe('bad.onnx: opset_import: unsupported opset 6 (addersim reads opsets 7–18)');
    expect(catchErr(() => run({ opset: 19, nodes: [relu('x', 'y')] })).code).toBe('BAD_INPUT');
  });

  it('a Reshape whose target is not a constant', () => {
    const e = catchErr(() =>
      run({
        inits: { w: { dims: [4, 3, 1, 1] } },
        nodes: [
          { op: 'Conv', in: ['x', 'w'], out: ['c'] },
          { op: 'Reshape', in: ['x', 'c'], out: ['y'], name: 'rs' },
        ],
      }),
    );
    expect(e.message).toMatch(/^bad\.onnx: node rs \(Reshape\): cannot resolve the Reshape target shape/);
  });

  it('an op without a rule is UNKNOWN_OP naming the node; with allowUnknown it is listed, its work left out visibly', () => {
    const spec: ModelSpec = { nodes: [relu('x', 'a'), { op: 'GridSample', in: ['a'], out: ['b'], name: 'up' }, relu('b', 'y')] };
    const e = catchErr(() => run(spec));
    expect(e.code).toBe('UNKNOWN_OP');
    expect(e.message).toMatch(/^bad\.onnx: node up \(GridSample\): no rule for this op/);
    const r = run(spec, true);
    expect(r.coverage.unknown).toEqual([
      { node: 'up', opType: 'GridSample', reason: "no rule for this op; output shape assumed equal to its input's (no value_info)", work: 3 * 8 * 8 },
    ]);
    expect(r.coverage.excludedBy['unknown op']).toBe(1);
    expect(r.coverage.workShare).toBe(384 / (384 + 192));
    expect(r.graph.layers.map((l) => l.kind)).toEqual(['relu', 'relu']);
    expect(opTable(inferShapes(r.graph), 'exact').totals.max).toBe(384);
  });

  it('an op from another domain is unknown too', () => {
    const e = catchErr(() => run({ nodes: [{ op: 'FusedConv', domain: 'com.microsoft', in: ['x'], out: ['y'], name: 'fc' }] }));
    expect(e.message).toMatch(/^bad\.onnx: node fc \(FusedConv\): operator domain 'com\.microsoft' has no rule/);
  });

  it('a known op used in a way without a layer kind (MatMul of two activations)', () => {
    const spec: ModelSpec = {
      input: { name: 'x', dims: [1, 4] },
      nodes: [relu('x', 'a'), { op: 'Mul', in: ['a', 'x'], out: ['m'] }, { op: 'Equal', in: ['m', 'a'], out: ['y'], name: 'eq' }],
    };
    expect(catchErr(() => run(spec)).message).toMatch(/^bad\.onnx: node eq \(Equal\): Equal on activations has no rule/);
    expect(run(spec, true).coverage.unknown.map((u) => u.node)).toEqual(['eq']);
  });

  it('property: any few bytes changed in a real export give a graph or an AddersimError, never another exception', () => {
    const files = ['lenet5-pytorch.onnx', 'tv-resnet18.onnx', 'export/adder-lenet.onnx'].map((f) => readFileSync(resolve(__dirname, '../../fixtures/onnx', f)));
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(255)), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (which, edits, allowUnknown) => {
          const b = Uint8Array.from(files[which]!);
          for (const [at, v] of edits) b[Math.floor(at * b.length)] = v;
          try {
            importOnnx(b, 'f.onnx', { allowUnknown });
          } catch (e) {
            expect(e).toBeInstanceOf(AddersimError);
          }
        },
      ),
      { seed: 20201, numRuns: 300 },
    );
  });
});
