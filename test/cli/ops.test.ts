import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';
import { parseGraphFile } from '../../src/models/graph-file.ts';
import { inferShapes } from '../../src/models/shapes.ts';
import { ZOO_NAMES, zooModel } from '../../src/models/zoo/index.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

const ADDER_ONNX = '/work/shared/onnx/addernet-resnet20.onnx';

const MACS: Record<string, number> = {
  'lenet5-bn': 416_520,
  resnet20: 40_813_184,
  resnet32: 69_124_736,
  resnet18: 1_814_073_344,
  resnet50: 4_089_184_256,
  'resnet50-v1': 3_857_973_248,
  'vgg-small': 607_600_640,
};

describe('addersim models', () => {
  it('lists the zoo with MACs', async () => {
    const r = await run('models');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/resnet20\s+3×32×32\s+40,813,184/);
    const j = JSON.parse((await run('models', '--json')).out);
    expect(j.schema).toBe('addersim/models@1');
    expect(Object.fromEntries(j.models.map((m: { name: string; macs: number }) => [m.name, m.macs]))).toMatchObject(MACS);
  });
});

describe('addersim models show', () => {
  it('every zoo model round-trips through its graph file', async () => {
    for (const name of ZOO_NAMES) {
      const r = await run('models', 'show', name);
      expect(r.code).toBe(0);
      const g = inferShapes(parseGraphFile(JSON.parse(r.out), `${name}.json`));
      expect(g).toEqual(inferShapes(zooModel(name)));
    }
    expect((await run('models', 'show', 'nope')).code).toBe(1);
  });
});

describe('addersim ops', () => {
  for (const [name, macs] of Object.entries(MACS)) {
    it(`${name} --convention paper --json: macs, totals, layers`, async () => {
      const r = await run('ops', name, '--convention', 'paper', '--json');
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out);
      expect(j.schema).toBe('addersim/ops@1');
      expect(j.macs).toBe(macs);
      expect(j.totals).toEqual({ add: macs, mul: macs, xnor: 0 });
      expect(j.layers.length).toBeGreaterThan(0);
    });
  }
  it('adder and bnn with --convert all in paper convention', async () => {
    const j = JSON.parse((await run('ops', 'vgg-small', '--variant', 'all', '--convert', 'all', '--json')).out);
    const by = Object.fromEntries(j.results.map((r: { variant: string; totals: unknown }) => [r.variant, r.totals]));
    expect(by.adder).toEqual({ add: 2 * 607_600_640, mul: 0, xnor: 0 });
    expect(by.bnn).toEqual({ add: 607_600_640, mul: 0, xnor: 607_600_640 });
    expect(j.totals).toBeUndefined();
    expect(j.macs).toBe(607_600_640);
  });
  it('exact resnet20 adder: 40,370,176 sub and abs, conv1 and fc multiplications per layer', async () => {
    const r = await run('ops', 'resnet20', '--variant', 'adder', '--convention', 'exact', '--json');
    const j = JSON.parse(r.out);
    expect(j.totals.sub).toBe(40_370_176);
    expect(j.totals.abs).toBe(40_370_176);
    const layer = (n: string) => j.layers.find((l: { name: string }) => l.name === n);
    expect(layer('conv1').counts.mul).toBe(442_368);
    expect(layer('fc').counts.mul).toBe(640);
    const text = await run('ops', 'resnet20', '--variant', 'adder', '--convention', 'exact');
    expect(text.out).toMatch(/Count \(exact\)/);
    expect(text.out).toMatch(/sub\s+40,370,176/);
    expect(text.out).toMatch(/conv1 \(conv2d\) 442,368 mul, fc \(conv2d\) 640 mul/);
  });
  it('bad flags exit 2; an unknown model exits 1 with one line', async () => {
    expect((await run('ops', 'resnet20', '--variant', 'cnnn')).code).toBe(2);
    expect((await run('ops', 'resnet20', '--convention', 'rough')).code).toBe(2);
    expect((await run('ops', 'resnet20', '--convert', 'some')).code).toBe(2);
    const r = await run('ops', 'resnet19');
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/UNKNOWN_MODEL.*resnet19.*lenet5-bn/);
  });
  it.runIf(existsSync(ADDER_ONNX))('without --variant the model is counted as loaded (an AdderNet ONNX export stays an AdderNet)', async () => {
    const j = JSON.parse((await run('ops', ADDER_ONNX, '--convention', 'exact', '--json')).out);
    expect(j.results[0].variant).toBe('adder');
    expect(j.totals.sub).toBe(40_370_176);
    expect(j.convert).toBeUndefined();
  });
  it('same input, same bytes out', async () => {
    expect((await run('ops', 'lenet5-bn', '--variant', 'all', '--convention', 'exact', '--json')).out).toBe(
      (await run('ops', 'lenet5-bn', '--variant', 'all', '--convention', 'exact', '--json')).out,
    );
  });
});
