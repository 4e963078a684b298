// What `npm pack` ships and how package.json points into it (the full install-and-use check, which needs
// the registry, is `npm run check:package`).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('npm package', () => {
  it('the tarball holds the README, LICENSE, bin, cpu-profiles and dist — no tests, sources or scripts', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
    const files: string[] = packed.files.map((f: { path: string }) => f.path);
    for (const f of [
      'README.md',
      'LICENSE',
      'package.json',
      'bin/addersim.js',
      'cpu-profiles/SOURCES.md',
      'cpu-profiles/via-nano-2000.json',
      'cpu-profiles/energy/horowitz-45nm.json',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(test|src|scripts|bench|examples|docs)\/|\.test\.|^tsconfig|^vitest|^biome|^knip/.test(f))).toEqual([]);
    expect(new Set(files.map((f) => f.split('/')[0]))).toEqual(
      new Set(['README.md', 'LICENSE', 'package.json', 'bin', 'cpu-profiles', ...(files.some((f) => f.startsWith('dist/')) ? ['dist'] : [])]),
    );
  });

  it('exports, main, types and bin point at the build; the build runs on prepare', () => {
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.main).toBe('./dist/index.js');
    expect(pkg.types).toBe('./dist/index.d.ts');
    expect(pkg.bin).toEqual({ addersim: './bin/addersim.js' });
    expect(pkg.files).toEqual(['dist', 'bin', 'cpu-profiles', 'README.md', 'LICENSE']);
    expect(pkg.scripts.prepare).toBe('node scripts/prepare.mjs'); // npm run build unless dist/ is newer than every input
    expect(readFileSync(join(ROOT, 'bin/addersim.js'), 'utf8')).toContain("'../dist/cli.js'");
  });

  it('tsx and the build tools are development dependencies only', () => {
    for (const dev of ['tsx', 'typescript', 'esbuild', 'vitest', '@biomejs/biome', 'knip']) {
      expect(pkg.dependencies[dev], dev).toBeUndefined();
      expect(pkg.devDependencies[dev], dev).toBeDefined();
    }
  });
});
