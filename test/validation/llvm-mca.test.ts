// addersim's cycle model against llvm-mca 14 on the validation kernels (fixtures recorded by
// scripts/record-llvm-mca.ts; llvm-mca is not needed here). Every pair agrees within 5% or is a
// documented gap (known-gaps.json, explained in README.md) whose figures are pinned exactly.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitAsm, parseKernelFile } from '../../src/index.ts';
import { compare, CPUS, FIXTURES, kernelFiles, VALIDATION_DIR, type Fixture } from '../../scripts/record-llvm-mca.ts';

const data = JSON.parse(readFileSync(FIXTURES, 'utf8')) as { fixtures: Fixture[]; skipped: { kernel: string; profile: string }[] };
const gaps = JSON.parse(readFileSync(join(VALIDATION_DIR, 'known-gaps.json'), 'utf8')) as Record<
  string,
  { llvmMcaCycles: number; addersimCycles: number; reason: string }
>;
const rows = compare();

describe('validation against llvm-mca 14', () => {
  it('covers at least 20 kernels on the six CPUs, CNN / AdderNet / BNN / int8, x86 and AArch64', () => {
    const kernels = new Set(data.fixtures.map((f) => `${f.isa}/${f.kernel}`));
    expect(kernels.size).toBeGreaterThanOrEqual(20);
    expect(new Set(data.fixtures.map((f) => f.mcpu))).toEqual(new Set(CPUS.map((c) => c.mcpu)));
    for (const family of ['cnn-', 'adder-', 'bnn-', 'int8-']) expect([...kernels].some((k) => k.split('/')[1]!.startsWith(family))).toBe(true);
  });
  it('the recorded assembly is what emit-asm prints today (fixtures in sync with kernels)', () => {
    const asm = new Map(
      kernelFiles().map(({ file, isa }) => {
        const k = parseKernelFile(JSON.parse(readFileSync(file, 'utf8')), file);
        return [`${isa}/${k.name}`, emitAsm(k, isa)] as const;
      }),
    );
    for (const f of data.fixtures) expect(f.asm, `${f.kernel} on ${f.mcpu}`).toBe(asm.get(`${f.isa}/${f.kernel}`));
  });
  it('every pair is within 5% of llvm-mca, or a documented gap with its exact figures', () => {
    for (const r of rows) {
      const key = `${r.kernel}@${r.profile}`;
      const gap = gaps[key];
      if (gap) {
        expect({ key, llvm: r.totalCycles, addersim: r.addersimCycles }).toEqual({ key, llvm: gap.llvmMcaCycles, addersim: gap.addersimCycles });
        expect(Math.abs(r.error), `${key} agrees now: remove it from known-gaps.json and README.md`).toBeGreaterThan(0.05);
      } else {
        expect(Math.abs(r.error), `${key}: llvm-mca ${r.totalCycles}, addersim ${r.addersimCycles}`).toBeLessThanOrEqual(0.05);
      }
    }
    for (const key of Object.keys(gaps))
      expect(
        rows.some((r) => `${r.kernel}@${r.profile}` === key),
        `stale gap ${key}`,
      ).toBe(true);
  });
  it('the simulated cycles never fall below the analytic bound on any pair', () => {
    for (const r of rows) expect(r.addersimCycles, `${r.kernel} on ${r.profile}`).toBeGreaterThanOrEqual(r.boundCycles);
  });
  it('the agreement summary in README.md is current', () => {
    const within = rows.filter((r) => Math.abs(r.error) <= 0.05).length;
    const readme = readFileSync(join(VALIDATION_DIR, 'README.md'), 'utf8');
    expect(readme).toContain(`${within} of ${rows.length} pairs within 5%`);
  });
});
