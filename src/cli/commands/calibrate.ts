// `addersim calibrate PROFILE --out FILE`: microbenchmarks every register form of PROFILE on this host
// (x86-64, needs cc) and writes an `extends` profile of the numbers the measurement changes, each citing
// `measured: <cpu>, <date>, addersim calibrate`; the raw figures go beside it (my.json → my.raw.json).
// An existing output is replaced only when an earlier calibrate wrote it.
//   calibrated 172 forms of amd-zen3 on AMD EPYC (…): 3 latencies, 1 throughput changed → my-zen3.json
// The measuring code is imported only when this command runs.

import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { deriveProfile, isProfilePath, loadProfile } from '../../sim/profile/loader.ts';
import { UsageError } from '../errors.ts';
import { refuseForeignFile, toJson, writeFileAtomic, type Io } from '../io.ts';

interface CalibrateFlags {
  out?: string;
  forms?: string;
  repetitions: string;
  passes: string;
  cc: string;
  json?: boolean;
}

export function register(program: Command, io: Io): void {
  program
    .command('calibrate')
    .description('measure the forms of a profile on this host CPU (x86-64, needs cc) and write an extends profile of the measured numbers')
    .argument('<profile>', 'profile name or file to calibrate')
    .requiredOption('--out <file>', 'profile file to write, NAME.json (raw figures beside it in NAME.raw.json); an existing file only if calibrate wrote it')
    .option('--forms <list>', 'comma-separated forms (default: every register form of the profile)')
    .option('--repetitions <n>', 'samples per pass', '20')
    .option('--passes <n>', 'passes (samples = repetitions × passes, at least 20)', '2')
    .option('--cc <compiler>', 'C compiler that builds the harness', 'cc')
    .option('--json', 'print the calibration (schema addersim/calibration@1) instead of a summary')
    .action(async (ref: string, flags: CalibrateFlags) => {
      const out = flags.out!;
      if (!out.endsWith('.json')) throw new UsageError(`--out must name a .json file, got "${out}"`);
      const repetitions = Number(flags.repetitions);
      const passes = Number(flags.passes);
      if (!Number.isSafeInteger(repetitions) || !Number.isSafeInteger(passes) || repetitions < 1 || passes < 1 || repetitions * passes < 20) {
        throw new UsageError(`--repetitions × --passes must be positive integers with at least 20 samples, got ${flags.repetitions} × ${flags.passes}`);
      }
      // both outputs are checked before the minutes of measuring: a user's file is never replaced
      const rawOut = out.replace(/\.json$/, '.raw.json');
      refuseForeignFile(out, (head) => /"description": "[^"\n]*\(addersim calibrate\)/.test(head), 'addersim calibrate');
      refuseForeignFile(rawOut, (head) => /^\{\s*"schema": "addersim\/calibration@/.test(head), 'addersim calibrate');
      const profile = loadProfile(ref);
      const m = await import('../../measure/index.ts');
      const forms = flags.forms
        ?.split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      const r = m.calibrateProfile(profile, { repetitions, passes, cc: flags.cc, ...(forms ? { forms } : {}) });
      const name =
        basename(out, '.json')
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, '-')
          .replace(/^-+|-+$/g, '') || `${profile.name}-calibrated`;
      const ext = r.extension as { extends: string; forms: Record<string, Record<string, unknown>> };
      const file = {
        extends: isProfilePath(ref) ? resolve(ref) : ext.extends,
        name,
        description: `${profile.name} calibrated on ${r.host}, ${r.date} (addersim calibrate): latencies from dependency chains, reciprocal throughputs from ${m.THROUGHPUT_COPIES} independent copies; raw figures in ${basename(out, '.json')}.raw.json`,
        forms: ext.forms,
      };
      // the written file must load like any other profile: validate the merged result before writing
      deriveProfile(profile, { name: file.name, description: file.description, forms: file.forms }, out);
      writeFileAtomic(out, toJson(file));
      writeFileAtomic(rawOut, toJson(r));
      if (flags.json) {
        io.out(toJson(r));
        return;
      }
      const changed = Object.entries(file.forms);
      const lat = changed.filter(([, v]) => 'latency' in v).length;
      const tp = changed.filter(([, v]) => 'rthroughput' in v).length;
      io.out(
        `calibrated ${r.figures.length} forms of ${profile.name} on ${r.host}: ${lat} latencies, ${tp} throughputs changed (${changed.length - lat - tp > 0 ? `${changed.length} forms noted` : 'no other notes'}); ${r.skipped.length} forms skipped → ${out}\n`,
      );
    });
}
