// Variants of an imported network mean the same in every command: an AdderNet ONNX export asked for as
// `cnn` has its |x − w| layers converted back to convolutions (no abs), as `adder` it matches the zoo's
// ResNet-20 AdderNet layer for layer; ops, latency, compare, energy, sweep, the study and the API agree.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, loadModel, loadProfile, runStudy } from '../../src/index.ts';
import { runJson } from '../cli/run-cli.ts';

const ONNX = '/work/shared/onnx/addernet-resnet20.onnx';
type Row = { variant: string; cycles: number; counts?: Record<string, number>; energyExactPJ?: string; layers: { kind: string; cycles: number }[] };

describe.skipIf(!existsSync(ONNX))('addernet-resnet20.onnx: --variant means the same everywhere', () => {
  it('compare --lowering int8 on via-nano-2000: the cnn row has no abs, the adder row is the zoo ResNet-20 AdderNet within the shared layers', async () => {
    const cmp = await runJson<{ results: Row[] }>('compare', ONNX, '--cpu', 'via-nano-2000', '--lowering', 'int8', '--scheduler', 'bound', '--json');
    const [cnn, adder] = cmp.results;
    expect(Object.keys(cnn!.counts!).filter((f) => f.startsWith('abs.') || f.startsWith('sad.'))).toEqual([]);
    expect(Object.keys(adder!.counts!).some((f) => f.startsWith('sad.'))).toBe(true);
    // the zoo network has two batchnorms the export does not (after the first conv and after the classifier)
    const zoo = await runJson<{ results: Row[] }>(
      'latency',
      'resnet20',
      '--cpu',
      'via-nano-2000',
      '--lowering',
      'int8',
      '--scheduler',
      'bound',
      '--variant',
      'adder',
      '--json',
    );
    const key = (l: { kind: string; cycles: number }) => `${l.kind}:${l.cycles}`;
    const left = new Map<string, number>();
    for (const l of zoo.results[0]!.layers) left.set(key(l), (left.get(key(l)) ?? 0) + 1);
    for (const l of adder!.layers) {
      expect(left.get(key(l)) ?? 0, `export layer ${key(l)} in the zoo network`).toBeGreaterThan(0);
      left.set(key(l), left.get(key(l))! - 1);
    }
    const extra = [...left].filter(([, n]) => n > 0).map(([k]) => k);
    expect(extra.every((k) => k.startsWith('batchnorm:'))).toBe(true);
    expect(zoo.results[0]!.cycles - adder!.cycles).toBe(extra.reduce((a, k) => a + Number(k.split(':')[1]), 0));
  });

  it('ops, latency, compare, energy, sweep, the study and evaluate agree per variant (simd, bound, via-nano-2000)', async () => {
    const ops = await runJson<{ results: { variant: string; totals: Record<string, number> }[] }>('ops', ONNX, '--variant', 'all', '--json');
    // cnn: every |x − w| layer back to a multiply-accumulate (40,813,184 MACs); adder keeps the first conv and the classifier (443,008)
    expect(ops.results.map((r) => [r.variant, r.totals.mul])).toEqual([
      ['cnn', 40_813_184],
      ['adder', 443_008],
      ['bnn', 443_008],
    ]);
    const common = ['--cpu', 'via-nano-2000', '--lowering', 'simd', '--scheduler', 'bound'];
    const latency = await runJson<{ results: Row[] }>('latency', ONNX, ...common, '--json');
    const compare = await runJson<{ results: Row[] }>('compare', ONNX, ...common, '--json');
    const energy = await runJson<{ results: { variant: string; exactPJ: string }[] }>(
      'energy',
      ONNX,
      '--cpu',
      'via-nano-2000',
      '--view',
      'full',
      '--lowering',
      'simd',
      '--json',
    );
    const sweep = await runJson<{ points: { variant: string; cycles: number }[] }>('sweep', ONNX, ...common, '--workers', '1', '--json');
    const study = await runStudy({ models: [ONNX], cpus: ['via-nano-2000'], schedulers: ['bound'], lowering: 'simd' });
    const graph = (await loadModel(ONNX)).graph;
    const nano = loadProfile('via-nano-2000');
    for (const variant of ['cnn', 'adder', 'bnn'] as const) {
      const api = evaluate(graph, nano, { variant, scheduler: 'bound', lowering: 'simd' }).result.cycles;
      expect(latency.results.find((r) => r.variant === variant)!.cycles, variant).toBe(api);
      expect(compare.results.find((r) => r.variant === variant)!.cycles, variant).toBe(api);
      expect(sweep.points.find((r) => r.variant === variant)!.cycles, variant).toBe(api);
      expect(study.latency.find((r) => r.variant === variant)!.cycles, variant).toBe(api);
      expect(energy.results.find((r) => r.variant === variant)!.exactPJ, variant).toBe(compare.results.find((r) => r.variant === variant)!.energyExactPJ);
    }
  }, 120_000);
});
