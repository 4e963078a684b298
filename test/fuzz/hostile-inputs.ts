// Generates the large hostile inputs of test/fuzz/corpus/hostile.json (files too big to commit, a few lines
// to state): a 30,000-instruction kernel, a 700-deep loop nest, ONNX fold bombs, fan-out and deep chains.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, type NodeSpec } from '../models/onnx/build-model.ts';

const kernel = (name: string, body: unknown[]) => JSON.stringify({ schema: 'addersim/kernel@1', name, body });

export const GENERATORS: Record<string, () => string | Uint8Array> = {
  // 30,000 instructions: a rotation r0 → r1 → … → r0 (bound's dependency matrix was n² = 4.3 GB).
  'kernel-30k.json': () =>
    kernel('k30k', [
      { loop: 'i', trip: 4, body: Array.from({ length: 30_000 }, (_, k) => ({ op: 'add', type: 'f64', dst: `r${(k + 1) % 30_000}`, src: [`r${k}`] })) },
    ]),
  // Loops nested 800 deep (recursive walks overflowed the stack past ~700).
  'kernel-deep-800.json': () => {
    let body: unknown[] = [{ op: 'add', type: 'f64', dst: 'a', src: ['a', 'x'] }];
    for (let d = 0; d < 800; d++) body = [{ loop: `l${d}`, trip: 2, body }];
    return kernel('deep', body);
  },
  // 1,024 Adds of a 1M-element constant feeding a Reshape (47 KB reached 4.3 GB: no total folding budget).
  'onnx-fold-bomb.onnx': () => {
    const nodes: NodeSpec[] = [{ op: 'ConstantOfShape', in: ['n'], out: ['c'], attrs: {} }];
    let prev = 'c';
    for (let i = 0; i < 1024; i++) {
      nodes.push({ op: 'Add', in: [prev, 'c'], out: [`a${i}`] });
      prev = `a${i}`;
    }
    nodes.push({ op: 'Cast', in: [prev], out: ['s'], attrs: { to: 7 } }, { op: 'Reshape', in: ['x', 's'], out: ['y'] });
    return buildModel({ input: { name: 'x', dims: [1, 4] }, inits: { n: { dims: [1], int64: [1 << 20] } }, nodes });
  },
  // One tensor read by 20,000 nodes (consumer lists were copied on every append: quadratic).
  'onnx-fanout-20k.onnx': () =>
    buildModel({
      input: { name: 'x', dims: [1, 4] },
      nodes: Array.from({ length: 20_000 }, (_, i) => ({ op: 'Relu', in: ['x'], out: [`y${i}`] })),
      outputs: ['y0'],
    }),
  // Under the fan-out limit: 9,000 readers import in linear time.
  'onnx-fanout-9k.onnx': () =>
    buildModel({
      input: { name: 'x', dims: [1, 4] },
      nodes: Array.from({ length: 9_000 }, (_, i) => ({ op: 'Relu', in: ['x'], out: [`y${i}`] })),
      outputs: ['y0'],
    }),
  // A 3,000-deep chain of constant Adds giving a Reshape's shape (lazy folding recursed 3,000 deep).
  'onnx-deep-constants.onnx': () => {
    const nodes: NodeSpec[] = [];
    let prev = 's0';
    for (let i = 1; i <= 3000; i++) {
      nodes.push({ op: 'Add', in: [prev, 'zero'], out: [`s${i}`] });
      prev = `s${i}`;
    }
    nodes.push({ op: 'Reshape', in: ['x', prev], out: ['r'] }, { op: 'Relu', in: ['r'], out: ['y'] });
    return buildModel({ input: { name: 'x', dims: [1, 16] }, inits: { s0: { dims: [2], int64: [1, 16] }, zero: { dims: [2], int64: [0, 0] } }, nodes });
  },
  // ReduceMax over 1M elements gives a Reshape's shape (Math.max(...v) overflowed the stack).
  'onnx-reducemax-1m.onnx': () =>
    buildModel({
      input: { name: 'x', dims: [1, 16] },
      inits: { n: { dims: [1], int64: [1 << 20] }, head: { dims: [1], int64: [1] } },
      nodes: [
        { op: 'ConstantOfShape', in: ['n'], out: ['c'], attrs: { value: { floats: [16] } } as never },
        { op: 'ReduceMax', in: ['c'], out: ['m'], attrs: { keepdims: 1 } },
        { op: 'Cast', in: ['m'], out: ['mi'], attrs: { to: 7 } },
        { op: 'Concat', in: ['head', 'mi'], out: ['shape'], attrs: { axis: 0 } },
        { op: 'Reshape', in: ['x', 'shape'], out: ['r'] },
        { op: 'Relu', in: ['r'], out: ['y'] },
      ],
    }),
  // 250,000 nodes: more than onnxNodes allows.
  'onnx-nodes-250k.onnx': () =>
    buildModel({
      input: { name: 'x', dims: [1, 4] },
      nodes: Array.from({ length: 250_000 }, (_, i) => ({ op: 'Relu', in: [i ? `y${i - 1}` : 'x'], out: [`y${i}`] })),
    }),
  // Op types named like Object.prototype members (RULES[opType] found toString: exit 3).
  'onnx-op-toString.onnx': () => buildModel({ nodes: [{ op: 'toString', in: ['x'], out: ['y'] }] }),
  'onnx-op-proto.onnx': () => buildModel({ nodes: [{ op: '__proto__', in: ['x'], out: ['y'] }] }),
  // Negative pads (a crop): gave a graph that the graph schema itself rejects.
  'onnx-negative-pads.onnx': () =>
    buildModel({
      inits: { w: { dims: [2, 3, 3, 3] } },
      nodes: [{ op: 'Conv', in: ['x', 'w'], out: ['y'], attrs: { kernel_shape: [3, 3], pads: [-1, -1, -1, -1] } }],
    }),
};

/** Writes every generated input into `dir`. */
export function writeHostileInputs(dir: string): void {
  for (const [name, make] of Object.entries(GENERATORS)) writeFileSync(join(dir, name), make());
}
