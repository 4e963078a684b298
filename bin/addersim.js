#!/usr/bin/env node
// Entry point of the `addersim` command: loads the TypeScript CLI through tsx (no build step needed).
import { register } from 'tsx/esm/api';

// A closed pipe (`addersim … | head`) ends the output quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
