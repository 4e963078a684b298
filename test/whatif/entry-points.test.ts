// One question, one answer: the study (`report` → study.json), `latency --json`, `compare --json` and the
// API's `evaluate` give the same cycles for the same model × CPU × lowering × scheduler × variant, because
// they all resolve their settings (accumulators per variant included) through src/whatif/settings.ts.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadModel, loadProfile, type StudyResult } from '../../src/index.ts';
import { runCli, runJson } from '../cli/run-cli.ts';

type Rows = { settings: { accumulators?: Record<string, number> }; results: { variant: string; cycles: number; accumulators?: number }[] };

const CPUS = ['intel-skylake', 'via-nano-2000', 'arm-cortex-a53'] as const;
const SCHEDULERS = ['bound', 'cycle'] as const;
const VARIANTS = ['cnn', 'adder'] as const;

describe('resnet20 simd: study.json = latency = compare = evaluate, exactly', () => {
  it('on intel-skylake, via-nano-2000 and arm-cortex-a53 under bound and cycle, for cnn and adder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'addersim-entry-'));
    const r = await runCli(
      'report',
      '--out',
      out,
      '--formats',
      'json',
      '--models',
      'resnet20',
      '--variants',
      VARIANTS.join(','),
      '--cpus',
      CPUS.join(','),
      '--schedulers',
      SCHEDULERS.join(','),
      '--lowering',
      'simd',
    );
    expect(r.code, r.err).toBe(0);
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')) as StudyResult;
    const graph = (await loadModel('resnet20')).graph;
    let checked = 0;
    for (const cpu of CPUS) {
      const profile = loadProfile(cpu);
      const perCpu = study.settings.find((s) => s.cpu === cpu)!;
      for (const scheduler of SCHEDULERS) {
        const latency = await runJson<Rows>(
          'latency',
          'resnet20',
          '--cpu',
          cpu,
          '--lowering',
          'simd',
          '--scheduler',
          scheduler,
          '--variant',
          VARIANTS.join(','),
          '--json',
        );
        const compare = await runJson<Rows>(
          'compare',
          'resnet20',
          '--cpu',
          cpu,
          '--lowering',
          'simd',
          '--scheduler',
          scheduler,
          '--variant',
          VARIANTS.join(','),
          '--json',
        );
        expect(latency.settings.accumulators).toEqual(perCpu.accumulators);
        for (const variant of VARIANTS) {
          const s = study.latency.find((l) => l.model === 'resnet20' && l.cpu === cpu && l.scheduler === scheduler && l.variant === variant)!;
          const api = evaluate(graph, profile, { variant, scheduler, lowering: 'simd' });
          const l = latency.results.find((x) => x.variant === variant)!;
          const c = compare.results.find((x) => x.variant === variant)!;
          expect(s.cycles, `${cpu} ${scheduler} ${variant}`).toBe(api.result.cycles);
          expect(l.cycles, `${cpu} ${scheduler} ${variant}`).toBe(api.result.cycles);
          expect(c.cycles, `${cpu} ${scheduler} ${variant}`).toBe(api.result.cycles);
          expect(s.accumulators).toBe(api.accumulators);
          expect(l.accumulators).toBe(api.accumulators);
          checked++;
        }
      }
    }
    expect(checked).toBe(12);
    // The study states the counts per CPU and variant: Skylake ⌈fma.f32x8 4 / 0.5⌉ = 8 and ⌈add.f32x8 4 / 0.5⌉ = 8;
    // the Nano has no FMA: the CNN's mul + add chain carries add.f32x4, ⌈2 / 1⌉ = 2, like the AdderNet's.
    expect(study.settings.find((s) => s.cpu === 'intel-skylake')!.accumulators).toEqual({ cnn: 8, adder: 8 });
    expect(study.settings.find((s) => s.cpu === 'via-nano-2000')!.accumulators).toEqual({ cnn: 2, adder: 2 });
  }, 300_000);
});
