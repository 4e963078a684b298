// Runs every example in examples/ as its own process (through tsx, resolving `addersim` to src/index.ts
// by the tsconfig path) and checks the figures it prints: the paper's 2.61M/1.74M serial cycles, the
// cycle-model comparison, the multiply-latency sweep and the crossover.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const run = (file: string): string =>
  execFileSync(process.execPath, ['--import', 'tsx', `examples/${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const CHECKS: Record<string, (out: string) => void> = {
  'paper-serial.ts': (out) => {
    expect(out).toContain('CNN cycles: 2,610,000');
    expect(out).toContain('AdderNet cycles: 1,740,000');
    expect(out).toContain('lenet5-bn cnn serial cycles: 2,499,120'); // 416,520 MACs × (4 + 2)
    expect(out).toContain('lenet5-bn adder serial cycles: 1,666,080'); // 416,520 × (2 + 2)
  },
  'cycle-compare.ts': (out) => {
    expect(out).toMatch(/paper\s+serial\s+2,499,120\s+1,902,960/);
    const cyc = /paper\s+cycle\s+([\d,]+)\s+([\d,]+)/.exec(out)!;
    const [cnn, adder] = [Number(cyc[1]!.replace(/,/g, '')), Number(cyc[2]!.replace(/,/g, ''))];
    // the pipelined machine: both near the add chain's 2 cycles per MAC, far below the serial figures
    expect(cnn).toBeLessThan(2_499_120 / 2);
    expect(Math.abs(cnn - adder) / cnn).toBeLessThan(0.01);
    expect(out).toMatch(/energy cnn\s+[\d.]+ µJ/);
  },
  'whatif-mul-latency.ts': (out) => {
    expect(out).toContain('CNN, serial, mul.f64 latency 2: 1,666,080 cycles');
    expect(out).toMatch(/^\s+8\s+4,165,200\s+1,666,080\s/m); // 416,520 × (8 + 2)
    expect(out).toContain('refused: [BAD_INPUT] nano with mul.f64 latency -1: forms.mul.f64.latency');
  },
  'crossover.ts': (out) => {
    expect(out).toContain('serial: tie at 2');
    expect(out).toMatch(/cycle: (tie at|crossing between) \d+/);
  },
};

describe('examples', () => {
  it('every example has a check here', () => {
    expect(
      readdirSync('examples')
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .sort(),
    ).toEqual(Object.keys(CHECKS).sort());
  });
  it.each(Object.keys(CHECKS))('%s runs and prints its figures', (file) => {
    CHECKS[file]!(run(file));
  });
});
