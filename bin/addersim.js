#!/usr/bin/env node
// Entry point of the `addersim` command: runs the built JavaScript in dist/ (`npm run build`; `prepare`
// builds it on install from a git clone). In a source checkout, ADDERSIM_FROM_SOURCE=1 (set by the test
// config) or a missing dist/ runs the TypeScript source through tsx instead (a dev dependency).
import { existsSync } from 'node:fs';

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
const fromSource = process.env.ADDERSIM_FROM_SOURCE === '1' || !existsSync(built);
if (fromSource) (await import('tsx/esm/api')).register();
const { main } = await import(fromSource ? '../src/cli/main.ts' : built.href);
process.exitCode = await main(process.argv.slice(2));
