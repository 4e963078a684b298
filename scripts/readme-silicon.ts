// Writes the silicon table (test/validation/silicon-fixtures.json beside today's amd-zen3 and the recorded
// llvm-mca figures) into README.md and test/validation/README.md, between the markers
// <!-- silicon-table:start --> and <!-- silicon-table:end -->. Run after the fixtures or the model change:
//   npx tsx scripts/readme-silicon.ts            # rewrite both tables (npm run validate:silicon does it too)
//   npx tsx scripts/readme-silicon.ts --check    # exit 1 naming a README whose table is stale
// test/validation/silicon-readme.test.ts fails while a README's table differs from what this writes.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { siliconTable, VALIDATION_DIR } from './record-silicon.ts';

export const SILICON_TABLE_READMES = [join(VALIDATION_DIR, '..', '..', 'README.md'), join(VALIDATION_DIR, 'README.md')];
const START = '<!-- silicon-table:start -->';
const END = '<!-- silicon-table:end -->';

/** The text between the markers (without the newlines next to them); an error when the markers are missing. */
export function markedTable(text: string, file: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file}: no ${START} … ${END} block`);
  return text.slice(a + START.length, b).replace(/^\n+|\n+$/g, '');
}

/** `text` with the marked block replaced by `table`. */
export function withTable(text: string, table: string, file: string): string {
  markedTable(text, file);
  const a = text.indexOf(START) + START.length;
  return `${text.slice(0, a)}\n${table}\n${text.slice(text.indexOf(END))}`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const table = siliconTable();
  let stale = 0;
  for (const file of SILICON_TABLE_READMES) {
    const text = readFileSync(file, 'utf8');
    if (markedTable(text, file) === table) continue;
    if (process.argv.includes('--check')) {
      process.stderr.write(`${file}: the silicon table is stale (run npx tsx scripts/readme-silicon.ts)\n`);
      stale++;
    } else {
      writeFileSync(file, withTable(text, table, file));
      process.stderr.write(`${file}: silicon table rewritten\n`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
