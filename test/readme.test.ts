// Every figure the README prints after a `$ npx addersim …` line is produced here by running that command
// (in-process) and comparing: a drifted number fails this test. Forms understood:
//   `$ npx addersim ARGS   →  2,610,000 cycles`   the number must appear in the output
//   `cnn      2,499,120   1.00×   (comment)`      the output has a row starting with `cnn` with these numbers
//   `ratio 1.77  ratioMin 1.59 …`                 key/value pairs checked against the CSV row of a sweep
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli/run-cli.ts';

interface Example {
  readonly args: string[];
  readonly arrow?: string;
  readonly lines: string[];
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  let inBlock = false;
  let current: Example | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      inBlock = !inBlock;
      current = undefined;
      continue;
    }
    if (!inBlock) continue;
    const m = /^\$ npx addersim (.*?)(?:\s+→\s+(.*))?$/.exec(line);
    if (m) {
      current = { args: m[1]!.trim().split(/\s+/), ...(m[2] ? { arrow: m[2] } : {}), lines: [] };
      out.push(current);
    } else if (current && line.trim()) current.lines.push(line);
  }
  return out;
}

const numbers = (text: string): string[] => [...text.replace(/\(.*\)/g, '').matchAll(/(?<![\w.])\d[\d,]*(?:\.\d+)?×?/g)].map((m) => m[0]);

const README = readFileSync('README.md', 'utf8');
const EXAMPLES = examples(README);

describe('README figures', () => {
  it('the README has command examples with figures', () => {
    expect(EXAMPLES.filter((e) => e.arrow || e.lines.length).length).toBeGreaterThanOrEqual(5);
  });
  it.each(EXAMPLES.filter((e) => e.arrow || e.lines.length).map((e) => [e.args.join(' '), e] as const))(
    'addersim %s',
    async (_name, e) => {
      const r = await runCli(...e.args);
      expect(r.code, r.err).toBe(0);
      if (e.arrow) for (const n of numbers(e.arrow)) expect(r.out).toContain(n);
      const outLines = r.out.split('\n');
      for (const line of e.lines) {
        const pairs = [...line.matchAll(/(\w+) (-?\d[\d.]*)/g)];
        if (/^\w+ -?\d[\d.]*(\s+\w+ -?\d[\d.]*)+$/.test(line.trim())) {
          // key/value pairs: a sweep's CSV row
          const [head, row] = [outLines[0]!.split(','), outLines[1]!.split(',')];
          for (const [, key, value] of pairs) expect(row[head.indexOf(key!)], key).toBe(value);
          continue;
        }
        const first = line.trim().split(/\s+/)[0]!;
        const want = numbers(line);
        if (!want.length) continue;
        const got = outLines.find((l) => l.trim().split(/\s+/)[0] === first);
        expect(got, `a row "${first}" in the output of addersim ${e.args.join(' ')}`).toBeDefined();
        expect(numbers(got!).slice(0, want.length), line).toEqual(want);
      }
    },
    300_000,
  );
});
