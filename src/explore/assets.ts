// Where the explorer's files come from: built from src/ with esbuild when addersim runs from source (.ts,
// as in tests and a git clone), or the prebuilt files of `npm run build:explorer` when it runs from a
// packaged build (.js): dist/explorer/ beside or above the compiled module.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ExplorerFiles } from './build.ts';

const EXPLORER_FILES = ['index.html', 'explorer.js'] as const;

/** Candidate folders of prebuilt files, relative to this module (source: src/explore/; dist: dist/explore/). */
function prebuiltDirs(moduleUrl: string = import.meta.url): string[] {
  return ['../explorer/', '../../explorer/', '../../dist/explorer/'].map((rel) => fileURLToPath(new URL(rel, moduleUrl)));
}

export async function explorerFiles(moduleUrl: string = import.meta.url): Promise<ExplorerFiles> {
  if (moduleUrl.endsWith('.ts')) {
    const { buildExplorer } = await import('./build.ts');
    return buildExplorer();
  }
  const dir = prebuiltDirs(moduleUrl).find((d) => EXPLORER_FILES.every((f) => existsSync(join(d, f))));
  if (!dir) throw new Error(`the explorer's prebuilt files are missing (looked in ${prebuiltDirs(moduleUrl).join(', ')}): run npm run build:explorer`);
  return Object.fromEntries(EXPLORER_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}
