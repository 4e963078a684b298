// The CLI: parse flags with commander, call the public API, print results, map errors to exit codes.
// Each command lives in src/cli/commands/<name>.ts and registers itself through COMMANDS.

import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { LIMITS, setLimit } from '../isa/index.ts';
import { reportError, EXIT, UsageError } from './errors.ts';
import { processIo, type Io } from './io.ts';

export const VERSION = '0.1.0';

export function buildProgram(io: Io): Command {
  const program = new Command('addersim')
    .description('Hardware cost model and cycle simulator for CNNs, AdderNets and binary networks on CPU profiles')
    .version(VERSION)
    .option('--debug', 'print stack traces on errors')
    .option('--max-input-mb <n>', 'largest input file read, in MiB (default: 16 for JSON, 512 for ONNX, 1024 for a sweep output resumed)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // commander's usage errors ("error: unknown option '--x'" + "(Did you mean --y?)" on a second line)
      // as the one line every other usage error is: "addersim: unknown option '--x' (did you mean --y?) (see --help)"
      outputError: (s, write) => write(`addersim: ${s.trim().replace(/^error: /, '').replace(/\n\(Did you mean/, ' (did you mean')} (see --help)\n`),
    })
    .showSuggestionAfterError(true);
  for (const register of COMMANDS) register(program, io);
  program.hook('preAction', () => {
    const mb = program.opts<{ maxInputMb?: string }>().maxInputMb;
    if (mb === undefined) return;
    const n = Number(mb);
    if (!Number.isSafeInteger(n) || n < 1 || n > 1 << 20) throw new UsageError(`--max-input-mb must be a whole number of MiB from 1 to ${1 << 20}, got "${mb}"`);
    // Raises each cap to N MiB (never lowers one below its default).
    for (const name of ['inputBytes', 'onnxBytes', 'outputBytes'] as const) setLimit(name, Math.max(LIMITS[name].value, n * 1024 * 1024));
  });
  return program;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    return reportError(e, argv.includes('--debug'), (s) => io.err(s));
  }
}
