// The CLI: parse flags with commander, call the public API, print results, map errors to exit codes.
// Each command lives in src/cli/commands/<name>.ts and registers itself through COMMANDS.

import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { reportError, EXIT } from './errors.ts';
import { processIo, type Io } from './io.ts';

export const VERSION = '0.1.0';

export function buildProgram(io: Io): Command {
  const program = new Command('addersim')
    .description('Hardware cost model and cycle simulator for CNNs, AdderNets and binary networks on CPU profiles')
    .version(VERSION)
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showSuggestionAfterError(true);
  for (const register of COMMANDS) register(program, io);
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
