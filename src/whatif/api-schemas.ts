// The what-if API's option objects as the public functions check them (isa/api-args.ts): strict keys
// (a misspelt option is an error listing the valid ones) and JavaScript types. Closed vocabularies
// (variants, schedulers, lowerings, …) keep their own checks downstream, with their own did-you-mean.
// Each has exactly the keys of its type (SweepSpec, CrossoverSpec, …): test/whatif/api-schemas.test.ts checks it at compile time.
//   sweep: spec.model: unknown key "model" (did you mean models?); valid keys: models, cpus, variants, …

import { z } from 'zod';
import { outline } from '../isa/api-args.ts';

const names = z.array(z.string());
const flag = z.boolean().optional();
const fn = (what: string) => z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', `expected a function ${what}`);

/** A profile path set to a value (`{ path: 'forms.mul.f32.latency', value: 5 }`). */
export const settingSchema = z.strictObject({ path: z.string(), value: z.number() });

export const settingsInputSchema = z.strictObject({
  variants: names.optional(),
  scheduler: z.string().optional(),
  lowering: z.string().optional(),
  dtype: z.string().optional(),
  accumulators: z.number().optional(),
  convert: z.string().optional(),
  energyTable: z.string().optional(),
  overrides: z.array(settingSchema).optional(),
  extrapolate: flag,
  allowUnknown: flag,
});

export const sweepSpecSchema = z.strictObject({
  models: names.min(1),
  cpus: names.min(1),
  variants: names.optional(),
  converts: names.optional(),
  schedulers: names.optional(),
  lowerings: names.optional(),
  dtypes: names.optional(),
  accumulators: z.array(z.number()).optional(),
  params: z.array(z.strictObject({ path: z.string(), values: z.array(z.number()) })).optional(),
  extrapolate: flag,
  allowUnknown: flag,
  allowUnused: flag,
  ratioTo: z.string().optional(),
  uncertainty: z
    .strictObject({
      interval: flag,
      samples: z.number().optional(),
      seed: z.number().optional(),
      tornado: flag,
      ranges: z.array(z.strictObject({ path: z.string(), lo: z.number(), hi: z.number() })).optional(),
    })
    .optional(),
});

export const progressSchema = fn('(done, total) => void').optional();

export const sweepPlanSchema = outline('a SweepPlan (planSweep(spec))', { count: z.number(), points: (v) => typeof v === 'function' });

export const sweepOptionsSchema = z.strictObject({ workers: z.number().int().min(1).optional() });

export const runSweepOptionsSchema = z.strictObject({
  workers: z.number().int().min(1).optional(),
  from: z.number().int().min(0).optional(),
  to: z.number().int().min(0).optional(),
  pool: z.custom((v) => typeof v === 'object' && v !== null, 'expected a SweepPool (startPool(workers))').optional(),
  onResult: fn('(result) => void'),
});

export const crossoverSpecSchema = z.strictObject({
  model: z.string(),
  cpu: z.string(),
  param: z.string(),
  lo: z.number(),
  hi: z.number(),
  a: z.string().optional(),
  b: z.string().optional(),
  scheduler: z.string().optional(),
  lowering: z.string().optional(),
  convert: z.string().optional(),
  dtype: z.string().optional(),
  accumulators: z.number().optional(),
  extrapolate: flag,
  scan: z.number().optional(),
  everyPointLimit: z.number().optional(),
  allowUnused: flag,
});

export const studyOptionsSchema = z.strictObject({
  models: names.optional(),
  variants: names.optional(),
  cpus: names.optional(),
  schedulers: names.optional(),
  lowering: z.string().optional(),
  dtype: z.string().optional(),
  energyTable: z.string().optional(),
  cycleModels: names.optional(),
  onProgress: fn('(done, total, label) => void').optional(),
});

export const uncertainListSchema = z.array(
  z.strictObject({ path: z.string(), lo: z.number(), hi: z.number(), nominal: z.number(), direction: z.union([z.literal(1), z.literal(-1)]) }),
);

export const evaluatorSchema = fn('(settings) => number | Promise<number>');
