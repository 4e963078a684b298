// The silicon tables in README.md and test/validation/README.md are generated from
// test/validation/silicon-fixtures.json and today's amd-zen3 (scripts/readme-silicon.ts): whoever changes
// the fixtures or the model regenerates them, or this fails naming the README.

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSilicon, readSilicon, siliconTable } from '../../scripts/record-silicon.ts';
import { markedTable, SILICON_TABLE_READMES, withTable } from '../../scripts/readme-silicon.ts';

describe('README silicon tables', () => {
  const data = readSilicon();
  const table = siliconTable(compareSilicon(), data);
  it('the table has one row per recorded kernel, headed by the host and date of the recording', () => {
    const rows = table.split('\n').filter((l) => /^\| [a-z0-9-]+ \| \d/.test(l));
    expect(rows.map((l) => l.split(' | ')[0]!.slice(2))).toEqual(data.fixtures.map((f) => f.kernel));
    expect(table).toContain(`Measured on ${data.host}, ${data.recorded}`);
    // a row shows the recorded figures: measured (3 decimals), llvm-mca and its error
    const f = data.fixtures[0]!;
    const err = (f.llvmMcaCyclesPerIteration - f.measuredCyclesPerIteration) / f.measuredCyclesPerIteration;
    expect(rows[0]).toContain(`| ${f.measuredCyclesPerIteration.toFixed(3)} |`);
    expect(rows[0]!.endsWith(`| ${f.llvmMcaCyclesPerIteration.toFixed(3)} | ${err >= 0 ? '+' : ''}${(err * 100).toFixed(1)}% |`)).toBe(true);
  });
  it.each(SILICON_TABLE_READMES.map((f) => [relative(process.cwd(), f), f]))('%s is current (npx tsx scripts/readme-silicon.ts rewrites it)', (_name, file) => {
    expect(markedTable(readFileSync(file, 'utf8'), file)).toBe(table);
  });
  it('rewriting replaces only the marked block', () => {
    const text = 'a\n<!-- silicon-table:start -->\nold\n<!-- silicon-table:end -->\nb\n';
    expect(withTable(text, 'new', 'x.md')).toBe('a\n<!-- silicon-table:start -->\nnew\n<!-- silicon-table:end -->\nb\n');
    expect(() => markedTable('no markers', 'x.md')).toThrow(/x\.md: no <!-- silicon-table:start -->/);
  });
});
