// emit-asm: the form → instruction table, register allocation by liveness, destructive x86 forms.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { emitAsm } from '../../src/isa/emit-asm.ts';
import { instr, loop, parseForm, type Kernel, type Stmt } from '../../src/isa/index.ts';

const i = (form: string, dst: string | undefined, ...src: string[]): Stmt => {
  const f = parseForm(form);
  return instr(f.op, f.type, dst, src);
};
const lines = (k: Kernel, t: 'x86' | 'aarch64') =>
  emitAsm(k, t)
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.replace(t === 'x86' ? /\s+#.*$/ : /\s+\/\/.*$/, ''));

describe('emit-asm', () => {
  it('x86 FMA picks the 231/213 form by which source the destination is, else copies first', () => {
    const [a] = lines({ name: 'a', body: [i('fma.f32x8', 'acc', 'x', 'w', 'acc')] }, 'x86');
    expect(a).toMatch(/^vfmadd231ps %ymm\d+, %ymm\d+, %ymm\d+$/);
    expect(lines({ name: 'b', body: [i('fma.f32x8', 'x', 'x', 'w', 'c')] }, 'x86')[0]).toMatch(/^vfmadd213ps /);
    const c = lines({ name: 'c', body: [i('fma.f32', 'y', 'x', 'w', 'c')] }, 'x86');
    expect(c.map((l) => l.split(' ')[0])).toEqual(['vmovaps', 'vfmadd231ss']);
  });
  it('x86 scalar integer ops are destructive: d = a op b becomes op b, d (with a copy when d is no source)', () => {
    expect(lines({ name: 'a', body: [i('add.i64', 'acc', 'acc', 'p')] }, 'x86')).toEqual([expect.stringMatching(/^addq %r\w+, %r\w+$/)]);
    const [xor, not] = lines({ name: 'b', body: [i('xnor.i64', 'x', 'x', 'w')] }, 'x86');
    expect(xor!.split(' ')[0]).toBe('xorq');
    expect(not).toBe(`notq ${xor!.split(' ')[2]}`);
    const sub = lines({ name: 'c', body: [i('sub.i32', 'd', 'a', 'b')] }, 'x86');
    expect(sub.map((l) => l.split(' ')[0])).toEqual(['movl', 'subl']);
    expect(sub[0]!.split(' ')[2]).toBe(sub[1]!.split(' ')[2]);
  });
  it('registers live across iterations keep theirs; temporaries are reused after their last read', () => {
    const body = [0, 1, 2].flatMap((k) => [i('load.f32x8', 'x'), i('fma.f32x8', `acc${k}`, 'x', `w${k}`, `acc${k}`)]);
    const out = lines({ name: 'k', body }, 'x86');
    // live-ins first (w0, acc0, w1, acc1, w2, acc2), the temporary x then reuses one register
    expect(out.filter((l) => l.startsWith('vmovups')).map((l) => l.split(' ').pop())).toEqual(['%ymm6', '%ymm6', '%ymm6']);
    expect(new Set(out.filter((l) => l.startsWith('vfmadd')).map((l) => l.split(' ').pop())).size).toBe(3);
  });
  it('too many values live at once is a LIMIT error naming the kernel', () => {
    const body = Array.from({ length: 17 }, (_, k) => i('add.f32x8', `a${k}`, `a${k}`, 'w'));
    expect(() => emitAsm({ name: 'wide', body }, 'x86')).toThrow(/kernel wide.*registers/);
  });
  it('AArch64: NEON arrangements, accumulating FMLA, EON, CNT', () => {
    const k: Kernel = {
      name: 'n',
      body: [i('load.f32x4', 'x'), i('fma.f32x4', 'acc', 'x', 'w', 'acc'), i('xnor.i64', 'y', 'a', 'b'), i('popcnt.i8x16', 'p', 'q')],
    };
    const out = lines(k, 'aarch64');
    expect(out[0]).toMatch(/^ldr q\d+, \[x0, #0\]$/);
    expect(out[1]).toMatch(/^fmla v\d+\.4s, v\d+\.4s, v\d+\.4s$/);
    expect(out[2]).toMatch(/^eon x\d+, x\d+, x\d+$/);
    expect(out[3]).toMatch(/^cnt v\d+\.16b, v\d+\.16b$/);
  });
  it('a kernel with loops emits its first innermost loop body', () => {
    const k: Kernel = {
      name: 'nest',
      body: [loop('o', 4, [i('load.f32x8', 'b'), loop('k', 9, [i('add.f32x8', 'acc', 'acc', 'x')]), i('store.f32x8', undefined, 'acc')])],
    };
    const out = emitAsm(k, 'x86');
    expect(out).toContain('innermost loop k');
    expect(lines(k, 'x86')).toEqual([expect.stringMatching(/^vaddps %ymm\d+, %ymm(\d+), %ymm\1$/)]);
  });
  it('llvm-mca accepts the output (when llvm-mca is installed)', () => {
    let has = true;
    try {
      execFileSync('llvm-mca', ['--version']);
    } catch {
      has = false;
    }
    if (!has) return;
    const k: Kernel = {
      name: 'all',
      body: [
        i('load.i64', 'x'),
        i('xnor.i64', 'x', 'x', 'w'),
        i('popcnt.i64', 'p', 'x'),
        i('add.i64', 'acc', 'acc', 'p'),
        i('load.u8x32', 'v'),
        i('sad.u8x32', 's', 'v', 'm'),
        i('add.i64x4', 'sa', 'sa', 's'),
        i('abs.f32x8', 'af', 'g'),
        i('store.f32x8', undefined, 'af'),
      ],
    };
    const asm = emitAsm(k, 'x86');
    const n = asm.trim().split('\n').length - 1;
    const out = execFileSync('llvm-mca', ['-mtriple=x86_64', '-mcpu=skylake', '-iterations=10'], { input: asm, encoding: 'utf8' });
    expect(out).toContain(`Instructions:      ${10 * n}`);
  });
});
