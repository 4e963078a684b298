import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { graphMacs, layerMacs } from '../../src/models/macs.ts';
import { opTable } from '../../src/models/op-table.ts';
import { applyVariant } from '../../src/models/variants.ts';

const dir = mkdtempSync(join(tmpdir(), 'addersim-load-'));

async function rejects(p: Promise<unknown>): Promise<AddersimError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AddersimError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('loadModel', () => {
  it('loads a zoo model shaped', async () => {
    const m = await loadModel('resnet20');
    expect(m.source).toEqual({ kind: 'zoo', ref: 'resnet20' });
    expect(graphMacs(m.graph)).toBe(40_813_184);
  });
  it('loads a graph JSON file with its sha256', async () => {
    const file = join(dir, 'tiny.json');
    writeFileSync(
      file,
      JSON.stringify({
        schema: 'addersim/graph@1',
        name: 'tiny',
        input: { shape: [1, 4, 4] },
        layers: [
          { name: 'c', kind: 'conv2d', outChannels: 2, kernel: [3, 3] },
          { name: 'f', kind: 'flatten' },
          { name: 'fc', kind: 'linear', outFeatures: 3 },
        ],
      }),
    );
    const m = await loadModel(file);
    expect(m.source.kind).toBe('json');
    expect(m.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(graphMacs(m.graph)).toBe(2 * 9 * 4 + 8 * 3);
  });
  it('reports a shape mismatch in a JSON file naming the file and layer', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ schema: 'addersim/graph@1', name: 'bad', input: { shape: [1, 4, 4] }, layers: [{ name: 'fc', kind: 'linear', outFeatures: 3 }] }),
    );
    const e = await rejects(loadModel(file));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.path).toBe(`${file}: layers[0] (fc)`);
  });
  it('reports malformed JSON and missing files', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"schema": ');
    expect((await rejects(loadModel(file))).path).toBe(file);
    expect((await rejects(loadModel(join(dir, 'none.json')))).message).toMatch(/file not found/);
  });
  it('an unknown model lists the zoo', async () => {
    const e = await rejects(loadModel('resnet19'));
    expect(e.code).toBe('UNKNOWN_MODEL');
    expect(e.message).toMatch(/lenet5-bn, lenet-pp, vgg-small, resnet20/);
  });
});

describe('loadModel with ONNX exports (/work/shared/onnx)', () => {
  const file = '/work/shared/onnx/lenet5-pytorch.onnx';
  it.runIf(existsSync(file))('lenet5-pytorch.onnx has the expected MACs and a coverage account', async () => {
    const m = await loadModel(file);
    expect(m.source.kind).toBe('onnx');
    expect(graphMacs(m.graph)).toBe(416_520);
    expect(m.coverage).toBeDefined();
  });
});

describe('two paths, same numbers: ONNX exports against the zoo', () => {
  const dir = '/work/shared/onnx';
  const pairs: [string, string][] = [
    ['resnet20-pytorch1.6.onnx', 'resnet20'],
    ['tv-resnet18.onnx', 'resnet18'],
    ['addernet-resnet20.onnx', 'resnet20'],
  ];
  for (const [file, zoo] of pairs) {
    it.runIf(existsSync(join(dir, file)))(`${file}: the conv/FC layers' MACs equal zoo ${zoo}'s, layer by layer`, async () => {
      const macsOf = (g: Awaited<ReturnType<typeof loadModel>>['graph']) =>
        g.layers
          .map(layerMacs)
          .filter((m) => m > 0)
          .sort((a, b) => a - b);
      const onnx = await loadModel(join(dir, file));
      const ref = await loadModel(zoo);
      expect(macsOf(onnx.graph)).toEqual(macsOf(ref.graph));
    });
  }
  it.runIf(existsSync(join(dir, 'addernet-resnet20.onnx')))('the AdderNet export counts like the zoo resnet20 --variant adder (exact: sub, abs)', async () => {
    const onnx = opTable((await loadModel(join(dir, 'addernet-resnet20.onnx'))).graph, 'exact');
    const zoo = opTable(applyVariant((await loadModel('resnet20')).graph, 'adder', 'inner'), 'exact');
    expect(onnx.totals.sub).toBe(zoo.totals.sub);
    expect(onnx.totals.abs).toBe(zoo.totals.abs);
    expect(onnx.totals.neg).toBe(zoo.totals.neg);
  });
});
