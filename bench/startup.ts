// `npm run bench` section (s): CLI start-up, wall time of whole processes, median of interleaved runs:
// `addersim --help` and `addersim ops lenet5-bn` beside a bare `node -e 0` on the same machine, in the same
// run. Target (issue 17): each within 3× the bare node. Runs bin/addersim.js, i.e. the build in dist/
// (`npm run build`); without one it says so and times the tsx fallback.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function startup(runs: number): void {
  const built = existsSync(join(ROOT, 'dist', 'cli.js'));
  const env = { ...process.env, ADDERSIM_FROM_SOURCE: '' };
  const cases: { label: string; args: string[] }[] = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'addersim --help', args: [join(ROOT, 'bin/addersim.js'), '--help'] },
    { label: 'addersim ops lenet5-bn', args: [join(ROOT, 'bin/addersim.js'), 'ops', 'lenet5-bn'] },
  ];
  const times = cases.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) {
    cases.forEach((c, i) => {
      const t = performance.now();
      execFileSync(process.execPath, c.args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
      times[i]!.push(performance.now() - t);
    });
  }
  const base = median(times[0]!);
  console.log(`\n(s) CLI start-up (${built ? 'dist/ build' : 'NO dist/ build: the tsx fallback; run `npm run build`'}), median of ${runs} interleaved runs`);
  const w = Math.max(...cases.map((c) => c.label.length));
  cases.forEach((c, i) => {
    const m = median(times[i]!);
    console.log(
      `  ${c.label.padEnd(w)}  ${m.toFixed(0).padStart(5)} ms  ${(m / base).toFixed(2)}× node${i > 0 ? (m <= 3 * base ? '  (within 3×)' : '  (OVER 3×)') : ''}`,
    );
  });
}
