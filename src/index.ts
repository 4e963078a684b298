// The public API of addersim (the package's `addersim` entry): named re-exports only, grouped by layer.
// Everything else under src/ is internal and may change without notice. test/public-api.test.ts lists
// these names: adding or removing one is a deliberate change to that list (and to docs/api/).
// The main functions carry a doc comment with an example at their definition; `npm run docs:api` turns
// them into docs/api/README.md.

// ── Errors, ops and kernels (src/isa) ──────────────────────────────────────────────────────────────────
export { AddersimError, type ErrorCode } from './isa/errors.ts';
export { OPS, ELEMENT_TYPES, type Op, type ElementType } from './isa/ops.ts';
export type { Instr, Loop, Stmt, Kernel, Program } from './isa/kernel.ts';
export { countKernel, countProgram, totalInstructions, type FormCounts } from './isa/count.ts';
export { printKernel } from './isa/print.ts';
export { parseKernelFile, type KernelFile } from './isa/kernel-file.ts';
export { emitAsm, ASM_TARGETS, type AsmTarget } from './isa/emit-asm.ts';
export type { TargetCaps } from './isa/target.ts';
export { VERSION } from './isa/version.ts';

// ── Models: zoo, graph files, ONNX, variants, op counts, lowering (src/models) ─────────────────────────
export { loadModel, type LoadedModel, type LoadOptions, type OnnxCoverage } from './models/load-model.ts';
export { ZOO_NAMES, isZooName, zooModel, listModels, type ZooName } from './models/zoo/index.ts';
export type { Graph, GraphFile, Layer, LayerKind, Shape, ShapedGraph, ShapedLayer } from './models/graph.ts';
export { parseGraphFile } from './models/graph-file.ts';
export { inferShapes } from './models/shapes.ts';
export { graphMacs, graphWeights } from './models/macs.ts';
export { VARIANTS, CONVERTS, applyVariant, detectVariant, type Variant, type Convert } from './models/variants.ts';
export { CONVENTIONS, opTable, type Convention, type OpTable, type OpTableLayer } from './models/op-table.ts';
export { lower, LOWERINGS, type LoweringName, type LoweringOptions } from './models/lowering/index.ts';

// ── CPU profiles, schedulers, energy (src/sim) ─────────────────────────────────────────────────────────
export type { Profile, ProfileFile, FormTiming, SourcedNumber } from './sim/profile/schema.ts';
export { loadProfile, listProfileNames, PROFILES_DIR } from './sim/profile/loader.ts';
export { deriveProfile, validateProfile, targetCaps } from './sim/profile/validate.ts';
export {
  SCHEDULERS,
  type SchedulerName,
  type ScheduleResult,
  type LayerResult,
  type KernelScheduleResult,
  type Bottleneck,
  type Extrapolation,
} from './sim/results/result.ts';
export { scheduleProgram, scheduleKernel, checkKernelForms, type ScheduleOptions } from './sim/schedulers/schedule.ts';
export { serialFromCounts, type SerialResult, type SerialTerm } from './sim/schedulers/serial.ts';
export { renderTimeline } from './sim/cycle/timeline-view.ts';
export { loadEnergyTable, listEnergyTables, DEFAULT_ENERGY_TABLE } from './sim/energy/table.ts';
export { validateEnergyTable } from './sim/energy/validate.ts';
export type { EnergyTable } from './sim/energy/schema.ts';
export { energyOfProgram, energyOfCounts, type EnergyOptions, type EnergyResult, type LayerEnergy } from './sim/energy/energy.ts';
export type { StudyResult } from './sim/results/study-result.ts';

// ── What-if: evaluation, parameter paths, sweeps, crossovers, uncertainty, the study (src/whatif) ──────
export {
  DEFAULT_SETTINGS,
  resolveSettings,
  accumulatorsFor,
  type RunSettings,
  type SettingsInput,
  type AccumulatorChoice,
} from './whatif/settings.ts';
export { settingsRecord } from './whatif/settings-record.ts';
export type { SettingsRecord } from './sim/results/settings-record.ts';
export { evaluate, type EvaluateOptions, type Evaluation } from './whatif/evaluate.ts';
export { evaluateOnPool } from './whatif/schedule-pool.ts';
export { startPool, defaultWorkers, type SweepPool } from './whatif/pool.ts';
export { parseParamPath, deriveWith, type ParamPath, type Setting } from './whatif/params.ts';
export { parseNumericRange } from './whatif/ranges.ts';
export {
  uncertainParams,
  intervalOf,
  sampleSettings,
  tornadoOf,
  type Uncertain,
  type Interval,
  type IntervalMethod,
  type TornadoBar,
} from './whatif/uncertainty.ts';
export { sweep, planSweep, runSweep, type SweepSpec, type SweepPlan, type SweepRow, type RunSweepOptions } from './whatif/sweep.ts';
export { crossover, type CrossoverSpec, type CrossoverResult, type CurvePoint } from './whatif/crossover.ts';
export { runStudy, paperClaims, type StudyOptions } from './whatif/study.ts';

// ── Reports (src/reports) ──────────────────────────────────────────────────────────────────────────────
export { buildStudyReport, type StudyReportOptions } from './reports/study-report.ts';
export { FIGURE_WIDTHS, FONT_THEMES, type FigureWidth, type FontTheme } from './reports/charts/theme.ts';
export { writeReport, REPORT_FORMATS, type ReportFormat, type WriteOptions } from './reports/write.ts';
export type { Report, Table, Section } from './reports/report.ts';
export { fmtInt, fmtFixed, fmtRatio, fmtEnergy } from './reports/format.ts';
