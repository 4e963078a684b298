// Builds the explorer page from src/ with esbuild: the engine worker bundle (shipped CPU profiles and
// energy tables inside), then the page bundle (Chart.js, the worker's source as a string started from a
// blob: URL, so the page works from file:// with no server). Browser platform: a node: import anywhere
// on the engine's path fails the build instead of reaching the page; the one exception, isa's file
// reader (src/isa/read-input.ts, reached through the isa barrel), is swapped for a stub that throws.
//
//   index.html   the page (styles inline)
//   explorer.js  page + worker + data, one classic script (file:// pages cannot load ES modules)

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = join(ROOT, 'src/explore/web');
const READER = join(ROOT, 'src/isa/read-input.ts');

export type ExplorerFiles = Readonly<Record<string, string>>;

function jsonDir(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.json') && !x.endsWith('.schema.json'))
    .sort()) {
    out[f.slice(0, -5)] = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  }
  return out;
}

export async function buildExplorer(opts: { minify?: boolean } = {}): Promise<ExplorerFiles> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('esbuild is not installed: the explorer is built from source with it (npm run build:explorer)');
  }
  const data = `export const PROFILES = ${JSON.stringify(jsonDir(join(ROOT, 'cpu-profiles')))};\nexport const ENERGY_TABLES = ${JSON.stringify(jsonDir(join(ROOT, 'cpu-profiles/energy')))};\n`;
  const common = {
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: opts.minify ?? true,
    legalComments: 'eof',
    logLevel: 'silent',
    absWorkingDir: ROOT,
  } as const;
  const virtual = (worker: string): import('esbuild').Plugin => ({
    name: 'addersim-explorer',
    setup(b) {
      // isa's one file reader (node:fs) becomes a stub that fails loudly: the engine gets bytes, not paths.
      b.onResolve({ filter: /read-input\.ts$/ }, (a) => (resolve(a.resolveDir, a.path) === READER ? { path: join(WEB, 'read-input.browser.ts') } : undefined));
      b.onResolve({ filter: /^addersim-explorer:/ }, (a) => ({ path: a.path, namespace: 'addersim-explorer' }));
      b.onLoad({ filter: /.*/, namespace: 'addersim-explorer' }, (a) =>
        a.path === 'addersim-explorer:data' ? { contents: data, loader: 'js' } : { contents: `export default ${JSON.stringify(worker)};`, loader: 'js' },
      );
    },
  });
  const built = async (entry: string, worker: string): Promise<string> => {
    try {
      const r = await esbuild.build({ ...common, entryPoints: [join(WEB, entry)], plugins: [virtual(worker)] });
      return r.outputFiles[0]!.text;
    } catch (e) {
      const errors = (e as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors ?? [];
      const first = errors[0];
      throw new Error(
        `${entry}: explorer build failed: ${first ? `${first.text}${first.location ? ` (${first.location.file}:${first.location.line})` : ''}` : (e as Error).message}${errors.length > 1 ? ` and ${errors.length - 1} more` : ''}`,
      );
    }
  };
  const worker = await built('worker.ts', '');
  const page = await built('page.ts', worker);
  return { 'index.html': readFileSync(join(WEB, 'index.html'), 'utf8'), 'explorer.js': page };
}
