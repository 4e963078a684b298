// The public API (src/index.ts, the package's `addersim` entry) carries what the examples and what-if
// scripts use; a missing re-export fails here rather than in a user's script.
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.ts';

const NEEDED = [
  'loadModel',
  'applyVariant',
  'inferShapes',
  'lower',
  'opTable',
  'loadProfile',
  'deriveProfile',
  'targetCaps',
  'scheduleProgram',
  'scheduleKernel',
  'serialFromCounts',
  'evaluate',
  'energyOfProgram',
  'loadEnergyTable',
  'sweep',
  'planSweep',
  'runSweep',
  'crossover',
  'parseParamPath',
  'deriveWith',
  'parseNumericRange',
  'uncertainParams',
  'intervalOf',
  'tornadoOf',
  'sampleSettings',
  'emitAsm',
  'fmtInt',
] as const;

describe('public API', () => {
  it.each(NEEDED)('exports %s', (name) => {
    expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
  });
});
