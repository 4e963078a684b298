// "Did you mean": hand-checked suggestions (a shortened name, one edit, a swapped pair, nothing close),
// and the CLI's errors for a CPU, a model, a form, a form field, a machine field, a path head and a flag value.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/isa/index.ts';
import { runCli } from './run-cli.ts';

describe('didYouMean', () => {
  const cpus = ['intel-skylake', 'intel-skylake-measured', 'intel-haswell', 'via-nano-2000'];
  it('a shortened name: the candidates containing it, shortest first', () => {
    expect(didYouMean('skylake', cpus)).toBe(' (did you mean intel-skylake or intel-skylake-measured?)');
  });
  it('edits: one replacement, one deletion, a swapped pair each count 1; a third of the length at most', () => {
    expect(didYouMean('latancy', ['latency', 'rthroughput'])).toBe(' (did you mean latency?)'); // 1 replacement
    expect(didYouMean('latncy', ['latency', 'rthroughput'])).toBe(' (did you mean latency?)'); // 1 insertion
    expect(didYouMean('fam', ['fma', 'add'])).toBe(' (did you mean fma?)'); // 1 swap
    expect(didYouMean('zen9', ['amd-zen2'])).toBe(''); // not contained; 5 edits > ⌊4 / 3⌋ = 1
    expect(didYouMean('xyz', cpus)).toBe('');
    expect(didYouMean('intel-skylake', cpus)).toBe(' (did you mean intel-skylake-measured?)'); // itself is never suggested
  });
  it('a name that differs only in case comes first', () => {
    expect(didYouMean('conv2D', ['binconv2d', 'conv2d', 'adder2d'])).toBe(' (did you mean conv2d or binconv2d?)');
    expect(didYouMean('Intel-Skylake', cpus)).toBe(' (did you mean intel-skylake or intel-skylake-measured?)');
  });
});

describe('the CLI suggests names', () => {
  const cases: [string[], string][] = [
    [['latency', 'resnet20', '--cpu', 'skylake'], 'unknown CPU profile "skylake" (did you mean intel-skylake or intel-skylake-measured?)'],
    [['latency', 'resnet2', '--cpu', 'intel-skylake'], '(did you mean resnet20 or'],
    [['sweep', 'lenet5-bn', '--cpu', 'intel-skylake', '--set', 'forms.fam.f32x8.latency=1,2'], '"fam" is not an op of the vocabulary (did you mean fma?)'],
    [['sweep', 'lenet5-bn', '--cpu', 'intel-skylake', '--set', 'forms.fma.f32x8.latncy=1,2'], '"latncy" is not a form field (did you mean latency?)'],
    [['sweep', 'lenet5-bn', '--cpu', 'intel-skylake', '--set', 'machine.dispatchWidht=1,2'], '(did you mean dispatchWidth?)'],
    [['sweep', 'lenet5-bn', '--cpu', 'intel-skylake', '--set', 'form.fma.f32x8.latency=1,2'], '(did you mean forms.fma.f32x8.latency?)'],
    [['sweep', 'lenet5-bn', '--cpu', 'intel-skylake', '--set', 'varient=cnn'], '(did you mean variant?)'],
    [
      ['sweep', 'lenet5-bn', '--cpu', 'intel-skylake', '--set', 'forms.fma.f32x16.latency=1,2'],
      'form fma.f32x16 is not in profile intel-skylake (did you mean fma.f32x4 or fma.f32x8',
    ],
    [['latency', 'lenet5-bn', '--cpu', 'intel-skylake', '--variant', 'addr'], 'got "addr" (did you mean adder?)'],
    [['sweep', 'lenet5-bn', '--cpu', 'intel-skylake', '--lowering', 'simdd'], '"simdd" is not one of paper, scalar, simd, int8 (did you mean simd?)'],
    [['profiles', 'show', 'skylake'], 'profiles show skylake: unknown CPU profile "skylake" (did you mean intel-skylake'],
    [['latency', '--ops', 'mull=5', '--cpu', 'via-nano-2000'], '--ops mull: unknown op "mull" (did you mean mul?) (known: load,'],
    [
      ['calibrate', 'amd-zen3', '--out', 'never-written.json', '--forms', 'add.f32x9'],
      'form add.f32x9 is not in profile amd-zen3 (did you mean add.f32x4 or add.f32x8',
    ],
  ];
  it.each(cases)('addersim %j', async (argv, expected) => {
    const r = await runCli(...argv);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(expected);
  });
  it('a kernel file op and a graph layer kind outside their lists: the closest ones and the list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dym-'));
    const k = join(dir, 'k.json');
    writeFileSync(k, JSON.stringify({ schema: 'addersim/kernel@1', name: 'k', body: [{ op: 'ad', type: 'f32', dst: 'a', src: ['a', 'b'] }] }));
    const rk = await runCli('kernel', k, '--cpu', 'intel-skylake');
    expect(rk.code).toBe(1);
    // before: "body[0]: Invalid input" (neither an instruction nor a loop); now the instruction's problem
    expect(rk.err).toContain(`${k}: body[0].op: unknown op "ad" (did you mean add or and or sad?) (known: load, store,`);
    const g = join(dir, 'g.json');
    const graph = {
      schema: 'addersim/graph@1',
      name: 'g',
      input: { name: 'input', shape: [1, 8, 8] },
      layers: [{ name: 'c', kind: 'conv2D', outChannels: 2, kernel: [3, 3] }],
    };
    writeFileSync(g, JSON.stringify(graph));
    const rg = await runCli('ops', g);
    expect(rg.code).toBe(1);
    expect(rg.err).toContain(`${g}: layers[0].kind: unknown kind "conv2D" (did you mean conv2d or binconv2d?) (known: conv2d, adder2d,`);
  });
  it('a path is not compared with the zoo names', async () => {
    const r = await runCli('latency', './resnet2', '--cpu', 'intel-skylake');
    expect(r.code).toBe(1);
    expect(r.err).not.toContain('did you mean');
  });
});
