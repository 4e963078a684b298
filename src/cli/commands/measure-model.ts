// `addersim measure MODEL --lowering simd|int8 [--variant cnn,adder]`: every layer run on this host over buffers
// of its real sizes beside the cycle model's prediction, per variant, and the whole-network AdderNet/CNN
// ratio measured vs predicted. The measuring code is imported only when this command runs.
//   Layer           Kind    Layout     Measured  Median  Noise  amd-zen3   Error
//   layer1.0.conv1  conv2d  conv NHWC   175,585  …

import { loadModel, applyVariant, type Variant } from '../../models/index.ts';
import { cell } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import type { Table } from '../../reports/report.ts';
import { loadProfile } from '../../sim/profile/loader.ts';
import { lowerFor } from '../../whatif/evaluate.ts';
import type { NetworkMeasurement } from '../../measure/network.ts';
import { UsageError } from '../errors.ts';
import { toJson, type Io } from '../io.ts';
import { choice, choiceList } from './choice.ts';

/** Conv layer kinds whose error the issue's target (within 15%) is about. */
export const CONV_KINDS = ['conv2d', 'adder2d'];
export const CONV_TARGET = 0.15;
export const RATIO_TARGET = 0.1;

export interface ModelMeasureFlags {
  cpu?: string;
  lowering?: string;
  variant?: string;
  repetitions: number;
  passes: number;
  pin?: number;
  cc: string;
  json?: boolean;
}

export interface ModelMeasurement {
  readonly schema: 'addersim/measure-model@1';
  readonly model: string;
  readonly lowering: string;
  readonly profile: string;
  readonly runs: readonly NetworkMeasurement[];
  /** AdderNet total / CNN total, measured and predicted (when both variants ran). */
  readonly ratio?: { readonly measured: number; readonly predicted: number; readonly error: number };
  /** Conv layers (the first conv and the last FC included) within CONV_TARGET of the measurement. */
  readonly convLayers: { readonly within: number; readonly total: number };
}

/** Ratio and conv-layer summary of measured runs (pure: tested on recorded runs). */
export function summarise(runs: readonly NetworkMeasurement[]): Pick<ModelMeasurement, 'ratio' | 'convLayers'> {
  const convs = runs.flatMap((r) => r.layers.filter((l) => CONV_KINDS.includes(l.kind)));
  const cnn = runs.find((r) => r.variant === 'cnn');
  const adder = runs.find((r) => r.variant === 'adder');
  const out: { ratio?: ModelMeasurement['ratio']; convLayers: ModelMeasurement['convLayers'] } = {
    convLayers: { within: convs.filter((l) => Math.abs(l.error) <= CONV_TARGET).length, total: convs.length },
  };
  if (cnn && adder) {
    const measured = adder.totals.measuredCycles / cnn.totals.measuredCycles;
    const predicted = adder.totals.predictedCycles / cnn.totals.predictedCycles;
    out.ratio = { measured, predicted, error: (predicted - measured) / measured };
  }
  return out;
}

export async function measureModel(input: string, flags: ModelMeasureFlags, io: Io): Promise<void> {
  const lowering = choice('--lowering', flags.lowering ?? 'simd', ['simd', 'int8'] as const);
  const variants = choiceList<Variant>('--variant', flags.variant ?? 'cnn,adder', ['cnn', 'adder', 'bnn']) ?? ['cnn', 'adder'];
  const m = await import('../../measure/index.ts');
  const host = m.readHost();
  const profile = loadProfile(flags.cpu ?? m.profileForHost(host));
  const own = m.hostProfileName(host);
  const other = m.otherCpuNote(profile, own === undefined ? undefined : loadProfile(own));
  const { graph } = await loadModel(input);
  const runs: NetworkMeasurement[] = [];
  for (const variant of variants) {
    const e = lowerFor(graph, profile, { variant, lowering });
    const g = applyVariant(graph, variant, e.convert);
    io.err(
      `measuring ${graph.name} ${variant} (${lowering}, ${e.program.kernels.length} layers) on ${m.describeHost(host)}; predicting with ${profile.name}\n`,
    );
    const r = await m.measureProgram(e.program, g, profile, {
      repetitions: flags.repetitions,
      passes: flags.passes,
      cc: flags.cc,
      ...(flags.pin === undefined ? {} : { pin: flags.pin }),
      onProgress: io.isTTY ? (done, total, layer) => process.stderr.write(`\r  ${done}/${total} ${layer}`.padEnd(60)) : undefined,
    });
    if (io.isTTY) process.stderr.write(`\r${''.padEnd(60)}\r`);
    runs.push(r);
  }
  const result: ModelMeasurement = { schema: 'addersim/measure-model@1', model: graph.name, lowering, profile: profile.name, runs, ...summarise(runs) };
  if (flags.json) {
    io.out(toJson(result));
    return;
  }
  io.out(`${renderModelMeasurement(result)}${other ? `note: ${other}\n` : ''}`);
}

/** A warning when many layers' medians sit far above their minima: the host was busy (other jobs, a neighbour VM). */
function busy(run: NetworkMeasurement): string[] {
  const noisy = run.layers.filter((l) => l.noise > 0.1).length;
  if (noisy * 4 < run.layers.length) return [];
  return [
    `${noisy} of ${run.layers.length} layers have a median > 10% above their minimum: the host was busy; the minima may still be inflated (rerun when idle, or raise --repetitions / --passes)`,
  ];
}

/** Text tables: one per variant, then the totals and the ratio. */
export function renderModelMeasurement(r: ModelMeasurement): string {
  const out: string[] = [];
  for (const run of r.runs) {
    const t: Table = {
      id: `measure-${run.variant}`,
      title: `${r.model} ${run.variant} (${r.lowering}) measured on ${run.host.description}${run.pinned ? `, pinned to CPU ${run.pinnedCpu}` : ', NOT pinned'}; predicted by ${r.profile} (cycle scheduler); core cycles per layer`,
      columns: [
        { key: 'layer', title: 'Layer' },
        { key: 'kind', title: 'Kind' },
        { key: 'layout', title: 'Layout' },
        { key: 'buffers', title: 'Buffers (KB)' },
        { key: 'measured', title: 'Measured (min)' },
        { key: 'median', title: 'Median' },
        { key: 'noise', title: 'Noise' },
        { key: 'predicted', title: r.profile },
        { key: 'error', title: 'Error' },
      ],
      rows: run.layers.map((l) => [
        cell.text(l.layer),
        cell.text(l.kind),
        cell.text(l.addressing),
        cell.num(l.bufferBytes / 1024, 1),
        cell.num(l.measuredCycles, 0),
        cell.num(l.medianCycles, 0),
        cell.pct(l.noise),
        cell.num(l.predictedCycles, 0),
        cell.pct(l.error, true),
      ]),
      notes: [
        `total: measured ${Math.round(run.totals.measuredCycles).toLocaleString('en-US')}, predicted ${run.totals.predictedCycles.toLocaleString('en-US')} cycles (${(run.totals.error * 100).toFixed(1)}%)`,
        `TSC ticks per core cycle ${run.calibration.ticksPerCycle.toFixed(4)} (spread across series ${(run.calibration.drift * 100).toFixed(2)}%); loop control (pointer steps, counters) adds ${((run.layers.reduce((a, l) => a + l.loopControl, 0) / run.layers.reduce((a, l) => a + l.instructions, 0)) * 100).toFixed(1)}% instructions the model does not see`,
        ...run.layers.flatMap((l) => (l.fallback ? [`${l.layer}: ran over streams (${l.fallback})`] : [])),
        ...busy(run),
      ],
    };
    out.push(renderTableText(t));
  }
  const lines = [`conv layers within ${CONV_TARGET * 100}%: ${r.convLayers.within} of ${r.convLayers.total}`];
  if (r.ratio)
    lines.push(
      `AdderNet/CNN whole network: measured ${r.ratio.measured.toFixed(3)}, predicted ${r.ratio.predicted.toFixed(3)} (${(r.ratio.error * 100).toFixed(1)}%; target within ${RATIO_TARGET * 100}%)`,
    );
  return `${out.join('\n\n')}\n${lines.join('\n')}\n`;
}

export function isModelInput(inputs: readonly string[], flags: { lowering?: string; variant?: string }, zoo: readonly string[]): boolean {
  if (flags.lowering !== undefined || flags.variant !== undefined) {
    if (inputs.length !== 1) throw new UsageError('measure MODEL takes one model (a zoo name, a graph JSON file or an .onnx file)');
    return true;
  }
  return inputs.length === 1 && (zoo.includes(inputs[0]!) || inputs[0]!.endsWith('.onnx'));
}
