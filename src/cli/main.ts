// The CLI: parse flags with commander, call the public API, print results, map errors to exit codes.
// Each command lives in src/cli/commands/<name>.ts and registers itself through COMMANDS; only the
// command being run is imported (fast start-up), the top-level help lists the others from their summaries.

import { Command, CommanderError, Help, type Option } from 'commander';
import { COMMANDS, type CommandEntry } from './commands/index.ts';
import { LIMITS, setLimit } from '../isa/limits.ts';
import { reportError, EXIT, UsageError } from './errors.ts';
import { processIo, type Io } from './io.ts';
import { VERSION } from '../isa/version.ts';
import { AddersimError } from '../isa/errors.ts';

export { VERSION };

/** Top-level options that take a value (the word after them is not a command name). */
const VALUE_OPTIONS = ['--max-input-mb'];

/**
 * The help's option lines: commander shows a default as JSON (`(default: "cycle")`); ours read as the
 * descriptions write them, plain (`(default: cycle)`). Given to every command (they inherit it).
 */
const HELP = {
  optionDescription(this: Help, option: Option): string {
    const d: unknown = option.defaultValue;
    if (Array.isArray(d) && d.length === 0) return option.description; // a repeatable flag's empty start (`--set`), no default to show
    if (option.defaultValueDescription === undefined && (typeof d === 'string' || typeof d === 'number')) option.defaultValueDescription = String(d);
    return Help.prototype.optionDescription.call(this, option);
  },
};

function baseProgram(io: Io): Command {
  const program = new Command('addersim')
    .description('Hardware cost model and cycle simulator for CNNs, AdderNets and binary networks on CPU profiles')
    .version(VERSION)
    .option('--debug', 'print stack traces on errors')
    .option('--max-input-mb <n>', 'largest input file read, in MiB (default: 16 for JSON, 512 for ONNX, 1024 for a sweep output resumed)')
    .exitOverride()
    .configureHelp(HELP)
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // commander's usage errors ("error: unknown option '--x'" + "(Did you mean --y?)" on a second line)
      // as the one line every other usage error is: "addersim: unknown option '--x' (did you mean --y?) (see --help)"
      outputError: (s, write) =>
        write(
          `addersim: ${s
            .trim()
            .replace(/^error: /, '')
            .replace(/\n\(Did you mean/, ' (did you mean')} (see --help)\n`,
        ),
    })
    .showSuggestionAfterError(true);
  program.hook('preAction', () => {
    const mb = program.opts<{ maxInputMb?: string }>().maxInputMb;
    if (mb === undefined) return;
    const n = Number(mb);
    if (!Number.isSafeInteger(n) || n < 1 || n > 1 << 20)
      throw new UsageError(`--max-input-mb must be a whole number of MiB from 1 to ${1 << 20}, got "${mb}"`);
    // Raises each cap to N MiB (never lowers one below its default).
    for (const name of ['inputBytes', 'onnxBytes', 'outputBytes'] as const) setLimit(name, Math.max(LIMITS[name].value, n * 1024 * 1024));
  });
  return program;
}

/** The program with every command module loaded and registered (what a test or a completion script wants). */
export async function buildProgram(io: Io): Promise<Command> {
  const program = baseProgram(io);
  for (const c of COMMANDS) (await c.load())(program, io);
  return program;
}

/** The command `argv` runs: its first word that is not an option or an option's value (after `help`, the next word). */
function commandOf(argv: readonly string[]): CommandEntry | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUE_OPTIONS.includes(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/**
 * The program as `argv` needs it: the command it names loaded and registered, every other one a stub
 * with its name and summary (for the top-level help, "did you mean", and unknown-command errors).
 */
async function programFor(argv: readonly string[], io: Io): Promise<Command> {
  const program = baseProgram(io);
  const wanted = commandOf(argv);
  const terms = new Map<string, string>();
  for (const c of COMMANDS) {
    if (c === wanted) (await c.load())(program, io);
    else {
      program.command(c.name).description(c.summary).allowUnknownOption().allowExcessArguments();
      terms.set(c.name, c.term);
    }
  }
  const help = new Help();
  program.configureHelp({ ...HELP, subcommandTerm: (cmd) => terms.get(cmd.name()) ?? help.subcommandTerm(cmd) });
  return program;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const program = await programFor(argv, io);
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    return reportError(asTyped(e, argv), argv.includes('--debug'), (s) => io.err(s));
  }
}

/** Flags that name the same setting; the library's errors name the first (`--cpu: unknown CPU profile …`). */
const FLAG_ALIASES: readonly (readonly string[])[] = [
  ['--cpu', '--cpus'],
  ['--energy-table', '--table'],
];

/** An error whose path is a flag names the spelling the user typed (`report --cpus X` → `--cpus: …`). */
function asTyped(e: unknown, argv: readonly string[]): unknown {
  if (!(e instanceof AddersimError) || e.path === undefined) return e;
  const typed = (flag: string) => argv.some((a) => a === flag || a.startsWith(`${flag}=`));
  const group = FLAG_ALIASES.find((g) => g.includes(e.path!));
  const used = group?.find(typed);
  if (!group || used === undefined || used === e.path || typed(e.path)) return e;
  const out = new AddersimError(e.code, e.detail, used);
  if (e.stack) out.stack = e.stack;
  return out;
}
