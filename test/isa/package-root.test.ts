// Files the code reads at run time are found from the package root: the nearest folder with a package.json
// at or above a module, the same from src/ (here), dist/ and an installed node_modules/addersim/.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, packageRootOf } from '../../src/isa/package-root.ts';
import { PROFILES_DIR } from '../../src/sim/profile/loader.ts';

describe('package root', () => {
  it('is the repository root from src/, and cpu-profiles/ lies under it', () => {
    expect(PACKAGE_ROOT).toBe(resolve(__dirname, '../..'));
    expect(existsSync(join(PROFILES_DIR, 'via-nano-2000.json'))).toBe(true);
  });

  it('is the nearest folder with a package.json, from any depth (a bundle chunk, an installed copy)', () => {
    const base = mkdtempSync(join(tmpdir(), 'addersim-root-'));
    try {
      const pkg = join(base, 'node_modules', 'addersim');
      mkdirSync(join(pkg, 'dist', 'chunks'), { recursive: true });
      writeFileSync(join(pkg, 'package.json'), '{}');
      writeFileSync(join(base, 'package.json'), '{}'); // the consumer's own, further up: not taken
      expect(packageRootOf(pathToFileURL(join(pkg, 'dist', 'chunks', 'chunk-X.js')).href)).toBe(pkg);
      expect(packageRootOf(pathToFileURL(join(pkg, 'dist', 'cli.js')).href)).toBe(pkg);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
