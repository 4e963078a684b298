// Docs inside the repository: every relative link in README.md, CONTRIBUTING.md, docs/ and the other
// Markdown files we ship resolves to a file of the repository, and docs/api/README.md is what
// `npm run docs:api` makes from today's sources.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiReference } from '../../scripts/lib/api-docs.ts';

const ROOT = resolve(__dirname, '../..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? markdownFiles(p) : p.endsWith('.md') ? [p] : [];
  });
}

const DOCS = [
  join(ROOT, 'README.md'),
  join(ROOT, 'CONTRIBUTING.md'),
  join(ROOT, 'examples', 'README.md'),
  join(ROOT, 'cpu-profiles', 'README.md'),
  join(ROOT, 'cpu-profiles', 'energy', 'README.md'),
  ...markdownFiles(join(ROOT, 'docs')),
];

/** Relative link targets of a Markdown text (inline links and images), without #anchors. */
export function linkTargets(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1]!;
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
    out.push(target.split('#')[0]!);
  }
  return out;
}

describe('docs', () => {
  it('the link reader finds relative targets and skips URLs and anchors', () => {
    expect(linkTargets('[a](docs/x.md#y) [b](https://e.org) [c](#top) ![d](img/p.png "t")')).toEqual(['docs/x.md', 'img/p.png']);
  });

  it.each(DOCS.map((f) => relative(ROOT, f)))('%s links only to files in the repository', (file) => {
    const abs = join(ROOT, file);
    const missing = linkTargets(readFileSync(abs, 'utf8')).filter((t) => {
      const target = resolve(dirname(abs), t);
      return !target.startsWith(`${ROOT}/`) || !existsSync(target) || target.includes('/node_modules/');
    });
    expect(missing).toEqual([]);
  });

  it('README.md names no path outside the repository', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).not.toMatch(/\.\.\/shared|\/work\//);
  });

  it('docs/api/README.md is current (regenerate with `npm run docs:api`)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'api', 'README.md'), 'utf8')).toBe(apiReference(ROOT));
  });
});
