// Lazy command loading (src/cli/commands/index.ts): the stubs the top-level help is built from say what
// the loaded command modules say, and running a command imports only that command's module.
import { type Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, main } from '../../src/cli/main.ts';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import type { Io } from '../../src/cli/io.ts';

function capture(): { io: Io; text: () => string } {
  let out = '';
  return { io: { out: (t) => void (out += t), err: (t) => void (out += t), isTTY: false }, text: () => out };
}

describe('lazy command table', () => {
  it('names, terms and summaries equal what each loaded module registers', async () => {
    const full = await buildProgram(capture().io);
    const help = new Help();
    const declared = full.commands
      .filter((c) => c.name() !== 'help')
      .map((c: Command) => ({ name: c.name(), term: help.subcommandTerm(c), summary: c.description() }));
    expect(COMMANDS.map(({ name, term, summary }) => ({ name, term, summary }))).toEqual(declared);
  });

  it('`addersim --help` from stubs prints exactly the help of the fully loaded program', async () => {
    const fast = capture();
    expect(await main(['--help'], fast.io)).toBe(0);
    const all = capture();
    const full = await buildProgram(all.io);
    full.outputHelp();
    expect(fast.text()).toBe(all.text());
    expect(fast.text()).toContain('crossover [options] <model>');
  });

  it('an unknown command is a usage error with a suggestion from the stubs', async () => {
    const c = capture();
    expect(await main(['opz', 'lenet5-bn'], c.io)).toBe(2);
    expect(c.text()).toMatch(/unknown command 'opz' \(did you mean ops\?\)/);
  });

  it('`help ops` loads ops and prints its own help', async () => {
    const c = capture();
    expect(await main(['help', 'ops'], c.io)).toBe(0);
    expect(c.text()).toContain('Usage: addersim ops [options] <model>');
    expect(c.text()).toContain('--convention');
  });

  it('a top-level option value is not taken for the command (`--max-input-mb 4 ops`)', async () => {
    const c = capture();
    expect(await main(['--max-input-mb', '4', 'ops', 'lenet5-bn'], c.io)).toBe(0);
    expect(c.text()).toContain('MACs        416,520');
  });
});
