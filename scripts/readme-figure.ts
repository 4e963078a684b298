// `npx tsx scripts/readme-figure.ts [--check]`: the README's figure (docs/figures/ratio-intel-skylake.png)
// and table (the ```latex block, tables/ratio-cycle.tex) as the default `addersim report` writes them.
// Rewrites both; with --check, writes nothing and exits 1 when either differs (the study's numbers
// moved: rerun without --check). Runs the default study (about 40 s on a 2-core machine).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStudyReport, runStudy, writeReport } from '../src/index.ts';

const ROOT = join(import.meta.dirname, '..');
const FIGURE = 'docs/figures/ratio-intel-skylake.png';
const check = process.argv.includes('--check');

const dir = join(mkdtempSync(join(tmpdir(), 'readme-')), 'study');
writeReport(buildStudyReport(await runStudy({})), dir, { formats: ['png', 'tex'] });
const png = readFileSync(join(dir, 'charts/ratio-intel-skylake.png'));
const snippet = readFileSync(join(dir, 'tables/ratio-cycle.tex'), 'utf8').split('\n');
rmSync(dir, { recursive: true, force: true });
// the README shows the preamble line and the float, not the two descriptive comment lines
const block = [snippet.find((l) => l.startsWith('% preamble:'))!, ...snippet.filter((l) => !l.startsWith('%'))].join('\n').trimEnd();
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const updated = readme.replace(/```latex\n[\s\S]*?\n```\n/, `\`\`\`latex\n${block}\n\`\`\`\n`);
const pngSame = png.equals(readFileSync(join(ROOT, FIGURE)));
if (check) {
  if (!pngSame || updated !== readme) {
    process.stderr.write(
      `readme-figure: ${[!pngSame ? FIGURE : '', updated !== readme ? 'README.md' : ''].filter(Boolean).join(' and ')} out of date; run npx tsx scripts/readme-figure.ts\n`,
    );
    process.exit(1);
  }
} else {
  writeFileSync(join(ROOT, FIGURE), png);
  writeFileSync(join(ROOT, 'README.md'), updated);
}
