// resolveSettings checks the closed vocabularies itself: a library caller from plain JavaScript (no type
// checker) with a misspelt variant, scheduler, lowering, convert or dtype gets a typed USAGE error naming
// the field, not an internal "unexpected …" crash deep in a lowering or scheduler.

import { describe, expect, it } from 'vitest';
import { AddersimError, evaluate, evaluateOnPool, loadModel, loadProfile, resolveSettings } from '../../src/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { caught } from '../helpers/caught.ts';

describe('resolveSettings: unknown names are typed errors', () => {
  it.each([
    ['variants', ['cnn', 'foo'], 'variant'],
    ['scheduler', 'fast', 'scheduler'],
    ['lowering', 'vector', 'lowering'],
    ['convert', 'some', 'convert'],
    ['dtype', 'f99', 'dtype'],
  ])('%s = %j → USAGE at %s', (key, value, path) => {
    let error: unknown;
    try {
      resolveSettings({ [key]: value } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AddersimError);
    expect((error as AddersimError).code).toBe('USAGE');
    expect((error as AddersimError).path).toBe(path);
  });

  it('the defaults and every known name still resolve', () => {
    expect(resolveSettings().scheduler).toBe('cycle');
    expect(resolveSettings({ variants: ['bnn'], scheduler: 'bound', lowering: 'int8', convert: 'all', dtype: 'f64' }).lowering).toBe('int8');
  });

  it('evaluate with a misspelt variant throws the typed error', async () => {
    const { graph } = await loadModel('lenet5-bn');
    expect(() => evaluate(graph, loadProfile('via-nano-2000'), { variant: 'addr' } as never)).toThrow(
      /^evaluate: opts\.variant: must be one of cnn, adder, bnn, got "addr" \(did you mean adder\?\)$/,
    );
  });
});

// A setting that changes nothing is refused by the API as by the CLI (one rule: settings.ts inapplicableSetting).
describe('evaluate: an accumulator count outside simd, or a dtype with int8, is refused (as latency/compare refuse the flags)', () => {
  it.each(['scalar', 'int8', 'paper'] as const)('lowering %s with accumulators 4: USAGE at accumulators, the CLI exits 2 on the same', async (lowering) => {
    const { graph } = await loadModel('lenet5-bn');
    const skylake = loadProfile('intel-skylake');
    const e = caught(() => evaluate(graph, skylake, { variant: 'cnn', scheduler: 'bound', lowering, accumulators: 4 }));
    expect([e.code, e.path]).toEqual(['USAGE', 'accumulators']);
    expect(e.detail).toContain(`applies to the simd lowering only (the ${lowering} lowering has none to choose): drop it or set lowering: "simd"`);
    const cli = await runCli(
      'latency',
      'lenet5-bn',
      '--cpu',
      'intel-skylake',
      '--variant',
      'cnn',
      '--scheduler',
      'bound',
      '--lowering',
      lowering,
      '--accumulators',
      '4',
    );
    expect(cli.code).toBe(2);
    expect(cli.err).toContain(`--accumulators applies to the simd lowering only (the ${lowering} lowering has none to choose): drop it or add --lowering simd`);
  });

  it('int8 with a dtype: USAGE at dtype; simd with accumulators and int8 without a dtype still evaluate, and 1 accumulator costs more than 4', async () => {
    const { graph } = await loadModel('lenet5-bn');
    const skylake = loadProfile('intel-skylake');
    expect(caught(() => evaluate(graph, skylake, { variant: 'adder', scheduler: 'bound', lowering: 'int8', dtype: 'f64' })).path).toBe('dtype');
    const run = (accumulators: number) => evaluate(graph, skylake, { variant: 'cnn', scheduler: 'bound', lowering: 'simd', accumulators }).result.cycles;
    expect(run(1)).toBeGreaterThan(run(4));
    expect(evaluate(graph, skylake, { variant: 'adder', scheduler: 'bound', lowering: 'int8' }).result.cycles).toBeGreaterThan(0);
  });

  it('evaluateOnPool refuses it before starting any work (no pool needed to see the error)', async () => {
    const { graph } = await loadModel('lenet5-bn');
    const pool = undefined as never;
    await expect(evaluateOnPool(graph, loadProfile('intel-skylake'), { variant: 'cnn', lowering: 'scalar', accumulators: 2 }, pool)).rejects.toMatchObject({
      code: 'USAGE',
      path: 'accumulators',
    });
  });
});
