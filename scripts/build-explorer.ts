// `npm run build:explorer [-- DIR]`: builds the explorer page (src/explore/build.ts) into dist/explorer/
// (or DIR), where a packaged `addersim explore` finds it (src/explore/assets.ts).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExplorer } from '../src/explore/build.ts';

const out = resolve(process.argv[2] ?? join(import.meta.dirname, '../dist/explorer'));
const files = await buildExplorer();
mkdirSync(out, { recursive: true });
for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
process.stdout.write(
  `built the explorer into ${out}: ${Object.entries(files)
    .map(([n, t]) => `${n} ${Math.round(t.length / 1024)} KiB`)
    .join(', ')}\n`,
);
