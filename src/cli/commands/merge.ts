// `addersim merge PART… [--out FILE]`: joins the parts written by `addersim sweep … --shard K/N` into the
// file the unsharded sweep writes, byte for byte; parts of different sweeps (input hash), a missing or
// repeated shard and an incomplete part are refused (exit 1) before anything is written, and so is an
// --out file that no addersim sweep or merge wrote.
//   addersim merge parts/*.csv --out sweep.csv
//   addersim merge: 3 parts, 1000 points → sweep.csv

import type { Command } from 'commander';
import { readInputBytes } from '../../isa/index.ts';
import { mergeParts } from '../../whatif/shard.ts';
import { checkSweepTarget, formatOf } from '../../whatif/sweep-output.ts';
import { UsageError } from '../errors.ts';
import { writeFileAtomic, type Io } from '../io.ts';
import { fmtInt } from '../../reports/format.ts';

export function register(program: Command, io: Io): void {
  program
    .command('merge')
    .description('join sweep parts (sweep --shard K/N) into the unsharded sweep file, byte for byte')
    .argument('<parts...>', 'part files of one sweep, all N of them, in any order')
    .option('--out <file>', "write FILE.csv or FILE.json (the parts' format; default: stdout)")
    .action((parts: string[], flags: { out?: string }) => {
      if (flags.out && parts.includes(flags.out)) throw new UsageError('--out must not be one of the parts');
      if (flags.out) checkSweepTarget(flags.out); // a user's file is never replaced, as with sweep --out
      const merged = mergeParts(parts.map((name) => ({ name, text: readInputBytes(name, 'sweep part', 'outputBytes').toString('utf8') })));
      if (flags.out && formatOf(flags.out) !== merged.format) throw new UsageError(`the parts are ${merged.format}: --out must end in .${merged.format}`);
      if (!flags.out) {
        io.out(merged.text);
        return;
      }
      writeFileAtomic(flags.out, merged.text);
      io.err(`addersim merge: ${parts.length} parts, ${fmtInt(merged.count)} points → ${flags.out}`);
    });
}
