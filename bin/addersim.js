#!/usr/bin/env node
// Entry point of the `addersim` command: runs the built JavaScript in dist/ (`npm run build`; `prepare`
// builds it on install from a git clone). In a source checkout, ADDERSIM_FROM_SOURCE=1 (set by the test
// config), a missing dist/ or one older than src/ runs the TypeScript source through tsx instead (a dev dependency).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// A closed pipe (`addersim … | head`) ends the output quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
// --debug prints stack traces: through the source maps, they name src/ files and lines.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const built = new URL('../dist/cli.js', import.meta.url);
// In a source checkout (src/ beside dist/; the npm package ships no src/), a dist/ older than any source
// file (edited, or pulled, since `npm run build`) would silently run stale code: run the source instead.
function staleBuild() {
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  if (!existsSync(src)) return false;
  const builtAt = statSync(built).mtimeMs;
  // ~10 ms for ~200 files, paid only in a checkout.
  const stale = readdirSync(src, { recursive: true, encoding: 'utf8' }).find((f) => /\.(ts|mjs)$/.test(f) && statSync(src + f).mtimeMs > builtAt);
  if (stale) process.stderr.write(`addersim: dist/ is older than src/${stale}: running the TypeScript source (slower start); \`npm run build\` to rebuild\n`);
  return stale !== undefined;
}
const fromSource = process.env.ADDERSIM_FROM_SOURCE === '1' || !existsSync(built) || staleBuild();
if (fromSource) (await import('tsx/esm/api')).register();
const { main } = await import(fromSource ? '../src/cli/main.ts' : built.href);
process.exitCode = await main(process.argv.slice(2));
