// The what-if API's option schemas (src/whatif/api-schemas.ts) have exactly the keys of the types they
// check: a key added to SweepSpec and not to its schema would be refused as "unknown" from JavaScript.
// Checked by the compiler (npm test type-checks tests); the runtime part shows a typo is refused.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { CrossoverSpec, RunSweepOptions, SettingsInput, StudyOptions, SweepSpec } from '../../src/index.ts';
import {
  type crossoverSpecSchema,
  type runSweepOptionsSchema,
  type settingsInputSchema,
  type studyOptionsSchema,
  sweepSpecSchema,
  type uncertainListSchema,
} from '../../src/whatif/api-schemas.ts';
import type { Uncertain } from '../../src/whatif/uncertainty.ts';

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : { onlyInSchema: Exclude<keyof A, keyof B>; onlyInType: Exclude<keyof B, keyof A> };
const keysMatch: [
  SameKeys<z.infer<typeof settingsInputSchema>, SettingsInput>,
  SameKeys<z.infer<typeof sweepSpecSchema>, SweepSpec>,
  SameKeys<z.infer<typeof runSweepOptionsSchema>, RunSweepOptions>,
  SameKeys<z.infer<typeof crossoverSpecSchema>, CrossoverSpec>,
  SameKeys<z.infer<typeof studyOptionsSchema>, StudyOptions>,
  SameKeys<z.infer<typeof uncertainListSchema>[number], Uncertain>,
] = [true, true, true, true, true, true];

describe('what-if option schemas', () => {
  it('have the keys of their types (compile time) and refuse any other key', () => {
    expect(keysMatch.every((k) => k === true)).toBe(true);
    expect(sweepSpecSchema.safeParse({ models: ['resnet20'], cpus: ['intel-skylake'] }).success).toBe(true);
    const typo = sweepSpecSchema.safeParse({ models: ['resnet20'], cpus: ['intel-skylake'], ratioto: 'cnn' });
    expect(typo.success).toBe(false);
    expect(typo.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['ratioto'] });
  });
});
