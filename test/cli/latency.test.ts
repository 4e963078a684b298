// The foundation issue's "done means" for latency, compare and reproduce, through the CLI.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './run-cli.ts';

type Latency = {
  schema: string;
  results: { model: string | null; variant: string; cpu: string; scheduler: string; lowering: string | null; cycles: number; layers: unknown[] }[];
};

describe('addersim latency --ops (the paper arithmetic)', () => {
  it('435K mul + 435K add on via-nano-2000 = 2,610,000 cycles; 870K add = 1,740,000', async () => {
    const a = await runJson<Latency>('latency', '--ops', 'mul=435000,add=435000', '--cpu', 'via-nano-2000', '--scheduler', 'serial', '--json');
    expect(a.schema).toBe('addersim/latency@1');
    expect(a.results[0]!.cycles).toBe(2_610_000);
    const b = await runJson<Latency>('latency', '--ops', 'add=870000', '--cpu', 'via-nano-2000', '--scheduler', 'serial', '--json');
    expect(b.results[0]!.cycles).toBe(1_740_000);
  });
  it('f32 counts use the measured MULSS 3: a different figure, not a bent profile', async () => {
    const a = await runJson<Latency>(
      'latency',
      '--ops',
      'mul=435000,add=435000',
      '--dtype',
      'f32',
      '--cpu',
      'via-nano-2000',
      '--scheduler',
      'serial',
      '--json',
    );
    expect(a.results[0]!.cycles).toBe(435_000 * 3 + 435_000 * 2);
  });
  it('--ops runs serial without --scheduler (the default cycle has nothing to simulate in bare counts)', async () => {
    const a = await runJson<Latency>('latency', '--ops', 'mul=435000,add=435000', '--cpu', 'via-nano-2000', '--json');
    expect(a.results[0]!.cycles).toBe(435_000 * 4 + 435_000 * 2);
    expect(a.results[0]!.scheduler).toBe('serial');
    const cycle = await runCli('latency', '--ops', 'mul=1', '--cpu', 'via-nano-2000', '--scheduler', 'cycle');
    expect(cycle.code).toBe(2);
    expect(cycle.err).toContain('--ops runs the serial model only');
    expect(cycle.err).toContain('drop --scheduler cycle, or for cycle give a MODEL');
  });
  it('refuses --ops with a pipelined scheduler and malformed counts (usage, exit 2)', async () => {
    expect((await runCli('latency', '--ops', 'mul=1', '--cpu', 'via-nano-2000', '--scheduler', 'bound')).code).toBe(2);
    expect((await runCli('latency', '--ops', 'mul=abc', '--cpu', 'via-nano-2000', '--scheduler', 'serial')).code).toBe(2);
    const r = await runCli('latency', '--ops', 'frob=1', '--cpu', 'via-nano-2000', '--scheduler', 'serial');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--ops frob/);
  });
  it('a repeated op is an error naming it (never a silent sum or last-wins), also as a bare op and its form', async () => {
    const twice = await runCli('latency', '--ops', 'mul=5,add=1,mul=6', '--cpu', 'via-nano-2000', '--scheduler', 'serial');
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('--ops mul: given twice (mul=5 and mul=6)');
    const both = await runCli('latency', '--ops', 'mul=5,mul.f64=6', '--cpu', 'via-nano-2000', '--scheduler', 'serial');
    expect(both.code).toBe(2);
    expect(both.err).toContain('mul and mul.f64 both count mul.f64');
    // a bare op and a form of another type are two terms: 5 × 4 (mul.f64) + 6 × 3 (MULSS)
    const apart = await runJson<Latency>('latency', '--ops', 'mul=5,mul.f32=6', '--cpu', 'via-nano-2000', '--scheduler', 'serial', '--json');
    expect(apart.results[0]!.cycles).toBe(5 * 4 + 6 * 3);
  });
});

describe('addersim latency MODEL', () => {
  it('lenet5-bn paper lowering, serial: CNN 2,499,120, AdderNet 1,666,080 (--convert all), 1,902,960 (inner)', async () => {
    const all = await runJson<Latency>(
      'latency',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--scheduler',
      'serial',
      '--lowering',
      'paper',
      '--variant',
      'all',
      '--convert',
      'all',
      '--json',
    );
    const by = Object.fromEntries(all.results.map((r) => [r.variant, r]));
    expect(by.cnn!.cycles).toBe(416_520 * 6);
    expect(by.adder!.cycles).toBe(833_040 * 2);
    for (const r of all.results) {
      expect(r).toMatchObject({ model: 'lenet5-bn', cpu: 'via-nano-2000', scheduler: 'serial', lowering: 'paper' });
      expect(r.layers.length).toBeGreaterThan(0);
    }
    const inner = await runJson<Latency>(
      'latency',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--scheduler',
      'serial',
      '--lowering',
      'paper',
      '--variant',
      'adder',
      '--json',
    );
    expect(inner.results[0]!.cycles).toBe(1_902_960);
  });
  it('bad input: unknown model, unknown cpu, malformed graph file → one line, exit 1; bad flag → exit 2', async () => {
    const m = await runCli('latency', 'resnet21', '--cpu', 'via-nano-2000');
    expect(m.code).toBe(1);
    expect(m.err.trim().split('\n')).toHaveLength(1);
    expect(m.err).toMatch(/resnet21/);
    const c = await runCli('latency', 'resnet20', '--cpu', 'pentium-4');
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/--cpu.*pentium-4/);
    const dir = mkdtempSync(join(tmpdir(), 'addersim-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        schema: 'addersim/graph@1',
        name: 'x',
        input: { shape: [3, 8, 8] },
        layers: [{ name: 'c', kind: 'conv2d', outChannels: -1, kernel: [3, 3] }],
      }),
    );
    const g = await runCli('latency', bad, '--cpu', 'via-nano-2000');
    expect(g.code).toBe(1);
    expect(g.err).toContain(`${bad}: layers[0].outChannels`);
    const mismatch = join(dir, 'mismatch.json');
    writeFileSync(
      mismatch,
      JSON.stringify({ schema: 'addersim/graph@1', name: 'x', input: { shape: [3, 8, 8] }, layers: [{ name: 'fc', kind: 'linear', outFeatures: 10 }] }),
    );
    const s = await runCli('latency', mismatch, '--cpu', 'via-nano-2000');
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/fc/);
    expect((await runCli('latency', 'resnet20', '--cpu', 'via-nano-2000', '--scheduler', 'fast')).code).toBe(2);
    expect((await runCli('latency', 'resnet20', '--cpu', 'via-nano-2000', '--frobnicate')).code).toBe(2);
  });
  it('a profile with a negative latency is refused naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'addersim-'));
    const f = join(dir, 'neg.json');
    writeFileSync(f, JSON.stringify({ extends: 'via-nano-2000', forms: { 'mul.f64': { latency: -1 } } }));
    const r = await runCli('latency', '--ops', 'mul=1', '--cpu', f, '--scheduler', 'serial');
    expect(r.code).toBe(1);
    expect(r.err).toContain('forms.mul.f64.latency');
  });
});

describe('addersim latency --emit-asm DIR', () => {
  it("writes one llvm-mca-ready assembly file per layer kernel, for the profile's ISA", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'addersim-asm-'));
    const r = await runCli('latency', 'lenet5-bn', '--cpu', 'intel-skylake', '--lowering', 'simd', '--variant', 'adder', '--emit-asm', dir);
    expect(r.code).toBe(0);
    const sub = join(dir, 'lenet5-bn-adder-simd');
    const files = readdirSync(sub);
    expect(files).toContain('004-conv2.s');
    const conv2 = readFileSync(join(sub, '004-conv2.s'), 'utf8');
    expect(conv2).toMatch(/vpsubd|vsubps/);
    expect(conv2).toMatch(/vandps|vpabsd/); // |x − w|
    const a55 = mkdtempSync(join(tmpdir(), 'addersim-asm-'));
    expect((await runCli('latency', 'lenet5-bn', '--cpu', 'arm-cortex-a55', '--variant', 'cnn', '--lowering', 'scalar', '--emit-asm', a55)).code).toBe(0);
    expect(readFileSync(join(a55, 'lenet5-bn-cnn-scalar', '000-conv1.s'), 'utf8')).toMatch(/fmul|fmadd/);
    expect((await runCli('latency', 'lenet5-bn', '--cpu', 'arm-cortex-m4f', '--emit-asm', a55, '--dtype', 'f32')).code).toBe(2);
  });
});

describe('addersim compare and reproduce', () => {
  it('compare gives the three variants with ratios to the CNN', async () => {
    const j = await runJson<{ results: { variant: string; cycles: number; ratioToCnn: number; energyPJ: number }[] }>(
      'compare',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--lowering',
      'paper',
      '--scheduler',
      'serial',
      '--convert',
      'all',
      '--json',
    );
    expect(j.results.map((r) => r.variant)).toEqual(['cnn', 'adder', 'bnn']);
    expect(j.results[1]!.ratioToCnn).toBeCloseTo(1_666_080 / 2_499_120, 12);
    expect(j.results.every((r) => r.energyPJ > 0)).toBe(true);
  });
  it('reproduce: the LeNet-5 serial figures are exact, ResNet-32 within rounding, ResNet-20 off by the documented 0.9%', async () => {
    const j = await runJson<{
      schema: string;
      claims: { model: string; variant: string; quantity: string; paper: number; addersim: number; deltaFraction: number; reason: string }[];
    }>('reproduce', '--json');
    expect(j.schema).toBe('addersim/reproduce@1');
    const lat = j.claims.filter((c) => c.quantity.startsWith('serial cycles, paper counts'));
    expect(lat.map((c) => c.addersim)).toEqual([2_610_000, 1_740_000]);
    const r20 = j.claims.find((c) => c.model === 'resnet20' && c.quantity === '#Mul')!;
    expect(r20.addersim).toBe(40_813_184);
    expect(r20.deltaFraction).toBeCloseTo((40_813_184 - 41_170_000) / 41_170_000, 12);
    expect(j.claims.every((c) => c.reason.length > 0)).toBe(true);
  });
  it('reproduce as text: no line wider than 100 columns (off a terminal), the reasons kept whole', async () => {
    const r = await runCli('reproduce');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(100);
    expect(r.out.replace(/\s+/g, ' ')).toContain('exact: Σ count × latency with mul.f64 4, add.f64 2');
  });
});
