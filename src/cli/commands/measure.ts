// `addersim measure KERNEL.json… [--cpu NAME]`: runs the kernels' emitted assembly on this host
// (x86-64, needs cc) and prints measured core cycles per iteration beside the cycle model's prediction.
//   Kernel                   Measured  Median  Noise  amd-zen3   Error
//   cnn-fma-f32x8-1acc          4.003   4.010   0.2%     4.000   -0.1%
// `addersim measure MODEL --lowering simd|int8 [--variant cnn,adder]`: every layer, see measure-model.ts.
// The measuring code is imported only when this command runs.

import type { Command } from 'commander';
import { cell } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import type { Table } from '../../reports/report.ts';
import { loadProfile } from '../../sim/profile/loader.ts';
import { UsageError } from '../errors.ts';
import { toJson, type Io } from '../io.ts';
import { KERNEL_FILE_HELP, readKernelFile } from './kernel.ts';
import { isModelInput, measureModel } from './measure-model.ts';
import { ZOO_NAMES } from '../../models/index.ts';

interface MeasureFlags {
  cpu?: string;
  repetitions?: string;
  passes: string;
  pin?: string;
  cc: string;
  json?: boolean;
  lowering?: string;
  variant?: string;
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got "${v}"`);
  return n;
}

export function register(program: Command, io: Io): void {
  program
    .command('measure')
    .description('run kernel files, or every layer of a model, on this host CPU (x86-64, needs cc) and print measured cycles beside the prediction')
    .argument('<inputs...>', 'kernel JSON files (addersim/kernel@1, flat bodies), or one MODEL (zoo name, graph JSON, .onnx) with --lowering')
    .option('--cpu <name|file>', 'profile to predict with (default: the profile matching the host CPU)')
    .option('--lowering <simd|int8>', 'MODEL: the lowering whose layers run (default simd)')
    .option('--variant <list>', 'MODEL: variants, comma-separated (default cnn,adder)')
    .option('--repetitions <n>', 'samples per pass (default 61; MODEL 41)')
    .option('--passes <n>', 'passes (samples = repetitions × passes, at least 20)', '3')
    .option('--pin <cpu>', 'CPU number to pin to (default: the last CPU)')
    .option('--cc <compiler>', 'C compiler that builds the harness', 'cc')
    .option('--json', 'machine-readable output (schema addersim/measure@1)')
    .addHelpText('after', KERNEL_FILE_HELP)
    .action(async (files: string[], flags: MeasureFlags) => {
      const model = isModelInput(files, flags, ZOO_NAMES);
      const repetitions = positive('--repetitions', flags.repetitions ?? (model ? '41' : '61'));
      const passes = positive('--passes', flags.passes);
      if (repetitions * passes < 20) throw new UsageError(`--repetitions × --passes must be at least 20, got ${repetitions * passes}`);
      const pin = flags.pin === undefined ? undefined : Number(flags.pin);
      if (pin !== undefined && (!Number.isSafeInteger(pin) || pin < 0)) throw new UsageError(`--pin must be a CPU number, got "${flags.pin}"`);
      if (model) {
        const { pin: _pin, ...rest } = flags;
        await measureModel(files[0]!, { ...rest, repetitions, passes, ...(pin === undefined ? {} : { pin }) }, io);
        return;
      }
      const kernels = files.map(readKernelFile);
      const m = await import('../../measure/index.ts');
      const host = m.readHost();
      const profile = loadProfile(flags.cpu ?? m.profileForHost(host));
      const own = m.hostProfileName(host);
      const other = m.otherCpuNote(profile, own === undefined ? undefined : loadProfile(own));
      const r = m.measureKernels(kernels, profile, { repetitions, passes, cc: flags.cc, ...(pin === undefined ? {} : { pin }) });
      if (flags.json) {
        io.out(toJson(r));
        return;
      }
      const t: Table = {
        id: 'measure',
        title: `measured on ${r.host.description}${r.pinned ? `, pinned to CPU ${r.pinnedCpu}` : ', NOT pinned'}; predicted by ${r.profile} (cycle scheduler, steady state)`,
        columns: [
          { key: 'kernel', title: 'Kernel' },
          { key: 'measured', title: 'Measured cycles/iter (min)' },
          { key: 'median', title: 'Median' },
          { key: 'noise', title: 'Noise' },
          { key: 'predicted', title: `${r.profile}` },
          { key: 'error', title: 'Error' },
        ],
        rows: r.kernels.map((k) => [
          cell.text(k.kernel),
          cell.num(k.measuredCyclesPerIteration, 3),
          cell.num(k.medianCyclesPerIteration, 3),
          cell.pct(k.noise),
          k.predictedCyclesPerIteration === null ? cell.none(k.unpredicted ?? 'no prediction') : cell.num(k.predictedCyclesPerIteration, 3),
          k.error === null ? cell.none('no prediction') : cell.pct(k.error, true),
        ]),
        notes: [
          `TSC ticks per core cycle ${r.calibration.ticksPerCycle.toFixed(4)} (chain of ${r.calibration.chain} dependent adds; spread of the calibration across series ${(r.calibration.drift * 100).toFixed(2)}%)`,
          `noise = (median − minimum) / minimum over ${r.kernels[0]?.samples ?? 0} samples; mean absolute error ${(r.meanAbsoluteError * 100).toFixed(1)}%`,
          ...r.kernels.flatMap((k) => (k.unpredicted ? [`${k.kernel}: measured, not predicted (${k.unpredicted})`] : [])),
          ...(other ? [other] : []),
        ],
      };
      io.out(`${renderTableText(t)}\n`);
    });
}
