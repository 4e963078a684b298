// Every command's --help shows defaults as the descriptions write them: plain (`(default: cycle)`), not as
// JSON (`(default: "cycle")`), no empty `(default: [])` for a repeatable flag, and from the one table of
// defaults (DEFAULT_SETTINGS) where the setting is a run setting.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.ts';
import { DEFAULT_SETTINGS } from '../../src/whatif/settings.ts';
import { runCli } from './run-cli.ts';

const io = { out: () => {}, err: () => {}, isTTY: false };

describe('--help defaults', () => {
  it('no command shows a quoted or empty default', async () => {
    const program = await buildProgram(io);
    expect(program.commands.length).toBeGreaterThan(10);
    for (const cmd of program.commands) {
      const help = cmd.helpInformation();
      expect(help, cmd.name()).not.toMatch(/default: "/);
      expect(help, cmd.name()).not.toMatch(/default: \[\]/);
    }
  });

  it('run settings show the table of defaults: kernel/latency scheduler, ops convert, report lowering', async () => {
    const help = async (command: string) => (await runCli(command, '--help')).out.replace(/\s+/g, ' ');
    expect(await help('kernel')).toContain(`--scheduler <s> serial | bound | cycle (default: ${DEFAULT_SETTINGS.scheduler})`);
    expect(await help('latency')).toContain(`(default: ${DEFAULT_SETTINGS.scheduler})`);
    expect(await help('ops')).toContain(`| all (default: ${DEFAULT_SETTINGS.convert})`);
    const report = await help('report');
    expect(report).toContain(`lowering of the study (paper | scalar | simd | int8) (default: ${DEFAULT_SETTINGS.lowering})`);
    expect(report.match(/default: simd/g)).toHaveLength(1);
  });
});
