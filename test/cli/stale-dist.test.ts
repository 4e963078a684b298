// bin/addersim.js runs dist/ unless a source file is newer than it (a checkout edited or pulled since
// `npm run build`): then it runs src/ through tsx and says so on stderr, rather than stale code.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'addersim-stale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function checkout(): { dist: string; src: string } {
  for (const d of ['bin', 'dist', 'src/cli']) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync(join(root, 'bin', 'addersim.js'), join(dir, 'bin', 'addersim.js'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  } catch {}
  const dist = join(dir, 'dist', 'cli.js');
  const src = join(dir, 'src', 'cli', 'main.ts');
  writeFileSync(dist, "export async function main() { process.stdout.write('dist\\n'); return 0; }\n");
  writeFileSync(src, "export async function main(): Promise<number> { process.stdout.write('src\\n'); return 0; }\n");
  return { dist, src };
}

function run(): { stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.ADDERSIM_FROM_SOURCE;
  const r = spawnSync(process.execPath, [join(dir, 'bin', 'addersim.js')], { encoding: 'utf8', env });
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('bin/addersim.js and a stale dist/', () => {
  it('runs dist/ when it is newer than every source file, silently', () => {
    const { dist, src } = checkout();
    utimesSync(src, 1_000_000, 1_000_000);
    utimesSync(dist, 2_000_000, 2_000_000);
    expect(run()).toEqual({ stdout: 'dist\n', stderr: '' });
  });
  it('runs src/ and names the newer file when a source file is newer than dist/', () => {
    const { dist, src } = checkout();
    utimesSync(dist, 1_000_000, 1_000_000);
    utimesSync(src, 2_000_000, 2_000_000);
    const r = run();
    expect(r.stdout).toBe('src\n');
    expect(r.stderr).toMatch(/dist\/ is older than src\/cli\/main\.ts: running the TypeScript source .*npm run build/);
  });
});
