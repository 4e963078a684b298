// The CLI built into one ES module with esbuild (as a built package runs: no tsx loader at start-up),
// for bench (c)'s whole-process timings beside bin/addersim.js (source through tsx). Two files in `dir`:
//   cli.mjs     src/cli/main.ts and everything it imports, then main(process.argv.slice(2));
//   worker.mjs  the sweep pool's thread entry (runTask of src/whatif/worker-task.ts), bundled alike.
// Files under src/ that locate data next to themselves (import.meta.url: cpu-profiles/, package.json)
// get their source file's URL, so the bundle reads the same files from anywhere; src/whatif/pool.ts keeps
// the bundle's own URL, so its WORKER_FILE (./worker.mjs) is the bundled thread entry.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const POOL = join(SRC, 'whatif/pool.ts');

export async function buildCliBundle(dir: string): Promise<{ cli: string }> {
  const esbuild = await import('esbuild');
  const entry = (file: string, code: string) => ({ contents: code, resolveDir: SRC, sourcefile: file, loader: 'ts' as const });
  const common: import('esbuild').BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    write: true,
    // CommonJS dependencies bundled into an ES module call require()
    banner: { js: "import { createRequire as __addersimRequire } from 'node:module'; const require = __addersimRequire(import.meta.url);" },
    plugins: [
      {
        name: 'source-urls',
        setup(b) {
          // piscina starts its threads from a file of its own package (located by __dirname): left external,
          // imported from this project's node_modules by absolute URL
          b.onResolve({ filter: /^piscina$/ }, () => ({ path: import.meta.resolve('piscina'), external: true }));
          b.onLoad({ filter: /\.ts$/ }, async (a) => {
            const text = await readFile(a.path, 'utf8');
            if (!a.path.startsWith(SRC) || a.path === POOL) return { contents: text, loader: 'ts' };
            return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href)), loader: 'ts' };
          });
        },
      },
    ],
  };
  const cli = join(dir, 'cli.mjs');
  await esbuild.build({
    ...common,
    stdin: entry('cli-entry.ts', "import { main } from './cli/main.ts';\nprocess.exitCode = await main(process.argv.slice(2));\n"),
    outfile: cli,
  });
  await esbuild.build({
    ...common,
    stdin: entry('worker-entry.ts', "export { runTask as default } from './whatif/worker-task.ts';\n"),
    outfile: join(dir, 'worker.mjs'),
  });
  return { cli };
}
