// `npm run check:extrapolation [-- --cpus a,b --models x,y --max N]`: the cycle scheduler's exactness on
// whole networks, more than the test suite has time for. For every CPU profile × zoo model × lowering ×
// variant that lowers, every distinct layer is scheduled three ways and must agree to the cycle and on
// every port's busy cycles:
//   shared   — scheduleProgram: the layers share recorded steps, periods and starts (what `latency` runs);
//   alone    — scheduleKernel: the layer on its own (private ids and records);
//   expanded — scheduleKernel with extrapolation off: every instruction simulated (layers of at most
//              --max dynamic instructions, default 1,500,000; larger ones are counted as skipped).
// Prints one line per CPU with running counts, lists any disagreement, exits 1 if there is one. Takes
// about 20 minutes with the defaults on a 2-core machine (the expansions dominate).

import cliProgress from 'cli-progress';
import { parseArgs } from 'node:util';
import {
  AddersimError,
  evaluate,
  fmtInt,
  loadModel,
  loadProfile,
  scheduleKernel,
  scheduleProgram,
  totalInstructions,
  type KernelScheduleResult,
  type LayerResult,
} from '../src/index.ts';

function usage(message: string): never {
  console.error(`check-extrapolation: ${message}`);
  process.exit(2);
}

let values: { cpus: string; models: string; max: string };
try {
  ({ values } = parseArgs({
    options: {
      cpus: {
        type: 'string',
        default: 'intel-skylake,arm-cortex-a55,amd-zen3,via-nano-2000,intel-haswell,arm-cortex-a53,amd-jaguar,intel-atom,arm-cortex-a57',
      },
      models: { type: 'string', default: 'lenet5-bn,resnet20,vgg-small' },
      max: { type: 'string', default: '1500000' },
    },
  }));
} catch (e) {
  usage(`${(e as Error).message} (options: --cpus a,b --models x,y --max N)`);
}
const cpus = values.cpus.split(',');
const models = values.models.split(',');
// names checked before the long run starts
for (const cpu of cpus) {
  try {
    loadProfile(cpu);
  } catch (e) {
    usage(e instanceof AddersimError ? e.message : String(e));
  }
}
for (const model of models) {
  try {
    await loadModel(model);
  } catch (e) {
    usage(e instanceof AddersimError ? e.message : String(e));
  }
}
const max = Number(values.max);
if (!Number.isSafeInteger(max) || max < 0) usage(`--max must be a non-negative integer, got ${values.max}`);
const LOWERINGS = ['scalar', 'simd', 'int8', 'paper'] as const;
const VARIANTS = ['cnn', 'adder', 'bnn'] as const;

const same = (a: { cycles: number; portCycles?: Record<string, number> }, b: { cycles: number; portCycles?: Record<string, number> }): boolean =>
  a.cycles === b.cycles && JSON.stringify(a.portCycles) === JSON.stringify(b.portCycles);

let compared = 0;
let expanded = 0;
let skipped = 0;
let simulatedShared = 0;
let simulatedAlone = 0;
const bad: string[] = [];
const lines: string[] = [];
const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar(
      { format: 'check-extrapolation {bar} {value}/{total} programs | {what}', stream: process.stderr },
      cliProgress.Presets.shades_classic,
    )
  : null;
bar?.start(cpus.length * models.length * LOWERINGS.length * VARIANTS.length, 0, { what: '' });
for (const cpu of cpus) {
  const profile = loadProfile(cpu);
  for (const model of models) {
    const { graph } = await loadModel(model);
    for (const lowering of LOWERINGS) {
      for (const variant of VARIANTS) {
        bar?.increment(1, { what: `${cpu} ${model} ${lowering} ${variant}` });
        let program;
        try {
          program = evaluate(graph, profile, { variant, scheduler: 'serial', lowering }).program;
        } catch (e) {
          if (e instanceof AddersimError && e.code === 'UNKNOWN_FORM') continue; // the CPU lacks a form this lowering needs
          throw e;
        }
        const together = scheduleProgram(program, profile, 'cycle');
        const seen = new Set<string>();
        program.kernels.forEach((k, i) => {
          const layer: LayerResult = together.layers[i]!;
          if (seen.has(layer.layer)) return;
          seen.add(layer.layer);
          const alone: KernelScheduleResult = scheduleKernel(k, profile, 'cycle');
          compared++;
          simulatedShared += layer.extrapolation?.simulatedInstructions ?? 0;
          simulatedAlone += alone.extrapolation?.simulatedInstructions ?? 0;
          const where = `${cpu} ${model} ${lowering} ${variant} ${layer.layer}`;
          if (!same(layer, alone)) bad.push(`${where}: shared ${layer.cycles} ≠ alone ${alone.cycles} (or port cycles differ)`);
          if (totalInstructions(k.body) > max) {
            skipped++;
            return;
          }
          const full = scheduleKernel(k, profile, 'cycle', { extrapolate: false });
          expanded++;
          if (!same(alone, full)) bad.push(`${where}: extrapolated ${alone.cycles} ≠ expanded ${full.cycles} (or port cycles differ)`);
        });
      }
    }
  }
  const line = `${cpu}: ${fmtInt(compared)} layers so far, ${bad.length} disagreement(s); ${fmtInt(expanded)} also fully expanded (${fmtInt(skipped)} larger than ${fmtInt(max)} not); simulated ${fmtInt(simulatedShared)} shared vs ${fmtInt(simulatedAlone)} alone`;
  if (bar)
    lines.push(line); // printed when the bar is done (the two would garble each other)
  else console.log(line);
}
bar?.stop();
for (const l of lines) console.log(l);
for (const b of bad) console.log(`DISAGREE ${b}`);
console.log(bad.length === 0 ? 'check-extrapolation: every layer agrees' : `check-extrapolation: ${bad.length} disagreement(s)`);
process.exit(bad.length === 0 ? 0 : 1);
