// `addersim reproduce`: every quantitative claim of the AdderNet paper that addersim can compute,
// the paper's value beside addersim's, the difference in percent and a one-line reason.

import type { Command } from 'commander';
import { renderSectionText, TEXT_WIDTH } from '../../reports/render-text.ts';
import { claimsSection } from '../../reports/study-report.ts';
import { paperClaims } from '../../whatif/study.ts';
import { toJson, type Io } from '../io.ts';

export function register(program: Command, io: Io): void {
  program
    .command('reproduce')
    .description("the AdderNet paper's claims (LeNet-5 latency on VIA Nano 2000, op-count tables, energy ratio) beside addersim's numbers, with Δ")
    .option('--json', 'machine-readable output (addersim/reproduce@1)')
    .action((flags: { json?: boolean }) => {
      const claims = paperClaims();
      if (flags.json) {
        io.out(toJson({ schema: 'addersim/reproduce@1', claims }));
        return;
      }
      // lines fit the terminal (at most its width), else 100 columns
      const columns = process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : TEXT_WIDTH;
      io.out(renderSectionText(claimsSection(claims), columns));
    });
}
