// The package's public API (src/index.ts) name by name: a value or a type cannot appear in or vanish from
// `import … from 'addersim'` by accident — changing it means changing these lists (and docs/api/).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.ts';

const INDEX = join(__dirname, '../../src/index.ts');

const VALUES = [
  'ASM_TARGETS',
  'AddersimError',
  'CONVENTIONS',
  'CONVERTS',
  'DEFAULT_ENERGY_TABLE',
  'DEFAULT_SETTINGS',
  'ELEMENT_TYPES',
  'FIGURE_WIDTHS',
  'FONT_THEMES',
  'LOWERINGS',
  'OPS',
  'PROFILES_DIR',
  'REPORT_FORMATS',
  'SCHEDULERS',
  'VARIANTS',
  'VERSION',
  'ZOO_NAMES',
  'accumulatorsFor',
  'applyVariant',
  'buildStudyReport',
  'checkKernelForms',
  'countKernel',
  'countProgram',
  'crossover',
  'defaultWorkers',
  'deriveProfile',
  'deriveWith',
  'detectVariant',
  'emitAsm',
  'energyOfCounts',
  'energyOfProgram',
  'evaluate',
  'evaluateOnPool',
  'fmtEnergy',
  'fmtFixed',
  'fmtInt',
  'fmtRatio',
  'graphMacs',
  'graphWeights',
  'inferShapes',
  'intervalOf',
  'isZooName',
  'listEnergyTables',
  'listModels',
  'listProfileNames',
  'loadEnergyTable',
  'loadModel',
  'loadProfile',
  'lower',
  'opTable',
  'paperClaims',
  'parseGraphFile',
  'parseKernelFile',
  'parseNumericRange',
  'parseParamPath',
  'planSweep',
  'printKernel',
  'renderTimeline',
  'resolveSettings',
  'runStudy',
  'runSweep',
  'sampleSettings',
  'scheduleKernel',
  'scheduleProgram',
  'serialFromCounts',
  'settingsRecord',
  'startPool',
  'sweep',
  'targetCaps',
  'tornadoOf',
  'totalInstructions',
  'uncertainParams',
  'validateEnergyTable',
  'validateProfile',
  'writeReport',
  'zooModel',
];

const TYPES = [
  'AccumulatorChoice',
  'AsmTarget',
  'Bottleneck',
  'Convention',
  'Convert',
  'CrossoverResult',
  'CrossoverSpec',
  'CurvePoint',
  'ElementType',
  'EnergyOptions',
  'EnergyResult',
  'EnergyTable',
  'ErrorCode',
  'EvaluateOptions',
  'Evaluation',
  'Extrapolation',
  'FigureWidth',
  'FontTheme',
  'FormCounts',
  'FormTiming',
  'Graph',
  'GraphFile',
  'Instr',
  'Interval',
  'IntervalMethod',
  'Kernel',
  'KernelFile',
  'KernelScheduleResult',
  'Layer',
  'LayerEnergy',
  'LayerKind',
  'LayerResult',
  'LoadOptions',
  'LoadedModel',
  'Loop',
  'LoweringName',
  'LoweringOptions',
  'OnnxCoverage',
  'Op',
  'OpTable',
  'OpTableLayer',
  'ParamPath',
  'Profile',
  'ProfileFile',
  'Program',
  'Report',
  'ReportFormat',
  'RunSettings',
  'RunSweepOptions',
  'ScheduleOptions',
  'ScheduleResult',
  'SchedulerName',
  'Section',
  'SerialResult',
  'SerialTerm',
  'Setting',
  'SettingsInput',
  'SettingsRecord',
  'Shape',
  'ShapedGraph',
  'ShapedLayer',
  'SourcedNumber',
  'Stmt',
  'StudyReportOptions',
  'StudyOptions',
  'StudyResult',
  'SweepPlan',
  'SweepPool',
  'SweepRow',
  'SweepSpec',
  'Table',
  'TargetCaps',
  'TornadoBar',
  'Uncertain',
  'Variant',
  'WriteOptions',
  'ZooName',
];

/** The main functions: each has a doc comment with an `@example` where it is defined. */
const DOCUMENTED = [
  'loadModel',
  'loadProfile',
  'deriveProfile',
  'evaluate',
  'evaluateOnPool',
  'opTable',
  'applyVariant',
  'lower',
  'scheduleProgram',
  'scheduleKernel',
  'serialFromCounts',
  'energyOfProgram',
  'loadEnergyTable',
  'sweep',
  'crossover',
  'runStudy',
  'writeReport',
  'parseKernelFile',
  'emitAsm',
  'startPool',
  'deriveWith',
];

interface Exported {
  readonly name: string;
  readonly type: boolean;
  readonly from: string;
}

/** Every name src/index.ts exports, read from its text: `export { a, type B } from '…'` / `export type { C } from '…'`. */
function exportsOfIndex(): Exported[] {
  const text = readFileSync(INDEX, 'utf8');
  const out: Exported[] = [];
  for (const m of text.matchAll(/^export (type )?\{([^}]*)\} from '([^']+)';/gm)) {
    for (const item of m[2]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const typeOnly = m[1] !== undefined || item.startsWith('type ');
      out.push({
        name: item
          .replace(/^type /, '')
          .split(/\s+as\s+/)
          .pop()!,
        type: typeOnly,
        from: m[3]!,
      });
    }
  }
  return out;
}

describe('public API (src/index.ts)', () => {
  it('has only named re-exports (no `export *`, no declarations of its own)', () => {
    const lines = readFileSync(INDEX, 'utf8')
      .split('\n')
      .filter((l) => /^export\b/.test(l));
    expect(lines.filter((l) => /^export \*/.test(l))).toEqual([]);
    expect(lines.filter((l) => !/^export (type )?\{/.test(l))).toEqual([]);
  });

  it('exports exactly the listed runtime values', () => {
    expect(Object.keys(api).sort()).toEqual([...VALUES].sort());
    expect(
      exportsOfIndex()
        .filter((e) => !e.type)
        .map((e) => e.name)
        .sort(),
    ).toEqual([...VALUES].sort());
  });

  it('exports exactly the listed types', () => {
    expect(
      exportsOfIndex()
        .filter((e) => e.type)
        .map((e) => e.name)
        .sort(),
    ).toEqual([...TYPES].sort());
  });

  it('the checker sees a type-only export as a type and an alias under its public name', () => {
    // Hand-made line through the same parser: `export { a, type B, c as D } from './x.ts';`
    const m = [..."export { a, type B, c as D } from './x.ts';".matchAll(/^export (type )?\{([^}]*)\} from '([^']+)';/gm)];
    expect(m).toHaveLength(1);
    expect(
      m[0]![2]!.split(',').map((s) =>
        s
          .trim()
          .replace(/^type /, '')
          .split(/\s+as\s+/)
          .pop(),
      ),
    ).toEqual(['a', 'B', 'D']);
  });

  it.each(DOCUMENTED)('%s has a doc comment with an example at its definition', (name) => {
    const e = exportsOfIndex().find((x) => x.name === name);
    expect(e, `${name} is exported`).toBeDefined();
    const text = readFileSync(join(dirname(INDEX), e!.from), 'utf8');
    const at = text.search(new RegExp(`^export (async )?function ${name}\\b`, 'm'));
    expect(at, `${name} is defined in ${e!.from}`).toBeGreaterThan(0);
    const before = text.slice(0, at).trimEnd();
    expect(before.endsWith('*/'), `${name}: a /** … */ comment right above`).toBe(true);
    const doc = before.slice(before.lastIndexOf('/**'));
    expect(doc).toMatch(/@example/);
  });
});
