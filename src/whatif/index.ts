// Public surface of the what-if layer: one evaluation, parameter paths and ranges, sweeps, crossover
// search, intervals/samples/tornado. (study.ts is exported from src/index.ts by name.)
export { evaluate, lowerFor, type EvaluateOptions, type Evaluation } from './evaluate.ts';
export * from './settings.ts';
export * from './settings-record.ts';
export { evaluateOnPool, scheduleProgramOnPool } from './schedule-pool.ts';
export * from './params.ts';
export * from './ranges.ts';
export * from './uncertainty.ts';
export { PointContext, type PointSpec, type PointResult, type RunConfig, type UncertaintyOptions } from './point.ts';
export { defaultWorkers, runPoints, startPool, type PoolRunOptions, type SweepPool } from './pool.ts';
export { planSweep, runSweep, sweep, sweepRow, MAX_POINTS, type SweepSpec, type SweepPlan, type SweepRow, type RunSweepOptions } from './sweep.ts';
export { SWEEP_SCHEMA_ID, formatOf, renderSweep, resumeFrom, startFile, parseRows, SweepWriter, type SweepFormat } from './sweep-output.ts';
export { crossover, type CrossoverSpec, type CrossoverResult, type CurvePoint } from './crossover.ts';
