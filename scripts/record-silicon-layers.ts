// Measures every layer of ResNet-20 (CNN and AdderNet; simd and int8 lowerings, as lowered for amd-zen3) on this
// host (a Zen 3) with `addersim measure MODEL`'s layer harness and records the per-layer core cycles, so
// test/validation/silicon-layers.test.ts compares addersim's predictions with them without the CPU:
//   npx tsx scripts/record-silicon-layers.ts            # re-measure; rewrites test/validation/silicon-layers.json
//   npx tsx scripts/record-silicon-layers.ts --table    # the table from the fixture and today's model (no CPU)
//   npx tsx scripts/record-silicon-layers.ts --pin      # re-pin the known gaps to today's predictions (no CPU)
// The layer functions are hashed (sha256 of the assembly): a change of the emitter or lowering shows up.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyVariant, loadModel, loadProfile, scheduleProgram, type Variant } from '../src/index.ts';
import type { Profile } from '../src/sim/profile/schema.ts';
import type { LoweringName } from '../src/models/index.ts';
import { buildLayer, describeHost, measureProgram, readHost, type NetworkMeasurement } from '../src/measure/index.ts';
import { lowerFor } from '../src/whatif/evaluate.ts';
import { CONV_KINDS, CONV_TARGET, RATIO_TARGET } from '../src/cli/commands/measure-model.ts';

export const VALIDATION_DIR = new URL('../test/validation/', import.meta.url).pathname;
export const LAYER_FIXTURES = join(VALIDATION_DIR, 'silicon-layers.json');
export const LAYER_GAPS = join(VALIDATION_DIR, 'silicon-layers-known-gaps.json');
export const MODEL = 'resnet20';
export const PROFILE = 'amd-zen3';
export const LOWERINGS: readonly LoweringName[] = ['simd', 'int8'];
export const VARIANTS: readonly Variant[] = ['cnn', 'adder'];
const REPETITIONS = 41;
const PASSES = 10;

export interface LayerFixture {
  readonly layer: string;
  readonly kind: string;
  readonly addressing: string;
  readonly asmSha256: string;
  readonly measuredCycles: number;
  readonly medianCycles: number;
  readonly samples: number;
  readonly predictedAtRecording: number;
}

export interface LayerRun {
  readonly lowering: LoweringName;
  readonly variant: Variant;
  readonly drift: number;
  readonly layers: readonly LayerFixture[];
}

export interface LayerData {
  readonly host: string;
  readonly recorded: string;
  readonly command: string;
  readonly method: string;
  readonly runs: readonly LayerRun[];
}

/** The layer functions of one lowering × variant as addersim builds them today, with their predictions. */
export async function layersToday(lowering: LoweringName, variant: Variant, withPredictions = true, profile: Profile = loadProfile(PROFILE)) {
  const { graph } = await loadModel(MODEL);
  const e = lowerFor(graph, profile, { variant, lowering });
  const g = applyVariant(graph, variant, e.convert);
  const byName = new Map(g.layers.map((l) => [l.name, l]));
  const cycles = withPredictions ? scheduleProgram(e.program, profile, 'cycle').layers.map((l) => l.cycles) : [];
  const layers = e.program.kernels.map((k, i) => {
    const b = buildLayer(k, k.layer === undefined ? undefined : byName.get(k.layer), lowering, `layer_${i}`);
    return {
      layer: k.layer ?? k.name,
      kind: k.layerKind ?? '',
      addressing: b.addressing,
      asmSha256: createHash('sha256').update(b.fn.lines.join('\n')).digest('hex'),
      predicted: cycles[i] ?? Number.NaN,
    };
  });
  return { program: e.program, graph: g, profile, layers };
}

export function readLayerData(): LayerData {
  return JSON.parse(readFileSync(LAYER_FIXTURES, 'utf8')) as LayerData;
}

export interface LayerRow {
  readonly lowering: string;
  readonly variant: string;
  readonly layer: string;
  readonly kind: string;
  readonly measured: number;
  readonly predicted: number;
  readonly error: number;
}

/** Recorded measurements beside today's predictions; totals and the AdderNet/CNN ratio per lowering. */
export async function compareLayers(data = readLayerData(), profile: Profile = loadProfile(PROFILE)) {
  const rows: LayerRow[] = [];
  const ratios: { lowering: string; measured: number; predicted: number; error: number }[] = [];
  for (const lowering of LOWERINGS) {
    const totals = new Map<string, { m: number; p: number }>();
    for (const variant of VARIANTS) {
      const run = data.runs.find((r) => r.lowering === lowering && r.variant === variant);
      if (!run) throw new Error(`no recorded run ${lowering} ${variant}`);
      const today = await layersToday(lowering, variant, true, profile);
      let m = 0;
      let p = 0;
      run.layers.forEach((f, i) => {
        const t = today.layers[i]!;
        if (t.layer !== f.layer) throw new Error(`recorded layer ${f.layer} is ${t.layer} today`);
        rows.push({
          lowering,
          variant,
          layer: f.layer,
          kind: f.kind,
          measured: f.measuredCycles,
          predicted: t.predicted,
          error: (t.predicted - f.measuredCycles) / f.measuredCycles,
        });
        m += f.measuredCycles;
        p += t.predicted;
      });
      totals.set(variant, { m, p });
    }
    const c = totals.get('cnn')!;
    const a = totals.get('adder')!;
    const measured = a.m / c.m;
    const predicted = a.p / c.p;
    ratios.push({ lowering, measured, predicted, error: (predicted - measured) / measured });
  }
  return { rows, ratios };
}

export function layerTable(rows: readonly LayerRow[], ratios: Awaited<ReturnType<typeof compareLayers>>['ratios']): string {
  const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;
  const convs = rows.filter((r) => CONV_KINDS.includes(r.kind));
  const out = [
    `Conv layers within ${CONV_TARGET * 100}%: ${convs.filter((r) => Math.abs(r.error) <= CONV_TARGET).length} of ${convs.length}.`,
    ...ratios.map(
      (r) =>
        `${r.lowering}: AdderNet/CNN whole network measured ${r.measured.toFixed(3)}, addersim ${r.predicted.toFixed(3)} (${pct(r.error)}; target within ${RATIO_TARGET * 100}%).`,
    ),
    '',
    '| lowering | variant | layer | kind | measured cycles | addersim | error |',
    '|---|---|---|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.lowering} | ${r.variant} | ${r.layer} | ${r.kind} | ${Math.round(r.measured)} | ${r.predicted} | ${pct(r.error)} |`),
  ];
  return out.join('\n');
}

/** Conv layers off by more than CONV_TARGET and ratios off by more than RATIO_TARGET, with today's predictions pinned. */
export async function pinGaps(): Promise<void> {
  const { rows, ratios } = await compareLayers();
  const gaps: Record<string, { measured: number; addersim: number }> = {};
  for (const r of rows)
    if (CONV_KINDS.includes(r.kind) && Math.abs(r.error) > CONV_TARGET)
      gaps[`${r.lowering} ${r.variant} ${r.layer}`] = { measured: r.measured, addersim: r.predicted };
  for (const r of ratios) if (Math.abs(r.error) > RATIO_TARGET) gaps[`${r.lowering} ratio`] = { measured: r.measured, addersim: r.predicted };
  writeFileSync(LAYER_GAPS, `${JSON.stringify(gaps, null, 2)}\n`);
}

async function record(): Promise<void> {
  const host = readHost();
  if (host.vendor !== 'AuthenticAMD' || host.family !== 25) throw new Error(`recording needs a Zen 3 (AMD family 25); this is ${describeHost(host)}`);
  const runs: LayerRun[] = [];
  for (const lowering of LOWERINGS)
    for (const variant of VARIANTS) {
      const t = await layersToday(lowering, variant);
      process.stderr.write(`measuring ${MODEL} ${variant} ${lowering} (${t.layers.length} layers)\n`);
      const r: NetworkMeasurement = await measureProgram(t.program, t.graph, t.profile, { repetitions: REPETITIONS, passes: PASSES });
      runs.push({
        lowering,
        variant,
        drift: r.calibration.drift,
        layers: r.layers.map((l, i) => ({
          layer: l.layer,
          kind: l.kind,
          addressing: l.addressing,
          asmSha256: t.layers[i]!.asmSha256,
          measuredCycles: Math.round(l.measuredCycles * 10) / 10,
          medianCycles: Math.round(l.medianCycles * 10) / 10,
          samples: REPETITIONS * PASSES,
          predictedAtRecording: l.predictedCycles,
        })),
      });
    }
  const data: LayerData = {
    host: describeHost(host),
    recorded: new Date().toISOString().slice(0, 10),
    command: 'npx tsx scripts/record-silicon-layers.ts',
    method: `addersim measure MODEL layer harness: each layer a function over its real buffers, ${REPETITIONS} × ${PASSES} samples (calibration chain before each), minimum kept; pinned to the last CPU`,
    runs,
  };
  writeFileSync(LAYER_FIXTURES, `${JSON.stringify(data, null, 1)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = process.argv[2];
  if (arg === '--table') {
    const { rows, ratios } = await compareLayers();
    process.stdout.write(`${layerTable(rows, ratios)}\n`);
  } else if (arg === '--pin') await pinGaps();
  else {
    await record();
    await pinGaps();
  }
}
