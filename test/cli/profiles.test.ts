// `addersim profiles`, `profiles show NAME`, `profiles validate FILE`: output, JSON shapes, exit codes.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './run-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'addersim-cli-profiles-'));

describe('addersim profiles', () => {
  it('lists every profile with ISA, issue model, dispatch width, widest vector, forms and source coverage', async () => {
    const r = await runCli('profiles');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/via-nano-2000\s+x86\s+out-of-order\s+3\s+128\s+156\s+\d+\.\d%/);
    expect(r.out).toMatch(/arm-cortex-a55\s+aarch64\s+in-order\s+2\s+128/);
    const j = await runJson('profiles', '--json');
    expect(j.schema).toBe('addersim/profiles@1');
    const skl = j.profiles.find((p: { name: string }) => p.name === 'intel-skylake');
    expect(skl).toMatchObject({ isa: 'x86', issue: 'out-of-order', dispatchWidth: 6, widestVectorBits: 256, llvmMcpu: 'skylake' });
    const icx = j.profiles.find((p: { name: string }) => p.name === 'intel-icelake-server');
    expect(icx.widestVectorBits).toBe(512);
    const m4 = j.profiles.find((p: { name: string }) => p.name === 'arm-cortex-m4f');
    expect(m4).toMatchObject({ isa: 'armv7m', widestVectorBits: 0 });
    for (const p of j.profiles) expect(p.coverage.sourced).toBeLessThanOrEqual(p.coverage.numbers);
  });

  it('show NAME prints the timing table; --json is the resolved profile', async () => {
    const r = await runCli('profiles', 'show', 'via-nano-2000');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/mul\.f64\s+4\s+2\.00\s+MA×2\s+mulsd/);
    const j = await runJson('profiles', 'show', 'intel-skylake-measured', '--json');
    expect(j.schema).toBe('addersim/profile@1');
    expect(j.forms['load.i32'].latency).toBe(4);
    expect(j.forms['add.f32'].latency).toBe(4);
  });

  it('validate FILE accepts an extending what-if file', async () => {
    const f = join(tmp, 'ok.json');
    writeFileSync(
      f,
      JSON.stringify({
        extends: 'via-nano-2000',
        name: 'nano-what-if',
        forms: { 'mul.f64': { latency: 3, source: 'assumption: what if the multiplier were faster' } },
      }),
    );
    const r = await runCli('profiles', 'validate', f);
    expect(r.code).toBe(0);
    expect(r.out).toContain('valid profile "nano-what-if"');
  });

  it('validate FILE exits 1 with one line naming file and JSON path', async () => {
    const f = join(tmp, 'bad.json');
    writeFileSync(f, JSON.stringify({ extends: 'via-nano-2000', forms: { 'add.f32': { latency: -1 } } }));
    const r = await runCli('profiles', 'validate', f);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(`${f}: forms.add.f32.latency`);
    const g = join(tmp, 'bad-source.json');
    writeFileSync(g, JSON.stringify({ extends: 'via-nano-2000', forms: { 'add.f32': { source: 'my-notebook: p. 3' } } }));
    const s = await runCli('profiles', 'validate', g);
    expect(s.code).toBe(1);
    expect(s.err).toContain(`${g}: forms["add.f32"].source`);
  });

  it('unknown action or missing argument is a usage error (exit 2); unknown profile exits 1', async () => {
    expect((await runCli('profiles', 'frob')).code).toBe(2);
    expect((await runCli('profiles', 'show')).code).toBe(2);
    expect((await runCli('profiles', 'show', 'no-such-cpu')).code).toBe(1);
  });
});
