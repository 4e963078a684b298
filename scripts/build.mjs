// `npm run build`: dist/ as npm users run it.
//   1. tsc emits the type declarations (dist/**/*.d.ts + maps) of src/ (tsconfig.build.json);
//   2. esbuild bundles the JavaScript (ESM, source maps) from three entries, sharing chunks:
//      dist/index.js (the public API), dist/cli.js (bin/addersim.js runs it) and dist/worker-task.js
//      (the piscina worker of src/whatif/pool.ts). One file per entry plus a few chunks loads much faster
//      than ~130 modules (zod's included): `addersim --help` and `addersim ops` start in a fraction of the
//      time. Dynamic imports (each CLI command, the ONNX importer, charts) stay separate chunks, loaded
//      only when used. Runtime dependencies stay external (native canvas, piscina, protobufjs, …), except
//      zod, which is bundled for start-up speed (it stays a dependency: the declarations name its types;
//      only its English messages are bundled). Minified (whitespace and syntax, names kept) for parse time.
// Options: --no-types (skip step 1). Leaves room for other bundles (e.g. `build:explorer`) after it.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  // The declarations keep the sources' `./x.ts` specifiers; a consumer's compiler expects `./x.js`.
  for (const f of readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'))) {
    const file = join(dist, f);
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\.ts\2/g, '$1$2$3.js$2');
    if (fixed !== text) writeFileSync(file, fixed);
  }
}
const BUNDLED = new Set(['zod']);
// zod's `z.locales` namespace holds every language's error messages (~300 KB of source, parsed at each
// start); addersim uses only the default English one, so the namespace is built from `en` alone.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'zod')}`)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: root,
    }));
  },
};
await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/index.ts', cli: 'src/cli/main.ts', 'worker-task': 'src/whatif/worker-task.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(pkg.dependencies).filter((d) => !BUNDLED.has(d)),
  sourcemap: true,
  minifyWhitespace: true,
  minifySyntax: true,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
});
