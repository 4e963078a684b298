// `addersim report` and `addersim energy` end to end through main(): byte-identical reruns, the files
// of every format, and bad input (unknown energy table, unwritable folder) leaving nothing behind.
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const SMALL = ['--models', 'lenet5-bn,resnet20', '--cpus', 'via-nano-2000,intel-skylake', '--schedulers', 'serial,bound'];

describe('addersim report', () => {
  it('writes every format, and a second run gives byte-identical files', async () => {
    const base = mkdtempSync(join(tmpdir(), 'study-'));
    for (const d of ['a', 'b']) {
      const io = capture();
      expect(await main(['report', '--out', join(base, d), ...SMALL], io)).toBe(0);
      expect(io.stderr.join('')).toMatch(/wrote \d+ files/);
    }
    const a = files(join(base, 'a'))
      .map((f) => relative(join(base, 'a'), f))
      .sort();
    const b = files(join(base, 'b'))
      .map((f) => relative(join(base, 'b'), f))
      .sort();
    expect(a).toEqual(b);
    expect(a).toEqual(
      expect.arrayContaining([
        'index.html',
        'report.md',
        'report.tex',
        'report.json',
        'report.txt',
        'tables/claims-latency.csv',
        'tables/latency.csv',
        'tables/energy.csv',
        'charts/paper-claims.png',
        'charts/paper-claims.svg',
        'charts/paper-claims.pdf',
        'charts/energy-by-kind.pdf',
        'charts/schedulers.svg',
        'charts/layers-cycles.png',
      ]),
    );
    for (const f of a) expect(readFileSync(join(base, 'b', f)).equals(readFileSync(join(base, 'a', f))), f).toBe(true);
    expect(readdirSync(base).sort()).toEqual(['a', 'b']);
    const study = JSON.parse(readFileSync(join(base, 'a', 'study.json'), 'utf8'));
    expect(study.schema).toBe('addersim/study@1');
    expect(study.latency.length).toBe(2 * 3 * 2 * 2);
    const json = JSON.parse(readFileSync(join(base, 'a', 'report.json'), 'utf8'));
    expect(json.schema).toBe('addersim/report@1');
    expect(json.manifest.profiles.map((p: { name: string }) => p.name)).toEqual(['via-nano-2000', 'intel-skylake']);
    expect(json.manifest.profiles[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.manifest.models[0]).toMatchObject({ name: 'lenet5-bn', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const csv = readFileSync(join(base, 'a', 'tables/claims-latency.csv'), 'utf8');
    expect(csv).toContain('serial cycles, paper counts (435K mul + 435K add, f64)",2.6M (= 435K×4 + 435K×2),2610000,2610000,0,');
    // PNG charts are non-blank and have the documented size: a 3.5 in column (252 × 180 pt) at 2 px per point
    const png = readFileSync(join(base, 'a', 'charts/paper-claims.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([504, 360]);
    // vector charts: no embedded bitmap in any SVG
    for (const f of a.filter((x) => x.endsWith('.svg'))) expect(readFileSync(join(base, 'a', f), 'utf8'), f).not.toMatch(/<image\b/);
    // a LaTeX snippet per table, and the assumptions in report.md: every CPU's clock in GHz, the accumulators
    expect(a.filter((x) => /^tables\/.*\.tex$/.test(x)).length).toBe(a.filter((x) => /^tables\/.*\.csv$/.test(x)).length);
    const md = readFileSync(join(base, 'a', 'report.md'), 'utf8');
    expect(md).toContain('Clocks: via-nano-2000 1.60 GHz, intel-skylake 2.20 GHz.');
    // accumulators derived per variant (settings.ts): the Nano has no FMA, ⌈add.f32x4 2 / 1⌉ = 2 for every variant
    expect(md).toMatch(/\| via-nano-2000 \| 1\.60 \| instlatx64-cna: .* \| simd f32 \| cnn 2, adder 2, bnn 2 \|/);
    expect(md).toMatch(/independent accumulators per reduction loop derived per CPU and variant/);
    expect(png.length).toBeGreaterThan(10_000);
    // the study's LaTeX compiles as-is where pdflatex exists
    if (spawnSync('pdflatex', ['--version']).status === 0) {
      const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'report.tex'], { cwd: join(base, 'a'), encoding: 'utf8' });
      expect(r.status, r.stdout.slice(-2000)).toBe(0);
    } else {
      console.warn('report-cli.test.ts: pdflatex not on the PATH; the study LaTeX compile check is skipped');
    }
  });
  it('an unknown energy table is exit 1 with a clear line, and no report is left', async () => {
    const base = mkdtempSync(join(tmpdir(), 'study-'));
    const io = capture();
    expect(await main(['report', '--out', join(base, 'r'), ...SMALL, '--table', 'nope-7nm'], io)).toBe(1);
    expect(io.stderr.join('')).toMatch(/unknown energy table "nope-7nm"/);
    expect(readdirSync(base)).toEqual([]);
  });
  it('an output folder that cannot be written is exit 1, nothing half-written', async () => {
    const base = mkdtempSync(join(tmpdir(), 'study-'));
    writeFileSync(join(base, 'file'), 'x');
    const io = capture();
    expect(await main(['report', '--out', join(base, 'file', 'r'), ...SMALL, '--formats', 'md'], io)).toBe(1);
    expect(io.stderr.join('')).toMatch(/cannot write the report folder/);
    expect(readdirSync(base)).toEqual(['file']);
  });
  it('a bad flag is a usage error (exit 2)', async () => {
    const io = capture();
    expect(await main(['report', '--formats', 'docx'], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/--formats must be one of/);
    expect(await main(['report', '--figure-width', 'wide'], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/--figure-width must be one of column, page/);
  });
  it('errors name the flag as typed: --cpus or its alias --cpu, --schedulers or --scheduler, --energy-table or --table', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'study-')), 'r');
    for (const [flag, value, expected] of [
      ['--cpus', 'skylake', /^addersim: error \[BAD_INPUT\] --cpus: unknown CPU profile "skylake" \(did you mean intel-skylake/],
      ['--cpu', 'skylake', /^addersim: error \[BAD_INPUT\] --cpu: unknown CPU profile "skylake"/],
      ['--schedulers', 'fast', /^addersim: --schedulers must be one of/],
      ['--scheduler', 'fast', /^addersim: --scheduler must be one of/],
      ['--table', 'horowitz', /^addersim: error \[BAD_INPUT\] --table: unknown energy table "horowitz" \(did you mean horowitz-45nm\?\)/],
      ['--energy-table', 'horowitz', /^addersim: error \[BAD_INPUT\] --energy-table: unknown energy table "horowitz"/],
    ] as const) {
      const io = capture();
      expect(await main(['report', '--out', out, '--models', 'lenet5-bn', flag, value, '--formats', 'md'], io)).not.toBe(0);
      expect(io.stderr.join('')).toMatch(expected);
    }
  });
  it('--figure-width page draws the per-CPU charts 7 in wide (504 pt = 1,008 px)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'study-'));
    const io = capture();
    expect(
      await main(
        [
          'report',
          '--out',
          join(base, 'r'),
          '--models',
          'lenet5-bn',
          '--cpus',
          'via-nano-2000',
          '--schedulers',
          'serial',
          '--formats',
          'png',
          '--figure-width',
          'page',
          '--figure-font',
          'sans',
        ],
        io,
      ),
    ).toBe(0);
    const png = readFileSync(join(base, 'r', 'charts/ratio-via-nano-2000.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1008, 480]);
  });
});

describe('addersim energy', () => {
  it('prints the paper-view figures for resnet20', async () => {
    const io = capture();
    expect(await main(['energy', 'resnet20', '--json'], io)).toBe(0);
    const j = JSON.parse(io.stdout.join(''));
    expect(j.schema).toBe('addersim/energy-result@1');
    expect(j.results.map((r: { variant: string; exactPJ: string }) => [r.variant, r.exactPJ])).toEqual([
      ['cnn', '187740646.4'],
      ['adder', '73463731.2'],
      ['bnn', '5101648'],
    ]);
  });
  it('full view with the Aladdin table and an overhead override', async () => {
    const io = capture();
    expect(
      await main(
        ['energy', 'lenet5-bn', '--variant', 'adder', '--view', 'full', '--cpu', 'via-nano-2000', '--table', 'aladdin-40nm', '--overhead-pj', '0'],
        io,
      ),
    ).toBe(0);
    const text = io.stdout.join('');
    expect(text).toMatch(/lenet5-bn · adder — full view, aladdin-40nm/);
    expect(text).not.toMatch(/^overhead\s/m);
    expect(text).toMatch(/\+ 0 pJ per instruction overhead/);
  });
  it('bad input: unknown table exit 1; --overhead-pj in the paper view exit 2', async () => {
    const io = capture();
    expect(await main(['energy', 'resnet20', '--table', 'nope'], io)).toBe(1);
    expect(await main(['energy', 'resnet20', '--overhead-pj', '5'], io)).toBe(2);
  });
});
