// Sharded sweeps: shard ranges cover the grid once (property), shards 1/3, 2/3, 3/3 merged = the
// unsharded file byte for byte (CSV and JSON, parts given in any order), and every mismatch refused
// with a typed error naming the part: another sweep (input hash), a missing, repeated or incomplete shard.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseShard, shardRange } from '../../src/whatif/shard.ts';
import { planSweep } from '../../src/whatif/sweep.ts';
import { caught } from '../helpers/caught.ts';
import { runCli } from '../cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'addersim-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (f: string) => join(dir, f);

describe('shard ranges', () => {
  it('K/N parses; 0/3, 4/3, 2, a/b are usage errors', () => {
    expect(parseShard('2/3')).toEqual({ k: 2, n: 3 });
    for (const bad of ['0/3', '4/3', '2', 'a/b', '1/0', '-1/3']) expect(caught(() => parseShard(bad)).code).toBe('USAGE');
  });

  it('100 points in 3 shards: [0,33) [33,66) [66,100)', () => {
    expect([1, 2, 3].map((k) => shardRange(100, { k, n: 3 }))).toEqual([
      { from: 0, to: 33 },
      { from: 33, to: 66 },
      { from: 66, to: 100 },
    ]);
  });

  it('property: the N ranges are contiguous, cover 0…count-1 once, sizes differ by at most 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 300 }), (count, n) => {
        let next = 0;
        const sizes: number[] = [];
        for (let k = 1; k <= n; k++) {
          const r = shardRange(count, { k, n });
          expect(r.from).toBe(next);
          next = r.to;
          sizes.push(r.to - r.from);
        }
        expect(next).toBe(count);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });
});

const SWEEP = [
  'sweep',
  'resnet20',
  '--cpu',
  'via-nano-2000',
  '--variant',
  'cnn,adder',
  '--set',
  'forms.add.f32.latency=1..6',
  '--set',
  'machine.dispatchWidth=1..3',
  '--workers',
  '1',
];

describe('sweep --shard and merge (CLI)', () => {
  it.each(['csv', 'json'])('shards 1/3, 2/3, 3/3 merged (any order) = the unsharded %s byte for byte', async (ext) => {
    expect((await runCli(...SWEEP, '--out', at(`full.${ext}`))).code).toBe(0);
    for (const k of [1, 2, 3]) {
      const r = await runCli(...SWEEP, '--shard', `${k}/3`, '--out', at(`part${k}.${ext}`));
      expect(r.code).toBe(0);
      expect(r.err).toContain(`shard ${k}/3: points ${[0, 12, 24][k - 1]}…${[11, 23, 35][k - 1]} of 36`);
    }
    const m = await runCli('merge', at(`part3.${ext}`), at(`part1.${ext}`), at(`part2.${ext}`), '--out', at(`merged.${ext}`));
    expect(m.code).toBe(0);
    expect(readFileSync(at(`merged.${ext}`), 'utf8')).toBe(readFileSync(at(`full.${ext}`), 'utf8'));
    // a part on stdout is the same bytes as the part file
    const out = await runCli(...SWEEP, ...(ext === 'json' ? ['--json'] : []), '--shard', '2/3');
    expect(out.out).toBe(readFileSync(at(`part2.${ext}`), 'utf8'));
  });

  it('a --resume of a stopped shard completes it; the merge is still byte-identical', async () => {
    const text = readFileSync(at('part2.csv'), 'utf8');
    writeFileSync(at('part2.csv.partial'), text.slice(0, text.length - 30)); // cut inside the last rows
    const r = await runCli(...SWEEP, '--shard', '2/3', '--out', at('part2.csv'), '--resume');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\(\d+ evaluated, \d+ kept\)/);
    expect(readFileSync(at('part2.csv'), 'utf8')).toBe(text);
  });

  it('refuses a part of another sweep (input hash), a missing or repeated shard, an incomplete part, a non-part', async () => {
    const other = [...SWEEP.slice(0, 7), 'forms.add.f32.latency=1..7', ...SWEEP.slice(8)];
    // another grid cut into 3: same N and format, different input hash
    expect((await runCli(...other, '--shard', '2/3', '--out', at('other2.csv'))).code).toBe(0);
    const cases: [string[], string][] = [
      [[at('part1.csv'), at('other2.csv'), at('part3.csv')], 'the part is of another sweep (input hash'],
      [[at('part1.csv'), at('part3.csv')], 'shard 2/3 is missing'],
      [[at('part1.csv'), at('part2.csv'), at('part2.csv'), at('part3.csv')], 'shard 2/3 is given twice'],
      [[at('part1.csv'), at('cut2.csv'), at('part3.csv')], 'the part is incomplete'],
      [[at('full.csv'), at('part2.csv')], 'not a sweep part'],
      [[at('part1.csv'), at('part2.json'), at('part3.csv')], 'another cut of the sweep'],
    ];
    const p2 = readFileSync(at('part2.csv'), 'utf8');
    writeFileSync(at('cut2.csv'), p2.slice(0, p2.lastIndexOf('\n', p2.length - 2) + 1)); // its last row lost
    for (const [parts, message] of cases) {
      const r = await runCli('merge', ...parts, '--out', at('bad.csv'));
      expect(r.code, message).toBe(1);
      expect(r.err).toContain(message);
    }
    expect(() => readFileSync(at('bad.csv'))).toThrow(); // nothing written
  });

  it("never replaces a user's --out file (as sweep --out); its own earlier output it rewrites", async () => {
    const parts = [at('part1.csv'), at('part2.csv'), at('part3.csv')];
    const mine: [string, string][] = [
      ['mine.csv', 'precious\n'],
      ['mine.json', '{"mine": true}\n'],
    ];
    for (const [name, text] of mine) {
      writeFileSync(at(name), text);
      const r = await runCli('merge', ...parts, '--out', at(name));
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain('the file exists and was not written by an addersim sweep');
      expect(readFileSync(at(name), 'utf8')).toBe(text); // untouched
    }
    // a file an earlier merge wrote is addersim's: merged again, same bytes as the unsharded sweep
    expect((await runCli('merge', ...parts, '--out', at('again.csv'))).code).toBe(0);
    const again = await runCli('merge', ...parts, '--out', at('again.csv'));
    expect(again.code, again.err).toBe(0);
    expect(readFileSync(at('again.csv'), 'utf8')).toBe(readFileSync(at('full.csv'), 'utf8'));
  });

  it('the input hash follows the content of a profile file, not its name', async () => {
    const file = at('what-if.json');
    const spec = { models: ['lenet5-bn'], cpus: [file], params: [{ path: 'forms.add.f32.latency', values: [1, 2] }] };
    writeFileSync(file, JSON.stringify({ extends: 'via-nano-2000', name: 'nano-what-if' }));
    const a = (await planSweep(spec)).inputsHash;
    expect((await planSweep(spec)).inputsHash).toBe(a); // deterministic
    writeFileSync(
      file,
      JSON.stringify({ extends: 'via-nano-2000', name: 'nano-what-if', machine: { dispatchWidth: { value: 2, source: 'assumption: test' } } }),
    );
    expect((await planSweep(spec)).inputsHash).not.toBe(a);
    expect((await planSweep({ ...spec, extrapolate: false })).inputsHash).not.toBe((await planSweep(spec)).inputsHash);
  });
});
