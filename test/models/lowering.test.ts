import { describe, expect, it } from 'vitest';
import { AddersimError, countForms, countGroups, countLaneOps, countProgram, OPS, ELEMENT_TYPES, type TargetCaps } from '../../src/isa/index.ts';
import { opTable } from '../../src/models/op-table.ts';
import { parseGraphFile } from '../../src/models/graph-file.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { lower, PAPER_EXCLUDED } from '../../src/models/lowering/index.ts';
import { inferShapes } from '../../src/models/shapes.ts';
import { applyVariant } from '../../src/models/variants.ts';
import { loadProfile, targetCaps } from '../../src/sim/profile/loader.ts';
import { caught as err } from '../helpers/caught.ts';

/** A target that has every scalar form (and no vectors). */
const ALL_SCALAR: TargetCaps = {
  name: 'all-scalar',
  isa: 'x86',
  vectorBits: 0,
  forms: new Set(OPS.flatMap((o) => ELEMENT_TYPES.map((t) => `${o}.${t}`))),
};
const without = (caps: TargetCaps, ...forms: string[]): TargetCaps => ({
  ...caps,
  name: `${caps.name}-minus`,
  forms: new Set([...caps.forms].filter((f) => !forms.includes(f))),
});

const tiny = (layers: unknown[], shape = [2, 5, 5]) =>
  inferShapes(parseGraphFile({ schema: 'addersim/graph@1', name: 'tiny', input: { shape }, layers }, 'tiny.json'), 'tiny.json');
const record = (m: ReadonlyMap<string, number>) => Object.fromEntries(m);

describe('scalar lowering by hand', () => {
  // conv 2→3 channels, 3×3, on 5×5 without padding: outputs 3·3·3 = 27, K = 2·9 = 18, MACs 486.
  const g = tiny([{ name: 'c', kind: 'conv2d', outChannels: 3, kernel: [3, 3], bias: true }]);
  it('conv: 2 loads, mul, add per term; bias load + add and a store per output', () => {
    const p = lower(g, { lowering: 'scalar' }, ALL_SCALAR);
    expect(p.kernels).toHaveLength(1);
    expect(record(countForms(p.kernels[0]!.body))).toEqual({
      'add.f32': 486 - 27 + 27,
      'load.f32': 2 * 486 + 27,
      'mul.f32': 486,
      'store.f32': 27, // K−1 adds + bias per output
    });
  });
  it('adder: sub, abs, add per term, neg and store per output', () => {
    const p = lower(applyVariant(g, 'adder', 'all'), { lowering: 'scalar', dtype: 'f64' }, ALL_SCALAR);
    expect(record(countForms(p.kernels[0]!.body))).toEqual({
      'abs.f64': 486,
      'add.f64': 486 - 27 + 27,
      'load.f64': 2 * 486 + 27,
      'neg.f64': 27,
      'store.f64': 27,
      'sub.f64': 486,
    });
  });
  it('the accumulator is loop-carried in the innermost k loop', () => {
    const k = lower(g, { lowering: 'scalar' }, ALL_SCALAR).kernels[0]!;
    const names = (k.body[0] as { name: string }).name;
    expect(names).toBe('oc');
    let outputBody = k.body;
    while (outputBody[0]?.kind === 'loop') outputBody = outputBody[0].body;
    // per output: the peeled first term writes acc without reading it (a fresh chain per output) …
    expect(outputBody.find((s) => s.kind === 'instr' && s.op === 'mul')).toMatchObject({ dst: 'acc', src: ['x', 'w'] });
    // … then the k loop carries it
    const kLoop = outputBody.find((s) => s.kind === 'loop' && s.name === 'k');
    expect(kLoop?.kind === 'loop' && kLoop.trip).toBe(17);
    const body = kLoop?.kind === 'loop' ? kLoop.body : [];
    expect(body.find((s) => s.kind === 'instr' && s.op === 'add')).toMatchObject({ dst: 'acc', src: ['acc', 'p'] });
  });
  it('binary: ⌈K/64⌉ words with xnor + popcnt + add; native popcnt or the SWAR fallback', () => {
    const b = applyVariant(g, 'bnn', 'all');
    const native = lower(b, { lowering: 'scalar' }, ALL_SCALAR);
    expect(record(countForms(native.kernels[0]!.body))).toEqual({
      'add.i64': 27,
      'load.i64': 54,
      'mul.i64': 27,
      'popcnt.i64': 27,
      'store.i64': 27,
      'xnor.i64': 27,
    });
    const swar = record(countForms(lower(b, { lowering: 'scalar' }, without(ALL_SCALAR, 'popcnt.i64')).kernels[0]!.body));
    expect(swar).toMatchObject({ 'xnor.i64': 27, 'shr.i64': 4 * 27, 'and.i64': 4 * 27, 'sub.i64': 27, 'add.i64': 3 * 27, 'mul.i64': 2 * 27 });
    expect(swar['popcnt.i64']).toBeUndefined();
  });
  it('other layers: BN, ReLU, pooling, residual add lowered; flatten is a view', () => {
    const p = lower(
      tiny([
        { name: 'bn', kind: 'batchnorm' },
        { name: 'r', kind: 'relu' },
        { name: 's', kind: 'add', inputs: ['input', 'r'] },
        { name: 'mp', kind: 'maxpool', kernel: [2, 2] },
        { name: 'gap', kind: 'globalavgpool' },
        { name: 'f', kind: 'flatten' },
      ]),
      { lowering: 'scalar' },
      ALL_SCALAR,
    );
    const c = Object.fromEntries(p.kernels.map((k) => [k.layer, record(countForms(k.body))]));
    expect(c.bn).toEqual({ 'load.f32': 50 + 4, 'mul.f32': 50, 'add.f32': 50, 'store.f32': 50 });
    expect(c.r).toEqual({ 'load.f32': 50, 'max.f32': 50, 'store.f32': 50 });
    expect(c.s).toEqual({ 'load.f32': 100, 'add.f32': 50, 'store.f32': 50 });
    expect(c.mp).toEqual({ 'load.f32': 2 * 4 * 4, 'max.f32': 2 * 4 * 3, 'store.f32': 8 });
    expect(c.gap).toEqual({ 'load.f32': 8, 'add.f32': 6, 'mul.f32': 2, 'store.f32': 2 });
    expect(p.excluded).toEqual([{ layer: 'f', kind: 'flatten', reason: 'a view: no data movement, no arithmetic' }]);
  });
});

describe('scalar lowering of the generic kinds agrees with the exact op table', () => {
  it('transposed conv, softmax, eltwise, reduce, concat and a data-moving reshape', () => {
    const g = tiny([
      { name: 't', kind: 'convtranspose2d', outChannels: 3, kernel: [3, 3], stride: [2, 2], bias: true },
      { name: 'sm', kind: 'softmax' },
      { name: 'e', kind: 'eltwise', fn: 'sigmoid' },
      { name: 'r', kind: 'reduce', fn: 'mean', axes: [1, 2] },
      { name: 'c', kind: 'concat', inputs: ['r', 'r'] },
      { name: 'sl', kind: 'reshape', shape: [4], note: 'slice' },
    ]);
    const table = Object.fromEntries(opTable(g, 'exact').layers.map((l) => [l.name, l.counts]));
    const p = lower(g, { lowering: 'scalar' }, ALL_SCALAR);
    const lowered = Object.fromEntries(p.kernels.map((k) => [k.layer, Object.fromEntries(countLaneOps(k.body))]));
    // transposed conv: 2·5·5 inputs × 3·9 weights = 1,350 products, each accumulated into the output
    expect(lowered.t!.mul).toBe(1350);
    expect(table.t!.mul).toBe(1350);
    for (const name of ['sm', 'e', 'r']) {
      for (const o of ['mul', 'div', 'max', 'cvt', 'shl', 'neg'] as const) expect(lowered[name]![o] ?? 0, `${name} ${o}`).toBe(table[name]![o] ?? 0);
    }
    expect(lowered.c).toEqual({ load: 6, store: 6 });
    expect(lowered.sl).toEqual({ load: 4, store: 4 });
    expect(table.c).toEqual({});
  });
});

describe('paper lowering', () => {
  it('lenet5-bn --convert all: CNN 416,520 mul.f64 + add.f64; AdderNet 416,520 sub.f64 + 416,520 add.f64', async () => {
    const caps = targetCaps(await loadProfile('via-nano-2000'));
    const { graph } = await loadModel('lenet5-bn');
    const cnn = lower(graph, { lowering: 'paper' }, caps);
    expect(record(countProgram(cnn))).toEqual({ 'add.f64': 416_520, 'mul.f64': 416_520 });
    expect(cnn.kernels.map((k) => k.layer)).toEqual(['conv1', 'conv2', 'fc1', 'fc2', 'fc3']);
    expect(cnn.excluded.every((e) => e.reason === PAPER_EXCLUDED)).toBe(true);
    expect(cnn.excluded).toHaveLength(11);
    const adder = lower(applyVariant(graph, 'adder', 'all'), { lowering: 'paper' }, caps);
    expect(record(countProgram(adder))).toEqual({ 'add.f64': 416_520, 'sub.f64': 416_520 });
    expect(countGroups(adder.kernels.flatMap((k) => k.body)).get('add')).toBe(833_040);
    expect(adder.variant).toBe('adder');
    const inner = lower(applyVariant(graph, 'adder', 'inner'), { lowering: 'paper' }, caps);
    // conv1 117,600 and fc3 840 keep multiplying
    expect(record(countProgram(inner))).toEqual({ 'add.f64': 416_520, 'mul.f64': 118_440, 'sub.f64': 416_520 - 118_440 });
    const bnn = lower(applyVariant(graph, 'bnn', 'all'), { lowering: 'paper' }, caps);
    expect(record(countProgram(bnn))).toEqual({ 'add.i64': 416_520, 'xnor.i64': 416_520 });
  });
  it('resnet18 paper CNN counts equal the MACs without expanding loops', async () => {
    const { graph } = await loadModel('resnet18');
    expect(countProgram(lower(graph, { lowering: 'paper', dtype: 'f32' }, ALL_SCALAR)).get('mul.f32')).toBe(1_814_073_344);
  });
});

describe('forms the target lacks', () => {
  it('UNKNOWN_FORM names the form, the profile and the layer', () => {
    const g = tiny([{ name: 'c', kind: 'conv2d', outChannels: 3, kernel: [3, 3] }]);
    const e = err(() => lower(g, { lowering: 'scalar' }, without(ALL_SCALAR, 'mul.f32')));
    expect(e.code).toBe('UNKNOWN_FORM');
    expect(e.message).toBe('layer c (conv2d): form mul.f32 is not in profile all-scalar-minus');
  });
  it('no popcount and no fallback forms', () => {
    const g = applyVariant(tiny([{ name: 'c', kind: 'conv2d', outChannels: 3, kernel: [3, 3] }]), 'bnn', 'all');
    const e = err(() => lower(g, { lowering: 'scalar' }, without(ALL_SCALAR, 'popcnt.i64', 'shr.i64')));
    expect(e.code).toBe('UNKNOWN_FORM');
    expect(e.message).toMatch(/form popcnt\.i64 is not in profile/);
  });
  it('VIA Nano 2000 (no POPCNT, scalar SHR r64 measured): binary layers use the scalar SWAR fallback', async () => {
    const caps = targetCaps(await loadProfile('via-nano-2000'));
    const { graph } = await loadModel('resnet20');
    const p = lower(applyVariant(graph, 'bnn', 'inner'), { lowering: 'scalar' }, caps);
    const c = countProgram(p);
    expect(c.get('popcnt.i64')).toBeUndefined();
    expect(c.get('shr.i64')).toBeGreaterThan(0);
    expect(c.get('sad.u8x16')).toBeUndefined();
  });
  it('without scalar 64-bit shifts the Nano 2000 falls back to the SSE2 SWAR + PSADBW popcount', async () => {
    const nano = targetCaps(await loadProfile('via-nano-2000'));
    const caps = { ...nano, forms: new Set([...nano.forms].filter((f) => f !== 'shr.i64')) };
    const { graph } = await loadModel('resnet20');
    const c = countProgram(lower(applyVariant(graph, 'bnn', 'inner'), { lowering: 'scalar' }, caps));
    expect(c.get('popcnt.i64')).toBeUndefined();
    expect(c.get('shr.i64x2')).toBeGreaterThan(0);
    expect(c.get('sad.u8x16')).toBeGreaterThan(0);
  });
  it('an eltwise without a cost rule is UNKNOWN_OP, or with allowUnknown an exclusion', () => {
    const g = tiny([{ name: 'e', kind: 'eltwise', fn: 'gelu' }]);
    expect(err(() => lower(g, { lowering: 'scalar' }, ALL_SCALAR)).code).toBe('UNKNOWN_OP');
    expect(lower(g, { lowering: 'scalar', allowUnknown: true }, ALL_SCALAR).excluded[0]!.layer).toBe('e');
  });
});
