// Property over the whole zoo (not a single case): on via-nano-2000, for every model, variant and
// convert mode, `bound` ≤ `serial`, under both the paper and the scalar lowering.
import { describe, expect, it } from 'vitest';
import { loadModel, ZOO_NAMES, VARIANTS, CONVERTS } from '../../src/models/index.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { evaluate } from '../../src/whatif/evaluate.ts';

const nano = loadProfile('via-nano-2000');

describe('bound ≤ serial on via-nano-2000, every zoo model × variant × convert', () => {
  for (const name of ZOO_NAMES) {
    it(name, async () => {
      const { graph } = await loadModel(name);
      let checked = 0;
      for (const variant of VARIANTS) {
        for (const convert of CONVERTS) {
          for (const lowering of ['paper', 'scalar'] as const) {
            const serial = evaluate(graph, nano, { variant, convert, lowering, scheduler: 'serial' }).result;
            const bound = evaluate(graph, nano, { variant, convert, lowering, scheduler: 'bound' }).result;
            expect(bound.cycles).toBeLessThanOrEqual(serial.cycles);
            expect(bound.cycles).toBeGreaterThan(0);
            bound.layers.forEach((l, i) =>
              expect(l.cycles, `${name} ${variant} ${convert} ${lowering} ${l.layer}`).toBeLessThanOrEqual(serial.layers[i]!.cycles),
            );
            checked++;
          }
        }
      }
      expect(checked).toBe(VARIANTS.length * CONVERTS.length * 2);
    });
  }
});
