// The x86 emitter's register copies, made explicit for the schedulers: hand cases, and an equivalence
// over every x86 validation kernel (instructions the emitter prints = instructions amd-zen3 simulates).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitAsmBlock } from '../../src/isa/emit-asm.ts';
import { formName, scalar } from '../../src/isa/forms.ts';
import { instr, type Instr } from '../../src/isa/kernel.ts';
import { parseKernelFile } from '../../src/isa/kernel-file.ts';
import { withX86Copies, x86Copy } from '../../src/isa/x86-copies.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';

const i32 = scalar('i32');
const i64 = scalar('i64');

describe('x86 register copies', () => {
  it('d = sub a, b with d ≠ a gets `mov a → d`, and the sub then reads d', () => {
    const out = withX86Copies([instr('sub', i32, 'd', ['a', 'b'])]) as Instr[];
    expect(out.map((s) => `${s.dst} = ${formName(s)} ${s.src.join(', ')}`)).toEqual(['d = mov.i32 a', 'd = sub.i32 d, b']);
  });
  it('no copy when the destination is the first source, or the second of a commutative op, or the op is not destructive', () => {
    expect(x86Copy(instr('add', i64, 'acc', ['acc', 'p']))).toBeUndefined();
    expect(x86Copy(instr('add', i64, 'acc', ['p', 'acc']))).toBeUndefined();
    expect(x86Copy(instr('popcnt', i64, 'p', ['x']))).toBeUndefined();
    expect(x86Copy(instr('sub', scalar('f32'), 'd', ['a', 'b']))).toBeUndefined(); // VEX three-operand
    expect(x86Copy(instr('sub', i32, 'd', ['a', 'd']))?.dst).toBe('d'); // sub does not commute
    expect(x86Copy(instr('abs', scalar('i16'), 'd', ['a']))?.type).toEqual(i32); // movl for 8/16/32-bit
  });
  it('equivalence: every x86 validation kernel simulates as many instructions as the emitter prints', () => {
    const zen3 = loadProfile('amd-zen3');
    const dir = new URL('../validation/kernels/', import.meta.url).pathname;
    const files = ['x86', 'silicon'].flatMap((d) =>
      readdirSync(join(dir, d))
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, d, f)),
    );
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const file of files) {
      const k = parseKernelFile(JSON.parse(readFileSync(file, 'utf8')), file);
      const simulated = (withX86Copies(k.body) as Instr[]).reduce((n, s) => n + (zen3.forms[formName(s)]!.composite?.parts.length ?? 1), 0);
      expect(simulated, k.name).toBe(emitAsmBlock(k, 'x86').lines.length);
    }
  });
});
