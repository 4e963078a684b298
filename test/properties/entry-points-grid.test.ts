// The wider grid of "one question, one answer": every zoo model × 4 lowerings × 3 schedulers on three CPUs,
// the study (`runStudy`, what study.json holds) against the API's `evaluate`, and `latency --json` against
// both on the small models. Runtime kept modest: serial and bound on every model, cycle on the small ones.
import { describe, expect, it } from 'vitest';
import { evaluate, LOWERINGS, loadModel, loadProfile, runStudy, VARIANTS, ZOO_NAMES, type ShapedGraph } from '../../src/index.ts';
import { runJson } from '../cli/run-cli.ts';

const CPUS = ['via-nano-2000', 'intel-skylake', 'arm-cortex-a53'] as const;
const SMALL = ['lenet5-bn', 'lenet-pp', 'resnet20'];

describe('entry points agree on the whole zoo', () => {
  const graphs = new Map<string, Promise<ShapedGraph>>();
  const graph = (m: string) => {
    if (!graphs.has(m))
      graphs.set(
        m,
        loadModel(m).then((x) => x.graph),
      );
    return graphs.get(m)!;
  };
  it.each(CPUS.flatMap((cpu) => LOWERINGS.map((lowering) => [cpu, lowering] as const)))(
    '%s, %s lowering',
    async (cpu, lowering) => {
      const study = await runStudy({ models: ZOO_NAMES, cpus: [cpu], schedulers: ['serial', 'bound', 'cycle'], lowering, cycleModels: SMALL });
      const profile = loadProfile(cpu);
      let compared = 0;
      for (const row of study.latency) {
        if (row.cycles === null) {
          // only the cycle scheduler on the large models is left out; anything else not run is a failure
          expect(row.scheduler === 'cycle' && !SMALL.includes(row.model), `${row.model} ${row.variant} ${row.scheduler}: ${row.skipped}`).toBe(true);
          continue;
        }
        const e = evaluate(await graph(row.model), profile, { variant: row.variant as (typeof VARIANTS)[number], scheduler: row.scheduler, lowering });
        expect(row.cycles, `${row.model} ${row.variant} ${row.scheduler}`).toBe(e.result.cycles);
        expect(row.accumulators, `${row.model} ${row.variant} accumulators`).toBe(e.accumulators);
        compared++;
      }
      expect(compared).toBe(ZOO_NAMES.length * VARIANTS.length * 2 + SMALL.length * VARIANTS.length);
      for (const model of SMALL)
        for (const scheduler of ['serial', 'bound', 'cycle'] as const) {
          const cli = await runJson<{ results: { variant: string; cycles: number }[] }>(
            'latency',
            model,
            '--cpu',
            cpu,
            '--lowering',
            lowering,
            '--scheduler',
            scheduler,
            '--json',
          );
          for (const r of cli.results)
            expect(r.cycles, `latency ${model} ${r.variant} ${scheduler}`).toBe(
              study.latency.find((l) => l.model === model && l.variant === r.variant && l.scheduler === scheduler)!.cycles,
            );
        }
    },
    600_000,
  );
});
