// `addersim report`: the main job. Runs the study (paper claims, zoo × variants × CPUs × schedulers,
// energy) and writes reports/addernet-study/ (index.html, report.md, report.tex, report.txt,
// report.json, tables/*.{csv,tex}, charts/*.{png,svg,pdf}) atomically; a progress bar on a terminal.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ioError } from '../../isa/index.ts';
import cliProgress from 'cli-progress';
import { VARIANTS, type Variant } from '../../models/index.ts';
import { buildStudyReport } from '../../reports/study-report.ts';
import { FIGURE_WIDTH_NAMES, FONT_THEME_NAMES, type FigureWidth, type FontTheme } from '../../reports/charts/theme.ts';
import { checkReportTarget, recoverStranded } from '../../reports/out-folder.ts';
import { REPORT_FORMATS, plannedFiles, writeReport, type ReportFormat } from '../../reports/write.ts';
import { SCHEDULERS, type SchedulerName } from '../../sim/results/result.ts';
import { defaultStudyCpus, runStudy, STUDY_MODELS, STUDY_SCHEDULERS } from '../../whatif/study.ts';
import { toJson, type Io } from '../io.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_SETTINGS } from '../../whatif/settings.ts';
import { LOWERINGS, type LoweringName } from '../../models/index.ts';
import { choice as pick, choiceList as listOf, commaList as list } from './choice.ts';

interface ReportFlags {
  out: string;
  models?: string;
  variants?: string;
  cpus?: string;
  schedulers?: string;
  formats?: string;
  lowering: string;
  table: string;
  cycleModels?: string;
  figureWidth: string;
  figureFont: string;
  progress?: boolean;
}

export const DEFAULT_REPORT_DIR = 'reports/addernet-study';
/**
 * Models on which the default study runs the cycle scheduler: all of them. Measured on this 2-core
 * machine (simd f32, 3 CPUs × 3 variants × 6 models): the whole study takes about 6 s since the cycle
 * scheduler replays recorded loop iterations, known periods and known starts, shared between layers
 * (a single ResNet case used to take 14–30 s, when the ResNets were left out by default).
 * `--cycle-models` narrows it.
 */
export const DEFAULT_CYCLE_MODELS: readonly string[] = STUDY_MODELS;

export function register(program: Command, io: Io): void {
  program
    .command('report')
    .description('the full study: paper claims, zoo × (cnn, adder, bnn) × CPUs × schedulers with energy, as HTML/MD/TeX/CSV/JSON + charts')
    .option('--out <dir>', 'output folder: new, empty, or an earlier report (replaced as a whole); anything else is refused', DEFAULT_REPORT_DIR)
    .option('--models <list>', `comma-separated models (default ${STUDY_MODELS.join(',')})`)
    .option('--variants <list>', 'comma-separated variants (default cnn,adder,bnn)')
    .option('--cpus <list>', 'comma-separated CPU profiles (default: via-nano-2000, one modern x86, one Arm)')
    .option('--schedulers <list>', `comma-separated schedulers (default ${STUDY_SCHEDULERS.join(',')})`)
    .option('--formats <list>', `comma-separated outputs (default all: ${REPORT_FORMATS.join(',')})`)
    .option('--lowering <l>', 'lowering of the study (paper | scalar | simd | int8)', DEFAULT_SETTINGS.lowering)
    .option('--energy-table <name>', `energy table (default: ${DEFAULT_SETTINGS.energyTable})`)
    .option('--table <name>', 'alias of --energy-table')
    .option('--model <list>', 'alias of --models')
    .option('--variant <list>', 'alias of --variants')
    .option('--cpu <list>', 'alias of --cpus')
    .option('--scheduler <list>', 'alias of --schedulers')
    .option('--cycle-models <list>', 'models on which the cycle scheduler runs (default: every model of the study)')
    .option('--figure-width <w>', 'printed width of the per-CPU charts: column (3.5 in) | page (7 in)', 'column')
    .option('--figure-font <f>', 'chart font: serif (Latin Modern, as a LaTeX body) | sans', 'serif')
    .option('--no-progress', 'no progress bar even on a terminal')
    .action(async (raw: ReportFlags & { model?: string; variant?: string; cpu?: string; scheduler?: string; energyTable?: string }) => {
      // one flag vocabulary across commands: the singular spellings (--variant a,b) are accepted here too
      const alias = (plural: string | undefined, singular: string | undefined, name: string) => {
        if (plural !== undefined && singular !== undefined) throw new UsageError(`give --${name}s or --${name}, not both`);
        return plural ?? singular;
      };
      const flags: ReportFlags = {
        ...raw,
        models: alias(raw.models, raw.model, 'model'),
        variants: raw.variant === 'all' ? undefined : alias(raw.variants, raw.variant, 'variant'),
        cpus: alias(raw.cpus, raw.cpu, 'cpu'),
        schedulers: alias(raw.schedulers, raw.scheduler, 'scheduler'),
        table: alias(raw.energyTable, raw.table, 'energy-table') ?? DEFAULT_SETTINGS.energyTable,
      };
      // errors name the spelling the user typed (--cpu or --cpus; a loader's error is re-named in main.ts)
      const typed = (plural: string | undefined, name: string) => (plural !== undefined ? `--${name}s` : `--${name}`);
      const cpuFlag = typed(raw.cpus, 'cpu');
      const formats = listOf<ReportFormat>('--formats', flags.formats, REPORT_FORMATS) ?? [...REPORT_FORMATS];
      const schedulers = listOf<SchedulerName>(typed(raw.schedulers, 'scheduler'), flags.schedulers, SCHEDULERS) ?? [...STUDY_SCHEDULERS];
      const variants = listOf<Variant>(typed(raw.variants, 'variant'), flags.variants, VARIANTS);
      const lowering = pick<LoweringName>('--lowering', flags.lowering, LOWERINGS);
      const models = list(typed(raw.models, 'model'), flags.models) ?? [...STUDY_MODELS];
      const cpus = list(cpuFlag, flags.cpus) ?? defaultStudyCpus();
      const figureWidth = pick<FigureWidth>('--figure-width', flags.figureWidth, FIGURE_WIDTH_NAMES);
      const font = pick<FontTheme>('--figure-font', flags.figureFont, FONT_THEME_NAMES);
      const cycleModels = list('--cycle-models', flags.cycleModels) ?? [...DEFAULT_CYCLE_MODELS];
      const bar =
        io.isTTY && flags.progress !== false
          ? new cliProgress.SingleBar(
              { stream: process.stderr, format: 'addersim report [{bar}] {value}/{total} {label}', hideCursor: true, clearOnComplete: true },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
      // Before the study: repair a swap a killed run left half done, and refuse a folder that is not ours.
      try {
        recoverStranded(resolve(flags.out));
      } catch (e) {
        throw ioError(e, 'repair the report folder left by a killed run', flags.out);
      }
      checkReportTarget(flags.out);
      const started = performance.now();
      try {
        bar?.start(1, 0, { label: 'loading' });
        const study = await runStudy({
          models,
          cpus,
          schedulers,
          lowering,
          energyTable: flags.table,
          cycleModels,
          ...(variants ? { variants } : {}),
          onProgress: (done, total, label) => {
            bar?.setTotal(total);
            bar?.update(done, { label });
          },
        });
        const report = buildStudyReport(study, { figureWidth, font });
        const extras: Record<string, string> = formats.includes('json') ? { 'study.json': toJson({ schema: 'addersim/study@1', ...study }) } : {};
        const files = [...plannedFiles(report, formats), ...Object.keys(extras)];
        bar?.setTotal(files.length);
        bar?.update(0, { label: 'writing' });
        writeReport(report, flags.out, { formats, extras, onProgress: (done, _total, file) => bar?.update(done, { label: file }) });
        bar?.stop();
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const skipped = study.latency.filter((l) => l.cycles === null).length;
        io.err(
          `addersim report: wrote ${files.length} file${files.length === 1 ? '' : 's'} to ${flags.out} in ${seconds} s (${study.latency.length} latency cases${skipped ? `, ${skipped} not run` : ''})`,
        );
      } catch (e) {
        bar?.stop();
        throw e;
      }
    });
}
