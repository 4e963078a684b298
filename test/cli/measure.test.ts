// `addersim measure` from the CLI: refusals with their exit codes, and (on an x86-64 Linux host with cc)
// one real measurement of a chain whose latency is known.

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const KERNEL = 'test/validation/kernels/x86/cnn-muladd-f32-1acc.json';
const canRun = process.platform === 'linux' && process.arch === 'x64' && ['/usr/bin/cc', '/usr/local/bin/cc'].some(existsSync);

describe('addersim measure', () => {
  it('without a C compiler: one line naming the missing cc, exit 1', async () => {
    const r = await runCli('measure', KERNEL, '--cc', '/nonexistent/cc', '--cpu', 'amd-zen3');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^addersim: error \[HOST\] /);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
  it('measure MODEL without a C compiler: one line naming the missing cc, exit 1 (before the cycle model runs)', async () => {
    const r = await runCli('measure', 'lenet5-bn', '--lowering', 'simd', '--variant', 'cnn', '--cc', '/nonexistent/cc', '--cpu', 'amd-zen3');
    if (!canRun) return; // another host: refused as HOST too, for its own reason
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[HOST\] .*"\/nonexistent\/cc" not found/);
    expect(
      r.err
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('addersim: error')),
    ).toHaveLength(1);
  });
  it('measure MODEL: a lowering other than simd or int8, or two models, is a usage error (exit 2)', async () => {
    expect((await runCli('measure', 'resnet20', '--lowering', 'paper')).code).toBe(2);
    expect((await runCli('measure', 'resnet20', 'lenet5-bn', '--lowering', 'simd')).code).toBe(2);
  });
  it('usage errors exit 2 before anything runs', async () => {
    expect((await runCli('measure', KERNEL, '--repetitions', '5', '--passes', '2')).code).toBe(2);
    expect((await runCli('measure', KERNEL, '--pin', '-1')).code).toBe(2);
  });
  it.runIf(canRun)('measures every layer of lenet5-bn (CNN, simd) over real buffers: positive cycles beside exact predicted integers', async () => {
    const r = await runCli(
      'measure',
      'lenet5-bn',
      '--lowering',
      'simd',
      '--variant',
      'cnn',
      '--cpu',
      'amd-zen3',
      '--json',
      '--repetitions',
      '20',
      '--passes',
      '1',
    );
    if (r.code === 1 && /HOST/.test(r.err)) return;
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.schema).toBe('addersim/measure-model@1');
    expect(j.runs).toHaveLength(1);
    for (const l of j.runs[0].layers) {
      expect(l.measuredCycles, l.layer).toBeGreaterThan(0);
      expect(Number.isInteger(l.predictedCycles), l.layer).toBe(true);
    }
    expect(j.ratio).toBeUndefined(); // one variant: no AdderNet/CNN ratio
  });
  it.runIf(canRun)('measures a latency-bound chain on this host: mul (3) + add (3) per iteration ≥ the add latency', async () => {
    // cnn-muladd-f32-1acc: acc = acc + x·w, the chain is the add (latency 3 on every x86 profile here)
    const r = await runCli('measure', KERNEL, '--cpu', 'amd-zen3', '--json', '--repetitions', '20', '--passes', '1');
    if (r.code === 1 && /HOST/.test(r.err)) return; // a host measure cannot drive (not this project's Zen 3)
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.schema).toBe('addersim/measure@1');
    const k = j.kernels[0];
    expect(k.samples).toBe(20);
    expect(k.measuredCyclesPerIteration).toBeGreaterThan(2.9);
    expect(k.measuredCyclesPerIteration).toBeLessThan(6);
    expect(k.predictedCyclesPerIteration).toBe(3);
  });
});

describe('a prediction by another CPU than the host is said so', () => {
  it('otherCpuNote: another microarchitecture gets a note; the host profile, its -measured twin or no host profile none', async () => {
    const { otherCpuNote } = await import('../../src/measure/host.ts');
    const { loadProfile } = await import('../../src/sim/profile/loader.ts');
    const zen3 = loadProfile('amd-zen3');
    expect(otherCpuNote(loadProfile('intel-skylake'), zen3)).toBe(
      "intel-skylake models Intel Skylake, not this host's AMD Zen 3 (amd-zen3): measured and predicted are different CPUs",
    );
    expect(otherCpuNote(loadProfile('amd-zen3-measured'), zen3)).toBeUndefined(); // extends amd-zen3: same identity
    expect(otherCpuNote(zen3, zen3)).toBeUndefined();
    expect(otherCpuNote(loadProfile('intel-skylake'), undefined)).toBeUndefined(); // a host without a profile: --cpu is the only choice
  });
  it.runIf(canRun)('measure KERNEL --cpu via-nano-2000 on a host with its own profile prints the note', async () => {
    const { hostProfileName, readHost } = await import('../../src/measure/index.ts');
    if (hostProfileName(readHost()) === undefined) return;
    const r = await runCli('measure', KERNEL, '--cpu', 'via-nano-2000');
    if (r.code === 1 && /HOST/.test(r.err)) return; // a host the harness cannot drive
    expect(r.code, r.err).toBe(0);
    expect(r.out.replace(/\s+/g, ' ')).toMatch(
      /via-nano-2000 models VIA \(Centaur\) Isaiah \(CNA\), not this host's .*: measured and predicted are different CPUs/,
    );
  });
});
