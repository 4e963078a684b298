import { describe, expect, it } from 'vitest';
import { countForms, countLaneOps, instr, loop, nest, parseForm, parseKernelFile, printBody, scalar, vector, AddersimError } from '../../src/isa/index.ts';

describe('counting through loop nests', () => {
  it('counts a hand-checkable nest', () => {
    const body = nest(
      [
        ['i', 3],
        ['j', 4],
      ],
      [instr('mul', scalar('f32'), 'p', ['a', 'b']), instr('add', scalar('f32'), 'acc', ['acc', 'p'])],
    );
    const c = countForms([...body, instr('store', scalar('f32'), undefined, ['acc'])]);
    expect([...c]).toEqual([
      ['add.f32', 12],
      ['mul.f32', 12],
      ['store.f32', 1],
    ]);
  });
  it('counts 10^12 iterations exactly and instantly', () => {
    const body = [loop('a', 1_000_000, [loop('b', 1_000_000, [instr('fma', vector('f32', 8), 'acc', ['x', 'w', 'acc'])])])];
    expect(countForms(body).get('fma.f32x8')).toBe(1_000_000_000_000);
    expect(countLaneOps(body).get('fma')).toBe(8_000_000_000_000);
  });
  it('refuses counts past 2^53', () => {
    const body = [loop('a', 2 ** 30, [loop('b', 2 ** 30, [instr('add', scalar('i32'), 'x', ['x', 'x'])])])];
    expect(() => countLaneOps([loop('c', 2 ** 10, body)])).toThrow(AddersimError);
  });
});

describe('forms', () => {
  it('parses and rejects', () => {
    expect(parseForm('fma.f32x8')).toEqual({ op: 'fma', type: { elem: 'f32', lanes: 8 } });
    expect(() => parseForm('fmadd.f32')).toThrow(/unknown form/);
    expect(() => parseForm('add.f33')).toThrow(/unknown data type/);
    expect(() => parseForm('add.f32x3')).toThrow(/power of two/);
  });
});

describe('kernel files', () => {
  it('parses the docs/architecture.md example and prints it', () => {
    const k = parseKernelFile({
      schema: 'addersim/kernel@1',
      name: 'adder-avx2',
      body: [
        { op: 'load', type: 'i32x8', dst: 'x0' },
        { op: 'sub', type: 'i32x8', dst: 'd0', src: ['x0', 'w0'] },
        { op: 'abs', type: 'i32x8', dst: 'a0', src: ['d0'] },
        { op: 'add', type: 'i32x8', dst: 'acc0', src: ['acc0', 'a0'] },
      ],
    });
    expect(printBody(k.body)).toBe('x0 = load.i32x8\nd0 = sub.i32x8 x0, w0\na0 = abs.i32x8 d0\nacc0 = add.i32x8 acc0, a0');
  });
  it('names the bad field', () => {
    expect(() =>
      parseKernelFile({ schema: 'addersim/kernel@1', name: 'k', body: [{ op: 'add', type: 'f32', dst: 'a', src: ['a', 'b', 'c'] }] }, 'k.json'),
    ).toThrow('k.json: body[0].src: add reads at most 2 registers, got 3');
    expect(() => parseKernelFile({ schema: 'addersim/kernel@1', name: 'k', body: [{ op: 'add', type: 'f32', dst: 'a', srcs: [] }] }, 'k.json')).toThrow(
      /k\.json: body\[0\]/,
    );
  });
});
