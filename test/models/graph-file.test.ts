import { describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { parseGraphFile } from '../../src/models/graph-file.ts';
import { caught as err } from '../helpers/caught.ts';

const base = (layers: unknown[]) => ({ schema: 'addersim/graph@1', name: 't', input: { shape: [1, 8, 8] }, layers });

describe('parseGraphFile', () => {
  it('fills default inputs with the previous layer and the graph input', () => {
    const g = parseGraphFile(
      base([
        { name: 'c', kind: 'conv2d', outChannels: 2, kernel: [3, 3] },
        { name: 'r', kind: 'relu' },
      ]),
      'g.json',
    );
    expect(g.layers.map((l) => l.inputs)).toEqual([['input'], ['c']]);
    expect(g.layers[0]).toMatchObject({ stride: [1, 1], padding: [0, 0], groups: 1, bias: false });
  });
  it('names the JSON path of a schema error', () => {
    const e = err(() => parseGraphFile(base([{ name: 'c', kind: 'conv2d', outChannels: 2, kernel: [3, 0] }]), 'g.json'));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.path).toBe('g.json: layers[0].kernel[1]');
  });
  it('rejects unknown keys (strict)', () => {
    const e = err(() => parseGraphFile(base([{ name: 'r', kind: 'relu', inplace: true }]), 'g.json'));
    expect(e.path).toBe('g.json: layers[0].inplace');
    expect(e.message).toMatch(/unknown key "inplace"/);
  });
  it('rejects an unknown input naming layers[i].inputs[j]', () => {
    const e = err(() =>
      parseGraphFile(
        base([
          { name: 'a', kind: 'relu' },
          { name: 'b', kind: 'add', inputs: ['a', 'nope'] },
        ]),
        'g.json',
      ),
    );
    expect(e.path).toBe('g.json: layers[1].inputs[1]');
    expect(e.message).toMatch(/unknown input "nope"/);
  });
  it('rejects an input defined later', () => {
    const e = err(() =>
      parseGraphFile(
        base([
          { name: 'a', kind: 'relu', inputs: ['b'] },
          { name: 'b', kind: 'relu' },
        ]),
        'g.json',
      ),
    );
    expect(e.path).toBe('g.json: layers[0].inputs[0]');
    expect(e.message).toMatch(/defined later/);
  });
  it('rejects duplicate layer names', () => {
    const e = err(() =>
      parseGraphFile(
        base([
          { name: 'a', kind: 'relu' },
          { name: 'a', kind: 'relu' },
        ]),
        'g.json',
      ),
    );
    expect(e.path).toBe('g.json: layers[1].name');
    const e2 = err(() => parseGraphFile(base([{ name: 'input', kind: 'relu' }]), 'g.json'));
    expect(e2.path).toBe('g.json: layers[0].name');
  });
});
