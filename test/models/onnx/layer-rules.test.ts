// The ONNX converter's tables agree with inference (src/models/onnx/layer-rules.ts beside rules.ts):
// every op with an inference rule is a layer, a data movement or shape-only, exactly one; errors carry
// their place as data; an importer invariant failure is an internal error (exit 3), not bad input.

import { describe, expect, it } from 'vitest';
import { reportError } from '../../../src/cli/errors.ts';
import { AddersimError, InternalError } from '../../../src/isa/index.ts';
import { importOnnx } from '../../../src/models/onnx/index.ts';
import { DATA_MOVEMENT_OPS, LAYER_RULES, opClass, SHAPE_ONLY_OPS } from '../../../src/models/onnx/layer-rules.ts';
import { RULES } from '../../../src/models/onnx/rules.ts';
import { buildModel } from './build-model.ts';

/** The ops of `tables` with no class or more than one, and classified ops without an inference rule. */
function disagreements(
  inference: readonly string[],
  tables: { layer: ReadonlySet<string>; movement: ReadonlySet<string>; shapeOnly: ReadonlySet<string> },
): string[] {
  const bad: string[] = [];
  for (const op of inference) {
    const n = [tables.layer, tables.movement, tables.shapeOnly].filter((t) => t.has(op)).length;
    if (n !== 1) bad.push(`${op}: in ${n} classes`);
  }
  for (const t of [tables.layer, tables.movement, tables.shapeOnly])
    for (const op of t) if (!inference.includes(op)) bad.push(`${op}: classified, no inference rule`);
  return bad;
}

describe('ONNX: the layer-rule table beside the inference rules', () => {
  const actual = { layer: new Set(LAYER_RULES.keys()), movement: DATA_MOVEMENT_OPS, shapeOnly: SHAPE_ONLY_OPS };

  it('every op with an inference rule is exactly one of layer / data movement / shape-only, and every classified op has an inference rule', () => {
    expect(disagreements(Object.keys(RULES), actual)).toEqual([]);
    expect(Object.keys(RULES).length).toBe(LAYER_RULES.size + DATA_MOVEMENT_OPS.size + SHAPE_ONLY_OPS.size);
  });

  it('the check fails on a synthetic disagreement: an inference rule without a class, an op in two classes, a rule with no inference', () => {
    expect(disagreements([...Object.keys(RULES), 'NewOp'], actual)).toEqual(['NewOp: in 0 classes']);
    expect(disagreements(Object.keys(RULES), { ...actual, shapeOnly: new Set([...SHAPE_ONLY_OPS, 'Relu']) })).toEqual(['Relu: in 2 classes']);
    expect(
      disagreements(
        Object.keys(RULES).filter((op) => op !== 'Conv'),
        actual,
      ),
    ).toEqual(['Conv: classified, no inference rule']);
  });

  it('opClass: hand-picked ops', () => {
    expect([
      opClass('Conv'),
      opClass('Add'),
      opClass('Sigmoid'),
      opClass('Reshape'),
      opClass('Shape'),
      opClass('Where'),
      opClass('NoSuchOp'),
      opClass('constructor'),
    ]).toEqual(['layer', 'layer', 'layer', 'data-movement', 'shape-only', 'shape-only', undefined, undefined]);
  });

  it('a shape-only op on activations is an unknown op (an error, or listed as excluded)', () => {
    const spec = { input: { name: 'x', dims: [1, 4] }, nodes: [{ op: 'ReduceL2', in: ['x'], out: ['y'], name: 'r' }] };
    expect(() => importOnnx(buildModel(spec), 't.onnx')).toThrow(/node r \(ReduceL2\): ReduceL2 on activations has no rule/);
    const r = importOnnx(buildModel(spec), 't.onnx', { allowUnknown: true });
    expect(r.coverage.unknown.map((u) => [u.node, u.reason])).toEqual([['r', 'ReduceL2 on activations has no rule']]);
  });
});

describe('ONNX: errors carry their place as data', () => {
  it('AddersimError keeps the message without its place (detail) beside the place (path)', () => {
    const e = new AddersimError('UNKNOWN_OP', 'only 2-D ConvTranspose is supported', 't.onnx: node ct (ConvTranspose)');
    expect([e.message, e.detail, e.path]).toEqual([
      't.onnx: node ct (ConvTranspose): only 2-D ConvTranspose is supported',
      'only 2-D ConvTranspose is supported',
      't.onnx: node ct (ConvTranspose)',
    ]);
  });

  it('an inference rule without a layer kind, listed as excluded: its reason is the detail, not the message sliced', () => {
    // a 1-D ConvTranspose: the inference rule refuses it (UNKNOWN_OP at the node); with allowUnknown the
    // reason is the rule's detail (no file or node in it) and the output shape is assumed
    const spec = {
      input: { name: 'x', dims: [1, 2, 8] },
      inits: { w: { dims: [2, 3, 2] } },
      nodes: [{ op: 'ConvTranspose', in: ['x', 'w'], out: ['y'], name: 'ct' }],
    };
    expect(() => importOnnx(buildModel(spec), 't.onnx')).toThrow(/node ct \(ConvTranspose\): only 2-D ConvTranspose is supported/);
    const r = importOnnx(buildModel(spec), 't.onnx', { allowUnknown: true });
    expect(r.coverage.unknown.map((u) => u.reason)).toEqual(["only 2-D ConvTranspose is supported; output shape assumed equal to its input's (no value_info)"]);
  });

  it('an importer invariant failure is an internal error: exit 3 with its place, not bad input (exit 1)', () => {
    const lines: string[] = [];
    expect(reportError(new InternalError('node was neither mapped nor excluded (importer bug)', 't.onnx: node n (Foo)'), false, (l) => lines.push(l))).toBe(3);
    expect(lines[0]).toBe('addersim: internal error: t.onnx: node n (Foo): node was neither mapped nor excluded (importer bug)');
    expect(reportError(new AddersimError('UNKNOWN_OP', 'x', 'p'), false, () => {})).toBe(1);
  });
});
