// Where addersim's own files are (cpu-profiles/, package.json): the nearest folder at or above this module
// that holds a package.json. The same from src/isa/ (tests, tsx), from a dist/ bundle chunk and from an
// installed node_modules/addersim/dist/.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `fileUrl`'s folder that holds a package.json. */
export function packageRootOf(fileUrl: string): string {
  for (let dir = dirname(fileURLToPath(fileUrl)); ; ) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`addersim: no package.json at or above ${fileURLToPath(fileUrl)}`);
    dir = up;
  }
}

export const PACKAGE_ROOT = packageRootOf(import.meta.url);
