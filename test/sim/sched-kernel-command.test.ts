// `addersim kernel FILE`: figures, JSON schema, timeline, emit-asm, and one-line errors naming the
// JSON path / instruction index and form (exit 1) or the flag (exit 2).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from '../cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'addersim-kernel-'));
const file = (name: string, data: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, typeof data === 'string' ? data : JSON.stringify(data));
  return f;
};
const adder = file('adder.json', {
  schema: 'addersim/kernel@1',
  name: 'adder-avx2-2acc',
  body: [
    { op: 'load', type: 'i32x8', dst: 'x0' },
    { op: 'sub', type: 'i32x8', dst: 'd0', src: ['x0', 'w0'] },
    { op: 'abs', type: 'i32x8', dst: 'a0', src: ['d0'] },
    { op: 'add', type: 'i32x8', dst: 'acc0', src: ['acc0', 'a0'] },
    { op: 'load', type: 'i32x8', dst: 'x1' },
    { op: 'sub', type: 'i32x8', dst: 'd1', src: ['x1', 'w1'] },
    { op: 'abs', type: 'i32x8', dst: 'a1', src: ['d1'] },
    { op: 'add', type: 'i32x8', dst: 'acc1', src: ['acc1', 'a1'] },
  ],
});

describe('addersim kernel', () => {
  it('--json: cycles for the iterations run, iterations, cycles per iteration (211 = llvm-mca 14 on skylake)', async () => {
    const r = await runJson('kernel', adder, '--cpu', 'intel-skylake', '--json');
    expect(r).toMatchObject({
      schema: 'addersim/kernel-result@1',
      cycles: 211,
      iterations: 100,
      cyclesPerIteration: 2.11,
      instructions: 800,
      uops: 800,
      bottleneck: 'port:p0+p1+p5',
    });
    expect(r.portCycles).toMatchObject({ p0: 200, p1: 200, p5: 200, p2: 100, p3: 100 });
    expect(r.extrapolation.extrapolated).toBe(true);
  });
  it('--no-extrapolate gives the same cycles; --iterations changes the run', async () => {
    expect((await runJson('kernel', adder, '--cpu', 'intel-skylake', '--json', '--no-extrapolate')).cycles).toBe(211);
    expect((await runJson('kernel', adder, '--cpu', 'intel-skylake', '--json', '--iterations', '1000')).cycles).toBe(2011);
  });
  it('--scheduler bound and serial', async () => {
    expect((await runJson('kernel', adder, '--cpu', 'intel-skylake', '--json', '--scheduler', 'bound')).cycles).toBe(200);
    const serial = await runJson('kernel', adder, '--cpu', 'intel-skylake', '--json', '--scheduler', 'serial');
    expect(serial.cycles).toBe(100 * 2 * (7 + 1 + 1 + 1)); // ymm load 7, vpsubd/vpabsd/vpaddd 1
  });
  it('text output with port table and a timeline', async () => {
    const r = await runCli('kernel', adder, '--cpu', 'intel-skylake', '--timeline', '--iterations', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Total cycles\s+\d+/);
    expect(r.out).toContain('Port pressure');
    expect(r.out).toMatch(/\[0,0\]\s+De+E/);
    expect(r.out).toContain('acc1 = add.i32x8 acc1, a1');
  });
  it('a loop nest: the text says what was extrapolated, with instances that reached a known period', async () => {
    const ins = (op: string, dst?: string, ...src: string[]) => ({ op, type: 'f32', ...(dst ? { dst } : {}), src });
    const nest = file('nest.json', {
      schema: 'addersim/kernel@1',
      name: 'nest',
      body: [
        {
          loop: 'o',
          trip: 20,
          body: [
            ins('load', 'w'),
            { loop: 'k', trip: 300, body: [ins('load', 'x'), ins('mul', 'p', 'x', 'w'), ins('add', 'acc', 'acc', 'p')] },
            ins('store', undefined, 'acc'),
          ],
        },
      ],
    });
    const r = await runCli('kernel', nest, '--cpu', 'intel-skylake', '--iterations', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/extrapolated: simulated \d+ of 6,000 iterations/);
    expect(r.out).toMatch(/loop k: period \d+ iteration\(s\)/);
    expect(r.out).toMatch(/[1-9]\d* loop instance\(s\) jumped on reaching a period found in an earlier one \([1-9]\d* at their first iteration/);
    const j = await runJson('kernel', nest, '--cpu', 'intel-skylake', '--json');
    expect(j.cycles).toBe((await runJson('kernel', nest, '--cpu', 'intel-skylake', '--json', '--no-extrapolate')).cycles);
    expect(j.extrapolation.knownStartJumps).toBeGreaterThan(0);
  });
  it('--emit-asm prints assembly', async () => {
    const r = await runCli('kernel', adder, '--emit-asm', 'x86');
    expect(r.code).toBe(0);
    expect(r.out).toContain('vpsubd');
    const a64 = await runCli('kernel', adder, '--emit-asm', 'aarch64'); // 256-bit vectors have no NEON form
    expect([a64.code, a64.err]).toEqual([1, expect.stringContaining('body[0]: no AArch64 NEON arrangement for load.i32x8')]);
  });
  it('bad files: exit 1 and one line naming the file and JSON path, or the instruction index and form', async () => {
    const badOp = file('bad-op.json', { schema: 'addersim/kernel@1', name: 'b', body: [{ op: 'frob', type: 'f32', dst: 'x' }] });
    let r = await runCli('kernel', badOp, '--cpu', 'intel-skylake');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${badOp}: body[0]`);
    const badArity = file('bad-arity.json', { schema: 'addersim/kernel@1', name: 'b', body: [{ op: 'abs', type: 'f32', dst: 'x', src: ['a', 'b'] }] });
    r = await runCli('kernel', badArity, '--cpu', 'intel-skylake');
    expect([r.code, r.err]).toEqual([1, expect.stringContaining('body[0].src')]);
    const empty = file('empty.json', { schema: 'addersim/kernel@1', name: 'b', body: [] });
    r = await runCli('kernel', empty, '--cpu', 'intel-skylake');
    expect([r.code, r.err]).toEqual([1, expect.stringContaining('body')]);
    const badType = file('bad-type.json', { schema: 'addersim/kernel@1', name: 'b', body: [{ op: 'add', type: 'f33', dst: 'x', src: ['a', 'b'] }] });
    r = await runCli('kernel', badType, '--cpu', 'intel-skylake');
    expect([r.code, r.err]).toEqual([1, expect.stringContaining('body[0].type')]);
    const missingForm = file('missing.json', {
      schema: 'addersim/kernel@1',
      name: 'b',
      body: [
        { op: 'load', type: 'f32x8', dst: 'x' },
        { op: 'fma', type: 'f32x8', dst: 'acc', src: ['x', 'w', 'acc'] },
      ],
    });
    r = await runCli('kernel', missingForm, '--cpu', 'via-nano-2000');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${missingForm}: body[0]: form load.f32x8 is not in profile via-nano-2000`);
    const notJson = file('not.json', '{ nope');
    r = await runCli('kernel', notJson, '--cpu', 'intel-skylake');
    expect([r.code, r.err]).toEqual([1, expect.stringContaining(notJson)]);
  });
  it('bad flags: exit 2', async () => {
    expect((await runCli('kernel', adder, '--cpu', 'intel-skylake', '--iterations', '0')).code).toBe(2);
    expect((await runCli('kernel', adder, '--cpu', 'intel-skylake', '--scheduler', 'fast')).code).toBe(2);
    expect((await runCli('kernel', adder, '--emit-asm', 'mips')).code).toBe(2);
  });
});
