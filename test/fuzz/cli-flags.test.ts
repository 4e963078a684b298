// Fuzz: CLI flags — `main(argv, io)` in-process with random commands, models, flags and values (good and
// bad). Every run: exit 0/1/2 (never 3, the internal-error code); on failure nothing on stdout and one
// `addersim: …` line on stderr; --json output parses and names its schema; the same argv twice gives the
// same stdout bytes. Also --debug anywhere in argv prints a trace only for errors.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { reportError, UsageError } from '../../src/cli/errors.ts';
import { AddersimError } from '../../src/isa/index.ts';
import { params } from './fuzz-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'addersim-fuzz-cli-'));
const tiny = join(dir, 'tiny.json');
writeFileSync(
  tiny,
  JSON.stringify({
    schema: 'addersim/graph@1',
    name: 'tiny',
    input: { shape: [2, 6, 6] },
    layers: [
      { name: 'c', kind: 'conv2d', outChannels: 3, kernel: [3, 3] },
      { name: 'r', kind: 'relu' },
      { name: 'f', kind: 'flatten' },
      { name: 'fc', kind: 'linear', outFeatures: 4 },
    ],
  }),
);
const kernelFile = join(dir, 'k.json');
writeFileSync(
  kernelFile,
  JSON.stringify({
    schema: 'addersim/kernel@1',
    name: 'k',
    body: [
      { op: 'load', type: 'f64', dst: 'x' },
      { op: 'add', type: 'f64', dst: 'acc', src: ['acc', 'x'] },
    ],
  }),
);
const notJson = join(dir, 'bad.json');
writeFileSync(notJson, '{ "schema": ');
const badOnnx = join(dir, 'bad.onnx');
writeFileSync(badOnnx, 'not onnx at all');

const MODELS = [tiny, tiny, tiny, 'lenet5-bn', 'no-such-model', notJson, badOnnx, join(dir, 'missing.json'), ''];
const CPUS = ['via-nano-2000', 'intel-skylake', 'arm-cortex-a55', 'no-such-cpu', notJson, ''];
const VALUES: Record<string, readonly string[]> = {
  '--cpu': CPUS,
  '--variant': ['cnn', 'adder', 'bnn', 'all', 'cnn,adder', 'xnor', ''],
  '--scheduler': ['serial', 'bound', 'cycle', 'fast'],
  '--lowering': ['paper', 'scalar', 'simd', 'int8', 'vector'],
  '--convention': ['paper', 'exact', 'approx'],
  '--convert': ['inner', 'all', 'none'],
  '--dtype': ['f32', 'f64', 'i8', 'u8', 'f128', ''],
  '--accumulators': ['1', '4', '0', '-1', '1.5', '1e9', 'many'],
  '--iterations': ['1', '10', '0', '-5', '1e3', '99999999999999999999', 'x'],
  '--ops': ['mul=435000,add=435000', 'mul=-1', 'mul=1e30', 'foo=1', 'mul', '=', 'mul=9007199254740993'],
  '--table': ['horowitz-45nm', 'nope'],
  '--view': ['paper', 'full', 'other'],
  '--param': ['forms.mul.f64.latency', 'machine.dispatchWidth', 'forms.nope.f64.latency', 'x'],
  '--range': ['1..8', '8..1', '1..1000000000', 'a..b', '1'],
  '--set': ['forms.mul.f64.latency=1..3', 'forms.mul.f64.latency=1..100000000', 'machine.dispatchWidth=0', 'bogus'],
  '--emit-asm': ['x86', 'aarch64', 'riscv'],
  '--overhead-pj': ['0', '1.5', '-1', 'x'],
  '--memory': ['footprint', 'working-set', 'none'],
  '--workers': ['1'],
  '--shard': ['1/2', '2/2', '3/2', '0/1', 'x'],
};
const COMMANDS: Record<string, { args: fc.Arbitrary<string[]>; flags: readonly string[]; bools: readonly string[] }> = {
  ops: {
    args: fc.constantFrom(...MODELS).map((m) => [m]),
    flags: ['--variant', '--convention', '--convert'],
    bools: ['--json', '--layers', '--allow-unknown'],
  },
  latency: {
    args: fc.constantFrom(...MODELS).map((m) => [m]),
    flags: ['--cpu', '--variant', '--scheduler', '--lowering', '--dtype', '--accumulators', '--ops', '--convert'],
    bools: ['--json', '--layers', '--no-extrapolate', '--allow-unknown'],
  },
  compare: { args: fc.constantFrom(...MODELS).map((m) => [m]), flags: ['--cpu', '--scheduler', '--lowering'], bools: ['--json'] },
  energy: {
    args: fc.constantFrom(...MODELS).map((m) => [m]),
    flags: ['--variant', '--cpu', '--table', '--view', '--lowering', '--dtype', '--overhead-pj', '--memory'],
    bools: ['--json', '--layers'],
  },
  kernel: {
    args: fc.constantFrom(kernelFile, notJson, tiny, join(dir, 'missing.json')).map((m) => [m]),
    flags: ['--cpu', '--iterations', '--scheduler', '--emit-asm'],
    bools: ['--json', '--timeline'],
  },
  crossover: { args: fc.constantFrom(...MODELS).map((m) => [m]), flags: ['--cpu', '--param', '--range'], bools: ['--json'] },
  sweep: { args: fc.constantFrom(...MODELS).map((m) => [m]), flags: ['--cpu', '--set', '--variant', '--workers', '--shard'], bools: ['--json'] },
  merge: { args: fc.constantFrom([notJson], [tiny, notJson], [join(dir, 'missing.csv')], []), flags: [], bools: [] },
  models: { args: fc.constantFrom([], ['show', 'lenet5-bn'], ['show', 'nope'], ['bogus']), flags: [], bools: ['--json'] },
  profiles: {
    args: fc.constantFrom(['show', 'via-nano-2000'], ['show', 'nope'], ['validate', notJson], ['validate', tiny], ['frobnicate']),
    flags: [],
    bools: ['--json'],
  },
  reproduce: { args: fc.constant([]), flags: [], bools: ['--json'] },
  bogus: { args: fc.constant([]), flags: [], bools: [] },
};

const argvArb = fc.constantFrom(...Object.keys(COMMANDS)).chain((cmd) => {
  const c = COMMANDS[cmd]!;
  const flag = c.flags.length ? fc.constantFrom(...c.flags).chain((f) => fc.constantFrom(...VALUES[f]!).map((v) => [f, v])) : fc.constant([] as string[]);
  const extra = fc.oneof(
    fc.constantFrom(...c.bools, '--debug', '--bogus-flag', '-x').map((b) => [b]),
    fc.constant(['--cpu']),
    flag,
  );
  return fc.tuple(c.args, fc.array(flag, { maxLength: 4 }), fc.array(extra, { maxLength: 2 }), fc.boolean()).map(([args, fl, ex, debugFirst]) => {
    const argv = [cmd, ...args, ...fl.flat(), ...ex.flat()];
    // Keep each run cheap: the cycle scheduler and sweeps only on the tiny graph.
    if (argv.includes('cycle') && !argv.includes(tiny) && cmd !== 'kernel') argv[argv.indexOf('cycle')] = 'bound';
    return debugFirst ? ['--debug', ...argv] : argv;
  });
});

describe('fuzz: CLI flags', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('random argv (300): exit 0/1/2, errors on stderr only, JSON parses, same bytes twice', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(argvArb, async (argv) => {
        const r = await runCli(...argv);
        seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
        expect([0, 1, 2], `${argv.join(' ')} → ${r.code}: ${r.err}`).toContain(r.code);
        if (r.code !== 0) {
          expect(r.out, argv.join(' ')).toBe('');
          expect(r.err).toMatch(/^(addersim: |error: )/);
          if (!argv.includes('--debug')) expect(r.err.trim().split('\n').length, r.err).toBeLessThanOrEqual(2);
        } else if (argv.includes('--json') && !argv.includes('--help')) {
          const j = JSON.parse(r.out) as { schema?: string };
          expect(typeof j.schema === 'string' || Array.isArray(j)).toBe(true);
        }
        if (r.code === 0 && argv.length % 3 === 0) expect((await runCli(...argv)).out).toBe(r.out);
      }),
      params(300, 41),
    );
    expect(seen.get(0) ?? 0).toBeGreaterThan(10);
    expect(seen.get(1) ?? 0).toBeGreaterThan(10);
    expect(seen.get(2) ?? 0).toBeGreaterThan(10);
  });

  // The bulk of the CLI's 10,000 inputs: cheap paths only (≈1 ms a run) — op tables of the tiny graph,
  // `latency --ops` with random counts, profile and model lookups, kernel files on serial/bound —
  // mixed with random junk tokens in random places.
  const cheapArb = fc
    .tuple(
      fc.constantFrom<string[]>(
        ['ops', tiny],
        ['ops', notJson],
        ['ops', 'no-such-model'],
        ['models', 'show', 'lenet5-bn'],
        ['profiles', 'show', 'via-nano-2000'],
        ['profiles', 'validate', notJson],
        ['kernel', kernelFile, '--cpu', 'via-nano-2000', '--scheduler', 'bound'],
        ['latency', '--cpu', 'via-nano-2000', '--scheduler', 'serial'],
      ),
      fc.array(
        fc.oneof(
          fc.constantFrom(
            '--json',
            '--variant',
            'adder',
            'all',
            '--convention',
            'exact',
            '--convert',
            'all',
            '--dtype',
            'f32',
            'i8',
            '--ops',
            '--iterations',
            '--emit-asm',
            'x86',
            '--debug',
            '-h',
            '--',
            '=',
            ',',
          ),
          fc
            .tuple(
              fc.constantFrom('mul', 'add', 'sub', 'xnor', 'fma.f32x8', 'mul.f99', ''),
              fc.oneof(fc.nat(), fc.integer(), fc.double().map(String), fc.string({ maxLength: 4 })),
            )
            .map(([k, v]) => `${k}=${v}`),
          fc.string({ maxLength: 6 }),
        ),
        { maxLength: 5 },
      ),
    )
    .map(([base, extra]) => [...base, ...extra]);

  it('random cheap argv (10,000): exit 0/1/2, errors on stderr only in one line', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(cheapArb, async (argv) => {
        const r = await runCli(...argv);
        seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
        expect([0, 1, 2], `${JSON.stringify(argv)} → ${r.code}: ${r.err}`).toContain(r.code);
        if (r.code !== 0) {
          expect(r.out, JSON.stringify(argv)).toBe('');
          expect(r.err).toMatch(/^(addersim: |error: )/);
          if (!argv.includes('--debug')) expect(r.err.trim().split('\n').length, r.err).toBeLessThanOrEqual(2);
        }
      }),
      params(10_000, 43),
    );
    expect(seen.get(0) ?? 0).toBeGreaterThan(100);
    expect(seen.get(1) ?? 0).toBeGreaterThan(100);
    expect(seen.get(2) ?? 0).toBeGreaterThan(100);
  }, 300_000);

  it('an internal error (not a typed one) is exit 3 with a hint to report it; --debug adds the trace', () => {
    const lines: string[] = [];
    expect(reportError(new TypeError("Cannot read properties of undefined (reading 'x')"), false, (l) => lines.push(l))).toBe(3);
    expect(lines).toEqual([
      "addersim: internal error: Cannot read properties of undefined (reading 'x')",
      'This is a bug in addersim; rerun with --debug and report the trace.',
    ]);
    const debug: string[] = [];
    expect(reportError(new RangeError('boom'), true, (l) => debug.push(l))).toBe(3);
    expect(debug[1]).toMatch(/^RangeError: boom\n\s+at /);
    expect(reportError(new UsageError('--x is bad'), false, () => {})).toBe(2);
    expect(reportError(new AddersimError('USAGE', 'bad output name', 'f.txt'), false, () => {})).toBe(2);
    expect(reportError(new AddersimError('LIMIT', 'too big'), false, () => {})).toBe(1);
  });

  it('--debug before or after the subcommand prints a trace on errors, and nothing extra on success', async () => {
    for (const argv of [
      ['--debug', 'ops', 'no-such-model'],
      ['ops', 'no-such-model', '--debug'],
      ['ops', '--debug', notJson],
    ]) {
      const r = await runCli(...argv);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^addersim: error \[/);
      expect(r.err, argv.join(' ')).toMatch(/\n\s+at /); // a stack trace
    }
    const quiet = await runCli('ops', 'no-such-model');
    expect(quiet.err).not.toMatch(/\n\s+at /);
    expect((await runCli('ops', tiny, '--debug')).out).toBe((await runCli('ops', tiny)).out);
  });
});
