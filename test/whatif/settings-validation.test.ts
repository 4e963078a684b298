// resolveSettings checks the closed vocabularies itself: a library caller from plain JavaScript (no type
// checker) with a misspelt variant, scheduler, lowering, convert or dtype gets a typed USAGE error naming
// the field, not an internal "unexpected …" crash deep in a lowering or scheduler.

import { describe, expect, it } from 'vitest';
import { AddersimError, evaluate, loadModel, loadProfile, resolveSettings } from '../../src/index.ts';

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
    expect(() => evaluate(graph, loadProfile('via-nano-2000'), { variant: 'addr' } as never)).toThrow(/variant must be one of cnn, adder, bnn, got "addr"/);
  });
});
