// `prepare` (scripts/prepare.mjs) builds dist/ unless it is newer than every input: the first `npx addersim`
// in a checkout links the checkout into npm's npx cache and runs `prepare` again, which rebuilt a fresh
// dist/ (~10-25 s) before this check.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations
import { staleReason } from '../../scripts/prepare.mjs';

const dir = mkdtempSync(join(tmpdir(), 'addersim-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(rel: string, seconds: number): void {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, '');
  // the file and its folders (a folder's time changes when an entry is added or removed: a deleted source counts too)
  for (let q = p; q.startsWith(`${dir}/`); q = dirname(q)) utimesSync(q, seconds, seconds);
}

describe('prepare: build only when dist/ is stale', () => {
  it('missing output → build; outputs newer than every input → skip; one newer input → build, naming it', () => {
    const why = staleReason as (d: string) => string | undefined;
    file('src/cli/main.ts', 1000);
    file('cpu-profiles/via-nano-2000.json', 1000);
    file('package.json', 1000);
    expect(why(dir)).toBe('dist/cli.js is missing');
    for (const f of ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/worker-task.js', 'dist/explorer/index.html']) file(f, 2000);
    expect(why(dir)).toBeUndefined();
    file('cpu-profiles/via-nano-2000.json', 3000);
    expect(why(dir)).toBe('cpu-profiles changed since the build');
    file('cpu-profiles/via-nano-2000.json', 1000);
    file('src/whatif/deep/new-file.ts', 2500);
    expect(why(dir)).toBe('src changed since the build');
  });
});
